"""OSM ``opening_hours`` rules (parsed by ``_osm_parse``), evaluated day by day.

Semantics as opening_hours.js (the reference implementation):

* rules separated by ``;`` are *normal* rules: a later one that matches a day replaces what
  earlier rules said for that whole day, the part after midnight of the previous day's
  opening included (``Fr 22:00-02:00; Sa 10:00-12:00`` is closed on Saturday 00:30);
* ``,`` between rules adds an *additional* rule (``Mo-Fr 10:00-20:00, We 12:00-14:00 off``
  only cuts 12-14 out); ``||`` a *fallback* rule for the times the rules before leave
  closed (``Fr 08:00-12:00 || Fr 12:00-16:00 open`` is open at 12:00);
* selectors intersect: ``2015 Mo`` = Mondays of 2015; ``PH We,Fr`` = public holidays that fall
  on a Wednesday or Friday; ``PH -1 day Mo-We`` = the day before a holiday when that day is
  Monday to Wednesday; ``PH,Su`` (a comma) is the union;
* a rule with a comment and no ``open``/``off`` says *unknown*, as do ``unknown`` and the
  time after an open end (``17:00+``).

What is not read here (school holidays, periodic times, points in time, date steps) raises
:class:`Unsupported` in the parser: the value is then unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

OPEN, CLOSED, UNKNOWN = "open", "closed", "unknown"
Segment = tuple[int, int, str]  # (start, end, state): minutes of one local day, start < end


class Unsupported(ValueError):
    """Syntax we do not evaluate (the value stays unknown)."""


@dataclass(frozen=True)
class TimePoint:
    minute: int = 0
    sun: str | None = None  # sunrise | sunset | dawn | dusk (+ minute as offset)


@dataclass(frozen=True)
class DatePoint:
    """A day of a year: ``Dec 24``, ``easter``, ``Jan Su[2]`` (the 2nd Sunday of January),
    each with a day offset (``easter -2 days``) and, if written, its own year."""

    month: int = 0
    day: int = 0  # 0 with ``wd`` for an nth weekday; 0 without for the month's first/last day
    wd: int | None = None
    nth: int = 0
    easter: bool = False
    offset: int = 0
    year: int | None = None
    last: bool = False  # a bare month as a range end: its last day

    def on(self, year: int) -> date | None:
        y = self.year or year
        base: date | None
        if self.easter:
            base = _easter(y)
        elif self.wd is not None:
            base = _nth_weekday(y, self.month, self.wd, self.nth)
            if base is None:
                return None
        elif self.day:
            if self.day > _month_len(date(y, self.month, 1)):
                return None
            base = date(y, self.month, self.day)
        else:
            first = date(y, self.month, 1)
            base = first.replace(day=_month_len(first)) if self.last else first
        return base + timedelta(days=self.offset)


def _easter(year: int) -> date:
    # western Easter, as the reference's "easter"
    from dateutil.easter import easter  # type: ignore[import-untyped]

    return easter(year)


def _nth_weekday(year: int, month: int, wd: int, nth: int) -> date | None:
    first = date(year, month, 1)
    if nth > 0:
        d = first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (nth - 1))
        return d if d.month == month else None
    last = first.replace(day=_month_len(first))
    d = last - timedelta(days=(last.weekday() - wd) % 7 + 7 * (-nth - 1))
    return d if d.month == month else None


def _in_dates(d: date, a: DatePoint, b: DatePoint, step: int = 1) -> bool:
    """Both ends are placed in ``d``'s year (or their own); an end before the start wraps
    the year (Dec 24-Jan 02, easter-Apr 02 in a year Easter is later), as the reference.
    ``step``: every n-th day from the start (``Jan 01-31/8``)."""
    year = a.year or d.year
    start, end = a.on(year), b.on(b.year or year)
    if start is None or end is None:
        return False
    if end < start and not (a.year or b.year):
        if d <= end:  # the part of last year's range in this year
            start = a.on(year - 1) or start
            return (d - start).days % step == 0
        return d >= start and (d - start).days % step == 0
    return start <= d <= end and (d - start).days % step == 0


@dataclass(frozen=True)
class Rule:
    kind: str = "normal"  # normal | additional | fallback
    years: tuple[tuple[int, int, int], ...] = ()  # (first, last, step)
    dates: tuple[tuple[DatePoint, DatePoint, int], ...] = ()  # ranges (a == b: a day), step
    weeks: tuple[tuple[int, int, int], ...] = ()
    holidays: tuple[int, ...] = ()  # day offsets of PH (0, +1, -1)
    weekdays: tuple[tuple[int, tuple[int, ...], int], ...] = ()  # (weekday, nth, day offset)
    intersect: bool = False  # holidays AND weekdays (PH We) rather than OR (PH,We)
    times: tuple[tuple[TimePoint, TimePoint], ...] = ()
    state: str = OPEN
    comment: str | None = None
    # the unknown after an open end of the rule before it yields to these spans of that rule,
    # listed after the open end ("07:00+,12:00-16:00": open 12-16)
    yields: tuple[tuple[TimePoint, TimePoint], ...] = ()

    @property
    def has_date(self) -> bool:
        """Any selector of days (years, dates, weeks, holidays, weekdays)?"""
        return bool(self.years or self.dates or self.weeks or self.holidays or self.weekdays)

    @property
    def uses_sun(self) -> bool:
        return any(p.sun for span in self.times for p in span)

    def matches(self, d: date, is_holiday: Callable[[date], bool]) -> bool:
        if self.years and not any(a <= d.year <= b and (d.year - a) % s == 0
                                  for a, b, s in self.years):
            return False
        if self.dates and not any(_in_dates(d, a, b, n) for a, b, n in self.dates):
            return False
        if self.weeks:
            wk = d.isocalendar()[1]
            if not any(a <= wk <= b and (wk - a) % s == 0 for a, b, s in self.weeks):
                return False
        return self._day_matches(d, is_holiday)

    def _day_matches(self, d: date, is_holiday: Callable[[date], bool]) -> bool:
        hol = any(is_holiday(d - timedelta(days=off)) for off in self.holidays)
        wd = any(_weekday_ok(d - timedelta(days=off), w, nth) for w, nth, off in self.weekdays)
        if self.holidays and self.weekdays:
            return hol and wd if self.intersect else hol or wd
        if self.holidays:
            return hol
        return wd if self.weekdays else True


def _weekday_ok(d: date, wd: int, nth: tuple[int, ...]) -> bool:
    return d.weekday() == wd and (not nth or _nth_ok(d, nth))


def _nth_ok(d: date, nth: tuple[int, ...]) -> bool:
    first = (d.day - 1) // 7 + 1
    last = -((_month_len(d) - d.day) // 7 + 1)
    return first in nth or last in nth


def _month_len(d: date) -> int:
    nxt = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day


@dataclass(frozen=True)
class Program:
    rules: tuple[Rule, ...]
    uses_sun: bool = field(default=False)
    says_unknown: bool = field(default=False)


# ------------------------------------------------------------------------------ evaluation
SunAt = Callable[[str, date], int | None]


def day_segments(program: Program, d: date, is_holiday: Callable[[date], bool],
                 sun_at: SunAt | None) -> list[Segment]:
    """Open / unknown segments of local date ``d`` (closed is the absence of a segment)."""
    segs: list[Segment] = []
    for k, rule in enumerate(program.rules):
        own, spans = _rule_spans(rule, d, is_holiday, sun_at)
        if not spans and not own:
            continue
        if own and _replaces_day(rule, program.rules[k - 1] if k else None):
            segs = []
        if rule.yields:  # an open end, before other spans of its rule
            _, later = _rule_spans(replace(rule, times=rule.yields), d, is_holiday, sun_at)
            taken = [(s, e, OPEN) for s, e in sorted(later)]
            spans = [g for s, e in spans for g in _gaps(taken, s, e)]
        for s, e in spans:
            if rule.kind == "fallback":  # only where the rules before say nothing
                for gs, ge in _gaps(segs, s, e):
                    segs = _overlay(segs, gs, ge, rule.state)
            else:
                segs = _overlay(segs, s, e, rule.state)
    return segs


def _rule_spans(rule: Rule, d: date, is_holiday: Callable[[date], bool],
                sun_at: SunAt | None) -> tuple[bool, list[tuple[int, int]]]:
    """Does the rule match ``d``; its spans on ``d``, with the part after midnight of its
    spans of the day before."""
    own = rule.matches(d, is_holiday)
    spill = _spans(rule, d - timedelta(days=1), sun_at, spill=True) \
        if rule.matches(d - timedelta(days=1), is_holiday) else []
    mine = _spans(rule, d, sun_at, spill=False) if own else []
    return own, mine + spill


def _replaces_day(rule: Rule, before: Rule | None) -> bool:
    """Does a normal rule that matches a day replace what the rules before said for it? As
    the reference: an open or unknown rule with a day selector does (``Mo-Fr 10:00-20:00; We
    10:00-16:00``); ``off`` only cuts out its times (``10:00-14:00; 12:00-14:00 off``); a rule
    without day selectors only when it is open and follows another without
    (``10:00-12:00; 14:00-16:00``), so ``open; 00:23-00:42 unknown`` is open at 03:00."""
    if rule.kind != "normal" or rule.state == CLOSED:
        return False
    if rule.has_date:
        return True
    return rule.state == OPEN and before is not None and not before.has_date


def _spans(rule: Rule, d: date, sun_at: SunAt | None, spill: bool) -> list[tuple[int, int]]:
    """The rule's spans on ``d`` within that day, or (``spill``) their part after midnight,
    shifted to the next day."""
    out = []
    for a, b in rule.times or ((TimePoint(0), TimePoint(1440)),):
        s, e = _minute(a, d, sun_at), _minute(b, d, sun_at)
        if e <= s:
            mixed = (a.sun is None) != (b.sun is None)
            if e == s or mixed and not _overnight(a, b):
                # "sunrise-06:00" on a day the sun rises after 6: the reference's answers
                # are not a night opening either; equal ends ("16-16") say nothing. A night
                # whatever the season ("19:00-sunrise", "sunset-07:22") is read.
                raise Unsupported("a sun time range that ends before it starts")
            e += 1440
        if spill:
            if e > 1440:
                out.append((max(s, 1440) - 1440, min(e, 2880) - 1440))
        elif s < 1440:
            out.append((s, min(e, 1440)))
    return [(s, e) for s, e in out if e > s]


def _overnight(a: TimePoint, b: TimePoint) -> bool:
    """A range from an evening (a fixed time from noon, sunset, dusk) to a morning (sunrise,
    dawn, a fixed time before noon): it ends the next day whatever the season."""
    evening = a.sun in ("sunset", "dusk") or a.sun is None and a.minute >= 12 * 60
    morning = b.sun in ("sunrise", "dawn") or b.sun is None and b.minute < 12 * 60
    return evening and morning


def _minute(p: TimePoint, d: date, sun_at: SunAt | None) -> int:
    if p.sun is None:
        return p.minute
    at = sun_at(p.sun, d) if sun_at else None
    if at is None:
        raise Unsupported("sun time unknown here")
    return at + p.minute


def _gaps(segs: list[Segment], s: int, e: int) -> list[tuple[int, int]]:
    out, at = [], s
    for a, b, _ in segs:
        if b <= at or a >= e:
            continue
        if a > at:
            out.append((at, a))
        at = max(at, b)
    if at < e:
        out.append((at, e))
    return out


def _overlay(segs: list[Segment], s: int, e: int, state: str) -> list[Segment]:
    out: list[Segment] = []
    for a, b, st in segs:
        if b <= s or a >= e:
            out.append((a, b, st))
            continue
        if a < s:
            out.append((a, s, st))
        if b > e:
            out.append((e, b, st))
    if state != CLOSED:
        out.append((s, e, state))
    return sorted(out)
