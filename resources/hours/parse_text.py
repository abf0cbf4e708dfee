"""211-style free-text hours -> :class:`Hours` (never raises; ambiguity -> partial/unknown).

Conventional readings (see docs/hours.md): a bare start hour 7-11 is morning, 12 is noon, 1-5
is afternoon; a bare end is the first reading after the start, and when both the morning and
the evening reading would fit (``8-9``) the value is ambiguous and left unread, unless a later
split shift of the same days settles it (``8-11, 1-4``: 08:00-11:00). ``noon`` and
``midnight`` are explicit. Times with an hour >= 13 anywhere switch the value to a 24 h clock.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import cast

from ._labelled import read_labelled, role_of
from ._text_lex import MONTH_RE, Clock, Item, group, lex, months_as_seasons, season_months
from .model import (
    ROLE_MACHINE,
    ROLE_SERVICE,
    SCOPE_OFFICE,
    DatedException,
    Hours,
    LabelledHours,
    ParseStatus,
    Season,
    WeeklyInterval,
    seasons_conflict,
    unknown,
)

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
        "might",
        "approximately",
        "usually",
        "most",
        "some",
        "evening",
        "evenings",
        "night",
        "nights",
        "morning",
        "mornings",
        "afternoon",
        "afternoons",
        "hypothermia",
        "intake",
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
        "leave",
        "begins",
        "closes",
        "opens",
        "weather",
        "year-round",
        "up",
        "sunrise",
        "sunset",
        "dusk",
        "dawn",
        "various",
        "variable",
        "flexible",
    ]
)
# One label that is not the service's own door: the service may open at other times.
_DOOR_UNCLEAR = frozenset(
    [
        "administrative",
        "administration",
        "admin",
        "office",
        "offices",
        "business",
        "corporate",
        "central",
        "online",
        "website",
        "web",
        # lines reached by phone ('on call', 'call center', 'call 1-800-...'): no door
        "oncall",
        "callcenter",
        "callnumber",
    ]
)
# risky in a value of one schedule ('Daily intake 7:00 pm'), a label in a labelled clause
_LABEL_WORDS = frozenset(["intake"])
_SUN = re.compile(r"\b(sunrise|sunset|dusk|dawn)\b", re.I)
_CLOSURE_FILLER = frozenset(["from", "daily", "every", "day", "for", "lunch", "each"])
NOT_LISTED = "hours not listed"


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
    """The plain reading, else (when it is not fully read) the labelled-schedules reading."""
    shelter = _shelter_night(src) or _holiday_hours(src)
    if shelter is not None:
        return shelter
    plain = _parse_plain(src)
    if plain.status is ParseStatus.PARSED:
        return plain
    return (
        _season_pieces(src)
        or _closes_early_in_months(src)
        or _sundays_but_christmas(src)
        or _after_hours_line(src)
        or _stated_length(src)
        or _morning_only_on(src)
        or read_labelled(src, _read_clause)
        or _other_program_hours(src)
        or _trailing_label(src)
        or plain
    )


_T = r"\d{1,2}(?::\d{2})?\s*"
_SHELTER = re.compile(
    rf"(?P<daily>daily\s+)?intake\s+(?:begins\s+)?(?:at\s+)?(?P<a>{_T}pm)(?P<night>\s+each\s+night)?"
    r"\s+and\s+(?:residents\s+must\s+leave\s+by|the\s+shelter\s+closes\s+at)\s+"
    rf"(?P<b>{_T}am)(?:\s+each\s+day|\s+the\s+next\s+morning)?\.?",
    re.I,
)


def _shelter_night(src: str) -> Hours | None:
    """'Daily intake 7:00 pm and residents must leave by 7:00 am each day.', 'Intake begins at
    7 pm each night and the shelter closes at 7 am the next morning.': a night shelter, open
    every day from intake to the morning (19:00-07:00)."""
    m = _SHELTER.fullmatch(src.strip())
    if m is None or not (m["daily"] or m["night"]):
        return None
    h = _parse_plain(f"{m['a']} - {m['b']}, daily")
    if h.status is not ParseStatus.PARSED:
        return None
    return replace(h, source=src, notes=("for: night shelter (intake to leaving)",))


_VAGUE_MONTH = re.compile(rf"\b(?:mid|early|late)\s*-?\s*(?={MONTH_RE})", re.I)
_NEXT_SEASON = re.compile(rf",\s*(?=(?:(?:mid|early|late)\s*-?\s*)?{MONTH_RE})", re.I)


def _season_pieces(src: str) -> Hours | None:
    """'April - December Sunday 9:00 AM to 1:30 PM, May - mid-September Thursday 4:00 PM to
    8:00 PM': a value of seasonal schedules, each opening with its season, read one by one.

    Every piece must read fully with a season on every interval; a piece whose only fault is
    a date that is not exact ('mid-September') is left out and named in ``unparsed`` (the
    value is then partial: its exact pieces say open, never closed)."""
    if not re.match(MONTH_RE, src.strip(), re.I):
        return None
    pieces = [p.strip() for p in _NEXT_SEASON.split(src)]
    if len(pieces) < 2:
        return None
    kept: list[Hours] = []
    vague: list[str] = []
    for piece in pieces:
        if _seasonal_only(_parse_plain(piece)):
            kept.append(_parse_plain(piece))
        elif _VAGUE_MONTH.search(piece) and _seasonal_only(
            _parse_plain(_VAGUE_MONTH.sub("", piece))
        ):
            vague.append(piece)
        else:
            return None
    if not kept or seasons_conflict([iv for h in kept for iv in h.intervals]):
        return None
    return Hours(
        status=ParseStatus.PARTIAL if vague else ParseStatus.PARSED,
        intervals=tuple(dict.fromkeys(iv for h in kept for iv in h.intervals)),
        unparsed=tuple(f"no exact dates: {p}" for p in vague),
        source=src,
        source_format="text",
    )


def _seasonal_only(h: Hours) -> bool:
    """Fully read, nothing else said, and every interval in a season."""
    return (
        h.status is ParseStatus.PARSED
        and bool(h.intervals)
        and not (h.notes or h.closed_on_holidays or h.timezone or h.by_appointment_also)
        and all(iv.season for iv in h.intervals)
    )


_CLOSES_IN = re.compile(
    r"[,;]?\s*\(\s*closes\s*(?:@|at)\s*(?P<t>\d{1,2}(?::\d{2})?(?:\s*[ap]m)?)\s+in\s+"
    r"(?P<months>[a-z ,&]+?)\s*\)\s*$",
    re.I,
)


def _closes_early_in_months(src: str) -> Hours | None:
    """'May - December Wednesday 2:30 PM to 6:30 PM, (CLOSES @ 6:00 in November & December)':
    in the months named the interval closes at that time instead (6:00 within 14:30-18:30 is
    18:00, the one reading inside the opening). Read only when the months are whole months
    inside every interval's season and the time falls inside every interval."""
    m = _CLOSES_IN.search(src)
    if m is None:
        return None
    h = _parse_plain(src[: m.start()])
    months = group(lex(m["months"]))
    times = group(lex(f"{m['t']} - 11:59 pm"))
    if h.status is not ParseStatus.PARSED or h.notes or h.closed_on_holidays or not h.intervals:
        return None
    if len(months) != 1 or months[0][0] != "S" or len(times) != 1 or times[0][0] != "R":
        return None
    early: set[int] = set()
    for season in cast("tuple[Season, ...]", months[0][1]):
        early |= season_months(season) or {0}
    clock = _clocks(times[0][1])[0]
    out: list[WeeklyInterval] = []
    for iv in h.intervals:
        within = season_months(iv.season) if iv.season else set(range(1, 13))
        if within is None or not early <= within or not iv.is_plain and iv.season is None:
            return None
        readings = [clock.hour % 12 * 60 + clock.minute + k for k in (0, 720)]
        if clock.meridiem:
            readings = [_explicit(clock, True)]
        fits = [c for c in readings if iv.start < c < iv.end]
        if len(fits) != 1:
            return None
        out += [replace(iv, season=s) for s in months_as_seasons(within - early)]
        out += [replace(iv, end=fits[0], season=s) for s in months_as_seasons(early)]
    return replace(h, intervals=tuple(out), source=src)


_SUNDAY_HOLIDAYS = re.compile(
    r"[,;]?\s*\(\s*open on all holidays that fall on sundays,?\s*except christmas\s*\)\s*$",
    re.I,
)
CHRISTMAS = DatedException(date(2000, 12, 25), date(2000, 12, 25), yearly=True)


def _sundays_but_christmas(src: str) -> Hours | None:
    """'January - December Sunday 9:00 AM to 1:00 PM, (Open on all holidays that fall on
    Sundays, except Christmas)': a Sunday-only schedule, closed on December 25."""
    m = _SUNDAY_HOLIDAYS.search(src)
    if m is None:
        return None
    h = _parse_plain(src[: m.start()])
    if h.status is not ParseStatus.PARSED or h.notes or h.closed_on_holidays or not h.intervals:
        return None
    if any(iv.day != 6 for iv in h.intervals):
        return None
    return replace(h, source=src, exceptions=(CHRISTMAS,))


_AND_HOLIDAYS = re.compile(
    r"(\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?)\s*,?\s*(?:(?:&|and)\s*)?holidays\b", re.I
)


def _holiday_hours(src: str) -> Hours | None:
    """'7:30 am - 4:00 pm, Monday - Friday; 9:00 am - 4:00 pm, Saturday, Sunday, & Holidays':
    on public holidays the hours of the clause that names them, instead of the weekday's.

    Read only when the value without 'holidays' reads fully, and the clause that names them
    has one set of hours for all its days."""
    m = _AND_HOLIDAYS.search(src)
    if m is None or len(_AND_HOLIDAYS.findall(src)) > 1:
        return None
    rest = src[: m.start()] + m[1] + src[m.end() :]
    h = _parse_plain(rest)
    start = src.rfind(";", 0, m.start()) + 1
    end = src.find(";", m.end())
    clause = _parse_plain(rest[start : (len(rest) if end < 0 else end - (len(src) - len(rest)))])
    if h.status is not ParseStatus.PARSED or h.closed_on_holidays or h.notes:
        return None
    if clause.status is not ParseStatus.PARSED or not clause.intervals:
        return None
    spans = {
        d: tuple(sorted({(iv.start, iv.end) for iv in clause.intervals if iv.day == d}))
        for d in {iv.day for iv in clause.intervals}
    }
    if len(set(spans.values())) != 1 or any(not iv.is_plain for iv in clause.intervals):
        return None
    return replace(h, source=src, holiday_intervals=next(iter(spans.values())))


_AFTER_HOURS = re.compile(
    r"[;,.]\s*(?P<line>(?:voice\s*mail|answering\s+(?:machine|service))\s+after\s+"
    r"(?:business\s+|office\s+)?hours)\s*\.?\s*$",
    re.I,
)


def _after_hours_line(src: str) -> Hours | None:
    """'8:30 am - 5:00 pm, Monday - Friday; voicemail after business hours': the hours, and a
    recorded line (no person) outside them, kept as a line with no hours of its own."""
    m = _AFTER_HOURS.search(src)
    if m is None:
        return None
    h = _parse_plain(src[: m.start()])
    if h.status is not ParseStatus.PARSED or not h.intervals or h.labelled:
        return None
    line = LabelledHours(" ".join(m["line"].lower().split()), ROLE_MACHINE, ())
    return replace(h, source=src, labelled=(line,))


_HOURS_DAILY = re.compile(r"\b(?P<n>\d{1,2})\s+hours\s+daily\b", re.I)


def _stated_length(src: str) -> Hours | None:
    """'13 hours daily, 5 pm-6 am': the stated length agrees with every opening (17:00-06:00
    is 13 hours), so it says nothing more; any other length leaves the value unread."""
    m = _HOURS_DAILY.search(src)
    if m is None or not 0 < int(m["n"]) < 24:
        return None
    rest = src[: m.start()] + src[m.end() :]
    if any(k == "D" for k, _ in group(lex(rest))):
        return None  # '13 hours daily, Monday-Friday, ...': which days?
    h = _parse_plain(rest + ", daily")
    if h.status is not ParseStatus.PARSED or not h.intervals:
        return None
    if any(iv.end - iv.start != int(m["n"]) * 60 for iv in h.intervals):
        return None
    return replace(h, source=src)


_MORNING_ONLY = re.compile(
    r"[;,.]?\s*\(\s*morning\s+only\s+(?:on\s+)?(?:the\s+)?(?P<when>[a-z0-9]+\s+[a-z]+\s+of\s+"
    r"the\s+month)\s*\)\s*$",
    re.I,
)


def _morning_only_on(src: str) -> Hours | None:
    """'Mon., Wed., Fri., 8-11, 1-4; ...; (Morning only 2nd Friday of the month)': on that
    weekday of the month only the openings that end by noon; the afternoon ones on every other
    such weekday of the month. Read only when each opening of that weekday ends by noon or
    starts at noon or later, and there are both."""
    m = _MORNING_ONLY.search(src)
    when = group(lex(m["when"])) if m else []
    if m is None or len(when) != 1 or when[0][0] != "D":
        return None
    days, nth = cast("tuple[tuple[int, ...], tuple[int, ...]]", when[0][1])
    if len(days) != 1 or len(nth) != 1 or nth[0] < 1:
        return None
    h = _parse_plain(src[: m.start()])
    if h.status is not ParseStatus.PARSED or h.notes or h.closed_on_holidays:
        return None
    same = [iv for iv in h.intervals if iv.day == days[0]]
    morning = [iv for iv in same if iv.end <= 720]
    later = [iv for iv in same if iv.start >= 720]
    if not morning or not later or len(morning) + len(later) != len(same):
        return None
    if any(not iv.is_plain for iv in same):
        return None
    others = tuple(k for k in range(1, 6) if k != nth[0])
    rest = [iv for iv in h.intervals if iv.day != days[0]]
    return replace(
        h,
        intervals=tuple(rest + morning + [replace(iv, nth=others) for iv in later]),
        source=src,
    )


_LAST_LABEL = re.compile(r"[;.]\s*\(([a-z][a-z &/'-]*)\)\s*$", re.I)


def _trailing_label(src: str) -> Hours | None:
    """'9:00 am - 6:00 pm, Monday - Friday; (Pharmacy)': a last clause that is only a label in
    parentheses names the whole value (as '... (Pharmacy)' would)."""
    m = _LAST_LABEL.search(src)
    if m is None:
        return None
    label = " ".join(re.sub(r"[^a-z]+", " ", m[1].lower()).split())
    h = _parse_plain(src[: m.start()])
    if h.status is not ParseStatus.PARSED or h.notes or role_of(label) != ROLE_SERVICE:
        return None
    if set(label.split()) & (_RISKY | _DOOR_UNCLEAR | _MACHINE):
        return None
    return replace(h, source=src, notes=(f"for: {label}",))


_OTHER_PROGRAMS = re.compile(r"\s*\(\s*call for (?:different|other) program hours\s*\)\s*$", re.I)


def _other_program_hours(src: str) -> Hours | None:
    """'9:00 am - 5:00 pm, Monday - Friday (call for different program hours)': the agency's
    hours, and the program's own differ -> office scope (outside them: unknown, never closed)."""
    m = _OTHER_PROGRAMS.search(src)
    if m is None:
        return None
    h = _parse_plain(src[: m.start()])
    if h.status is not ParseStatus.PARSED or h.notes:
        return None
    return replace(
        h,
        status=ParseStatus.PARTIAL,
        scope=SCOPE_OFFICE,
        source=src,
        notes=("for: agency; programs differ, call",),
    )


def _read_clause(text: str) -> tuple[Hours, str]:
    """One clause of a labelled value: its plain reading, and where its label stands:
    'lead' (before every day and time), 'mid' (between two of them), 'trail' (otherwise:
    after them, or around one time as in 'Free 24/7 Helpline') or '' (no label)."""
    items = group(lex(text))
    sched = [i for i, (k, _) in enumerate(items) if k in ("D", "R", "H")]
    words = [
        i for i, (k, v) in enumerate(items) if k == "W" and str(v).strip(".") not in _IGNORABLE
    ]
    hours = _parse_plain(text, True)
    if not words or not sched:
        return hours, ""
    if max(words) < sched[0]:
        return hours, "lead"
    return hours, "mid" if any(sched[0] < w < sched[-1] for w in words) else "trail"


def _parse_plain(src: str, clause: bool = False) -> Hours:
    """One schedule read as is. ``clause``: a clause of a labelled value, where words that
    name a schedule ('Intake') are its label rather than a reason to leave it unread."""
    items = group(lex(src))
    kinds = {k for k, _ in items}
    if not kinds & {"R", "H"}:
        return _no_times(src, items)
    if _appointment_only_within(items):
        return unknown(src, "text", "by appointment only, with hours")
    items, appt_also = _cut_appointments(items)
    if not items or not ({k for k, _ in items} & {"R", "H", "D"}):
        return _appointment_only(src)
    problems: list[str] = []
    zones = {str(v) for k, v in items if k == "Z"}
    if len(zones) > 1:
        return unknown(src, "text", "two time zones")
    twentyfour = _uses_24h_clock(items)
    items, closures = _cut_closures(items, twentyfour, problems)
    labels: list[str] = []
    notes: list[str] = []
    clauses = _clauses(items)
    _check_residue(clauses, problems, labels, _LABEL_WORDS if clause else frozenset())
    if problems:
        return unknown(src, "text", "; ".join(problems))
    intervals, closed_days, orphans = _pair(items, twentyfour, problems)
    intervals = _apply_closures(intervals, closures, problems)
    if problems:
        return unknown(src, "text", "; ".join(problems))
    if any(iv.day in closed_days for iv in intervals):
        return unknown(src, "text", "a day is listed both open and closed")
    if _whole_day_and_times(intervals):
        return unknown(src, "text", "a day is listed both 24 hours and with times")
    if seasons_conflict(intervals):
        return unknown(src, "text", "a day has seasonal hours and other hours: which apply?")
    if not intervals:
        return unknown(src, "text", "; ".join(orphans) or "no days given")
    if _one_service_label(labels, orphans, items):
        notes.append("for: " + labels[0].removeprefix("for "))
        labels = []
    unparsed = tuple(labels) + tuple(orphans)
    status = ParseStatus.PARTIAL if unparsed else ParseStatus.PARSED
    return Hours(
        status=status,
        intervals=_drop_covered(intervals),
        unparsed=unparsed,
        by_appointment_also=appt_also,
        closed_on_holidays=any(k == "P" for k, _ in items),
        source=src,
        source_format="text",
        timezone=next(iter(zones), None),
        notes=tuple(notes),
    )


def _drop_covered(intervals: list[WeeklyInterval]) -> tuple[WeeklyInterval, ...]:
    """Without repeats, nor a seasonal interval that the same all-year one covers ('Saturday,
    Sunday, 10:30-5. June, July and August: Wednesday-Sunday, 10:30-5': Sa, Su all year)."""
    plain = {(iv.day, iv.start, iv.end) for iv in intervals if iv.is_plain}
    return tuple(
        dict.fromkeys(
            iv
            for iv in intervals
            if iv.is_plain
            or not (iv.season and replace(iv, season=None).is_plain)
            or (iv.day, iv.start, iv.end) not in plain
        )
    )


_SEVERAL = "several labelled schedules in one value: "
# a recorded line is never a door ('24-hours (Answering Machine)')
_MACHINE = frozenset(
    ["voicemail", "voice", "mail", "answering", "machine", "recorded", "automated"]
)


def _whole_day_and_times(intervals: list[WeeklyInterval]) -> bool:
    """'Monday-Friday, 8:30-5. 24-hour service available as needed': the 24 hours are another
    service's (or another day's) and would say 'open' at 3 AM; never merge them."""
    whole = {(iv.day, iv.nth, iv.season) for iv in intervals if (iv.start, iv.end) == (0, 1440)}
    return any(
        (iv.day, iv.nth, iv.season) in whole and (iv.start, iv.end) != (0, 1440) for iv in intervals
    )


def _one_service_label(labels: list[str], orphans: list[str], items: list[Item]) -> bool:
    """One label for the whole value that names the service itself (not its office)."""
    return (
        len(labels) == 1
        and not orphans
        and not set(labels[0].split()) & (_DOOR_UNCLEAR | _MACHINE)
        and _labels_whole_value(items)
    )


def _labels_whole_value(items: list[Item]) -> bool:
    """A label names the whole value when it comes before every schedule item ('Kitchen: ...',
    '(Rectory) ...') or after the last one in a value of one clause ('... (Hotline)')."""
    sched = [i for i, (k, _) in enumerate(items) if k in ("D", "R", "H")]
    words = [
        i for i, (k, v) in enumerate(items) if k == "W" and str(v).strip(".") not in _IGNORABLE
    ]
    if all(w < sched[0] for w in words):
        return True
    one_clause = not any(k == "SEP" for k, _ in items[sched[0] : max(words)])
    return one_clause and all(w > sched[-1] for w in words)


def _no_times(src: str, items: list[Item]) -> Hours:
    """No clock range at all: by appointment, or no hours given ('Call for hours', 'Varies',
    'Evenings', 'Monday-Friday', the empty AIRS day template 'Mon; Tue; ...; Sun;').

    A value with a lone time, a number, a date or a sun-relative time does carry hours we
    cannot read: that one stays unknown (not understood), never 'not listed'.
    """
    words = {str(v).strip(".") for k, v in items if k == "W"}
    has_appt = any(k == "A" for k, _ in items)
    if has_appt and not words - _APPT_WORDS:
        return _appointment_only(src)
    if _NOT_LISTED.search(src):
        return unknown(src, "text", NOT_LISTED)
    if _SUN.search(src):
        return unknown(src, "text", "sun-relative hours (sunrise/sunset/dusk) are not supported")
    unread = [str(v) if k != "S" else "dates" for k, v in items if k in ("X", "num", "S")]
    if unread:
        return unknown(src, "text", "no time range: " + ", ".join(unread))
    h = unknown(src, "text", NOT_LISTED)
    days = [v for k, v in items if k == "D"]
    if days:
        note = "days without hours"
        if all(k in ("D", "SEP") for k, _ in items) and len(days) == 7:
            note = "empty day-by-day template (no times filled in)"
        return replace(h, notes=(note,))
    return h


_APPT_WORDS = _IGNORABLE | {"open", "services", "service", "available", "only"}


def _appointment_only(src: str) -> Hours:
    """Understood: no walk-in hours, by appointment only (evaluates to 'By appointment')."""
    return Hours(status=ParseStatus.PARSED, appointment_only=True, source=src, source_format="text")


def _appointment_only_within(items: list[Item]) -> bool:
    """'9:00 am - 5:00 pm, Monday - Friday (by appointment only or via telephone)': hours
    that are by appointment only (no walk-in) cannot be read as opening hours."""
    return any(k == "R" for k, _ in items) and any(
        items[i][0] == "A" and items[i + 1] == ("W", "only") for i in range(len(items) - 1)
    )


def _cut_appointments(items: list[Item]) -> tuple[list[Item], bool]:
    """Remove 'by appointment' phrases together with what they qualify ('Saturday by appt.');
    inside parentheses only back to the opening one ('Mon - Fri (Evening hours by
    appointment)': the days before the parenthesis keep their times)."""
    out: list[Item] = []
    found = False
    for kind, val in items:
        if kind != "A":
            out.append((kind, val))
            continue
        found = True
        while out and out[-1][0] in ("W", "D", "J", "C"):
            if out.pop() == ("J", "("):
                break
    return out, found


Closure = tuple[tuple[int, int], tuple[int, ...] | None]


def _cut_closures(
    items: list[Item], twentyfour: bool, problems: list[str]
) -> tuple[list[Item], list[Closure]]:
    """Midday closures: 'closed 12-1', 'closed for lunch 12:00 pm - 1:00 pm', '(lunch break)
    11:45 am - 1:45 pm', 'Closed 9:30-1:00 pm Thursdays' -> ((start, end), days or None).

    Only a closure followed by the end of its clause or by plain weekdays is read; anything
    else after it ('the 3rd Tuesday of each month') makes the value unknown.
    """
    out: list[Item] = []
    closures: list[Closure] = []
    i = 0
    while i < len(items):
        kind = items[i][0]
        j = _skip(items, i + 1, _CLOSURE_FILLER)
        if kind not in ("C", "L") or j >= len(items) or items[j][0] != "R":
            out.append(items[i])
            i += 1
            continue
        a, b = _clocks(items[j][1])
        span = resolve_range(a, b, twentyfour)
        k = _skip(items, j + 1, _CLOSURE_FILLER)
        days: tuple[int, ...] | None = None
        if k < len(items) and items[k][0] == "D" and not items[k][1][1]:  # type: ignore[index]
            days, k = items[k][1][0], k + 1  # type: ignore[index]
        if span is None:
            problems.append("closure time not understood")
        elif k < len(items) and items[k][0] != "SEP":
            problems.append("closure not understood")
        else:
            closures.append((span, days))
        i = k
    return out, closures


def _skip(items: list[Item], i: int, filler: frozenset[str]) -> int:
    while i < len(items) and (
        items[i][0] == "J" or (items[i][0] == "W" and str(items[i][1]) in filler)
    ):
        i += 1
    return i


def _apply_closures(
    intervals: list[WeeklyInterval], closures: list[Closure], problems: list[str]
) -> list[WeeklyInterval]:
    """Cut each closure out of the intervals of its days; it must lie inside an opening."""
    for (cs, ce), days in closures:
        out: list[WeeklyInterval] = []
        hit = False
        for iv in intervals:
            if days is not None and iv.day not in days or ce <= iv.start or cs >= iv.end:
                out.append(iv)
            elif iv.start < cs and ce < iv.end:
                hit = True
                out += [replace(iv, end=cs), replace(iv, start=ce)]
            else:
                problems.append("closure overlaps the edge of an opening")
                out.append(iv)
        if not hit:
            problems.append("closure outside the listed hours")
        intervals = out
    return intervals


def _clauses(items: list[Item]) -> list[list[Item]]:
    clauses: list[list[Item]] = [[]]
    for it in items:
        if it[0] == "SEP":
            clauses.append([])
        else:
            clauses[-1].append(it)
    return [c for c in clauses if c]


def _check_residue(
    clauses: list[list[Item]],
    problems: list[str],
    labels: list[str],
    label_words: frozenset[str] = frozenset(),
) -> None:
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
            elif kind == "W" and word in _RISKY and word not in label_words:
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
        problems.append(_SEVERAL + " / ".join(labels))


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
    """Attach time groups to day groups. Orientation comes from which appears first.

    In a value that starts with times ('9-5, Mon-Fri; Sat 10-2'), a clause that starts with
    days followed by times reads days-first ('Sat 10-2'); days after those times in the same
    clause are then unclear ('days without times').
    """
    closed_days, bound = _bind_closed(items, problems)
    sched: list[Item] = []
    clause_of: list[int] = []
    clause_of_item: list[int] = []
    clause = 0
    for i, (k, v) in enumerate(items):
        clause += k == "SEP"
        clause_of_item.append(clause)
        if k in ("D", "R", "H", "S") and not (k == "D" and i in bound):
            sched.append((k, v))
            clause_of.append(clause)
    first = next((k for k, _ in sched if k in ("D", "R", "H")), "D")
    only_h = all(k in ("H", "S") for k, _ in sched)
    worded = {
        clause_of_item[i]
        for i, (k, v) in enumerate(items)
        if k == "W" and str(v).strip(".") not in _IGNORABLE
    }
    trailing = _trailing_season(sched, clause_of, worded, problems)
    intervals: list[WeeklyInterval] = []
    orphans: list[str] = []
    season: tuple[Season, ...] = ()
    season_count = 0
    days: tuple[tuple[int, ...], tuple[int, ...]] | None = None
    days_timed = True
    pending: list[tuple[int, int]] = []
    local: tuple[tuple[tuple[int, ...], tuple[int, ...]], int] | None = None  # (days, clause)
    for n, (kind, val) in enumerate(sched):
        if local is not None and clause_of[n] != local[1]:
            local = None
        if kind == "S" and n == trailing:
            continue
        if kind == "S":
            season, season_count = val, len(intervals)  # type: ignore[assignment]
        elif kind == "D" and first == "D":
            if not days_timed:
                problems.append("days listed without times")
            days, days_timed = val, False  # type: ignore[assignment]
        elif kind == "D":
            if not pending and local is None and _times_follow(sched, clause_of, n):
                local = val, clause_of[n]  # type: ignore[assignment]
                continue
            if not pending:
                problems.append("days without times")
            intervals += _make(val, pending, season)  # type: ignore[arg-type]
            pending = []
        else:
            spans = _spans(kind, val, twentyfour, problems, _next_start(sched, n, twentyfour))
            if days is not None:
                intervals += _make(days, spans, season)
                days_timed = True
            elif local is not None:
                intervals += _make(local[0], spans, season)
            elif only_h:
                intervals += _make((tuple(range(7)), ()), spans, season)
            elif first == "D":
                orphans.append("times without days")
            else:
                pending += spans
    if not days_timed:
        problems.append("days listed without times")
    if season and len(intervals) == season_count:
        problems.append("dates without hours")
    if pending:
        orphans.append("times without days")
    if trailing is not None:
        seasons = cast("tuple[Season, ...]", sched[trailing][1])
        intervals = [replace(iv, season=s) for iv in intervals for s in seasons]
    return intervals, closed_days, orphans


def _trailing_season(
    sched: list[Item], clause_of: list[int], worded: set[int], problems: list[str]
) -> int | None:
    """Where a season stands decides what it covers: one that opens its clause covers the
    hours after it ('May - October Tuesday 4-7', 'September - May: 10-noon, Saturday; ...');
    one after every day and time covers the whole value ('9-3, Monday - Friday (Month of July
    and August only)', 'Monday and Wednesday, 9am-12pm; April 18-June 29') when it is the
    value's only season and the value has one clause of hours or the season a clause of its
    own, without other words ('Three levels from April 10 - June 26': not read). Any other
    place ('Sat 9-1; Mon-Fri 5-7 (April - October)': whose season?) is unclear -> a problem.
    ``worded``: the clauses that hold a residue word. Returns the index of the trailing
    season in ``sched``, if any."""
    out: int | None = None
    timed = [n for n, (k, _) in enumerate(sched) if k in ("D", "R", "H")]
    for n, (kind, _) in enumerate(sched):
        if kind != "S":
            continue
        before = [t for t in timed if t < n and clause_of[t] == clause_of[n]]
        if not before and any(t > n for t in timed):
            continue  # opens its clause: the hours after it
        alone = (
            not before
            and not any(t > n for t in timed if clause_of[t] == clause_of[n])
            and clause_of[n] not in worded
        )
        one_clause = len({clause_of[t] for t in timed}) == 1
        seasons = sum(k == "S" for k, _ in sched)
        if (
            timed
            and not any(t > n for t in timed)
            and seasons == 1
            and (alone or before and one_clause)
        ):
            out = n
        else:
            problems.append("season: unclear which hours it covers")
    return out


def _times_follow(sched: list[Item], clause_of: list[int], n: int) -> bool:
    """Days that open their clause and are followed by times in it ('; Saturday, 11-5')."""
    starts_clause = n == 0 or clause_of[n - 1] != clause_of[n]
    return (
        starts_clause
        and n + 1 < len(sched)
        and clause_of[n + 1] == clause_of[n]
        and sched[n + 1][0] in ("R", "H")
    )


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
    seasons: tuple[Season, ...],
) -> list[WeeklyInterval]:
    ds, nth = days
    return [
        WeeklyInterval(d, s, e, nth=nth, season=season)
        for season in seasons or (None,)
        for d in ds
        for s, e in spans
    ]


def _next_start(sched: list[Item], n: int, twentyfour: bool) -> int | None:
    """Start of the next split shift of the same days ('8-11, 1-4'), when it reads clearly."""
    if n + 1 >= len(sched) or sched[n][0] != "R" or sched[n + 1][0] != "R":
        return None
    a, b = _clocks(sched[n + 1][1])
    span = resolve_range(a, b, twentyfour)
    return span[0] if span else None


def _spans(
    kind: str, val: object, twentyfour: bool, problems: list[str], before: int | None = None
) -> list[tuple[int, int]]:
    if kind == "H":
        return [(0, 1440)]
    a, b = _clocks(val)
    span = resolve_range(a, b, twentyfour, before)
    if span is None:
        why = "24 h clock, not a day's opening (typo?)" if twentyfour else "ambiguous time range"
        problems.append(f"{why}: {_show(a)}-{_show(b)}")
        return []
    return [span]


def _clocks(val: object) -> tuple[Clock, Clock]:
    """The value of an ``R`` item: its two clock readings (see :mod:`._text_lex`)."""
    return cast("tuple[Clock, Clock]", val)


def _show(c: Clock) -> str:
    return f"{c.hour}:{c.minute:02d}{c.meridiem or ''}"


def _explicit(c: Clock, end: bool) -> int:
    h = c.hour % 12 + (12 if c.meridiem == "pm" else 0)
    m = h * 60 + c.minute
    return 1440 if end and m == 0 else m


def resolve_range(
    a: Clock, b: Clock, twentyfour: bool = False, before: int | None = None
) -> tuple[int, int] | None:
    """Two clock readings -> (start, end) minutes, end > start (overnight end > 1440).

    ``before``: start of the next split shift of the same days; a bare end that could be
    morning or evening takes the one reading that ends by then (split shifts do not overlap).
    """
    if twentyfour and not a.meridiem and not b.meridiem:
        span = _range_24h(a.hour * 60 + a.minute, b.hour * 60 + b.minute)
        if span is None and 7 <= a.hour <= 11 and 1 <= b.hour < a.hour:
            # a 12 h close in a 24 h value ('Friday: 8:30-4:30' next to '8:30-16:30'): the
            # only reading that is a day's opening is the afternoon one
            span = a.hour * 60 + a.minute, (b.hour + 12) * 60 + b.minute
        return span
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
    start = _explicit(a, False) if a.meridiem else _bare_start(a, b)
    if start is None:
        return None
    return _bare_end(start, b, before)


def _range_24h(s: int, e: int) -> tuple[int, int] | None:
    """24 h clock: an overnight reading needs an evening open (>= 17:00) and a close by noon;
    '22:00-20:00' or '0:30-17:00' are typos in 24 h data, not openings (a morning open with an
    earlier close, '10:00-4:00', is read on the 12 h clock by the caller)."""
    e = 1440 if e in (1439, 1440) or e == 0 else e
    if s >= 1440 or 0 < s < 300:
        return None
    if e > s:
        return s, e
    return (s, e + 1440) if s >= 1020 and e <= 720 else None


def _bare_start(a: Clock, b: Clock) -> int | None:
    h = a.hour
    if 7 <= h <= 11 or (h == 6 and b.hour <= 6 and b.meridiem is None):
        return h * 60 + a.minute
    if h == 12:
        return 720 + a.minute
    if 1 <= h <= 5:
        return (h + 12) * 60 + a.minute
    return None


def _bare_end(s: int, b: Clock, before: int | None = None) -> tuple[int, int] | None:
    if b.hour > 12:
        return None
    am = (b.hour % 12) * 60 + b.minute
    pm = am + 720
    fits = [m for m in (am, pm) if m > s]
    if len(fits) == 2 and before is not None and sum(m <= before for m in fits) == 1:
        fits = [m for m in fits if m <= before]
    if len(fits) == 2 and am - s <= 60:
        fits = [pm]  # '9-9:30', '8-9': an opening of an hour or less is not a day's hours
    if len(fits) != 1:
        return None
    return s, fits[0]
