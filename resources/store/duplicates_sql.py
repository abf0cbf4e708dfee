"""Duplicate services: the located services to compare, and ``duplicate_decision`` rows.

:mod:`resources.coordinator.duplicates` scores candidate pairs and validates decisions; these functions
read and write the store. Pairs are stored with (a) < (b), keyed by source ids.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from resources.store.coord_sql import MERGED_AWAY_SQL, split_id

DECISION_COLUMNS = ["a_id", "b_id", "decision", "keep", "decided_by", "decided_at", "note"]


def located_services(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per service at a location with a point: service_id, source_id, service_name,
    org_name, lat, lon, address (the physical street line, else the first)."""
    return con.execute("""
        SELECT s.id AS service_id, s.source_id, s.name AS service_name, o.name AS org_name,
               l.latitude AS lat, l.longitude AS lon,
               (SELECT a.address_1 FROM address a WHERE a.location_id = l.id
                ORDER BY CASE lower(a.address_type) WHEN 'physical' THEN 0 ELSE 1 END, a.id
                LIMIT 1) AS address
        FROM service s
        JOIN service_at_location sal ON sal.service_id = s.id
        JOIN location l ON l.id = sal.location_id
        LEFT JOIN organization o ON o.id = s.organization_id
        WHERE l.geom IS NOT NULL""").df()


def decisions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Service decisions, newest first: :data:`DECISION_COLUMNS`."""
    return con.execute(
        "SELECT a_source_id || '/' || a_record_id AS a_id, b_source_id || '/' || b_record_id "
        "AS b_id, decision, keep, decided_by, decided_at, note FROM duplicate_decision "
        "WHERE table_name = 'service' ORDER BY decided_at DESC").df()


def replace_decision(con: duckdb.DuckDBPyConnection, a_id: str, b_id: str, decision: str,
                     keep: str | None, user: str, at: datetime, note: str | None) -> None:
    """Store the decision on services ``a_id`` < ``b_id`` (``keep``: 'a', 'b' or None),
    replacing an earlier one on the same pair."""
    pair = [*split_id(a_id), *split_id(b_id)]
    con.execute("DELETE FROM duplicate_decision WHERE table_name = 'service' AND "
                "a_source_id = ? AND a_record_id = ? AND b_source_id = ? AND b_record_id = ?",
                pair)
    con.execute("INSERT INTO duplicate_decision VALUES ('service', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [*pair, decision, keep, user, at, note])


def merged_away(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Ids of the services merged into another record."""
    return {r[0] for r in con.execute(MERGED_AWAY_SQL).fetchall()}


def merged_into(con: duckdb.DuckDBPyConnection, service_ids: list[str]) -> pd.DataFrame:
    """For kept services among ``service_ids``: service_id, merged_id, merged_source."""
    return con.execute(
        """SELECT CASE keep WHEN 'a' THEN a_source_id || '/' || a_record_id
                            ELSE b_source_id || '/' || b_record_id END AS service_id,
                  CASE keep WHEN 'a' THEN b_source_id || '/' || b_record_id
                            ELSE a_source_id || '/' || a_record_id END AS merged_id,
                  CASE keep WHEN 'a' THEN b_source_id ELSE a_source_id END AS merged_source
           FROM duplicate_decision WHERE decision = 'merge' AND table_name = 'service'
           AND list_contains(?::VARCHAR[], CASE keep WHEN 'a' THEN a_source_id || '/' ||
               a_record_id ELSE b_source_id || '/' || b_record_id END)""",
        [service_ids]).df()
