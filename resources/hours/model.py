"""The normalized opening-hours representation shared by every parser.

A schedule is a set of weekly intervals in the service's *local* wall time, plus dated
exceptions (closures or special hours), seasons, validity windows and the original text.
Minutes are counted from local midnight: ``start`` in 0..1439, ``end`` in ``start+1..2880``;
an ``end`` past 1440 is an overnight interval that closes on the next local day (19:00-07:00
is ``start=1140, end=1860``). A whole day is ``0..1440``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum

DAY_CODES: tuple[str, ...] = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MINUTES_PER_DAY = 1440
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY


class ParseStatus(str, Enum):
    """How much of a value was understood."""

    PARSED = "parsed"
    PARTIAL = "partial"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Season:
    """A yearly recurring date range (month, day) .. (month, day), inclusive; may wrap the year."""

    start_month: int
    start_day: int
    end_month: int
    end_day: int

    def contains(self, d: date) -> bool:
        key = (d.month, d.day)
        lo = (self.start_month, self.start_day)
        hi = (self.end_month, self.end_day)
        return lo <= key <= hi if lo <= hi else (key >= lo or key <= hi)


@dataclass(frozen=True)
class WeeklyInterval:
    """Open on local weekday ``day`` (0 = Monday) from ``start`` to ``end`` minutes.

    Optional qualifiers restrict which weeks the interval applies to: ``nth`` (ordinal weekday
    of the month, 1..5 or -1 = last), ``every_weeks``/``anchor`` (fortnightly etc. counted from
    the anchor date's week), a ``season`` and a validity window on the local start date.
    """

    day: int
    start: int
    end: int
    nth: tuple[int, ...] = ()
    monthdays: tuple[int, ...] = ()
    every_weeks: int = 1
    anchor: date | None = None
    season: Season | None = None
    valid_from: date | None = None
    valid_to: date | None = None

    @property
    def is_plain(self) -> bool:
        """True when the interval repeats every week with no qualifier (SQL-expressible as is)."""
        return (
            not self.nth
            and not self.monthdays
            and self.every_weeks == 1
            and self.season is None
            and self.valid_from is None
            and self.valid_to is None
        )

    def applies_on(self, d: date) -> bool:
        """Whether this interval starts on local date ``d``."""
        if d.weekday() != self.day:
            return False
        if self.valid_from and d < self.valid_from:
            return False
        if self.valid_to and d > self.valid_to:
            return False
        if self.season and not self.season.contains(d):
            return False
        if self.every_weeks > 1 and self.anchor is not None:
            weeks = (d - self.anchor).days // 7
            if weeks < 0 or weeks % self.every_weeks:
                return False
        if self.monthdays and not _monthday_matches(d, self.monthdays):
            return False
        return not self.nth or _nth_matches(d, self.nth)


def seasons_conflict(intervals: tuple[WeeklyInterval, ...] | list[WeeklyInterval]) -> bool:
    """Hours of one weekday in a season and other hours of that weekday on dates that season
    shares ('Mon-Fri 9-5; June - August: Mon-Fri 8-4'): do the summer hours replace the others
    or add to them? Either reading is a guess, so the value is not read."""
    by_day: dict[tuple[object, ...], dict[Season | None, set[tuple[int, int]]]] = {}
    for iv in intervals:
        key = (iv.day, iv.nth, iv.monthdays, iv.every_weeks, iv.anchor)
        by_day.setdefault(key, {}).setdefault(iv.season, set()).add((iv.start, iv.end))
    for groups in by_day.values():
        seasons = list(groups)
        for a, sa in enumerate(seasons):
            for sb in seasons[a + 1 :]:
                if groups[sa] != groups[sb] and _seasons_meet(sa, sb):
                    return True
    return False


def _seasons_meet(a: Season | None, b: Season | None) -> bool:
    if a is None or b is None:
        return True
    d = date(2024, 1, 1)  # a leap year: February 29 counts
    while d.year == 2024:
        if a.contains(d) and b.contains(d):
            return True
        d = date.fromordinal(d.toordinal() + 1)
    return False


def _monthday_matches(d: date, monthdays: tuple[int, ...]) -> bool:
    last = _days_in_month(d)
    return any(d.day == (m if m > 0 else last + 1 + m) for m in monthdays)


def _nth_matches(d: date, nth: tuple[int, ...]) -> bool:
    ordinal = (d.day - 1) // 7 + 1
    days_left = _days_in_month(d) - d.day
    return ordinal in nth or (-1 in nth and days_left < 7)


def _days_in_month(d: date) -> int:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return (nxt - date(d.year, d.month, 1)).days


@dataclass(frozen=True)
class DatedException:
    """Closed (``intervals`` empty) or special hours on local dates ``start``..``end`` inclusive.

    ``yearly`` exceptions ignore the year (HSDS 1.x placeholder year 0001 = every year).
    """

    start: date
    end: date
    intervals: tuple[tuple[int, int], ...] = ()
    yearly: bool = False

    @property
    def closed(self) -> bool:
        return not self.intervals

    def covers(self, d: date) -> bool:
        if not self.yearly:
            return self.start <= d <= self.end
        return Season(self.start.month, self.start.day, self.end.month, self.end.day).contains(d)


# Roles of a labelled schedule (see :class:`LabelledHours`).
ROLE_OFFICE = "office"  # an office/administration/business: not the service's own door
ROLE_PHONE = "phone"  # a staffed line: hotline, helpline, crisis line, toll-free number
ROLE_MACHINE = "machine"  # no person: voicemail, answering machine/service, recorded info
ROLE_SERVICE = "service"  # a named service, program or part of one ('Intake', 'Kitchen')
ROLE_GENERAL = "general"  # an unlabelled schedule next to a named one (the agency's hours)
ROLE_ONLINE = "online"  # a web site or online access: no door, no person ("access via website")


@dataclass(frozen=True)
class LabelledHours:
    """One more schedule of the same value, read and kept with its label.

    A free-text value often lists several schedules ('Office: 9-5 M-F; Program: Open 24
    hours', '9-5 M-F; Hotline 24 hours'). :attr:`Hours.intervals` holds the one that says when
    a person can walk in or call the service; every other schedule is kept here, never used
    for open/closed, and shown next to the status (:func:`describe_labelled`).
    """

    label: str
    role: str
    intervals: tuple[WeeklyInterval, ...]


# What the intervals of an Hours describe (Hours.scope).
SCOPE_SERVICE = "service"  # the service's own hours: outside them it is closed
SCOPE_OFFICE = "office"  # only its office's hours: outside them the service's state is unknown


@dataclass(frozen=True)
class Hours:
    """One record's hours: what was understood, what was not, and the source text.

    ``scope`` says what ``intervals`` describe: the service itself (default), or only its
    office/administration (the service's own hours are not listed: evaluated like a partial
    record, so outside the office hours it is 'unknown', never 'closed'). ``labelled`` keeps
    the value's other schedules with their labels (office, phone line, ...).
    """

    status: ParseStatus
    intervals: tuple[WeeklyInterval, ...] = ()
    exceptions: tuple[DatedException, ...] = ()
    closed_on_holidays: bool = False
    appointment_only: bool = False
    by_appointment_also: bool = False
    valid_from: date | None = None
    valid_to: date | None = None
    unparsed: tuple[str, ...] = ()
    source: str = ""
    source_format: str = "text"
    timezone: str | None = None
    osm_expr: str | None = None
    notes: tuple[str, ...] = field(default=())
    scope: str = SCOPE_SERVICE
    # hours on public holidays instead of the weekday's ('9:00 am - 4:00 pm, Saturday, Sunday,
    # & Holidays'): (start, end) minutes like an interval's; None = holidays are plain days
    holiday_intervals: tuple[tuple[int, int], ...] | None = None
    labelled: tuple[LabelledHours, ...] = ()

    @property
    def is_24_7(self) -> bool:
        days = {iv.day for iv in self.intervals if iv.is_plain and iv.start == 0 and iv.end >= 1440}
        return (
            len(days) == 7
            and not self.exceptions
            and not self.closed_on_holidays
            and self.holiday_intervals is None
        )


def unknown(source: str, fmt: str, reason: str, appointment_only: bool = False) -> Hours:
    """An Hours we cannot read: evaluation says 'unknown', never 'closed'."""
    return Hours(
        status=ParseStatus.UNKNOWN,
        unparsed=(reason,) if reason else (),
        source=source,
        source_format=fmt,
        appointment_only=appointment_only,
    )


def fmt_minutes(m: int) -> str:
    """Minutes since local midnight (any day) as ``HH:MM``; 1440 prints as ``24:00``."""
    if m == MINUTES_PER_DAY:
        return "24:00"
    m %= MINUTES_PER_DAY
    return f"{m // 60:02d}:{m % 60:02d}"


def intervals_as_dicts(hours: Hours) -> list[dict[str, str]]:
    """The JSON shape: ``{"day": "Mo", "opens": "09:00", "closes": "17:00"}`` (+ qualifiers)."""
    out: list[dict[str, str]] = []
    for iv in sorted(hours.intervals, key=lambda i: (i.day, i.start, i.end)):
        row = {
            "day": DAY_CODES[iv.day],
            "opens": fmt_minutes(iv.start),
            "closes": fmt_minutes(iv.end),
        }
        if iv.nth:
            row["nth"] = ",".join(str(n) for n in iv.nth)
        if iv.monthdays:
            row["monthdays"] = ",".join(str(n) for n in iv.monthdays)
        if iv.every_weeks > 1:
            row["every_weeks"] = str(iv.every_weeks)
        if iv.season:
            s = iv.season
            row["season"] = (
                f"{s.start_month:02d}-{s.start_day:02d}..{s.end_month:02d}-{s.end_day:02d}"
            )
        if iv.valid_from:
            row["valid_from"] = iv.valid_from.isoformat()
        if iv.valid_to:
            row["valid_to"] = iv.valid_to.isoformat()
        out.append(row)
    return out


def fmt_intervals(intervals: tuple[WeeklyInterval, ...]) -> str:
    """Weekly intervals for people: 'Mo-Fr 09:00-17:00, Sa 10:00-14:00', '24 hours daily',
    'Mo-Fr 09:00-15:00 (Jul 1-Aug 31)', 'We 12:30-15:00 (2nd of the month)'."""
    if (
        intervals
        and all(iv.start == 0 and iv.end >= MINUTES_PER_DAY and iv.is_plain for iv in intervals)
        and {iv.day for iv in intervals} == set(range(7))
    ):
        return "24 hours daily"
    by_qualifier: dict[str, list[WeeklyInterval]] = {}
    for iv in intervals:
        by_qualifier.setdefault(_qualifier(iv), []).append(iv)
    return "; ".join(_fmt_plain(ivs) + (f" ({q})" if q else "")
                     for q, ivs in by_qualifier.items())


def _fmt_plain(intervals: list[WeeklyInterval]) -> str:
    days_of: dict[tuple[tuple[int, int], ...], list[int]] = {}
    per_day: dict[int, list[tuple[int, int]]] = {}
    for iv in intervals:
        per_day.setdefault(iv.day, []).append((iv.start, iv.end))
    for day, day_spans in sorted(per_day.items()):
        days_of.setdefault(tuple(sorted(set(day_spans))), []).append(day)
    parts = []
    for spans, days in days_of.items():
        times = ", ".join(
            "24 hours" if (a, b) == (0, MINUTES_PER_DAY) else f"{fmt_minutes(a)}-{fmt_minutes(b)}"
            for a, b in spans
        )
        parts.append(f"{_fmt_days(days)} {times}")
    return "; ".join(parts)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", -1: "last"}


def _qualifier(iv: WeeklyInterval) -> str:
    """Which weeks an interval applies to, in words ('' when every week)."""
    parts = []
    if iv.season:
        s = iv.season
        parts.append(f"{_MONTHS[s.start_month - 1]} {s.start_day}-"
                     f"{_MONTHS[s.end_month - 1]} {s.end_day}")
    if iv.nth:
        parts.append(" & ".join(_ORDINALS.get(n, str(n)) for n in iv.nth) + " of the month")
    if iv.monthdays:
        parts.append("days " + ", ".join(str(d) for d in iv.monthdays) + " of the month")
    if iv.every_weeks > 1:
        parts.append(f"every {iv.every_weeks} weeks")
    if iv.valid_from:
        parts.append(f"from {iv.valid_from.isoformat()}")
    if iv.valid_to:
        parts.append(f"until {iv.valid_to.isoformat()}")
    return ", ".join(parts)


def _fmt_days(days: list[int]) -> str:
    runs: list[list[int]] = []
    for d in sorted(days):
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    return ",".join(
        DAY_CODES[r[0]]
        if len(r) == 1
        else f"{DAY_CODES[r[0]]}-{DAY_CODES[r[-1]]}"
        if len(r) > 2
        else f"{DAY_CODES[r[0]]},{DAY_CODES[r[1]]}"
        for r in runs
    )


_ROLE_NAMES = {
    ROLE_OFFICE: "office",
    ROLE_PHONE: "phone line",
    ROLE_MACHINE: "recorded line (no person)",
    ROLE_SERVICE: "",
    ROLE_GENERAL: "general hours",
    ROLE_ONLINE: "online",
}


def describe_labelled(hours: Hours) -> tuple[str, ...]:
    """The other schedules of a value as short lines for a result card:
    'office: Mo-Fr 09:00-17:00', 'phone line (hotline): 24 hours daily'."""
    out = []
    for lab in hours.labelled:
        role = _ROLE_NAMES.get(lab.role, "")
        words = lab.label.strip()
        if role and words and words not in role:
            head = f"{role} ({words})"
        else:
            head = role or words or "other hours"
        # a line without hours of its own ('voicemail after business hours'): its words only
        out.append(f"{head}: {fmt_intervals(lab.intervals)}" if lab.intervals else head)
    return tuple(out)
