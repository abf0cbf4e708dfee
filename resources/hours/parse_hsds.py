"""HSDS schedules -> :class:`Hours`: 3.0 ``schedule`` rows, 1.x/2.x regular + holiday
schedules, and LinkSF day-keyed HHMM ``openHours``. Rows that cannot be read are reported in
``unparsed`` (status partial), never guessed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from resources.geo.tz import parse_offset, tz_name

from .model import DatedException, Hours, ParseStatus, WeeklyInterval, unknown

_DAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_DAY_NAMES = {
    n: i
    for i, ns in enumerate(
        [
            "monday mon mo",
            "tuesday tue tues tu",
            "wednesday wed we",
            "thursday thu thur thurs th",
            "friday fri fr",
            "saturday sat sa",
            "sunday sun su",
        ]
    )
    for n in ns.split()
}
_TIME = re.compile(
    r"^\s*(\d{1,2})(?::(\d{2}))?(?::(\d{2})(?:\.\d+)?)?\s*(am|pm|a\.m\.|p\.m\.)?\s*"
    r"(Z|[+-]\d{2}:?\d{2})?\s*$",
    re.I,
)


def _never_raises(fmt: str) -> Callable[[Callable[..., Hours]], Callable[..., Hours]]:
    def wrap(fn: Callable[..., Hours]) -> Callable[..., Hours]:
        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Hours:
            try:
                return fn(*args, **kwargs)
            except Exception as exc:  # a parser reports, it never raises on bad input
                return unknown("", fmt, f"not readable: {exc}")

        return inner

    return wrap


def parse_time(value: object) -> tuple[int, str | None] | None:
    """``09:00:00``, ``9:00am``, ``4:00 PM``, ``3pm``, ``10:00Z``, ``10:00+05:00`` ->
    (minutes, offset-or-None). 23:59 reads as end of day (1440). None if unreadable."""
    if value is None:
        return None
    m = _TIME.match(str(value))
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2) or 0)
    mer = (m.group(4) or "").lower().replace(".", "")
    if mer:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if mer == "pm" else 0)
    if h > 24 or mi > 59 or (h == 24 and mi):
        return None
    minutes = h * 60 + mi
    return (1440 if minutes == 1439 else minutes), m.group(5)


def _span(opens: object, closes: object) -> tuple[int, int, str | None] | None:
    a, b = parse_time(opens), parse_time(closes)
    if a is None or b is None:
        return None
    (s, off_a), (e, off_b) = a, b
    if off_a != off_b or s >= 1440:
        return None
    if s == e == 0:
        return 0, 1440, off_a
    if e <= s:
        if s < 720:  # '9am'-'03:00': a morning opening closing before it opened is a typo
            return None
        e += 1440
    return s, e, off_a


def _date(value: object) -> tuple[date, bool] | None:
    """ISO, ``12/24/2015``, ``12/24/15``, ``January 01, 0001`` -> (date, yearly placeholder)."""
    text = str(value or "").strip()
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%B %d, %Y", "%b %d, %Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            d = datetime.strptime(text[:19] if "T" in text else text, fmt).date()
        except ValueError:
            continue
        return d, d.year < 1900
    m = re.match(r"^([A-Za-z]+ \d{1,2}), 0*(\d{1,4})$", text)
    if m:
        got = _date(f"{m.group(1)}, 2000")
        return (got[0], True) if got else None
    return None


def _blank(v: object) -> bool:
    return v is None or str(v).strip() == "" or str(v).strip().lower() in ("nan", "none", "null")


# A holiday row of a legacy (HSDS 1.x/2.x, Ohana) table, as the loaders store it
# (resources/loaders/_hours_legacy.py): a dated schedule row whose notes keep the original.
# ``notes`` = "start_date=...; end_date=...; closed=...; opens_at=...; closes_at=..."
LEGACY_HOLIDAY_FIELDS = ("start_date", "end_date", "closed", "opens_at", "closes_at")
# A weekly row the source's own hours text contradicts (a legacy schedule's ``original_text``):
# kept for the record, never used for open/closed (the text is, when it reads).
SUPERSEDED = "superseded by the source's hours text"


def superseded(row: Mapping[str, object]) -> bool:
    return str(row.get("notes") or "").startswith(SUPERSEDED)


_LEGACY_HOLIDAY = re.compile(
    "^" + "; ".join(f"{f}=(?P<{f}>[^;]*)" for f in LEGACY_HOLIDAY_FIELDS) + "$"
)


def _legacy_holiday(row: Mapping[str, object]) -> dict[str, str] | None:
    if not (_blank(row.get("freq")) and _blank(row.get("byday"))):
        return None
    m = _LEGACY_HOLIDAY.match(str(row.get("notes") or "").strip())
    return m.groupdict() if m else None


def _closed_day(row: Mapping[str, object]) -> bool:
    """A weekday row without times whose description says "closed" (a legacy regular
    schedule's blank row, ILAO's "Sunday: Closed"): no opening that day, nothing unread."""
    return (
        _blank(row.get("opens_at"))
        and _blank(row.get("closes_at"))
        and str(row.get("description") or "").strip().lower() == "closed"
        and _byday(row.get("byday"), str(row.get("freq") or "WEEKLY").strip().upper()) is not None
    )


@_never_raises("hsds3")
def parse_hsds3(rows: Iterable[Mapping[str, object]]) -> Hours:
    """HSDS 3.0 ``schedule`` rows of one service/location (split shifts = several rows).

    Rows the legacy loaders wrote are read as the legacy tables meant them: a holiday row is
    a closure or special hours on its dates (as :func:`parse_hsds1` reads it), a weekday row
    described "closed" is a closed day."""
    rows = list(rows)
    intervals: list[WeeklyInterval] = []
    problems: list[str] = []
    zones: set[str] = set()
    holidays: list[dict[str, str]] = []
    for i, row in enumerate(rows):
        legacy = _legacy_holiday(row)
        if legacy is not None:
            holidays.append(legacy)
            continue
        if _closed_day(row):
            continue
        got = _hsds3_row(row, problems, i)
        if got is None:
            continue
        ivs, zone = got
        intervals += ivs
        if zone:
            zones.add(zone)
    exceptions = tuple(_holidays(holidays, problems))
    source = "; ".join(str(r.get("description") or "") for r in rows if r.get("description"))
    return _finish(intervals, problems, zones, source, "hsds3", exceptions)


def _hsds3_row(
    row: Mapping[str, object], problems: list[str], i: int
) -> tuple[list[WeeklyInterval], str | None] | None:
    freq = str(row.get("freq") or "WEEKLY").strip().upper()
    span = _span(row.get("opens_at"), row.get("closes_at"))
    if span is None:
        problems.append(f"row {i}: opens_at/closes_at not readable")
        return None
    for unsupported in ("byweekno", "byyearday"):
        if not _blank(row.get(unsupported)):
            problems.append(f"row {i}: {unsupported} not supported")
            return None
    s, e, off = span
    zone = tz_name(parse_offset(off.replace("Z", "+00:00"))) if off else None
    zone = zone or tz_name(parse_offset(row.get("timezone")))
    days = _byday(row.get("byday"), freq)
    if days is None or freq not in ("WEEKLY", "MONTHLY", "DAILY"):
        problems.append(f"row {i}: freq/byday not supported")
        return None
    monthdays = tuple(int(x) for x in re.findall(r"-?\d+", str(row.get("bymonthday") or "")))
    if monthdays and freq != "MONTHLY":
        problems.append(f"row {i}: bymonthday outside MONTHLY")
        return None
    if monthdays and days == [(d, ()) for d in range(7)] and _blank(row.get("byday")):
        days = [(d, ()) for d in range(7)]
    every, anchor, vfrom, vto = _recurrence(row, days, monthdays)
    ivs = [
        WeeklyInterval(
            d,
            s,
            e,
            nth=nth,
            monthdays=monthdays,
            every_weeks=every,
            anchor=anchor,
            valid_from=vfrom,
            valid_to=vto,
        )
        for d, nth in days
    ]
    return ivs, zone


def _byday(value: object, freq: str) -> list[tuple[int, tuple[int, ...]]] | None:
    if _blank(value):
        return [(d, ()) for d in range(7)] if freq in ("DAILY", "MONTHLY") else None
    out: list[tuple[int, tuple[int, ...]]] = []
    for part in re.split(r"[,\s]+", str(value).strip().upper()):
        m = re.fullmatch(r"([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)", part)
        if not m:
            return None
        nth = (int(m.group(1)),) if m.group(1) else ()
        if nth and (freq != "MONTHLY" or not (1 <= nth[0] <= 5 or nth[0] == -1)):
            return None
        out.append((_DAYS[m.group(2)], nth))
    return out


def _recurrence(
    row: Mapping[str, object], days: list[tuple[int, tuple[int, ...]]], monthdays: tuple[int, ...]
) -> tuple[int, date | None, date | None, date | None]:
    dtstart = _date(row.get("dtstart"))
    start = dtstart[0] if dtstart else None
    every = int(float(str(row.get("interval")))) if not _blank(row.get("interval")) else 1
    freq = str(row.get("freq") or "WEEKLY").upper()
    anchor = start - timedelta(days=start.weekday()) if start and every > 1 else None
    if freq != "WEEKLY":
        every, anchor = 1, None
    vfrom = _later(_date(row.get("valid_from")), start)
    until = _date(row.get("until"))
    vto = _earlier(_date(row.get("valid_to")), until[0] if until else None)
    if not _blank(row.get("count")) and start:
        probe = WeeklyInterval(0, 0, 1, every_weeks=every, anchor=anchor, valid_from=vfrom)
        vto = _earlier_d(
            vto, _nth_occurrence(probe, days, monthdays, start, int(float(str(row.get("count")))))
        )
    return every, anchor, vfrom, vto


def _nth_occurrence(
    probe: WeeklyInterval,
    days: list[tuple[int, tuple[int, ...]]],
    monthdays: tuple[int, ...],
    start: date,
    count: int,
) -> date | None:
    d, seen = start, 0
    for _ in range(3660):
        if any(
            WeeklyInterval(
                wd,
                0,
                1,
                nth=nth,
                monthdays=monthdays,
                every_weeks=probe.every_weeks,
                anchor=probe.anchor,
            ).applies_on(d)
            for wd, nth in days
        ):
            seen += 1
            if seen >= count:
                return d
        d += timedelta(days=1)
    return None


def _later(a: tuple[date, bool] | None, b: date | None) -> date | None:
    vals = [x for x in (a[0] if a else None, b) if x]
    return max(vals) if vals else None


def _earlier(a: tuple[date, bool] | None, b: date | None) -> date | None:
    return _earlier_d(a[0] if a else None, b)


def _earlier_d(a: date | None, b: date | None) -> date | None:
    vals = [x for x in (a, b) if x]
    return min(vals) if vals else None


def _finish(
    intervals: list[WeeklyInterval],
    problems: list[str],
    zones: set[str],
    source: str,
    fmt: str,
    exceptions: tuple[DatedException, ...] = (),
    holidays_closed: bool = False,
) -> Hours:
    if len(zones) > 1:
        problems.append("rows disagree on time zone")
        intervals = []
    if not intervals:
        return unknown(source, fmt, "; ".join(problems) or "no schedule rows")
    return Hours(
        status=ParseStatus.PARTIAL if problems else ParseStatus.PARSED,
        intervals=tuple(dict.fromkeys(intervals)),
        exceptions=exceptions,
        closed_on_holidays=holidays_closed,
        unparsed=tuple(problems),
        source=source,
        source_format=fmt,
        timezone=next(iter(zones)) if zones else None,
    )


def _weekday(value: object) -> int | None:
    text = str(value or "").strip().lower()
    if text.isdigit():
        n = int(text)
        return n - 1 if 1 <= n <= 7 else None  # HSDS 1.1: 1 = Monday .. 7 = Sunday
    return _DAY_NAMES.get(text.rstrip("."))


@_never_raises("hsds1")
def parse_hsds1(
    regular: Iterable[Mapping[str, object]], holiday: Iterable[Mapping[str, object]] = ()
) -> Hours:
    """HSDS 1.x/2.x ``regular_schedules`` (+ ``holiday_schedules``) rows of one record.

    A row with no opens/closes is a closed day; a holiday row is a closure (``closed`` true or
    no times) or special hours; year 0001 (or any year < 1900) means every year.
    """
    intervals: list[WeeklyInterval] = []
    problems: list[str] = []
    closed_days = 0
    for i, row in enumerate(regular):
        day = _weekday(row.get("weekday"))
        if day is None:
            problems.append(f"row {i}: weekday {row.get('weekday')!r} not readable")
            continue
        if _blank(row.get("opens_at")) and _blank(row.get("closes_at")):
            closed_days += 1
            continue
        span = _span(row.get("opens_at"), row.get("closes_at"))
        if span is None:
            problems.append(f"row {i}: {row.get('opens_at')!r}-{row.get('closes_at')!r}")
            continue
        intervals.append(WeeklyInterval(day, span[0], span[1]))
    exceptions = tuple(_holidays(holiday, problems))
    if not intervals and closed_days == 7 and not problems:
        return Hours(
            status=ParseStatus.PARSED,
            exceptions=exceptions,
            source="",
            notes=("closed",),
            source_format="hsds1",
        )
    return _finish(intervals, problems, set(), "", "hsds1", exceptions)


def _holidays(rows: Iterable[Mapping[str, object]], problems: list[str]) -> list[DatedException]:
    out = []
    for i, row in enumerate(rows):
        a, b = _date(row.get("start_date")), _date(row.get("end_date") or row.get("start_date"))
        if a is None or b is None:
            problems.append(f"holiday {i}: dates not readable")
            continue
        closed = str(row.get("closed") or "").strip().lower() in ("true", "1", "yes", "t")
        yearly = a[1] or b[1]
        if closed or (_blank(row.get("opens_at")) and _blank(row.get("closes_at"))):
            out.append(DatedException(a[0], b[0], (), yearly))
            continue
        span = _span(row.get("opens_at"), row.get("closes_at"))
        if span is None:
            problems.append(f"holiday {i}: times not readable")
            continue
        out.append(DatedException(a[0], b[0], ((span[0], span[1]),), yearly))
    return out


@_never_raises("linksf")
def parse_linksf(open_hours: Mapping[str, object] | None) -> Hours:
    """LinkSF ``openHours``: ``{"0": [[open, close], ...]}`` HHMM ints, key 0 = Sunday
    (verified against the records' own notes, e.g. "Weekly food pantry (Thursday)" -> "4")."""
    if not open_hours:
        return unknown("", "linksf", "")
    intervals: list[WeeklyInterval] = []
    problems: list[str] = []
    for key, pairs in open_hours.items():
        if not str(key).isdigit() or not 0 <= int(key) <= 6 or not isinstance(pairs, list):
            problems.append(f"day key {key!r}")
            continue
        day = (int(key) + 6) % 7
        for pair in pairs:
            span = _hhmm_span(pair)
            if span is None:
                problems.append(f"{key}: {pair!r}")
            else:
                intervals.append(WeeklyInterval(day, *span))
    return _finish(intervals, problems, set(), str(dict(open_hours)), "linksf")


def _hhmm_span(pair: object) -> tuple[int, int] | None:
    if not isinstance(pair, list | tuple) or len(pair) != 2:
        return None
    try:
        a, b = (int(x) for x in pair)
    except (TypeError, ValueError):
        return None
    s, e = a // 100 * 60 + a % 100, b // 100 * 60 + b % 100
    if a % 100 > 59 or b % 100 > 59 or s >= 1440 or e > 1440:
        return None
    e = 1440 if e == 1439 else e
    return (s, e) if e > s else None
