"""Queries that read the hours inputs of services (schedule rows, verbatim hours text)."""

from __future__ import annotations

import duckdb
import pandas as pd

from resources.store.coord_sql import schedule_in_force

SCHEDULE_FIELDS = ["freq", "interval", "byday", "bymonthday", "byweekno", "byyearday", "dtstart",
                   "until", "count", "wkst", "opens_at", "closes_at", "valid_from", "valid_to",
                   "timezone", "description", "notes"]


def service_location_hours(con: duckdb.DuckDBPyConnection, source_id: str | None,
                           service_ids: list[str] | None = None) -> pd.DataFrame:
    """One row per service at a location (or a service with none): zone and hours texts;
    of one source, of these services, or of all."""
    where, params = _services_where(source_id, service_ids)
    return con.execute(
        f"""
        SELECT s.id AS service_id, l.id AS location_id, l.timezone AS zone,
               l.latitude AS lat, l.longitude AS lon,
               s.hours_text AS s_text, s.hours_format AS s_format,
               l.hours_text AS l_text, l.hours_format AS l_format
        FROM service s
        LEFT JOIN service_at_location sal ON sal.service_id = s.id
        LEFT JOIN location l ON l.id = sal.location_id
        {where}
        """,
        params,
    ).df()


def _services_where(source_id: str | None, service_ids: list[str] | None
                    ) -> tuple[str, list[object]]:
    if service_ids is not None:
        return "WHERE list_contains(?, s.id)", [service_ids]
    if source_id:
        return "WHERE s.source_id = ?", [source_id]
    return "", []


def schedule_rows(con: duckdb.DuckDBPyConnection, source_id: str | None = None,
                  service_ids: list[str] | None = None,
                  location_ids: list[str] | None = None) -> pd.DataFrame:
    """Schedule rows of a source, or of these services (and location-wide ones); rows
    replaced by a coordinator's hours text are left out (:func:`schedule_in_force`)."""
    cols = ", ".join(SCHEDULE_FIELDS)
    in_force = schedule_in_force("schedule")
    if service_ids is not None:
        return con.execute(
            f"SELECT service_id, location_id, {cols} FROM schedule "
            "WHERE (list_contains(?, service_id) "
            f"OR (service_id IS NULL AND list_contains(?, location_id))) AND {in_force}",
            [service_ids, location_ids or []]).df()
    where = "source_id = ? AND" if source_id else ""
    return con.execute(f"SELECT service_id, location_id, {cols} FROM schedule "
                       f"WHERE {where} {in_force}",
                       [source_id] if source_id else []).df()


def hours_texts(con: duckdb.DuckDBPyConnection, service_ids: list[str],
                location_ids: list[str]) -> pd.DataFrame:
    """kind (service | location), id, hours_text, hours_format of these services and
    locations."""
    return con.execute(
        "SELECT 'service' AS kind, id, hours_text, hours_format FROM service "
        "WHERE list_contains(?, id) UNION ALL SELECT 'location', id, hours_text, hours_format "
        "FROM location WHERE list_contains(?, id)", [service_ids, location_ids]).df()
