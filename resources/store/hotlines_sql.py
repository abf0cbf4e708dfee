"""Which hotlines cover a caller: point-in-area over the hotline areas.

A hotline here is an offerable service with a service area and no location (reached by
phone, text or chat). ``hotline_index`` (rebuilt with the search index after every load)
holds one row per hotline area with its bounding box and everything the hotlines panel
shows (phones, topics), so a lookup is two small queries: is the point in a US state
(then every national area covers it: R-tree over the state boundaries), and which areas
contain it (bounding-box columns first, then ``ST_Intersects`` on those few). ZIP areas
are circles around the ZIP centroid (approximate); pass the caller's ``zip_code`` to also
match ZIP lists exactly. ``covering_areas`` is the spatial step over ``service_area``
itself (R-tree), kept for the coverage bench.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import duckdb
import pandas as pd

from resources.store.boundaries_sql import (
    TOPIC_TAXONOMY,
    _point_sql,
    boundary_count,
    ensure_boundaries,
)
from resources.store.coord_sql import NOT_MERGED_AWAY
from resources.store.queries import OFFERABLE_SERVICE

_HITS = """
WITH c AS MATERIALIZED (
    SELECT id, coverage_kind, geom FROM service_area
    WHERE ST_Intersects(geom, {env}) AND coverage_kind <> 'national')
SELECT id FROM c WHERE ST_Intersects(geom, {pt})
"""
_IN_US = """
WITH b AS MATERIALIZED (
    SELECT geom FROM boundary WHERE kind = 'state' AND ST_Intersects(geom, {env}))
SELECT count(*) FROM b WHERE ST_Intersects(geom, {pt})
"""

# One row per hotline area, with everything the hotlines panel shows: rebuilt with the
# search index, so "which hotlines cover this caller" reads one small table.
HOTLINE_INDEX_SQL = f"""
CREATE OR REPLACE TABLE hotline_index AS
WITH located AS (  -- at a place with a point: found by distance (a place without one is not)
    SELECT DISTINCT sal.service_id FROM service_at_location sal
    JOIN location l ON l.id = sal.location_id WHERE l.geom IS NOT NULL),
own AS (  -- the service's public numbers; else its places'; else its organization's
    SELECT service_id, 1 AS rank, id, number, type, description FROM phone
    WHERE service_id IS NOT NULL AND NOT coalesce(is_private, false)  -- public only
    UNION ALL
    SELECT sal.service_id, 2, p.id, p.number, p.type, p.description
    FROM service_at_location sal JOIN phone p ON p.location_id = sal.location_id
    JOIN location l ON l.id = sal.location_id  -- a confidential place's numbers: never
    WHERE p.service_id IS NULL AND NOT coalesce(p.is_private, false)
      AND NOT coalesce(l.is_private, false)
    UNION ALL
    SELECT s.id, 3, p.id, p.number, p.type, p.description
    FROM service s JOIN phone p ON p.organization_id = s.organization_id
    WHERE p.service_id IS NULL AND p.location_id IS NULL AND NOT coalesce(p.is_private, false)
), ph AS (
    SELECT service_id, list({{'number': number, 'type': type, 'description': description}}
                            ORDER BY id) AS phones
    FROM (SELECT * FROM own QUALIFY rank = min(rank) OVER (PARTITION BY service_id))
    GROUP BY 1
), tp AS (
    SELECT a.link_id AS service_id, list(DISTINCT t.code ORDER BY t.code) AS topics
    FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
    WHERE t.taxonomy = '{TOPIC_TAXONOMY}'
    GROUP BY 1
)
SELECT sa.id AS area_id, sa.coverage_kind, sa.coverage_codes, sa.name AS area_name, sa.geom,
       ST_XMin(sa.geom) AS min_x, ST_XMax(sa.geom) AS max_x,
       ST_YMin(sa.geom) AS min_y, ST_YMax(sa.geom) AS max_y,
       s.id AS service_id, s.name, ph.phones, s.url, s.hours_text, s.hours_format,
       coalesce(tp.topics, []) AS topics, s.categories, s.assured_date, s.source_id,
       -- the words of what it is (its names, its description, its organization's name) as
       -- the text index's stems: a search's words find a line no need maps to
       list_distinct(list_filter(list_transform(
           string_split_regex(lower(strip_accents(concat_ws(' ', s.name, s.alternate_name,
               s.description, o.name))), '[^a-z]+'),
           w -> stem(w, 'porter')), w -> length(w) > 1)) AS about_stems
FROM service_area sa
JOIN service s ON s.id = sa.service_id
LEFT JOIN organization o ON o.id = s.organization_id
LEFT JOIN ph ON ph.service_id = s.id
LEFT JOIN tp ON tp.service_id = s.id
WHERE {OFFERABLE_SERVICE} AND {NOT_MERGED_AWAY} AND s.id NOT IN (SELECT service_id FROM located)
  AND (sa.geom IS NOT NULL OR sa.coverage_kind IN ('national', 'zip'))
"""

_COVERING = """
WITH near AS MATERIALIZED (
    SELECT * FROM hotline_index
    WHERE coverage_kind <> 'national'
      AND min_x <= $lon AND max_x >= $lon AND min_y <= $lat AND max_y >= $lat
), hit AS (
    SELECT * EXCLUDE (geom) FROM near WHERE ST_Intersects(geom, ST_Point($lon, $lat))
    UNION ALL
    SELECT * EXCLUDE (geom) FROM hotline_index
    WHERE (coverage_kind = 'national' AND $in_us)
       OR (coverage_kind = 'zip' AND list_contains(coverage_codes, $zip))
)
SELECT service_id, any_value(name) AS name, any_value(phones) AS phones, any_value(url) AS url,
       any_value(hours_text) AS hours_text, any_value(hours_format) AS hours_format,
       any_value(topics) AS topics, any_value(categories) AS categories,
       arg_min(coverage_kind, CASE coverage_kind WHEN 'national' THEN 9 WHEN 'state' THEN 5
               WHEN 'mixed' THEN 4 WHEN 'county' THEN 2 ELSE 1 END) AS coverage_kind,
       string_agg(DISTINCT area_name, '; ' ORDER BY area_name) AS coverage,
       any_value(assured_date) AS assured_date, any_value(source_id) AS source_id
FROM hit
GROUP BY service_id
"""
_ORDER = {"polygon": 0, "zip": 1, "county": 2, "mixed": 3, "state": 4, "national": 9}


def covering_areas(con: duckdb.DuckDBPyConnection, lat: float,
                   lon: float) -> tuple[list[str], bool]:
    """The spatial step alone: ids of non-national areas containing the point, and whether
    the point is in a US state (then every national area covers it)."""
    env, pt = _point_sql(lat, lon)
    ids = [r[0] for r in con.execute(_HITS.format(env=env, pt=pt)).fetchall()]
    return ids, in_united_states(con, lat, lon)


def in_united_states(con: duckdb.DuckDBPyConnection, lat: float, lon: float) -> bool:
    """Is the point inside a US state (then every national hotline covers it)?"""
    env, pt = _point_sql(lat, lon)
    row = con.execute(_IN_US.format(env=env, pt=pt)).fetchone()
    return bool(row and row[0])


def has_hotline_areas(con: duckdb.DuckDBPyConnection, service_ids: list[str]) -> bool:
    """Do any of these services have a service area (so may be in the hotline index)?"""
    row = con.execute("SELECT count(*) FROM service_area WHERE list_contains(?, service_id)",
                      [service_ids]).fetchone()
    return bool(row and row[0])


def rebuild_hotline_index(con: duckdb.DuckDBPyConnection) -> int:
    """Recreate ``hotline_index`` (offerable hotlines x their areas); returns its rows."""
    con.execute(HOTLINE_INDEX_SQL)
    row = con.execute("SELECT count(*) FROM hotline_index").fetchone()
    return int(row[0]) if row else 0


def hotlines_covering(con: duckdb.DuckDBPyConnection, lat: float, lon: float,
                      topics: Iterable[str] | None = None,
                      zip_code: str | None = None) -> pd.DataFrame:
    """Offerable hotlines whose area covers (lat, lon), most local first.

    ``topics``: keep hotlines with any of these topics (suicide, domestic_violence ...) or
    need ids in their categories. Columns: service_id, name, phones (list of
    {number, type, description}), url, hours_text, hours_format, topics, categories,
    coverage_kind, coverage (area label), assured_date, source_id.
    """
    if boundary_count(con) == 0:  # a store built before boundaries were packaged
        ensure_boundaries(con)
    frame = con.execute(_COVERING, {"lat": float(lat), "lon": float(lon),
                                    "in_us": in_united_states(con, lat, lon),
                                    "zip": zip_code}).df()
    kept = on_topics_most_local_first(frame.to_dict("records"), topics)
    return pd.DataFrame(kept, columns=frame.columns)


def on_topics_most_local_first(records: list[dict[str, Any]],
                               topics: Iterable[str] | None) -> list[dict[str, Any]]:
    """Keep hotlines with any of ``topics`` (in their topics or categories; all when None),
    the most local coverage first, then by name (the SQL and in-memory lookups share it)."""
    if topics is not None:
        wanted = set(topics)
        records = [r for r in records
                   if wanted & (set(_items(r["topics"])) | set(_items(r["categories"])))]
    return sorted(records, key=lambda r: (_ORDER.get(r["coverage_kind"], 5), str(r["name"]),
                                          r["service_id"]))


def _items(value: Any) -> list[Any]:
    return list(value) if hasattr(value, "__len__") and not isinstance(value, str) else []


def hotline_areas(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every row of ``hotline_index``, the geometry as WKB (for an in-memory index); empty
    when the store has no hotline index yet."""
    exists = con.execute("SELECT count(*) FROM information_schema.tables "
                         "WHERE table_catalog = current_database() "
                         "AND table_name = 'hotline_index'").fetchone()
    if not exists or not exists[0]:
        return pd.DataFrame()
    return con.execute("SELECT * EXCLUDE (geom, min_x, max_x, min_y, max_y), "
                       "ST_AsWKB(geom) AS wkb FROM hotline_index").df()


def nation_wkb(con: duckdb.DuckDBPyConnection) -> bytes | None:
    """The outline of the US states (the packaged 'nation' boundary) as WKB."""
    if boundary_count(con) == 0:
        return None
    row = con.execute("SELECT ST_AsWKB(geom) FROM boundary WHERE kind = 'nation'").fetchone()
    return bytes(row[0]) if row and row[0] is not None else None
