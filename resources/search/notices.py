"""What a coordinator posted that a specialist must see wherever a service is shown: its
alert ("entrance moved to the back"), until the alert's last day, and the newest bed count
with its age ("3 beds free (of 40) · updated 25 min ago").

Search results, the referral slip, route stops and the CLI all take them from here, so they
cannot disagree. Nothing here is cached: a bed report or an alert reaches the next search.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import duckdb

from resources.coordinator import beds
from resources.store import edits_sql
from resources.store.coord_sql import has_table


@dataclass(frozen=True)
class Notice:
    alert: str = ""
    alert_until: str | None = None  # ISO date: the alert's last day, when one was set
    beds: str = ""  # "3 beds free (of 40) · updated 25 min ago", or ""


def alert_in_force(alert: str, until: str | None, today: date) -> bool:
    """An alert is shown through its last day (in the place's own date), never after."""
    return bool(alert) and (until is None or today.isoformat() <= until)


def notices_for(con: duckdb.DuckDBPyConnection, shown: Sequence[tuple[str, str, str]], *,
                today: date, now: datetime | None = None) -> dict[tuple[str, str], Notice]:
    """(service id, location id) -> :class:`Notice`, for the services shown, each given as
    (service id, location id, alert text from the store). A bed count reported for the
    service wins over one reported for its site. Pairs with nothing to show are absent."""
    if not shown:
        return {}
    service_ids = sorted({s for s, _, _ in shown})
    ends = _alert_ends(con, service_ids)
    counts = _bed_labels(con, service_ids, sorted({loc for _, loc, _ in shown if loc}), now)
    out = {}
    for sid, lid, alert in shown:
        text = " ".join(str(alert or "").split())
        until = ends.get(sid)
        live = text if alert_in_force(text, until, today) else ""
        bed = counts.get(("service", sid)) or counts.get(("location", lid)) or ""
        if live or bed:
            out[(sid, lid)] = Notice(live, until if live else None, bed)
    return out


def _alert_ends(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> dict[str, str]:
    if not has_table(con, "edit"):
        return {}
    raw = edits_sql.virtual_values(con, "service", "alert_until", list(ids))
    return {k: json.loads(v) for k, v in raw.items() if v and v != "null"}


def _bed_labels(con: duckdb.DuckDBPyConnection, service_ids: Sequence[str],
                location_ids: Sequence[str], now: datetime | None
                ) -> dict[tuple[str, str], str]:
    now = now or datetime.now(UTC)
    frame = beds.beds_for(con, service_ids, location_ids, now=now)
    return {(str(r["table_name"]), str(r["record_id"])): beds.label(r, now, by=False)
            for r in frame.to_dict("records")}
