"""Evaluate :class:`Hours` at an aware instant: state, next change and a person-readable label.

All arithmetic is on real instants (UTC): an interval is placed on its local date as wall-clock
times in the zone, then converted, so 09:00-17:00 is 8 h on a DST day and an overnight
19:00-07:00 is 11 h or 13 h across the change. Partial records never say 'closed': what we
did not understand could be an opening, so a closed reading becomes 'unknown'.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, tzinfo

import holidays

from resources.geo.tz import resolve_tz

from ._osm_rules import Unsupported
from .calendar import holiday_calendar
from .model import SCOPE_OFFICE, Hours, ParseStatus, describe_labelled
from .parse_osm import needs_point, osm_day_spans, says_unknown
from .sun import Point

_NEAR_DAYS = 9
_FAR_DAYS = 400
_HORIZONS = (_NEAR_DAYS, 40, 120, _FAR_DAYS)


@dataclass(frozen=True)
class Status:
    """The answer for one record at one instant."""

    state: str  # "open" | "closed" | "unknown"
    next_change: datetime | None
    label: str
    closing_soon: bool = False
    # the value's other labelled schedules, for people ('office: Mo-Fr 09:00-17:00',
    # 'phone line (hotline): 24 hours daily'): never part of the state
    also: tuple[str, ...] = ()


__all__ = ["Status", "concrete_intervals", "evaluate", "holiday_calendar", "open_on_arrival",
           "unclear_intervals", "when_text"]


def concrete_intervals(
    hours: Hours,
    tz: tzinfo,
    first: date,
    last: date,
    country: str = "US",
    subdiv: str | None = None,
    point: Point | None = None,
) -> list[tuple[datetime, datetime]]:
    """Merged open intervals (UTC) for intervals starting on local dates first..last.

    ``point`` (lat, lon) is needed for OSM sun times: without it such a value raises
    :class:`Unsupported` (its hours are unknown; see :func:`needs_point`)."""
    point = _point(point)
    if hours.osm_expr:
        return _merged_over(first, last, tz, lambda d: osm_day_spans(
            hours, d, tz, point, country, subdiv))
    by_holiday = hours.closed_on_holidays or hours.holiday_intervals is not None
    cal = holiday_calendar(country, subdiv) if by_holiday else None
    return _merged_over(first, last, tz, lambda d: _day_spans(hours, d, cal))


def unclear_intervals(
    hours: Hours,
    tz: tzinfo,
    first: date,
    last: date,
    country: str = "US",
    subdiv: str | None = None,
    point: Point | None = None,
) -> list[tuple[datetime, datetime]]:
    """Merged intervals (UTC) an OSM value leaves unclear (a comment without ``open``,
    ``unknown``, an open end), for local dates first..last; [] for any other value."""
    if not says_unknown(hours):
        return []
    point = _point(point)
    return _merged_over(first, last, tz, lambda d: osm_day_spans(
        hours, d, tz, point, country, subdiv, state="unknown"))


def _merged_over(first: date, last: date, tz: tzinfo,
                 day_spans: Callable[[date], list[tuple[int, int]]],
                 ) -> list[tuple[datetime, datetime]]:
    """Each local date's (start, end) minutes from ``day_spans``, as merged UTC intervals."""
    spans: list[tuple[datetime, datetime]] = []
    d = first
    while d <= last:
        spans += [(_at(d, s, tz), _at(d, e, tz)) for s, e in day_spans(d)]
        d += timedelta(days=1)
    return _merge(spans)


def _day_spans(hours: Hours, d: date, cal: holidays.HolidayBase | None) -> list[tuple[int, int]]:
    if hours.valid_from and d < hours.valid_from or hours.valid_to and d > hours.valid_to:
        return []
    for exc in hours.exceptions:
        if exc.covers(d):
            return list(exc.intervals)
    if cal is not None and d in cal:
        return list(hours.holiday_intervals or ())
    return [(iv.start, iv.end) for iv in hours.intervals if iv.applies_on(d)]


def _at(d: date, minutes: int, tz: tzinfo) -> datetime:
    day = d + timedelta(days=minutes // 1440)
    m = minutes % 1440
    local = datetime(day.year, day.month, day.day, m // 60, m % 60, tzinfo=tz)
    return local.astimezone(UTC)


def _merge(spans: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    out: list[tuple[datetime, datetime]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def evaluate(
    hours: Hours,
    at: datetime,
    tz: object = None,
    *,
    soon_minutes: int = 30,
    country: str = "US",
    subdiv: str | None = None,
    point: Point | None = None,
) -> Status:
    """State of ``hours`` at the aware instant ``at`` (zone: ``tz`` or ``hours.timezone``;
    ``point`` = the service's (lat, lon), for hours that follow the sun)."""
    st = _evaluate(hours, at, tz, soon_minutes, country, subdiv, _point(point))
    return replace(st, also=describe_labelled(hours)) if hours.labelled else st


def _evaluate(
    hours: Hours,
    at: datetime,
    tz: object,
    soon_minutes: int,
    country: str,
    subdiv: str | None,
    point: Point | None,
) -> Status:
    if at.tzinfo is None:
        return Status("unknown", None, "Time of day unknown — call")
    if hours.status is ParseStatus.UNKNOWN or not (hours.intervals or hours.osm_expr):
        label = "By appointment" if hours.appointment_only else "Hours not listed — call"
        return Status("unknown", None, label)
    zone = resolve_tz(hours.timezone) or resolve_tz(tz)
    if zone is None:
        return Status("unknown", None, "Time zone unknown — call")
    if point is None and needs_point(hours):
        return Status("unknown", None, "Hours follow sunrise/sunset, place unknown — call")
    try:
        state, change = _state(hours, at, zone, country, subdiv, point)
        unclear = _unclear_near(hours, at, zone, country, subdiv, point)
    except Unsupported:  # no sun time that day at that point
        return Status("unknown", None, "Hours not listed — call")
    if unclear is not None:
        return _finish_unclear(hours, state, change, unclear, at, zone, soon_minutes)
    return _finish(hours, state, change, at, zone, soon_minutes)


def _unclear_near(hours: Hours, at: datetime, zone: tzinfo, country: str,
                  subdiv: str | None, point: Point | None
                  ) -> list[tuple[datetime, datetime]] | None:
    """The unclear intervals around ``at`` (the next 9 days) of a value that has some, else
    None."""
    if not says_unknown(hours):
        return None
    day = at.astimezone(zone).date()
    return unclear_intervals(hours, zone, day - timedelta(days=2), day + timedelta(days=_NEAR_DAYS),
                             country, subdiv, point)


def _finish_unclear(hours: Hours, state: str, change: datetime | None,
                    unclear: list[tuple[datetime, datetime]], at: datetime, zone: tzinfo,
                    soon: int) -> Status:
    """An OSM value with unclear times, per instant as the reference: unknown inside them
    ('Hours unclear — call ("by appointment")'), open or closed outside, saying when the
    next unclear time starts."""
    t = at.astimezone(UTC)
    note = _comment_of(hours)
    for s, e in unclear:
        if s <= t < e:
            return Status("unknown", e, f"Hours unclear — call{note}")
    nxt = next((s for s, _ in unclear if s > t), None)
    if state == "open":
        st = _open(change, at, zone, soon)
        if change is not None and nxt == change:
            return replace(st, label=f"Open · until {_when(change, at, zone)}, then unclear"
                                     f" — call{note}")
        return st
    if nxt is not None and (change is None or nxt < change):
        return Status("closed", nxt, f"Closed · unclear from {_when(nxt, at, zone)} — call{note}")
    return _finish(hours, state, change, at, zone, soon)


def _comment_of(hours: Hours) -> str:
    """' ("by appointment")' when the value's unclear times carry one comment."""
    comments = {u for u in hours.unparsed if u.startswith("comment: ")}
    if len(comments) != 1:
        return ""
    return f" ({comments.pop().removeprefix('comment: ')})"


def _point(point: object) -> Point | None:
    """(lat, lon) as floats, or None for a missing or invalid point."""
    try:
        lat, lon = (float(v) for v in point)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return None
    ok = -90 <= lat <= 90 and -180 <= lon <= 180  # NaN fails both
    return (lat, lon) if ok else None


def _state(
    hours: Hours, at: datetime, zone: tzinfo, country: str, subdiv: str | None,
    point: Point | None = None,
) -> tuple[str, datetime | None]:
    if hours.is_24_7 and hours.valid_from is None and hours.valid_to is None:
        return "open", None  # what the 400-day walk below finds, without walking it
    local_day = at.astimezone(zone).date()
    t = at.astimezone(UTC)
    spans: list[tuple[datetime, datetime]] = []
    first = local_day - timedelta(days=2)
    # the days ahead in growing steps, each computed once: most records answer within the
    # first 9 days; a seasonal or holiday-only one may look ~400 days ahead
    for horizon in _HORIZONS:
        last = local_day + timedelta(days=horizon)
        spans = _merge(spans + concrete_intervals(hours, zone, first, last, country, subdiv,
                                                  point))
        first = last + timedelta(days=1)
        edge = _at(local_day + timedelta(days=horizon - 1), 0, zone)
        for s, e in spans:
            if s <= t < e:
                if e < edge:
                    return "open", e
                break
            if s > t:
                return "closed", s
        else:
            continue
        if horizon == _FAR_DAYS:
            return "open", None
    return ("closed", None)


def _finish(
    hours: Hours, state: str, change: datetime | None, at: datetime, zone: tzinfo, soon: int
) -> Status:
    st = _finish_plain(hours, state, change, at, zone, soon)
    what = [n.removeprefix("for: ") for n in hours.notes if n.startswith("for: ")]
    if what and st.state != "unknown":
        return Status(st.state, st.next_change, f"{st.label} ({what[0]})", st.closing_soon)
    return st


def _finish_plain(
    hours: Hours, state: str, change: datetime | None, at: datetime, zone: tzinfo, soon: int
) -> Status:
    if hours.scope == SCOPE_OFFICE:
        return _finish_office(state, change, at, zone, soon)
    if state == "closed" and hours.status is ParseStatus.PARTIAL and not says_unknown(hours):
        # what was not understood could be an opening (an OSM value's unclear times are
        # known, and evaluated per instant: _finish_unclear)
        return Status("unknown", None, "Hours unclear — call")
    if state == "open":
        return _open(change, at, zone, soon)
    if change is None:
        # no opening within the ~400 days looked at: a seasonal record is out of season
        seasonal = any(iv.season for iv in hours.intervals)
        return Status("closed", None, "Closed for the season" if seasonal else "Closed")
    return Status("closed", change, f"Opens {_when(change, at, zone)}")


def _open(
    change: datetime | None, at: datetime, zone: tzinfo, soon: int, who: str = ""
) -> Status:
    """An open status: 'Open 24 hours', 'Closing in 12 min', 'Open · closes 5 PM' (with
    ``who`` = 'Office ': 'Office open · closes 5 PM')."""
    def say(text: str) -> str:
        return who + (text[0].lower() + text[1:] if who else text)

    if change is None:
        return Status("open", None, say("Open 24 hours"))
    left = (change - at.astimezone(UTC)).total_seconds() / 60
    if left <= soon:
        return Status("open", change, say(f"Closing in {max(1, round(left))} min"), True)
    return Status("open", change, say(f"Open · closes {_when(change, at, zone)}"))


def _finish_office(
    state: str, change: datetime | None, at: datetime, zone: tzinfo, soon: int
) -> Status:
    """Only the office's hours are listed: within them the agency can be reached ('open',
    'Office open · closes 5 PM'); outside them the service's own state is unknown."""
    if state == "open":
        return _open(change, at, zone, soon, who="Office ")
    opens = f" · opens {_when(change, at, zone)}" if change is not None else ""
    return Status("unknown", change, f"Office closed{opens} — service hours not listed, call")


def when_text(t: datetime, now: datetime, zone: tzinfo) -> str:
    """The time words a label uses for ``t`` seen at ``now``: '5 PM' (today), 'Sat 8 PM'
    (within a week), 'Dec 19 8 PM' (later)."""
    return _when(t, now, zone)


def _when(t: datetime, now: datetime, zone: tzinfo) -> str:
    local, today = t.astimezone(zone), now.astimezone(zone).date()
    clock = local.strftime("%I:%M %p").lstrip("0").replace(":00 ", " ")
    if local.date() == today:
        return clock
    if (local.date() - today).days < 7:
        return f"{local.strftime('%a')} {clock}"
    return f"{local.strftime('%b')} {local.day} {clock}"


def open_on_arrival(
    hours: Hours,
    arrival: datetime,
    tz: object = None,
    *,
    min_open_minutes: int = 15,
    country: str = "US",
    subdiv: str | None = None,
    point: Point | None = None,
) -> Status:
    """Will it be open when the person arrives, with at least ``min_open_minutes`` left?"""
    st = evaluate(hours, arrival, tz, soon_minutes=min_open_minutes, country=country,
                  subdiv=subdiv, point=point)
    if st.state == "open" and st.closing_soon:
        return Status("closed", st.next_change, f"Closes before you can be seen ({st.label})")
    return st
