"""Stops from the directory and from free places, with their opening windows for the shift.

This is the bridge between the planner (which only takes windows) and the rest of the engine:
the store (which services, where), the hours engine (when they are open) and place resolution
(addresses, ZIPs, map points). The planner itself (:mod:`resources.routes.solver`) still imports
none of them.

A stop is written as one line (the CLI's ``--stop`` values, the page's free places)::

    [LABEL=]TARGET[@MINUTES][[HH:MM-HH:MM,...]]

``TARGET`` is a service id (as in ``resources search --json``), ``SERVICE_ID+LOCATION_ID``
for a service with several sites, ``lat,lon``, a street address or a ZIP. ``@MINUTES`` is the
visit length; the ``[...]`` windows (free places only) are local times that repeat every day
of the shift, ``[22:00-02:00]`` running past midnight.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

import pandas as pd

from resources.geo.places import Gazetteer, resolve_place
from resources.hours import Hours, ParseStatus, concrete_intervals, resolve_tz, zone_for_point
from resources.hours._osm_rules import Unsupported
from resources.hours.parse_osm import says_unknown
from resources.hours.status import unclear_intervals
from resources.pipeline.hours_lookup import HoursLookup
from resources.search.notices import notices_for
from resources.store import Store
from resources.store.route_sql import service_records, service_sites
from resources.store.search_sql import phones_for

from ._schedule import fmt_time
from .model import Place, RoutingError, Stop, Window

DEFAULT_VISIT_MINUTES = 15
#: A shift without an end time looks for openings until midnight, and at least this long.
OPEN_SHIFT = timedelta(hours=8)
PRECISE = ("point", "address", "zip")
UNKNOWN_LABEL = "hours unknown — call ahead"
NO_OPENING_LABEL = "no opening on this day"

_SPEC = re.compile(
    r"^(?:(?P<label>[^=\[\]@]+)=)?(?P<target>.+?)\s*(?:@\s*(?P<minutes>\d+))?\s*"
    r"(?:\[(?P<windows>[^\]]*)\])?$"
)
_CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?$")
_LATLON = re.compile(r"^\s*[-+]?\d{1,3}(?:\.\d+)?\s*,\s*[-+]?\d{1,3}(?:\.\d+)?\s*$")


@dataclass(frozen=True)
class StopSpec:
    """One stop as typed: what to visit, for how long, and (free places) when."""

    text: str
    target: str
    label: str | None = None
    minutes: int | None = None
    windows: tuple[tuple[time, time], ...] | None = None


@dataclass(frozen=True)
class Sources:
    """What stops are built from: the store, its hours, and offline place resolution."""

    store: Store
    gazetteer: Gazetteer
    hours: HoursLookup
    addresses: Any = None  # resources.geo.places.AddressIndex of the directory, for street addresses

    @classmethod
    def from_engine(cls, engine: Any) -> Sources:
        """Reuse a :class:`resources.search.engine.SearchEngine`'s store, gazetteer and hours."""
        return cls(engine.store, engine.gazetteer, engine.hours, engine.directory_addresses())


# -- parsing ---------------------------------------------------------------------------------


def _clock(text: str) -> time | None:
    m = _CLOCK.match(text.strip())
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2) or 0)
    if h == 24 and mi == 0:
        return time(0, 0)
    return time(h, mi) if h < 24 and mi < 60 else None


def _parse_windows(text: str, problems: list[str], where: str) -> tuple[tuple[time, time], ...]:
    out = []
    for part in (p.strip() for p in text.split(",")):
        lo, sep, hi = part.partition("-")
        a, b = _clock(lo), _clock(hi)
        if not sep or a is None or b is None or a == b:
            problems.append(f"{where}: window {part!r} is not like 09:00-12:00")
            continue
        out.append((a, b))
    return tuple(out)


def parse_stop_spec(text: str) -> StopSpec:
    """``[LABEL=]TARGET[@MINUTES][[HH:MM-HH:MM,...]]`` -> :class:`StopSpec` (or RoutingError)."""
    raw = text.strip()
    m = _SPEC.match(raw)
    if not raw or m is None or not m.group("target").strip():
        raise RoutingError([f"stop {text!r}: nothing to visit"])
    problems: list[str] = []
    minutes = int(m.group("minutes")) if m.group("minutes") else None
    if minutes is not None and not 0 < minutes <= 12 * 60:
        problems.append(f"stop {raw!r}: visit of {minutes} min (give 1 to 720 minutes)")
    windows = None
    if m.group("windows") is not None:
        windows = _parse_windows(m.group("windows"), problems, f"stop {raw!r}")
    if problems:
        raise RoutingError(problems)
    label = m.group("label").strip() if m.group("label") else None
    return StopSpec(raw, m.group("target").strip(), label, minutes, windows)


def parse_stop_specs(texts: Sequence[str]) -> list[StopSpec]:
    """Every line parsed; all problems reported at once."""
    specs, problems = [], []
    for text in texts:
        try:
            specs.append(parse_stop_spec(text))
        except RoutingError as exc:
            problems += exc.problems
    if problems:
        raise RoutingError(problems)
    return specs


# -- places ----------------------------------------------------------------------------------


def resolve_point(text: str, src: Sources, what: str = "place") -> Place:
    """A place precise enough to drive to (a point, an address or a ZIP), or RoutingError."""
    result = resolve_place(text, gazetteer=src.gazetteer, directory_addresses=src.addresses)
    if result.status == "ambiguous":
        names = "; ".join(c.label for c in result.candidates[:4])
        raise RoutingError([f"{what} {text!r} is ambiguous: {names}"])
    best = result.best
    if result.status != "ok" or best is None:
        raise RoutingError([f"{what} {text!r} not found: {result.message}"])
    if best.precision not in PRECISE:
        raise RoutingError(
            [f"{what} {text!r} is a whole {best.precision} ({best.label}): give a street "
             "address, a ZIP or 'lat, lon'"]
        )
    label = best.label + (" (ZIP centre, approximate)" if best.precision == "zip" else "")
    return Place(best.lat, best.lon, label)


def zone_at(place: Place) -> tzinfo:
    """The local time zone of a place (offline)."""
    zone = resolve_tz(zone_for_point(place.lat, place.lon))
    if zone is None:
        raise RoutingError([f"no time zone known at {place.lat:.5f}, {place.lon:.5f}"])
    return zone


# -- windows ---------------------------------------------------------------------------------


def _shift_end(start: datetime, end: datetime | None) -> datetime:
    """The end time, or, for a shift without one, midnight (at least 8 hours after the start):
    openings tomorrow morning are not today's shift."""
    if end is not None:
        return end
    midnight = datetime.combine(start.date() + timedelta(days=1), time(0), tzinfo=start.tzinfo)
    return max(midnight, start + OPEN_SHIFT)


def _keep(spans: list[Window], start: datetime, end: datetime | None) -> list[Window]:
    """Openings that overlap the shift; if none does, those of the start's day that closed
    before it began (so the reason says "closes 11:00", not "no opening on this day")."""
    zone = start.tzinfo
    last = _shift_end(start, end)
    local = [(s.astimezone(zone), e.astimezone(zone)) for s, e in spans if s < last]
    during = [(s, e) for s, e in local if e > start]
    if during:
        return during
    midnight = datetime.combine(start.date(), time(0), tzinfo=zone)
    return [(s, e) for s, e in local if e > midnight]


def _dates(start: datetime, end: datetime | None) -> tuple[date, date]:
    """Local dates whose openings can overlap the shift (the day before: overnight ones)."""
    return start.date() - timedelta(days=1), _shift_end(start, end).date()


def windows_label(windows: list[Window] | None, start: datetime) -> str:
    if windows is None:
        return UNKNOWN_LABEL
    if not windows:
        return NO_OPENING_LABEL
    return "open " + ", ".join(f"{fmt_time(o, start)}-{fmt_time(c, start)}" for o, c in windows)


def service_windows(hours: Hours, zone: tzinfo, start: datetime, end: datetime | None,
                    point: tuple[float, float] | None = None
                    ) -> tuple[list[Window] | None, str]:
    """Open windows of one service for the shift, and a label a person reads.

    ``None`` = hours unknown (planned, call ahead); ``[]`` = no opening on this day.
    ``point`` (lat, lon) is needed for hours that follow the sun.
    """
    if hours.appointment_only:
        return None, "by appointment — call ahead"
    if hours.status is ParseStatus.UNKNOWN or not (hours.intervals or hours.osm_expr):
        return None, UNKNOWN_LABEL
    first, last = _dates(start, end)
    try:  # the same evaluator as the card and the SQL tables (OSM rules included)
        spans = concrete_intervals(hours, zone, first, last, point=point)
    except Unsupported:  # sun times without a point
        return None, "hours unclear — call ahead"
    windows = _keep(spans, start, end)
    if hours.status is ParseStatus.PARTIAL and _unclear_in_shift(hours, zone, start, end, point):
        if not windows:  # what was not understood could be an opening
            return None, "hours unclear — call ahead"
        return windows, windows_label(windows, start) + " (hours partly understood — call ahead)"
    return windows, windows_label(windows, start)


def _unclear_in_shift(hours: Hours, zone: tzinfo, start: datetime, end: datetime | None,
                      point: tuple[float, float] | None) -> bool:
    """Could the shift meet hours we do not know? Always for partial hours, except an OSM
    value whose unclear times (comments, ``unknown``, open ends) all fall outside it."""
    if not says_unknown(hours):
        return True
    first, last = _dates(start, end)
    stop = _shift_end(start, end)
    return any(s < stop and e > start
               for s, e in unclear_intervals(hours, zone, first, last, point=point))


def daily_windows(spec: Sequence[tuple[time, time]], start: datetime, end: datetime | None
                  ) -> list[Window]:
    """Typed daily windows (local to the shift) on every date the shift touches."""
    zone = start.tzinfo
    first, last = _dates(start, end)
    spans: list[Window] = []
    d = first
    while d <= last:
        for a, b in spec:
            o = datetime.combine(d, a, tzinfo=zone)
            c = datetime.combine(d + timedelta(days=1) if b <= a else d, b, tzinfo=zone)
            spans.append((o, c))
        d += timedelta(days=1)
    return sorted(_keep(spans, start, end))


# -- stops -----------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) \
        else str(value)


def _address(row: Any) -> str:
    parts = [_text(row.address_1), _text(row.city),
             " ".join(p for p in (_text(row.state), _text(row.postal_code)) if p)]
    text = ", ".join(p for p in parts if p)
    if getattr(row, "location_private", False):
        return f"Confidential location — call for the address ({text})".replace(" ()", "")
    if row.geo_precision != "exact":
        text += " (approximate location: ZIP centre)"
    return text


def _service_target(target: str) -> tuple[str, str | None]:
    sid, _, lid = target.partition("+")
    return sid.strip(), (lid.strip() or None)


def _why_not_offered(rec: Any, target: str) -> str:
    status = _text(rec.status).lower() or "active"
    if status in ("inactive", "defunct", "temporarily closed"):
        alert = f" ({_text(rec.alert)})" if _text(rec.alert) else ""
        return f"stop {target!r}: {rec.service_name} is {status}{alert}: not offered"
    if rec.do_not_refer or rec.private:
        return f"stop {target!r}: {rec.service_name} is not referable (private or do-not-refer)"
    if not rec.sites:
        return f"stop {target!r}: {rec.service_name} has no location to visit"
    return f"stop {target!r}: {rec.service_name} has no location with coordinates"


class StopBuilder:
    """Turns :class:`StopSpec` lines into planner :class:`Stop` objects for one shift."""

    def __init__(self, src: Sources, start: datetime, end: datetime | None,
                 default_minutes: int = DEFAULT_VISIT_MINUTES):
        self.src = src
        self.start = start
        self.end = end
        self.default_minutes = default_minutes

    def build(self, specs: Sequence[StopSpec]) -> list[Stop]:
        """Every stop, in the order given; every problem (unknown id, unknown place,
        duplicate) collected and raised once."""
        problems: list[str] = []
        sites = self._sites([s for s in specs if self._is_service(s)])
        stops: list[Stop] = []
        for n, spec in enumerate(specs, start=1):
            try:
                if self._is_service(spec):
                    stops.append(self._service_stop(spec, sites))
                else:
                    stops.append(self._place_stop(spec, n))
            except RoutingError as exc:
                problems += exc.problems
        seen: set[str] = set()
        for s in stops:
            if s.id in seen:
                problems.append(f"stop {s.id!r} is listed twice")
            seen.add(s.id)
        if problems:
            raise RoutingError(problems)
        return stops

    # -- services
    def _is_service(self, spec: StopSpec) -> bool:
        """Directory ids look like ``source/record`` (no spaces); places do not."""
        if _LATLON.match(spec.target):
            return False
        sid, _ = _service_target(spec.target)
        return "/" in sid and " " not in sid

    def _sites(self, specs: Sequence[StopSpec]) -> pd.DataFrame:
        ids = sorted({_service_target(s.target)[0] for s in specs})
        return service_sites(self.src.store.con, ids) if ids else pd.DataFrame()

    def _service_stop(self, spec: StopSpec, sites: pd.DataFrame) -> Stop:
        sid, lid = _service_target(spec.target)
        if spec.windows is not None:
            raise RoutingError([f"stop {spec.text!r}: a service's hours come from the directory;"
                                " [windows] are for free places"])
        rows = sites[sites["service_id"] == sid] if len(sites) else sites
        if lid is not None and len(rows):
            rows = rows[rows["location_id"] == lid]
        if rows.empty:
            raise RoutingError([self._not_found(sid, lid, spec.target)])
        if len(rows) > 1:
            options = ", ".join(f"{sid}+{r}" for r in rows["location_id"])
            raise RoutingError([f"stop {spec.target!r} is offered at {len(rows)} sites: "
                                f"give one of {options}"])
        row = next(rows.itertuples())
        hours = self.src.hours.hours_many([(sid, row.location_id)])[0]
        zone = (resolve_tz(hours.timezone) or resolve_tz(_text(row.timezone))
                or resolve_tz(zone_for_point(row.latitude, row.longitude)) or self.start.tzinfo)
        windows, label = service_windows(hours, zone, self.start, self.end,  # type: ignore[arg-type]
                                         point=(row.latitude, row.longitude))
        notice = notices_for(self.src.store.con, [(sid, row.location_id, _text(row.alert))],
                             today=self.start.date()).get((sid, row.location_id))
        if notice and notice.alert:
            label += f" · alert: {notice.alert}" + (
                f" (until {notice.alert_until})" if notice.alert_until else "")
        if notice and notice.beds:
            label += f" · beds: {notice.beds}"
        place = _text(row.location_name) or _text(row.organization_name)
        name = f"{row.service_name} ({place})" if place else str(row.service_name)
        return Stop(
            id=spec.target, name=spec.label or name,
            lat=float(row.latitude), lon=float(row.longitude),
            visit_minutes=spec.minutes or self.default_minutes, windows=windows, kind="service",
            phone=self._phone(sid, row.location_id), address=_address(row), hours_label=label,
        )

    def _not_found(self, sid: str, lid: str | None, target: str) -> str:
        recs = service_records(self.src.store.con, [sid])
        if recs.empty:
            return f"stop {target!r}: no service with this id in the directory"
        rec = next(recs.itertuples())
        if lid is not None and (_text(rec.status).lower() or "active") == "active":
            return f"stop {target!r}: {rec.service_name} is not offered at location {lid}"
        return _why_not_offered(rec, target)

    def _phone(self, sid: str, lid: str) -> str | None:
        frame = phones_for(self.src.store.con, [sid], [lid])
        return str(frame["number"].iloc[0]) if len(frame) else None

    # -- free places
    def _place_stop(self, spec: StopSpec, n: int) -> Stop:
        place = resolve_point(spec.target, self.src, what="stop")
        windows = None
        label = "no time window"
        if spec.windows is not None:
            windows = daily_windows(spec.windows, self.start, self.end)
            label = windows_label(windows, self.start)
        return Stop(
            id=f"place-{n}", name=spec.label or place.label, lat=place.lat, lon=place.lon,
            visit_minutes=spec.minutes or self.default_minutes, windows=windows, kind="place",
            address=None if spec.label is None else place.label, hours_label=label,
        )


def service_spec(service_id: str, location_id: str | None = None, minutes: int | None = None
                 ) -> str:
    """The stop line for a service picked from search results."""
    target = f"{service_id}+{location_id}" if location_id else service_id
    return target + (f"@{minutes}" if minutes else "")
