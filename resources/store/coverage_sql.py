"""Service-area coverage in the store: what to resolve, and writing what was resolved.

:mod:`resources.loaders.coverage` reads coverage text into (kind, codes); these functions read the
rows it needs and write its results (``service_area`` geometry, ``load_issue`` rows).
"""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from resources.store.views import registered

PENDING_COLUMNS = ["id", "source_id", "source_record_id", "source_row", "service_id", "name",
                   "description", "extent", "extent_type", "coverage_kind", "coverage_codes"]


def state_and_county_names(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str]]:
    """(kind, code, state_fips, name) of every state, then every county, by code."""
    return con.execute("SELECT kind, code, state_fips, name FROM boundary "
                       "WHERE kind IN ('state', 'county') ORDER BY kind DESC, code").fetchall()


def pending_areas(con: duckdb.DuckDBPyConnection, source_id: str | None = None) -> pd.DataFrame:
    """Service areas without a geometry (of one source, or all): :data:`PENDING_COLUMNS`."""
    where = "AND source_id = ?" if source_id else ""
    return con.execute(
        f"SELECT {', '.join(PENDING_COLUMNS)} FROM service_area WHERE geom IS NULL {where} "
        "ORDER BY source_id, id", [source_id] if source_id else []).df()


def located_places(con: duckdb.DuckDBPyConnection, areas: pd.DataFrame) -> pd.DataFrame:
    """For ``areas`` (area_id, service_id): the points (x = lon, y = lat) of each area's
    service's located places, one row per (area, place)."""
    with registered(con, _areas=areas[["area_id", "service_id"]]):
        return con.execute(
            """SELECT a.area_id, ST_X(l.geom) AS x, ST_Y(l.geom) AS y
            FROM _areas a
            JOIN service_at_location sal ON sal.service_id = a.service_id
            JOIN location l ON l.id = sal.location_id AND l.geom IS NOT NULL""").df()


def write_areas(con: duckdb.DuckDBPyConnection, resolved: Any) -> None:
    """Set kind, codes (when any) and geometry of service areas from ``resolved`` (a frame
    or Arrow table: id, kind, codes, wkb); kind ``polygon`` without WKB takes the area's own
    GeoJSON extent."""
    cols = ["id", "kind", "codes", "wkb"]
    view = (resolved.select(cols) if hasattr(resolved, "select")
            and not isinstance(resolved, pd.DataFrame) else resolved[cols])
    with registered(con, _resolved=view):
        con.execute(
            """UPDATE service_area s SET
                   coverage_kind = r.kind,
                   coverage_codes = CASE WHEN len(r.codes) > 0 THEN r.codes
                                         ELSE s.coverage_codes END,
                   geom = CASE WHEN r.wkb IS NOT NULL THEN ST_GeomFromWKB(r.wkb)
                               WHEN r.kind = 'polygon' THEN ST_GeomFromGeoJSON(s.extent) END
               FROM _resolved r WHERE s.id = r.id""")


def delete_coverage_issues(con: duckdb.DuckDBPyConnection, records: pd.DataFrame) -> None:
    """Drop the ``coverage`` load issues of ``records`` (source_id, source_record_id)."""
    with registered(con, _examined=records[["source_id", "source_record_id"]]):
        con.execute("DELETE FROM load_issue WHERE field = 'coverage' AND (source_id, record_id) "
                    "IN (SELECT (source_id, source_record_id) FROM _examined)")


def add_load_issues(con: duckdb.DuckDBPyConnection, issues: pd.DataFrame) -> None:
    """Append rows in ``load_issue`` column order."""
    with registered(con, _issues=issues):
        con.execute("INSERT INTO load_issue SELECT * FROM _issues")


def home_states(con: duckdb.DuckDBPyConnection, sources: list[str], share: float = 0.9,
                sample: int = 2000) -> dict[str, str]:
    """Per source of ``sources``: the state (USPS code) holding at least ``share`` of its
    located places (a sample of ``sample`` per source), when one does (a county directory, a
    statewide 211): the state its bare county names are read in."""
    if not sources:
        return {}
    rows = con.execute(
        """WITH sampled AS (
               SELECT source_id, geom FROM location
               WHERE geom IS NOT NULL AND list_contains(?, source_id)
               QUALIFY row_number() OVER (PARTITION BY source_id ORDER BY hash(id)) <= ?),
           placed AS (
               SELECT s.source_id, b.code FROM sampled s
               JOIN boundary b ON b.kind = 'state' AND ST_Intersects(b.geom, s.geom)),
           per AS (SELECT source_id, code, count(*) AS n FROM placed GROUP BY ALL)
           SELECT source_id, code FROM (
               SELECT *, sum(n) OVER (PARTITION BY source_id) AS total FROM per)
           WHERE n >= ? * total""", [sources, sample, share]).fetchall()
    return {str(source): str(code) for source, code in rows}
