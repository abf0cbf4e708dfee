"""The audit log table: append an entry, read entries (see :mod:`resources.coordinator.audit`)."""

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
            limit: int | None = None, *, since: datetime | None = None,
            until: datetime | None = None, record_text: str | None = None) -> pd.DataFrame:
    """Entries newest first, each with ``record_name`` (the record's name now, when it still
    exists); ``filters`` maps a column of :data:`FILTERS` to its value; ``since``/``until``
    bound ``logged_at`` (until excluded); ``record_text`` matches the record's id or name."""
    where: list[str] = []
    params: list[object] = []
    for column, value in filters.items():
        if column not in FILTERS:
            raise ValueError(f"cannot filter the audit log by {column!r}")
        where.append(f"a.{column} = ?")
        params.append(value)
    if since is not None:
        where.append("a.logged_at >= ?")
        params.append(since)
    if until is not None:
        where.append("a.logged_at < ?")
        params.append(until)
    if record_text:
        where.append("(a.record_id ILIKE ? OR coalesce(s.name, l.name, o.name) ILIKE ?)")
        params += [f"%{record_text}%", f"%{record_text}%"]
    sql = (f"SELECT {', '.join('a.' + c for c in COLUMNS)}, "
           "coalesce(s.name, l.name, o.name) AS record_name FROM audit_log a "
           "LEFT JOIN service s ON a.table_name = 'service' AND s.id = a.record_id "
           "LEFT JOIN location l ON a.table_name = 'location' AND l.id = a.record_id "
           "LEFT JOIN organization o ON a.table_name = 'organization' AND o.id = a.record_id")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY a.seq DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return con.execute(sql, params).df()
