"""The append-only audit log: who changed what, when, before and after.

Every coordinator action goes through :func:`record` (edits, verifications, conflict
resolutions, bed counts, imports, duplicate decisions). Nothing in the code base updates or
deletes ``audit_log`` rows; the log is exported as CSV for review.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import duckdb
import pandas as pd

from resources.store.coord_sql import has_table

COLUMNS = ["seq", "logged_at", "user_name", "action", "table_name", "record_id", "field", "before",
           "after", "note"]


def to_json(value: Any) -> str | None:
    """Canonical JSON text of a value (None stays None), so equal values compare equal."""
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def record(con: duckdb.DuckDBPyConnection, user: str, action: str, *, table: str | None = None,
           record_id: str | None = None, field: str | None = None, before: Any = None,
           after: Any = None, note: str | None = None, at: datetime | None = None) -> None:
    """Append one entry (``before``/``after`` are stored as JSON text)."""
    if not user:
        raise ValueError("an audit entry needs the signed-in user")
    con.execute(
        "INSERT INTO audit_log (logged_at, user_name, action, table_name, record_id, field, before, "
        "after, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [at or datetime.now(UTC), user, action, table, record_id, field, to_json(before),
         to_json(after), note],
    )


def entries(con: duckdb.DuckDBPyConnection, *, record_id: str | None = None,
            user: str | None = None, action: str | None = None,
            limit: int | None = None) -> pd.DataFrame:
    """Audit entries, newest first, optionally for one record, user or action."""
    if not has_table(con, "audit_log"):
        return pd.DataFrame(columns=COLUMNS)
    where, params = [], []
    for column, value in (("record_id", record_id), ("user_name", user), ("action", action)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    sql = f"SELECT {', '.join(COLUMNS)} FROM audit_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY seq DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return con.execute(sql, params).df()


def to_csv(con: duckdb.DuckDBPyConnection, **filters: Any) -> str:
    """The audit log (oldest first) as CSV text, ISO timestamps in UTC."""
    frame = entries(con, **filters).sort_values("seq")
    if len(frame):
        frame["logged_at"] = pd.to_datetime(frame["logged_at"], utc=True).dt.strftime("%Y-%m-%dT%H:%M:%S%z")
    return frame.to_csv(index=False)
