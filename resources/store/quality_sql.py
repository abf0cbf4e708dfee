"""Data-quality lists in SQL (see :mod:`resources.coordinator.quality`, which names and orders them).

Every list returns the columns :data:`COLUMNS` (``table_name, record_id, name, source_id,
detail``), optionally for one source.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

COLUMNS = ["table_name", "record_id", "name", "source_id", "detail"]


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list[object]) -> pd.DataFrame:
    frame = con.execute(sql, params).df()
    return frame[COLUMNS] if len(frame) else pd.DataFrame(columns=COLUMNS)


def _source(source_id: str | None, alias: str) -> tuple[str, list[object]]:
    return (f" AND {alias}.source_id = ?", [source_id]) if source_id else ("", [])


def not_verified(con: duckdb.DuckDBPyConnection, cutoff: date,
                 source_id: str | None = None) -> pd.DataFrame:
    """Services never verified, or last verified before ``cutoff``."""
    where, params = _source(source_id, "s")
    return _frame(con, f"""
        SELECT 'service' AS table_name, s.id AS record_id, s.name, s.source_id,
               CASE WHEN s.assured_date IS NULL THEN 'never verified'
                    ELSE 'last verified ' || CAST(s.assured_date AS VARCHAR) END AS detail
        FROM service s
        WHERE (s.assured_date IS NULL OR s.assured_date < ?){where}
        ORDER BY s.assured_date NULLS FIRST, s.name""", [cutoff, *params])


def missing_hours(con: duckdb.DuckDBPyConnection, source_id: str | None = None) -> pd.DataFrame:
    """Services with no hours at all: no schedule, no hours text, nor at their locations."""
    where, params = _source(source_id, "s")
    return _frame(con, f"""
        SELECT 'service' AS table_name, s.id AS record_id, s.name, s.source_id,
               'no schedule and no hours text' AS detail
        FROM service s
        WHERE s.hours_text IS NULL
          AND NOT EXISTS (SELECT 1 FROM schedule h WHERE h.service_id = s.id)
          AND NOT EXISTS (SELECT 1 FROM service_at_location sal
                          JOIN location l ON l.id = sal.location_id
                          LEFT JOIN schedule h ON h.location_id = l.id
                                              OR h.service_at_location_id = sal.id
                          WHERE sal.service_id = s.id
                            AND (l.hours_text IS NOT NULL OR h.id IS NOT NULL)){where}
        ORDER BY s.name""", params)


def missing_points(con: duckdb.DuckDBPyConnection, source_id: str | None = None) -> pd.DataFrame:
    where, params = _source(source_id, "l")
    return _frame(con, f"""
        SELECT 'location' AS table_name, l.id AS record_id, l.name, l.source_id,
               'no coordinates (not on the map, not found by distance)' AS detail
        FROM location l
        WHERE l.geom IS NULL AND coalesce(lower(l.location_type), 'physical') <> 'virtual'{where}
        ORDER BY l.name""", params)


def approximate_points(con: duckdb.DuckDBPyConnection,
                       source_id: str | None = None) -> pd.DataFrame:
    where, params = _source(source_id, "l")
    return _frame(con, f"""
        SELECT 'location' AS table_name, l.id AS record_id, l.name, l.source_id,
               'approximate point (' || coalesce(l.geo_precision, '?') || ' centroid)' AS detail
        FROM location l
        WHERE l.geom IS NOT NULL AND coalesce(l.geo_precision, 'exact') <> 'exact'{where}
        ORDER BY l.name""", params)


def missing_phones(con: duckdb.DuckDBPyConnection, source_id: str | None = None) -> pd.DataFrame:
    """Services nobody can call: no phone on the service, its locations or organization."""
    where, params = _source(source_id, "s")
    return _frame(con, f"""
        SELECT 'service' AS table_name, s.id AS record_id, s.name, s.source_id,
               'no phone on the service, its locations or its organization' AS detail
        FROM service s
        WHERE NOT EXISTS (SELECT 1 FROM phone p WHERE p.service_id = s.id
                             OR (s.organization_id IS NOT NULL
                                 AND p.organization_id = s.organization_id)
                             OR p.location_id IN (SELECT location_id FROM service_at_location
                                                  WHERE service_id = s.id)){where}
        ORDER BY s.name""", params)


def hours_not_understood(con: duckdb.DuckDBPyConnection,
                         source_id: str | None = None) -> pd.DataFrame:
    """Hours the hours engine read as ``unknown`` or ``partial`` (``hours_records``)."""
    where, params = _source(source_id, "s")
    return _frame(con, f"""
            SELECT DISTINCT 'service' AS table_name, s.id AS record_id, s.name, s.source_id,
                   'hours ' || h.parse_status || ': ' || coalesce(h.source_text, '') AS detail
            FROM hours_records h JOIN service s ON s.id = h.service_id
            WHERE h.parse_status IN ('unknown', 'partial')
              AND h.source_text IS NOT NULL{where}
            ORDER BY s.name""", params)


def hours_only_as_text(con: duckdb.DuckDBPyConnection,
                       source_id: str | None = None) -> pd.DataFrame:
    """Services whose hours are only free text, with no schedule rows."""
    where, params = _source(source_id, "s")
    return _frame(con, f"""
        SELECT 'service' AS table_name, s.id AS record_id, s.name, s.source_id,
               'hours only as text (not checked): ' || s.hours_text AS detail
        FROM service s
        WHERE s.hours_text IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM schedule h WHERE h.service_id = s.id){where}
        ORDER BY s.name""", params)


def edit_conflicts(con: duckdb.DuckDBPyConnection, source_id: str | None = None) -> pd.DataFrame:
    """Kept edits in conflict with their source."""
    where, params = _source(source_id, "e")
    return _frame(con, f"""
        SELECT e.table_name, e.source_id || '/' || e.source_record_id AS record_id,
               coalesce(s.name, l.name) AS name, e.source_id,
               CASE e.conflict WHEN 'removed' THEN 'edited ' || e.field || ', record removed by '
                    || 'the source' ELSE e.field || ': source now says ' || coalesce(
                    e.conflict_value, 'nothing') || ', local edit ' || coalesce(e.value, 'empty')
               END AS detail
        FROM edit e
        LEFT JOIN service s ON e.table_name = 'service'
             AND s.id = e.source_id || '/' || e.source_record_id
        LEFT JOIN location l ON e.table_name = 'location'
             AND l.id = e.source_id || '/' || e.source_record_id
        WHERE e.conflict IS NOT NULL{where}
        ORDER BY e.edited_at DESC""", params)


def load_issue_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Load issues per source, severity and problem."""
    return con.execute(
        "SELECT source_id, severity, problem, count(*) AS n FROM load_issue "
        "GROUP BY source_id, severity, problem ORDER BY source_id, CASE severity WHEN 'error' THEN 0 "
        "WHEN 'warning' THEN 1 ELSE 2 END, n DESC").df()
