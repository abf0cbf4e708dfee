"""Beds available tonight: reported per shelter service (or per site), newest report wins.

Reports are appended to ``bed_update`` keyed by ``(source_id, source_record_id, table)`` so
they survive re-imports; each is audited. The Find page calls :func:`beds_for` with the
service and location ids of its results and shows :func:`label` (count and age): a count
from yesterday is shown as such, never as tonight's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import duckdb
import pandas as pd

from resources.coordinator import audit
from resources.coordinator.edits import EditError, record_exists
from resources.store import Store, beds_sql
from resources.store.coord_sql import ensure_coord_tables, has_table

STALE_AFTER = timedelta(hours=12)
COLUMNS = ["table_name", "record_id", "beds_available", "beds_total", "note", "updated_at",
           "updated_by", "age_minutes", "stale"]


@dataclass(frozen=True)
class BedReport:
    record_id: str
    table: str
    beds_available: int
    beds_total: int | None
    updated_at: datetime
    updated_by: str


def set_beds(store: Store, table: str, record_id: str, available: int, user: str, *,
             total: int | None = None, note: str | None = None,
             now: datetime | None = None) -> BedReport:
    """Record tonight's available beds for a service or location (validated, audited)."""
    problems = []
    if table not in ("service", "location"):
        problems.append("beds are reported for a service or a location")
    if isinstance(available, bool) or not isinstance(available, int) or available < 0:
        problems.append("beds available must be a whole number, 0 or more")
    if total is not None and (not isinstance(total, int) or total < 0):
        problems.append("total beds must be a whole number, 0 or more")
    elif total is not None and isinstance(available, int) and available > total:
        problems.append("beds available cannot exceed total beds")
    if not problems and not record_exists(store.con, table, record_id):
        problems.append(f"no {table} {record_id!r} in the store")
    if problems:
        raise EditError(problems)
    con = store.con
    ensure_coord_tables(con)
    now = now or datetime.now(UTC)
    before = beds_for(con, **{f"{table}_ids": [record_id]}, now=now)
    with store.transaction():
        beds_sql.append(con, table, record_id, available, total, note, now, user)
        audit.record(con, user, "beds", table=table, record_id=record_id, field="beds_available",
                     before=None if before.empty else int(before["beds_available"].iloc[0]),
                     after=available, note=note, at=now)
    return BedReport(record_id, table, available, total, now, user)


def beds_for(con: duckdb.DuckDBPyConnection, service_ids: Sequence[str] = (),
             location_ids: Sequence[str] = (), *, now: datetime | None = None) -> pd.DataFrame:
    """The newest bed report of each given service / location id, with its age.

    Columns: table_name, record_id, beds_available, beds_total, note, updated_at (UTC),
    updated_by, age_minutes, stale (older than :data:`STALE_AFTER`). Ids without a report
    are absent.
    """
    if not has_table(con, "bed_update") or not (service_ids or location_ids):
        return pd.DataFrame(columns=COLUMNS)
    frame = beds_sql.latest(con, service_ids, location_ids)
    now = now or datetime.now(UTC)
    updated = pd.to_datetime(frame["updated_at"], utc=True)
    frame["updated_at"] = updated
    frame["age_minutes"] = ((now - updated).dt.total_seconds() // 60).astype("Int64")
    frame["stale"] = (now - updated) > STALE_AFTER
    return frame[COLUMNS]


def label(row: pd.Series | dict, now: datetime | None = None, *, by: bool = True) -> str:
    """'5 beds free (of 40) · updated 25 min ago by alice' (or '... 2 days ago: call to
    check'); ``by=False`` leaves out who reported it (what a specialist's card shows)."""
    now = now or datetime.now(UTC)
    updated = pd.Timestamp(row["updated_at"])
    updated = updated.tz_localize(UTC) if updated.tzinfo is None else updated
    minutes = int((now - updated).total_seconds() // 60)
    if minutes < 60:
        age = f"{max(minutes, 0)} min ago"
    elif minutes < 48 * 60:
        age = f"{minutes // 60} h ago"
    else:
        age = f"{minutes // 1440} days ago"
    n = int(row["beds_available"])
    text = f"{n} bed{'s' if n != 1 else ''} free"
    if row.get("beds_total") is not None and not pd.isna(row.get("beds_total")):
        text += f" (of {int(row['beds_total'])})"
    text += f" · updated {age}" + (f" by {row['updated_by']}" if by else "")
    if now - updated > STALE_AFTER:
        text += ": may be out of date, call to check"
    return text
