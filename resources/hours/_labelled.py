"""Values that hold several labelled schedules: read every clause, keep each with its label,
and pick the one that says when a person can walk in or call the service.

Private to :mod:`resources.hours.parse_text` (which passes its one-clause reader in, so this
module does not import it). The precedence (docs/hours.md, "Labels: one schedule or several"):

1. Every clause (split at ``;``, ``. `` and after a parenthesised label followed by a comma)
   must read fully on its own, with at most one label; a clause that starts with a label
   (``Office: ...``) carries it over to the unlabelled clauses after it (``Office: 9-5 M-Th;
   10-2 F; Program: ...``). Anything unread, vague (``24 hours a day for coverage``,
   ``On-Call Staff``, ``information available``) or conflicting -> not read here (the caller
   keeps its own partial/unknown answer).
2. Each schedule gets a role from its label: office (administrative, administration, office,
   business, corporate), staffed phone line (hotline, helpline, phone line, toll-free number),
   recorded line (voicemail, answering machine/service, recorded, automated), a named service
   (any other label), or none (unlabelled).
3. The service's door: the one named-service or unlabelled schedule. When there is one of each
   and the named one is a way in (intake, walk-in, drop-in, program, shelter, residents,
   housing, assessment), the named one is the door and the unlabelled one is kept as the
   agency's general hours. Several service schedules with the same hours are one door. Any
   other pair of service schedules -> not read (no single "open now" exists).
4. Phone lines and recorded lines are never door hours: kept as labelled schedules. Without any
   door: office hours alone -> ``scope="office"`` (the office's hours; the service's own are
   not listed, so outside them the state is unknown, never closed); one staffed line alone ->
   that line's hours (a hotline's way in is the phone, as for ``Open 24 hours (Hotline)``);
   recorded lines alone -> no hours listed (unknown, "hours not listed"), the line kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from .model import (
    ROLE_GENERAL,
    ROLE_MACHINE,
    ROLE_OFFICE,
    ROLE_ONLINE,
    ROLE_PHONE,
    ROLE_SERVICE,
    SCOPE_OFFICE,
    Hours,
    LabelledHours,
    ParseStatus,
    WeeklyInterval,
    seasons_conflict,
)

NOT_LISTED = "hours not listed"
ORPHANS = frozenset(["times without days", "days without times"])

# the lexer's one-word spellings of 'on call', 'call center', 'call <number>', for people
_SPELLED = {"oncall": "on-call", "callcenter": "call center", "callnumber": ""}
_OFFICE_WORDS = frozenset(
    [
        "administrative",
        "administration",
        "admin",
        "office",
        "offices",
        "ofc",
        "business",
        "corporate",
    ]
)
# words that may stand next to an office word in an office label ('Main Office', 'General
# office hours', 'Church Office Hours', 'Administrative Offices', 'in local office')
_OFFICE_FILLER = frozenset(["main", "general", "church", "hours", "local", "in", "for", "the"])
_PHONE_WORDS = frozenset(
    # 'oncall' / 'callcenter': the lexer's spelling of 'on call', 'on-call', 'call center'
    ["hotline", "helpline", "phone", "telephone", "line", "number"] + list(_SPELLED)
)
# lines that say when someone answers a call, never when a door is open, even alone
_CALL_ONLY = frozenset(["oncall", "callnumber"])
# a web site or online access, no door ('24-hour access via website', '(Web site) 24/7')
_ONLINE_WORDS = frozenset(["web", "site", "website", "online", "internet"])
_ONLINE_FILLER = frozenset(["access", "via", "on", "the"])
_MACHINE_WORDS = frozenset(
    ["voicemail", "voice", "mail", "answering", "machine", "recorded", "automated"]
)
# a label that says something is *available*, not that a door is open -> not read
_VAGUE = frozenset(
    [
        "coverage",
        "available",
        "availability",
        "information",
        "info",
        "team",
        "online",
        "website",
        "web",
        "site",
        "central",
        "application",
        "applications",
        # when appointments are made is not when the door is open ('(Appointments)')
        "appointment",
        "appointments",
        "appts",
    ]
)
_APPLY_ONLINE = frozenset(["online", "application", "applications", "only"])
# a named schedule that is a way in beats the agency's unlabelled hours
_DOOR_WORDS = frozenset(
    [
        "intake",
        "client",
        "clients",
        "initial",
        "walk",
        "in",
        "ins",
        "walk-in",
        "walk-ins",
        "drop",
        "drop-in",
        "drop-ins",
        "program",
        "programs",
        "shelter",
        "resident",
        "residents",
        "residential",
        "housing",
        "assessment",
        "center",
        "hours",
        "accepted",
        "for",
        "open",
    ]
)
_ABBREV = re.compile(
    r"\b(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun|a\.m|p\.m|st|ave)$", re.I
)


@dataclass(frozen=True)
class Clause:
    """One clause read on its own: its hours, its label (words) and whether the label leads."""

    text: str
    hours: Hours
    label: str
    leading: bool


# text -> (its plain reading, where its label stands: 'lead' / 'trail' / 'mid' / '')
Reader = Callable[[str], tuple[Hours, str]]


_SEGMENT_END = re.compile(
    r";|\.\s+|\)\s*,\s*(?=[^,]*\d)|(?<![:,\-\s])\s{2,}(?![\-,:\s])(?=[^;]*\d)"
)


def segments(src: str) -> list[str]:
    """Split at ';', at '. ' (not after 'Mon.', 'p.m.'), after '(Label),' before a time and at
    a run of spaces the lexer reads as a separator, before a clause with a number ('Monday -
    Friday   On call for emergency 24/7'; not '... Friday  ONLINE APPLICATIONS')."""
    pieces: list[str] = []
    start = 0
    for m in _SEGMENT_END.finditer(src):
        tok = m.group(0)
        if tok.startswith(".") and _ABBREV.search(src[: m.start()]):
            continue
        pieces.append(src[start : m.start() + (1 if tok.startswith(")") else 0)])
        start = m.end()
    pieces.append(src[start:])
    return [p.strip(" ;.,") for p in pieces if p.strip(" ;.,()")]


def label_of(h: Hours) -> str | None:
    """The clause's one label ('' if none); None when it has unread parts or two labels."""
    if h.status is ParseStatus.UNKNOWN:
        return None
    named = [n.removeprefix("for: ") for n in h.notes if n.startswith("for: ")]
    labels = [u for u in h.unparsed if u not in ORPHANS]
    if len(labels) != len(h.unparsed) or len(named) + len(labels) > 1:
        return None
    words = (named + labels + [""])[0]
    return words.removeprefix("for ").strip()


def role_of(label: str) -> str | None:
    """office / phone / machine / service / general ('' label); None = too vague to read."""
    words = set(label.replace("-", " ").split())
    if not words:
        return ROLE_GENERAL
    if words & _MACHINE_WORDS:
        return ROLE_MACHINE
    if "oncall" in words and "staff" in words:
        return None  # 'Open 24 Hours (On-Call Staff)': staff on call in a residence, or a line?
    if words & _PHONE_WORDS:
        return ROLE_PHONE
    if words & _OFFICE_WORDS:
        return ROLE_OFFICE if not words - _OFFICE_WORDS - _OFFICE_FILLER else None
    if words <= _APPLY_ONLINE and "online" in words:
        # 'MONDAY -FRIDAY 9:00 AM - 5:00 PM ONLINE APPLICATION ONLY': no door to walk in to;
        # the hours are when the organisation itself can be reached
        return ROLE_OFFICE
    if words & _ONLINE_WORDS and not words - _ONLINE_WORDS - _ONLINE_FILLER:
        return ROLE_ONLINE
    if words & _VAGUE:
        return None
    return ROLE_SERVICE


@dataclass
class _Schedule:
    label: str
    role: str
    hours: list[Hours]

    @property
    def intervals(self) -> tuple[WeeklyInterval, ...]:
        return tuple(dict.fromkeys(iv for h in self.hours for iv in h.intervals))


def read_labelled(src: str, read: Reader) -> Hours | None:
    """The value as labelled schedules (module docstring), or None when it does not read."""
    pieces = segments(src)
    scheds: list[_Schedule] = []
    carry: _Schedule | None = None
    for text in pieces:
        h, where = read(text)
        label = label_of(h)
        if label is None or where == "mid" or h.appointment_only or not h.intervals:
            return None
        if h.closed_on_holidays and len(pieces) > 1:
            return None  # whose holidays? (rare: not read)
        if not label and carry is not None:
            carry.hours.append(h)
            continue
        role = role_of(label)
        if role is None:
            return None
        sched = _Schedule(label, role, [h])
        scheds.append(sched)
        carry = sched if where == "lead" else None
    if len({h.timezone for s in scheds for h in s.hours} - {None}) > 1:
        return None
    return _decide(src, scheds)


def _decide(src: str, scheds: list[_Schedule]) -> Hours | None:
    zone = next((h.timezone for s in scheds for h in s.hours if h.timezone), None)
    service = [s for s in scheds if s.role in (ROLE_SERVICE, ROLE_GENERAL)]
    general = [s for s in service if s.role == ROLE_GENERAL]
    if len(general) > 1:  # unlabelled clauses apart from each other: one schedule
        merged = _Schedule("", ROLE_GENERAL, [h for s in general for h in s.hours])
        scheds = [s for s in scheds if s.role != ROLE_GENERAL] + [merged]
        service = [s for s in service if s.role != ROLE_GENERAL] + [merged]
        if _whole_day_and_times(merged.intervals):
            return None
    if any(seasons_conflict(s.intervals) for s in scheds):
        return None  # 'Program: Mon-Fri 9-5; June - August: Mon-Fri 8-4': which apply?
    if any(
        iv.end - iv.start >= 1440 for s in scheds if s.role == ROLE_OFFICE for iv in s.intervals
    ):
        return None  # 'Office Hours, 24 hours a day': not an office's hours
    door = _door(service)
    if door is None and service:
        return None
    # 'Monday - Friday (Business Hours), Open 24 hours': next to office hours an unnamed 'Open
    # 24 hours' may be an on-call line as well as a residence: not read
    unnamed_24_7 = door is not None and door.role == ROLE_GENERAL and _all_week(door.intervals)
    if unnamed_24_7 and any(s.role == ROLE_OFFICE for s in scheds):
        return None
    if door is None:
        office = [s for s in scheds if s.role == ROLE_OFFICE]
        phone = [s for s in scheds if s.role == ROLE_PHONE]
        if len(office) == 1:
            return _result(src, office[0], scheds, zone, ParseStatus.PARTIAL, SCOPE_OFFICE)
        if office:
            return None
        if len(phone) == 1 and not _CALL_ONLY & set(phone[0].label.split()):
            door = phone[0]  # an on-call line alone ('24 hours on call') is no door either
        elif phone or any(s.role == ROLE_ONLINE for s in scheds):
            return None  # 'Online or Open 24 hours': is there a door open 24 hours as well?
        else:  # recorded lines only: no hours a person can reach
            return Hours(
                status=ParseStatus.UNKNOWN,
                unparsed=(NOT_LISTED,),
                source=src,
                source_format="text",
                timezone=zone,
                labelled=_others(scheds, None),
            )
    # one schedule: read when it is named ('9:00am - 5pm Monday - Friday for Intake hours',
    # 'Intake Hours: MTF 9:30am - Noon ...; WTh ...') and each of its clauses is read
    one = len(scheds) == 1 and door.role in (ROLE_SERVICE, ROLE_GENERAL)
    if one and (not door.label or any(h.status is not ParseStatus.PARSED for h in door.hours)):
        return None
    return _result(src, door, scheds, zone, ParseStatus.PARSED, None)


def _door(service: list[_Schedule]) -> _Schedule | None:
    if len(service) == 1:
        return service[0]
    if not service:
        return None
    if len({frozenset(s.intervals) for s in service}) == 1:
        return service[0]  # 'M-F 9-12, 1-3; Screening: M-F 9-12, 1-3': the same hours
    named = [s for s in service if s.role == ROLE_SERVICE]
    if len(service) == 2 and len(named) == 1:
        words = set(named[0].label.replace("-", " ").split())
        if words <= _DOOR_WORDS and words - {"hours", "for", "open", "in", "center"}:
            return named[0]
    return None


def _result(
    src: str,
    door: _Schedule,
    scheds: list[_Schedule],
    zone: str | None,
    status: ParseStatus,
    scope: str | None,
) -> Hours:
    first = door.hours[0]
    what = _clean(door.label, door.role) if scope else _spelled(door.label)
    notes = (f"for: {what}",) if what else ()
    out = Hours(
        status=status,
        intervals=door.intervals,
        by_appointment_also=any(h.by_appointment_also for h in door.hours),
        closed_on_holidays=first.closed_on_holidays,
        source=src,
        source_format="text",
        timezone=zone,
        notes=notes,
        labelled=_others(scheds, door),
    )
    return replace(out, scope=scope) if scope else out


def _others(scheds: list[_Schedule], door: _Schedule | None) -> tuple[LabelledHours, ...]:
    return tuple(
        LabelledHours(_clean(s.label, s.role), s.role, s.intervals) for s in scheds if s is not door
    )


def _clean(label: str, role: str) -> str:
    """Drop the words the role already says ('Office Hours' -> '', 'Parent Hotline' kept)."""
    words = label.split()
    if role == ROLE_OFFICE:
        words = [w for w in words if w not in _OFFICE_WORDS | _OFFICE_FILLER]
    if role == ROLE_PHONE:
        words = [w for w in words if w not in ("phone", "line", "number")]
    if role == ROLE_ONLINE:
        words = [w for w in words if w not in _ONLINE_FILLER]
    return _spelled(" ".join(w for w in words if w != "hours"))


def _spelled(label: str) -> str:
    words = [_SPELLED.get(w, w) for w in label.split()]
    words = [w for w in words if w]
    words = words[1:] if words[:1] == ["for"] else words  # 'call 1-800-... for case status'
    return " ".join(w for w in words if w)


def _all_week(intervals: tuple[WeeklyInterval, ...]) -> bool:
    return {iv.day for iv in intervals if iv.start == 0 and iv.end >= 1440} == set(range(7))


def _whole_day_and_times(intervals: tuple[WeeklyInterval, ...]) -> bool:
    whole = {(iv.day, iv.nth, iv.season) for iv in intervals if (iv.start, iv.end) == (0, 1440)}
    return any(
        (iv.day, iv.nth, iv.season) in whole and (iv.start, iv.end) != (0, 1440) for iv in intervals
    )
