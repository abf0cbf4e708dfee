"""The append-only audit log: who changed what, when, before and after.

Every coordinator action goes through :func:`record` (edits, verifications, conflict
resolutions, bed counts, imports, duplicate decisions). Nothing in the code base updates or
deletes ``audit_log`` rows; the log is exported as CSV for review.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, tzinfo
from typing import Any

import duckdb
import pandas as pd

from resources.coordinator.fields import FIELDS, show_value
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
            limit: int | None = None, since: datetime | None = None,
            until: datetime | None = None, record: str | None = None) -> pd.DataFrame:
    """Audit entries, newest first, optionally for one record id, user or action, a time
    span (``since`` included, ``until`` excluded) and a record named like ``record``; with
    ``record_name`` (the record's name now)."""
    if not has_table(con, "audit_log"):
        return pd.DataFrame(columns=[*COLUMNS, "record_name"])
    filters = {column: value for column, value in (("record_id", record_id), ("user_name", user),
                                                  ("action", action)) if value}
    return audit_sql.entries(con, filters, limit, since=since, until=until,
                             record_text=(record or "").strip() or None)


def readable(frame: pd.DataFrame, zone: tzinfo) -> pd.DataFrame:
    """The entries as a person reads them: local time, the record by name, the field by its
    label, before and after as text (phones, languages, addresses written out)."""
    rows = []
    for r in frame.to_dict("records"):
        spec = FIELDS.get((r["table_name"], r["field"])) if r["field"] else None
        kind = spec.kind if spec else "text"
        when = pd.Timestamp(r["logged_at"])
        when = when.tz_localize("UTC") if when.tzinfo is None else when
        name = r.get("record_name")
        record = (f"{name} ({r['record_id']})" if isinstance(name, str) and name
                  else (r["record_id"] or ""))
        rows.append({
            "When": when.tz_convert(zone).strftime("%Y-%m-%d %H:%M %Z"),
            "Who": r["user_name"], "Action": r["action"], "Record": record,
            "Field": spec.label if spec else (r["field"] or ""),
            "Before": show_value(kind, _json(r["before"])),
            "After": show_value(kind, _json(r["after"])), "Note": r["note"] or "",
        })
    return pd.DataFrame(rows, columns=["When", "Who", "Action", "Record", "Field", "Before",
                                       "After", "Note"])


def _json(text: Any) -> Any:
    if not isinstance(text, str):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def to_csv(con: duckdb.DuckDBPyConnection, **filters: Any) -> str:
    """The audit log (oldest first) as CSV text, ISO timestamps in UTC, with the record's
    name; ``filters`` as for :func:`entries`."""
    frame = entries(con, **filters).sort_values("seq")
    if len(frame):
        frame["logged_at"] = pd.to_datetime(frame["logged_at"], utc=True).dt.strftime("%Y-%m-%dT%H:%M:%S%z")
    return frame.to_csv(index=False)
