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

from resources.store import audit_sql
from resources.store.audit_sql import COLUMNS
from resources.store.coord_sql import has_table


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
    audit_sql.append(con, at or datetime.now(UTC), user, action, table, record_id, field,
                     to_json(before), to_json(after), note)


def entries(con: duckdb.DuckDBPyConnection, *, record_id: str | None = None,
            user: str | None = None, action: str | None = None,
            limit: int | None = None) -> pd.DataFrame:
    """Audit entries, newest first, optionally for one record, user or action."""
    if not has_table(con, "audit_log"):
        return pd.DataFrame(columns=COLUMNS)
    filters = {column: value for column, value in (("record_id", record_id), ("user_name", user),
                                                  ("action", action)) if value}
    return audit_sql.entries(con, filters, limit)


def to_csv(con: duckdb.DuckDBPyConnection, **filters: Any) -> str:
    """The audit log (oldest first) as CSV text, ISO timestamps in UTC."""
    frame = entries(con, **filters).sort_values("seq")
    if len(frame):
        frame["logged_at"] = pd.to_datetime(frame["logged_at"], utc=True).dt.strftime("%Y-%m-%dT%H:%M:%S%z")
    return frame.to_csv(index=False)
