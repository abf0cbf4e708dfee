"""The audit log table: append an entry, read entries (see :mod:`resources.audit`)."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

COLUMNS = ["seq", "logged_at", "user_name", "action", "table_name", "record_id", "field", "before",
           "after", "note"]
FILTERS = ("record_id", "user_name", "action")


def append(con: duckdb.DuckDBPyConnection, at: datetime, user: str, action: str,
           table: str | None, record_id: str | None, field: str | None, before: str | None,
           after: str | None, note: str | None) -> None:
    """Append one entry (``before``/``after`` already JSON text)."""
    con.execute(
        "INSERT INTO audit_log (logged_at, user_name, action, table_name, record_id, field, before, "
        "after, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [at, user, action, table, record_id, field, before, after, note],
    )


def entries(con: duckdb.DuckDBPyConnection, filters: dict[str, str],
            limit: int | None = None) -> pd.DataFrame:
    """Entries newest first; ``filters`` maps a column of :data:`FILTERS` to its value."""
    where, params = [], []
    for column, value in filters.items():
        if column not in FILTERS:
            raise ValueError(f"cannot filter the audit log by {column!r}")
        where.append(f"{column} = ?")
        params.append(value)
    sql = f"SELECT {', '.join(COLUMNS)} FROM audit_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY seq DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return con.execute(sql, params).df()
