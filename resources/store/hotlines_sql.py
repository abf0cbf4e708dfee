"""Which hotlines cover a caller: point-in-area over ``service_area.geom`` with the R-tree.

A hotline here is an offerable service with a service area and no location (reached by
phone, text or chat). National areas are matched without a geometry test for any point
inside a US state; everything else by ``ST_Intersects`` after an envelope filter that the
R-tree answers (in a MATERIALIZED CTE, see STACK.md). ZIP areas are circles around the ZIP
centroid (approximate); pass the caller's ``zip_code`` to also match ZIP lists exactly.

Three small queries instead of one: one big statement with both spatial filters spent
most of its time planning (measured 20+ ms against about 3 ms for the three).
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pandas as pd

from resources.store.boundaries_sql import (
    TOPIC_TAXONOMY,
    _point_sql,
    boundary_count,
    ensure_boundaries,
)
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
_DETAILS = f"""
WITH hit AS MATERIALIZED (
    SELECT service_id, coverage_kind, name FROM service_area
    WHERE list_contains($ids, id)
       OR (coverage_kind = 'national' AND $in_us)
       OR (coverage_kind = 'zip' AND list_contains(coverage_codes, $zip))
), ph AS (
    SELECT service_id, list({{'number': number, 'type': type, 'description': description}}
                            ORDER BY id) AS phones
    FROM phone WHERE service_id IN (SELECT service_id FROM hit) GROUP BY 1
), tp AS (
    SELECT a.link_id AS service_id, list(DISTINCT t.code ORDER BY t.code) AS topics
    FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
    WHERE a.link_id IN (SELECT service_id FROM hit) AND t.taxonomy = '{TOPIC_TAXONOMY}'
    GROUP BY 1
), located AS (
    SELECT DISTINCT service_id FROM service_at_location
    WHERE service_id IN (SELECT service_id FROM hit)
)
SELECT s.id AS service_id, s.name, ph.phones, s.url, s.hours_text, s.hours_format,
       coalesce(tp.topics, []) AS topics, s.categories,
       arg_min(h.coverage_kind, CASE h.coverage_kind WHEN 'national' THEN 9 WHEN 'state' THEN 5
               WHEN 'mixed' THEN 4 WHEN 'county' THEN 2 ELSE 1 END) AS coverage_kind,
       string_agg(DISTINCT h.name, '; ') AS coverage, s.assured_date, s.source_id
FROM hit h JOIN service s ON s.id = h.service_id
LEFT JOIN ph ON ph.service_id = s.id
LEFT JOIN tp ON tp.service_id = s.id
WHERE {OFFERABLE_SERVICE} AND s.id NOT IN (SELECT service_id FROM located)
GROUP BY ALL
"""
_ORDER = {"polygon": 0, "zip": 1, "county": 2, "mixed": 3, "state": 4, "national": 9}


def covering_areas(con: duckdb.DuckDBPyConnection, lat: float,
                   lon: float) -> tuple[list[str], bool]:
    """The spatial step alone: ids of non-national areas containing the point, and whether
    the point is in a US state (then every national area covers it)."""
    env, pt = _point_sql(lat, lon)
    ids = [r[0] for r in con.execute(_HITS.format(env=env, pt=pt)).fetchall()]
    row = con.execute(_IN_US.format(env=env, pt=pt)).fetchone()
    return ids, bool(row and row[0])


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
    ids, in_us = covering_areas(con, lat, lon)
    frame = con.execute(_DETAILS, {"ids": ids, "in_us": in_us, "zip": zip_code}).df()
    if frame.empty:
        return frame
    if topics is not None:
        wanted = set(topics)
        keep = [bool(wanted & set(list(t) + (list(c) if hasattr(c, "__len__") else [])))
                for t, c in zip(frame["topics"], frame["categories"], strict=True)]
        frame = frame[pd.Series(keep, index=frame.index, dtype=bool)]
    order = frame["coverage_kind"].map(_ORDER).fillna(5)
    return frame.assign(_o=order).sort_values(["_o", "name"]).drop(columns="_o") \
        .reset_index(drop=True)
