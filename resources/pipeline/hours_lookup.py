"""Hours for the directory: build the normalized hours tables, answer status for results.

:func:`build_hours` parses every service's hours once per load (HSDS schedule rows with
times first, else the verbatim hours text in its own format) and writes the ``hours_*`` tables, so
"open at T" over many services is one SQL query. :class:`HoursLookup` answers, for search
candidates, the state at each one's check time (SQL), and for the few results shown, the
full status with its label ("Open · closes 9 PM", "Hours not listed — call").
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

import pandas as pd

from resources.geo.tz import resolve_tz
from resources.hours import Hours, Status, evaluate, parse, parse_hsds3
from resources.hours.parse_hsds import superseded
from resources.store import Store, hours_sql
from resources.store.hours_inputs_sql import (
    SCHEDULE_FIELDS,
    hours_texts,
    schedule_rows,
    service_location_hours,
)


def _clean(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    return value


def _has_items(value: Any) -> bool:
    """A non-empty list or array (not None, not a missing value)."""
    return hasattr(value, "__len__") and not isinstance(value, str) and len(value) > 0


def _schedule_key(rows: Sequence[Mapping[str, Any]]) -> Hashable:
    return tuple(tuple((f, str(r.get(f))) for f in SCHEDULE_FIELDS) for r in rows)


class _ParseCache:
    """Identical hours (same text, same schedule rows) are parsed once."""

    def __init__(self) -> None:
        self.cache: dict[Hashable, Hours] = {}

    def text(self, text: str | None, fmt: str | None) -> Hours:
        key = ("t", fmt, text)
        if key not in self.cache:
            self.cache[key] = parse(text, fmt)
        return self.cache[key]

    def schedules(self, rows: Sequence[Mapping[str, Any]]) -> Hours:
        key = ("s", _schedule_key(rows))
        if key not in self.cache:
            self.cache[key] = parse_hsds3(rows)
        return self.cache[key]


def _schedules(frame: pd.DataFrame) -> dict[tuple[str | None, str | None], list[dict[str, Any]]]:
    out: dict[tuple[str | None, str | None], list[dict[str, Any]]] = {}
    for rec in frame.to_dict("records"):
        rec = {k: _clean(v) for k, v in rec.items()}
        out.setdefault((rec["service_id"], rec["location_id"]), []).append(rec)
    return out


def _timed(rows: Sequence[Mapping[str, Any]]) -> bool:
    """Some schedule row gives a time (``opens_at``/``closes_at``): a structured schedule.
    Rows with only a ``description`` (an AIRS export's days-only ``Hours`` column, "Mon; Tue;
    Wed; Thu; Fri; Sat; Sun;") hold no hours of their own: they must not hide a readable
    hours text (they did: "Hours not listed" for 89 DC 211 programs with clear hours)."""
    return any(str(r.get(f) or "").strip() for r in rows for f in ("opens_at", "closes_at"))


def hours_from(rows: Sequence[Mapping[str, Any]] | None, pair: Mapping[str, Any],
               cache: _ParseCache) -> Hours:
    """Timed schedule rows, else the service's hours text, else the schedule rows'
    descriptions read as free text, else the location's hours text. Rows the source's own
    hours text contradicts (:func:`superseded`) are never used: the text is read, and if
    it does not read, the hours are unknown."""
    rows = [r for r in rows or [] if not superseded(r)]
    if rows and _timed(rows):
        return cache.schedules(rows)
    if _clean(pair["s_text"]):
        return cache.text(pair["s_text"], _clean(pair["s_format"]))
    texts = (str(r.get("description") or "").strip().rstrip(";") for r in rows)
    described = "; ".join(t for t in texts if t)
    if described:
        return cache.text(described, "text")
    if _clean(pair["l_text"]):
        return cache.text(pair["l_text"], _clean(pair["l_format"]))
    return cache.text(None, None)


def hours_for(pair: Mapping[str, Any],
              schedules: Mapping[tuple[str | None, str | None], list[dict[str, Any]]],
              cache: _ParseCache) -> Hours:
    """Schedule rows of this service here, else of the service, else of the location (see
    :func:`hours_from` for when they give way to the hours text)."""
    sid, lid = pair["service_id"], _clean(pair["location_id"])
    rows = schedules.get((sid, lid)) or schedules.get((sid, None))
    if not rows and lid:
        rows = schedules.get((None, lid))
    return hours_from(rows, pair, cache)


def build_hours(store: Store, source_id: str | None = None,
                service_ids: list[str] | None = None) -> int:
    """(Re)write the hours tables for one source, for these services (a coordinator's edit:
    only the records it touched), or for all; returns records written."""
    con = store.con
    hours_sql.create_hours_tables(con)
    pairs = service_location_hours(con, source_id, service_ids)
    if service_ids is None:
        rows = schedule_rows(con, source_id)
    else:
        rows = schedule_rows(con, service_ids=service_ids,
                             location_ids=[str(x) for x in pairs["location_id"].dropna()])
    schedules = _schedules(rows)
    cache = _ParseCache()
    pairs["hours"] = [hours_for(p, schedules, cache) for p in pairs.to_dict("records")]
    pairs["point"] = list(zip(pairs["lat"], pairs["lon"], strict=True))  # for sun times
    if service_ids is None:
        hours_sql.delete_hours(con, source_id)
    else:
        hours_sql.delete_hours_of(con, service_ids)
    if pairs.empty:
        return 0
    return hours_sql.write_hours(con, pairs[["service_id", "location_id", "hours", "zone",
                                             "point"]])


def _point_of(row: Any) -> tuple[float, float] | None:
    """The row's (lat, lon), for hours that follow the sun; None when it has none."""
    lat, lon = getattr(row, "latitude", None), getattr(row, "longitude", None)
    return None if lat is None or lon is None else (lat, lon)


class HoursLookup:
    """Status answers for search candidates and the results shown."""

    def __init__(self, store: Store, soon_minutes: int = 30):
        self.store = store
        self.soon_minutes = soon_minutes
        self._cache = _ParseCache()

    def attach_states(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Add ``open_state`` (open | closed | unknown) at each row's ``check_at``.

        ``frame`` holds search-index rows: their weekly hours are on the row (week-minute
        lists), so plain weekly records are answered without a query; records with dated
        rules (holidays, seasons, exceptions) are evaluated from the hours inputs the row
        carries, inside the window the hours tables cover (outside it: unknown). Both give
        what :func:`hours_sql.states_for`, the "open at T" query, gives (tested).
        """
        out = frame.copy()
        states = ["unknown"] * len(out)
        if len(out):
            checks = pd.to_datetime(out["check_at"], utc=True)
            first = checks.iloc[0]
            if (checks == first).all():
                states = self._states_at(out, first.to_pydatetime())
            else:
                # arrival times differ per row: group them in 5-minute steps, rounded *up*
                # (later arrival is the cautious reading: a place closing meanwhile shows
                # as closed)
                buckets = checks.dt.ceil("5min")
                for instant, where in buckets.groupby(buckets).indices.items():
                    part = self._states_at(out.iloc[where], instant.to_pydatetime())
                    for i, state in zip(where, part, strict=True):
                        states[i] = state
        # plain Python strings (pandas would make an Arrow column, slow to read per row)
        out["open_state"] = pd.Series(states, index=out.index, dtype=object)
        out["open_label"] = pd.Series([""] * len(out), index=out.index, dtype=object)
        return out

    def _states_at(self, rows: pd.DataFrame, at: datetime) -> list[str]:
        wm_of = hours_sql.week_minutes({z for z in rows["hours_zone"] if isinstance(z, str)}, at)
        out = []
        columns = [rows[c].tolist() for c in ("hours_rid", "hours_zone", "hours_status",
                                              "hours_mode", "week_starts", "week_ends")]
        for i, (rid, zone, status, mode, starts, ends) in enumerate(zip(*columns, strict=True)):
            if (rid is None or pd.isna(rid) or not isinstance(status, str)
                    or status == "unknown" or zone not in wm_of):
                out.append("unknown")
            elif mode == "dated":
                out.append(self._dated_state(rows.iloc[i], zone, at))
            else:
                wm = wm_of[zone]
                hit = any(s <= wm < e for s, e in zip(starts, ends, strict=True))
                out.append("open" if hit else "unknown" if status == "partial" else "closed")
        return out

    def _dated_state(self, row: Any, zone: str, at: datetime) -> str:
        """A dated record's state at T: unknown outside the dated window, else evaluated."""
        local_day = at.astimezone(resolve_tz(zone)).date()
        start, end = row["hours_dated_from"], row["hours_dated_to"]
        if pd.isna(start) or pd.isna(end) or not (
                pd.Timestamp(start).date() <= local_day <= pd.Timestamp(end).date()):
            return "unknown"
        record = SimpleNamespace(**row.to_dict())
        # partial hours never read closed (evaluate), except at the times an OSM value
        # itself leaves clear: as hours_sql's "unknown" rows (hours_unclear)
        return evaluate(self.hours_of_row(record), at, zone, point=_point_of(record)).state

    def hours_many(self, pairs: list[tuple[str, str | None]]) -> list[Hours]:
        """Parsed hours for (service, location) pairs: two queries, however many pairs."""
        if not pairs:
            return []
        sids = sorted({p[0] for p in pairs})
        lids = sorted({p[1] for p in pairs if p[1]})
        texts = hours_texts(self.store.con, sids, lids)
        # keyed by table too: a service and a location may share an id (a place kept as the
        # service it offers, Ohana's numeric ids), and each must keep its own text
        by_id = {(r.kind, r.id): (r.hours_text, r.hours_format) for r in texts.itertuples()}
        rows = schedule_rows(self.store.con, service_ids=sids, location_ids=lids)
        sched: dict[tuple[str | None, str | None], list[dict[str, Any]]] = {}
        for rec in rows.to_dict("records"):
            rec = {k: _clean(v) for k, v in rec.items()}
            sched.setdefault((rec["service_id"], rec["location_id"]), []).append(rec)
        out = []
        for sid, lid in pairs:
            s_text, s_fmt = by_id.get(("service", sid), (None, None))
            l_text, l_fmt = by_id.get(("location", lid), (None, None)) if lid else (None, None)
            pair = {"service_id": sid, "location_id": lid, "s_text": s_text, "s_format": s_fmt,
                    "l_text": l_text, "l_format": l_fmt}
            out.append(hours_for(pair, sched, self._cache))
        return out

    def hours_of_row(self, row: Any) -> Hours:
        """Parsed hours of one search-index row, from the inputs the index carries (the
        schedule rows that apply, else the verbatim texts): the same choice as
        :func:`hours_for` makes at load time, without reading the HSDS tables."""
        schedules = row.schedules
        rows = ([{k: _clean(v) for k, v in r.items()} for r in schedules]
                if _has_items(schedules) else [])
        pair = {"service_id": row.service_id, "location_id": row.location_id,
                "s_text": row.service_hours_text, "s_format": row.service_hours_format,
                "l_text": row.location_hours_text, "l_format": row.location_hours_format}
        return hours_from(rows, pair, self._cache)

    def statuses_of_rows(self, rows: pd.DataFrame | list[Any]) -> list[Status]:
        """Full status (with its label) of search-index rows (a frame, or objects with the
        index's columns as attributes) at each row's ``check_at``. Rows with the same hours,
        zone and time (services sharing a schedule) are evaluated once."""
        items = rows.itertuples() if isinstance(rows, pd.DataFrame) else rows
        seen: dict[tuple[int, Any, Any], Status] = {}
        out = []
        for r in items:
            hours = self.hours_of_row(r)  # one object per distinct hours (the parse cache)
            key = (id(hours), r.check_at, r.timezone)
            if key not in seen:
                seen[key] = evaluate(hours, r.check_at, r.timezone,
                                     soon_minutes=self.soon_minutes, point=_point_of(r))
            out.append(seen[key])
        return out
