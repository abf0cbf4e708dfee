"""The data-model field table (docs/data-model.md) is generated from the schema."""

from __future__ import annotations

from resources.store.schema import HSDS_TABLES, LOOKUP_INDEXES, PROVENANCE, SCHEMA_VERSION

_LOOKUPS = "; ".join(f"`{t}` ({', '.join(cols)})" for t, cols in LOOKUP_INDEXES.items())

INTRO = f"""# Data model (schema version {SCHEMA_VERSION})

Generated from `resources/store/schema.py` by `python -m resources.store.docs > docs/data-model.md`
(a test fails when this file is out of date).

Tables and fields follow Open Referral HSDS 3.0 (same names), so the store imports and
exports the standard. Fields marked **ext** are ours. Every table also has the provenance
columns {", ".join(f"`{c.name}`" for c in PROVENANCE)} and `record_hash` (for re-load diffs).
Ids are namespaced per source: `<source id>/<id in the source>`.

System tables: `source` (one row per loaded source: kind, path, sha256, loaded_at, rows
read / flagged / rejected), `load_issue` (every flagged or rejected value: file, row, field,
value, problem, severity), `load_history` (added / changed / removed per load),
`source_measure` (what a loader knew of its source: `service_rows`, the source rows that
describe a service, the yardstick of the searchability report), `schema_info` (schema version).

Geometry: `location.geom` is a point (lon, lat; EPSG:4326) with an R-tree index;
`service_area.geom` is the area's extent when known (also R-tree indexed). A write of
5,000 or more geometries drops these indexes and builds them again in bulk inside the same
transaction (DuckDB maintains an R-tree row by row otherwise: several times slower).
`ST_Distance_Sphere` expects [lat, lon] points: distance queries build them in that order.

Lookup (ART) indexes on the columns a record is read by (its id, or the id of the record it
hangs on), so the API reads a service's phones, schedules, languages ... without scanning
their tables: {_LOOKUPS}. A write of 5,000 rows or more drops the indexes of the tables it
touches and builds them again after its transaction (DuckDB deletes indexed rows one by
one: minutes for a large source); a store written before them gets them at its next write
or publish. At 1M locations (33 indexes) they take about 20 s to build and add 0.78 GB
to the store (3.60 GB against 2.82 GB).

Derived tables, rebuilt after every load by `resources.pipeline.refresh.after_load` (never edited):
`hours_records` / `hours_weekly` / `hours_dated` (normalized hours, see docs/hours.md);
`search_index` (one row per offerable service at a located place, with what a search reads:
categories, eligibility, languages, phones, the hours inputs and weekly hours; stored in
spatial order, half-degree cells then latitude, so a search box reads few segments; the
search engine reads it once per store into memory, `resources.search.candidates.CandidateIndex`,
about 1.4 GB per million service rows, and answers candidates there; `service_key` numbers
each service, `terms_text` / `term_codes` hold its taxonomy term names and codes);
`search_text` (one document per service: names, description, taxonomy terms, eligibility)
and its full-text index in schema `fts_main_search_text`, built by DuckDB's fts extension
(BM25; read into memory by `resources.search.text_index.TextIndex`, see docs/matching.md);
`hotline_index` (one row per offerable hotline area, with its bounding box, phones and
topics; the engine reads it once into an in-memory spatial index).
"""


def render() -> str:
    parts = [INTRO]
    for table, cols in HSDS_TABLES.items():
        parts.append(f"\n## {table}\n\n| field | type | | notes |\n|---|---|---|---|")
        for c in cols:
            parts.append(f"| `{c.name}` | {c.type} | {'ext' if c.ext else ''} | {c.doc} |")
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    print(render(), end="")
