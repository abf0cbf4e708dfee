"""Bed reports (``bed_update``): append one, read the newest per record (see resources.coordinator.beds)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import duckdb
import pandas as pd

from resources.store.coord_sql import LATEST_BEDS_SQL, split_id


def append(con: duckdb.DuckDBPyConnection, table: str, record_id: str, available: int,
           total: int | None, note: str | None, at: datetime, user: str) -> None:
    source_id, rec = split_id(record_id)
    con.execute("INSERT INTO bed_update VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [source_id, rec, table, available, total, note, at, user])


def latest(con: duckdb.DuckDBPyConnection, service_ids: Sequence[str],
           location_ids: Sequence[str]) -> pd.DataFrame:
    """The newest report of each given service / location id (ids without one are absent)."""
    return con.execute(
        f"""SELECT * FROM ({LATEST_BEDS_SQL}) AS latest_beds
        WHERE (table_name = 'service' AND list_contains(?::VARCHAR[], record_id))
           OR (table_name = 'location' AND list_contains(?::VARCHAR[], record_id))
        ORDER BY table_name, record_id""",
        [list(service_ids), list(location_ids)]).df()
