"""211-style free-text hours -> :class:`Hours` (never raises; ambiguity -> partial/unknown).

Conventional readings (see docs/hours.md): a bare start hour 7-11 is morning, 12 is noon, 1-5
is afternoon; a bare end is the first reading after the start, and when both the morning and
the evening reading would fit (``8-9``) the value is ambiguous and left unread. ``noon`` and
``midnight`` are explicit. Times with an hour >= 13 anywhere switch the value to a 24 h clock.
"""

from __future__ import annotations

import re

from ._text_lex import Clock, Item, group, lex
from .model import Hours, ParseStatus, Season, WeeklyInterval, unknown

_NOT_LISTED = re.compile(
    r"\b(call|inquire|vary|varies|varied|n/?a|unknown|see |tbd|tba|contact|schedule)\b", re.I
)
_IGNORABLE = frozenset(
    [
        "open",
        "opened",
        "hours",
        "hour",
        "hrs",
        "from",
        "the",
        "a",
        "an",
        "of",
        "is",
        "are",
        "at",
        "on",
        "only",
        "each",
        "every",
        "day",
        "days",
        "week",
        "and",
        "or",
        "daily",
        "weekly",
        "am",
        "pm",
        "est",
        "et",
        "edt",
        "eastern",
        "time",
        "facility",
    ]
)
_RISKY = frozenset(
    [
        "except",
        "exception",
        "not",
        "no",
        "lunch",
        "alternate",
        "alternating",
        "other",
        "holiday",
        "holidays",
        "summer",
        "winter",
        "fall",
        "spring",
        "school",
        "semester",
        "semesters",
        "season",
        "seasonal",
        "vary",
        "varies",
        "call",
        "may",
        "approximately",
        "usually",
        "most",
        "some",
        "evening",
        "evenings",
        "night",
        "nights",
        "nightly",
        "morning",
        "mornings",
        "afternoon",
        "afternoons",
        "hypothermia",
        "during",
        "when",
        "if",
        "depending",
        "per",
        "by",
        "until",
        "before",
        "after",
        "week",
        "month",
        "months",
        "year",
        "occasionally",
        "sometimes",
        "also",
        "intake",
        "leave",
        "begins",
        "closes",
        "opens",
        "weather",
        "year-round",
        "up",
    ]
)


def parse_text(text: str | None) -> Hours:
    """Parse one free-text hours value. Returns status parsed / partial / unknown."""
    src = (text or "").strip()
    if not src:
        return unknown(src, "text", "")
    try:
        return _parse(src)
    except Exception as exc:  # a parser never raises on bad input
        return unknown(src, "text", f"internal error: {exc}")


def _parse(src: str) -> Hours:
    items = group(lex(src))
    kinds = {k for k, _ in items}
    if not kinds & {"R", "H"}:
        return _no_times(src, items)
    items, appt_also = _cut_appointments(items)
    if not items or not ({k for k, _ in items} & {"R", "H", "D"}):
        return _appointment_only(src)
    problems: list[str] = []
    labels: list[str] = []
    clauses = _clauses(items)
    _check_residue(clauses, problems, labels)
    if problems:
        return unknown(src, "text", "; ".join(problems))
    twentyfour = _uses_24h_clock(items)
    intervals, closed_days, orphans = _pair(items, twentyfour, problems)
    if problems:
        return unknown(src, "text", "; ".join(problems))
    if any(iv.day in closed_days for iv in intervals):
        return unknown(src, "text", "a day is listed both open and closed")
    if not intervals:
        return unknown(src, "text", "; ".join(orphans) or "no days given")
    unparsed = tuple(labels) + tuple(orphans)
    status = ParseStatus.PARTIAL if unparsed else ParseStatus.PARSED
    return Hours(
        status=status,
        intervals=tuple(dict.fromkeys(intervals)),
        unparsed=unparsed,
        by_appointment_also=appt_also,
        closed_on_holidays=any(k == "P" for k, _ in items),
        source=src,
        source_format="text",
    )


def _no_times(src: str, items: list[Item]) -> Hours:
    """No clock times at all: by appointment, 'call for hours', or days without hours."""
    words = {str(v) for k, v in items if k == "W"}
    has_appt = any(k == "A" for k, _ in items)
    if has_appt and not any(k == "D" for k, _ in items) and not words - _APPT_WORDS:
        return _appointment_only(src)
    if _NOT_LISTED.search(src):
        return unknown(src, "text", "hours not listed")
    if any(k == "D" for k, _ in items) and not words - _IGNORABLE:
        return unknown(src, "text", "days listed without times")
    return unknown(src, "text", "no times")


_APPT_WORDS = _IGNORABLE | {"open", "services", "service", "available"}


def _appointment_only(src: str) -> Hours:
    """Understood: no walk-in hours, by appointment only (evaluates to 'By appointment')."""
    return Hours(status=ParseStatus.PARSED, appointment_only=True, source=src, source_format="text")


def _cut_appointments(items: list[Item]) -> tuple[list[Item], bool]:
    """Remove 'by appointment' phrases together with what they qualify ('Saturday by appt.')."""
    out: list[Item] = []
    found = False
    for kind, val in items:
        if kind != "A":
            out.append((kind, val))
            continue
        found = True
        while out and out[-1][0] in ("W", "D", "J", "C"):
            out.pop()
    return out, found


def _clauses(items: list[Item]) -> list[list[Item]]:
    clauses: list[list[Item]] = [[]]
    for it in items:
        if it[0] == "SEP":
            clauses.append([])
        else:
            clauses[-1].append(it)
    return [c for c in clauses if c]


def _check_residue(clauses: list[list[Item]], problems: list[str], labels: list[str]) -> None:
    """Risky words or unreadable tokens -> problems; harmless words -> labels (partial).

    More than one label ('Office: ...; Program: ...') means several schedules were merged in
    one value: the union would misread, so the value is left unknown.
    """
    runs = 0
    for clause in clauses:
        in_run = False
        for kind, val in clause:
            word = str(val).strip(".")
            if kind == "X":
                problems.append(f"not understood: {val}")
            elif kind == "W" and word in _RISKY:
                problems.append(f"not understood: {word}")
            elif kind == "W" and word not in _IGNORABLE:
                if not in_run:
                    runs += 1
                    labels.append(word)
                else:
                    labels[-1] += " " + word
                in_run = True
            elif kind in ("D", "R"):
                in_run = False
    if runs > 1:
        problems.append("several labelled schedules in one value: " + " / ".join(labels))


def _uses_24h_clock(items: list[Item]) -> bool:
    for kind, val in items:
        if kind == "R":
            for c in val:  # type: ignore[attr-defined]
                if c.meridiem is None and (c.hour >= 13 or (c.hour == 0 and c.minute == 0)):
                    return True
    return False


def _pair(
    items: list[Item], twentyfour: bool, problems: list[str]
) -> tuple[list[WeeklyInterval], set[int], list[str]]:
    """Attach time groups to day groups. Orientation comes from which appears first."""
    closed_days, bound = _bind_closed(items, problems)
    sched = [
        (k, v)
        for i, (k, v) in enumerate(items)
        if k in ("D", "R", "H", "S") and not (k == "D" and i in bound)
    ]
    first = next((k for k, _ in sched if k in ("D", "R", "H")), "D")
    only_h = all(k in ("H", "S") for k, _ in sched)
    intervals: list[WeeklyInterval] = []
    orphans: list[str] = []
    season: Season | None = None
    season_count = 0
    days: tuple[tuple[int, ...], tuple[int, ...]] | None = None
    days_timed = True
    pending: list[tuple[int, int]] = []
    for kind, val in sched:
        if kind == "S":
            season, season_count = val, len(intervals)  # type: ignore[assignment]
        elif kind == "D" and first == "D":
            if not days_timed:
                problems.append("days listed without times")
            days, days_timed = val, False  # type: ignore[assignment]
        elif kind == "D":
            if not pending:
                problems.append("days without times")
            intervals += _make(val, pending, season)  # type: ignore[arg-type]
            pending = []
        else:
            spans = _spans(kind, val, twentyfour, problems)
            if days is not None:
                intervals += _make(days, spans, season)
                days_timed = True
            elif only_h:
                intervals += _make((tuple(range(7)), ()), spans, season)
            elif first == "D":
                orphans.append("times without days")
            else:
                pending += spans
    if not days_timed:
        problems.append("days listed without times")
    if season is not None and len(intervals) == season_count:
        problems.append("dates without hours")
    if pending:
        orphans.append("times without days")
    return intervals, closed_days, orphans


def _bind_closed(items: list[Item], problems: list[str]) -> tuple[set[int], set[int]]:
    """'Sunday: Closed', '(Closed Sat, Sun)', '; Closed Sunday' -> closed weekdays, item idx."""
    closed: set[int] = set()
    bound: set[int] = set()
    for i, (kind, _) in enumerate(items):
        if kind != "C":
            continue
        cands = [
            j
            for j in (_neighbour(items, i, -1), _neighbour(items, i, 1))
            if j is not None and items[j][0] == "D" and not _owned(items, j, j - i)
        ]
        if len(cands) == 2 and items[i - 1] == ("J", ":"):
            cands = cands[:1]  # 'Sunday: Closed Monday: ...' -> the day before the colon
        if len(cands) != 1:
            problems.append("'closed' without one clear day")
            continue
        closed.update(items[cands[0]][1][0])  # type: ignore[index]
        bound.add(cands[0])
    return closed, bound


def _owned(items: list[Item], j: int, away: int) -> bool:
    """A day group with times on its far side belongs to those times, not to 'closed'."""
    k = _neighbour(items, j, 1 if away > 0 else -1)
    return k is not None and items[k][0] in ("R", "H")


def _neighbour(items: list[Item], i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(items) and items[j][0] == "J":
        j += step
    if not 0 <= j < len(items) or items[j][0] == "SEP":
        return None
    return j


def _make(
    days: tuple[tuple[int, ...], tuple[int, ...]],
    spans: list[tuple[int, int]],
    season: Season | None,
) -> list[WeeklyInterval]:
    ds, nth = days
    return [WeeklyInterval(d, s, e, nth=nth, season=season) for d in ds for s, e in spans]


def _spans(kind: str, val: object, twentyfour: bool, problems: list[str]) -> list[tuple[int, int]]:
    if kind == "H":
        return [(0, 1440)]
    a, b = val  # type: ignore[misc]
    span = resolve_range(a, b, twentyfour)
    if span is None:
        problems.append(f"ambiguous time range {_show(a)}-{_show(b)}")
        return []
    return [span]


def _show(c: Clock) -> str:
    return f"{c.hour}:{c.minute:02d}{c.meridiem or ''}"


def _explicit(c: Clock, end: bool) -> int:
    h = c.hour % 12 + (12 if c.meridiem == "pm" else 0)
    m = h * 60 + c.minute
    return 1440 if end and m == 0 else m


def resolve_range(a: Clock, b: Clock, twentyfour: bool = False) -> tuple[int, int] | None:
    """Two clock readings -> (start, end) minutes, end > start (overnight end > 1440)."""
    if twentyfour and not a.meridiem and not b.meridiem:
        s, e = a.hour * 60 + a.minute, b.hour * 60 + b.minute
        e = 1440 if e in (1439, 1440) or e == 0 else e
        return None if s >= 1440 else (s, e if e > s else e + 1440)
    if a.meridiem and b.meridiem:
        s, e = _explicit(a, False), _explicit(b, True)
        if e == s:
            return None
        return s, e if e > s else e + 1440
    if b.meridiem:
        e = _explicit(b, True)
        same = _explicit(Clock(a.hour, a.minute, b.meridiem), False)
        other = _explicit(Clock(a.hour, a.minute, "am" if b.meridiem == "pm" else "pm"), False)
        s = same if same < e else other
        return (s, e) if s < e else None
    s = _explicit(a, False) if a.meridiem else _bare_start(a, b)
    if s is None:
        return None
    return _bare_end(s, b)


def _bare_start(a: Clock, b: Clock) -> int | None:
    h = a.hour
    if 7 <= h <= 11 or (h == 6 and b.hour <= 6 and b.meridiem is None):
        return h * 60 + a.minute
    if h == 12:
        return 720 + a.minute
    if 1 <= h <= 5:
        return (h + 12) * 60 + a.minute
    return None


def _bare_end(s: int, b: Clock) -> tuple[int, int] | None:
    if b.hour > 12:
        return None
    am = (b.hour % 12) * 60 + b.minute
    pm = am + 720
    fits = [m for m in (am, pm) if m > s]
    if len(fits) == 2 and am - s <= 60:
        fits = [pm]  # '9-9:30', '8-9': an opening of an hour or less is not a day's hours
    if len(fits) != 1:
        return None
    return s, fits[0]
