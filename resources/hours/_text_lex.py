"""Lexer for 211-style free-text hours: normalized text -> a flat list of typed items.

Private to :mod:`resources.hours.parse_text`. Items are small tuples ``(kind, value)``:
``D`` a set of weekdays (+ ordinals), ``R`` a time range (raw clock readings, resolved
later), ``H`` 24 hours, ``C`` closed, ``L`` a lunch break, ``P`` closed on public holidays,
``Z`` a stated time zone, ``A`` by appointment, ``S`` a season, ``SEP`` a hard separator,
``J`` a soft joiner (comma/and), ``W`` a residue word, ``X`` an unreadable token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Season

_DAY_WORDS: dict[str, int] = {}
# run-together day letters ('MTF', 'WTh', 'MWF', 'TTh'), read only as whole words
_DAY_RUNS = {"mtf": (0, 1, 4), "wth": (2, 3), "mwf": (0, 2, 4), "tth": (1, 3), "tuth": (1, 3)}
for _i, _names in enumerate(
    [
        "m mo mon mon. monday mondays",
        "t tu tue tues tuesday tuesdays",
        "w we wed weds wednesday wednesdays wendsday wednsday",
        "th thu thur thurs thursday thursdays",
        "f fr fri friday fridays firday",
        "sa sat saturday saturdays saturda satuday saturnday",
        "su sun sunday sundays",
    ]
):
    for _n in _names.split():
        _DAY_WORDS[_n] = _i

_MONTHS = {
    m: i + 1
    for i, ms in enumerate(
        [
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ]
    )
    for m in ms.split()
}
MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
)
_ORDINALS = {
    "1st": 1,
    "first": 1,
    "2nd": 2,
    "second": 2,
    "3rd": 3,
    "third": 3,
    "4th": 4,
    "fourth": 4,
    "5th": 5,
    "fifth": 5,
    "last": -1,
}

_SUBS: list[tuple[str, str]] = [
    (r"[\u2010-\u2015\u2212]", "-"),
    (r"\ba\.\s?m\b\.?", "am"),
    (r"\bp\.\s?m\b\.?", "pm"),
    (r"(\d)\s+:(\d)", r"\1:\2"),
    (r"\b(\d{1,2}:\d{2}):00\b", r"\1"),  # '6:30:00 am' (seconds)
    (r"(\d\s*[ap]m)(?=[a-z])", r"\1 "),  # '3:00 pmThursday'
    (r"\b(?:lunch\s+break|closed\s+(?:daily\s+|every\s+day\s+)?for\s+lunch)\b", " @lunch "),
    (r"(\d):(?=\s*[ap]m\b)", r"\1"),
    (r"\b12(?::00)?\s*(?:pm\s*)?\(?noon\)?", "noon"),
    (r"\b12(?::00)?\s*(?:am\s*)?\(?midnight\)?", "midnight"),
    (r"\b(?:7|seven)\s*days\s*(?:a|per|of the)\s*week\b", " daily "),
    (r"\bevery\s*day(?:\s+of\s+the\s+week)?\b|\bseven days\b", " daily "),
    (r"\bweekdays\b", " mon-fri "),
    (r"\bweekends?\b", " sat, sun "),
    (r"\bclose\s*-\s*close\b", " closed "),
    # '(Closed to the public on Wednesday)': the day is closed
    (r"\bclosed\s+to\s+the\s+public\s+on\b", " closed "),
    (
        r"\(?\b(?:closed|except)\s+(?:for\s+)?(?:on\s+)?(?:all\s+)?"
        r"(?:federal|public|legal|major|national|government|official)?\s*holidays\b\)?",
        " @ph ",
    ),
    (r"\b(?:through|thru)\b|--", "-"),
    (r"\bcentral\s+(?:standard\s+)?time\b|\bc[sd]t\b", " @tzc "),
    (r"\beastern\s+(?:standard\s+)?(?:time\b)?|\be[sd]?t\b", " @tze "),
    (r"\bby\s+appo?i?n?t?m?e?n?t?s?\.?\b|\bappointments?\s+only\b|\bby\s+arrangement\b", " @appt "),
    (r"\bappointment\s+only\b", " @appt "),
    # 'Monday-Friday, 8:30-5; some evening appointments', 'Evenings available with an
    # appointment': more hours by appointment (the weekly hours stay as they are)
    (r"\b(?:some\s+)?evening\s+appointments\b", " @appt "),
    (r"\bevenings?\s+available\s+with\s+an\s+appointment\b", " @appt "),
    # lines reached by phone: 'On call for emergency 24/7', '24-hour on-call for all HBPC
    # patients', '(Call Center) 8:00 am - ...', '24 hours a day, call 1-800-223-8383 for ...'
    (r"\bon[\s-]*call\b", " oncall "),
    (r"\bcall\s+cent(?:er|re)\b", " callcenter "),
    (r"\bcall\s+(?=(?:1-)?\(?\d{3}\)?[\s.-]?\d{3}-[0-9a-z]{4}\b)", " callnumber "),
    # a phone number is no time ('24 hour reporting hotline (202) 671-SAFE')
    (r"(?<![\d:])(?:1-)?\(?\d{3}\)?[\s.-]?\d{3}-[0-9a-z]{4}\b", " phone "),
    (r"\bof\s+(?:each|the|every)\s+month\b", " @month "),
    # 'Month of July and August only': the months named after it (a lone month needs this)
    (rf"\bmonths?\s+of\s+(?={MONTH_RE})", " @inmonth "),
    # 'mid-September', 'early May', 'late June': no exact date
    (rf"\b(?:mid|early|late|end\s+of|beginning\s+of)\s*-?\s*(?={MONTH_RE})", " @vague "),
    # 'may' the verb is no month ('clients may call', 'it may be expanded')
    (
        r"\bmay(?=\s+(?:be|not|call|vary|change|schedule|also|have|need|apply|come|use|close|open)\b)",
        " might ",
    ),
    (r"\b24\s*(?:hours?|hrs?)\s*/\s*7\s*days?\b", " @h24 "),  # 'Hotline Staffed 24 hours/7 days'
    (r"\b24\s*/\s*7\b|\b24[\s-]*(?:hours?|hrs?)\b(?:\s+(?:a|per)\s+day)?", " @h24 "),
]

_TOKEN = re.compile(
    r"""
    (?P<ordn>\b[1-5](?:st|nd|rd|th)\b)|(?P<appt>@appt)|(?P<ph>@ph)|(?P<inmonth>@inmonth)
    |(?P<vague>@vague)|(?P<month_of>@month)|(?P<h24>@h24)
    |(?P<lunch>@lunch)|(?P<tz>@tz[ce])
    |(?P<time>(?<![\d:])(?:\d{1,2}(?::\d{2})?|\d{3,4}(?=\s*[ap]m?\b))(?!\d|:\d)(?:\s*(?:am|pm|a|p)\b)?
       |noon|midnight)
    |(?P<hard>;|\.(?=\s|$)|(?<![:,\-])\s{2,}(?![\-,:])|\n)
    |(?P<dash>-|\bto\b|\buntil\b|\btill\b)
    |(?P<join>,|&|\band\b|\bor\b|\+|/)
    |(?P<colon>:)
    |(?P<paren>[()\[\]])
    |(?P<word>[a-z][a-z'.]*)
    |(?P<other>\S)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Clock:
    """One clock reading as written: hour 0..23, minute, meridiem 'am'/'pm'/None."""

    hour: int
    minute: int
    meridiem: str | None


Item = tuple[str, object]


def normalize(text: str) -> str:
    """Lower-case and rewrite the common spellings into the lexer's vocabulary."""
    s = text.lower().replace("\r", "\n")
    for pat, rep in _SUBS:
        s = re.sub(pat, rep.replace(" ", "\x01"), s)
    return re.sub(r"[ \x01]*\x01[ \x01]*", " ", s)


def _clock(tok: str) -> Clock | None:
    tok = tok.strip()
    if tok == "noon":
        return Clock(12, 0, "pm")
    if tok == "midnight":
        return Clock(0, 0, "am")
    m = re.fullmatch(r"(\d{1,4})(?::(\d{2}))?\s*(am|pm|a|p)?", tok)
    if not m:
        return None
    digits, mins, mer = m.group(1), m.group(2), m.group(3)
    if len(digits) > 2:
        digits, mins = digits[:-2], digits[-2:]
    hour, minute = int(digits), int(mins or 0)
    if hour > 24 or minute > 59 or (mer and not 1 <= hour <= 12):
        return None
    return Clock(hour, minute, {"a": "am", "p": "pm"}.get(mer or "", mer))


def lex(text: str) -> list[Item]:
    """Raw token stream: (kind, value) with kinds appt/h24/time/hard/dash/join/colon/word/..."""
    out: list[Item] = []
    for m in _TOKEN.finditer(normalize(text)):
        kind = m.lastgroup or "other"
        val = m.group(0).strip()
        if kind == "time":
            clock = _clock(val)
            if clock:
                out.append(("time", clock))
            else:
                out.append(("num", int(val)) if val.isdigit() else ("other", val))
        elif kind == "word" and val.rstrip(".") in _DAY_WORDS:
            out.append(("day", _DAY_WORDS[val.rstrip(".")]))
        elif kind == "word" and val.rstrip(".") in _DAY_RUNS:
            days = _DAY_RUNS[val.rstrip(".")]
            for k, d in enumerate(days):
                out += [("join", ",")] * (k > 0) + [("day", d)]
        elif kind == "word" and val.rstrip(".") in _MONTHS:
            out.append(("month", _MONTHS[val.rstrip(".")]))
        elif kind in ("word", "ordn") and val in _ORDINALS:
            out.append(("ord", _ORDINALS[val]))
        elif kind == "word" and val in ("daily", "everyday", "nightly"):
            out.append(("daily", None))
        elif kind == "word" and val in ("closed", "close"):
            out.append(("closed", None))
        elif kind == "other" and val.isdigit() is False and val in "*!?\"'":
            continue
        else:
            out.append((kind, val))
    return out


def _day_span(a: int, b: int) -> list[int]:
    return [(a + k) % 7 for k in range(((b - a) % 7) + 1)]


def group(raw: list[Item]) -> list[Item]:
    """Fold raw tokens into D/R/H/C/A/S/SEP/J/W/X items."""
    out: list[Item] = []
    i = 0
    while i < len(raw):
        kind, val = raw[i]
        if kind in ("day", "daily", "ord"):
            i = _group_days(raw, i, out)
            continue
        if kind == "month":
            i = _group_season(raw, i, out)
            continue
        if kind == "inmonth" and i + 1 < len(raw) and raw[i + 1][0] == "month":
            i = _group_season(raw, i + 1, out, single=True)
            continue
        if kind == "time":
            if i + 2 < len(raw) and raw[i + 1][0] == "dash" and raw[i + 2][0] == "time":
                out.append(("R", (val, raw[i + 2][1])))
                i += 3
                continue
            if i + 1 < len(raw) and _missing_dash(val, raw[i + 1][1]):
                out.append(("R", (val, raw[i + 1][1])))  # '8:30 am 5:00 pm'
                i += 2
                continue
            out.append(("X", "lone time"))
        elif kind == "h24":
            out.append(("H", None))
        elif kind == "closed":
            out.append(("C", None))
        elif kind == "ph":
            out.append(("P", None))
        elif kind == "lunch":
            out.append(("L", None))
        elif kind == "tz":
            out.append(("Z", "America/Chicago" if val == "@tzc" else "America/New_York"))
        elif kind == "appt":
            out.append(("A", None))
        elif kind == "hard":
            out.append(("SEP", val))
        elif kind in ("join", "colon", "paren", "dash"):
            out.append(("J", val))
        elif kind == "month_of":
            out.append(("X", "of the month"))
        elif kind == "vague":
            out.append(("X", "no exact date (mid-/early/late month)"))
        elif kind == "word":
            out.append(("W", val))
        else:
            out.append(("X", val))
        i += 1
    return out


def _missing_dash(a: object, b: object) -> bool:
    """Two clock readings side by side, both with am/pm, morning then afternoon/evening
    ('8:30 am 5:00 pm'): a range with its dash left out."""
    return (
        isinstance(a, Clock)
        and isinstance(b, Clock)
        and a.meridiem == "am"
        and b.meridiem == "pm"
        and a.hour != 12
    )


def _group_days(raw: list[Item], i: int, out: list[Item]) -> int:
    """Day lists and ranges: 'Mon - Fri', 'Monday, Wednesday & Friday', '2nd & 4th Tuesday'."""
    days: list[int] = []
    nth: list[int] = []
    while i < len(raw):
        kind, val = raw[i]
        if kind == "daily":
            days.extend(range(7))
            i += 1
        elif kind == "ord":
            nth.append(int(val))  # type: ignore[call-overload]
            i += 1
        elif kind == "day":
            if i + 2 < len(raw) and raw[i + 1][0] == "dash" and raw[i + 2][0] == "day":
                days.extend(_day_span(int(val), int(raw[i + 2][1])))  # type: ignore[call-overload]
                i += 3
            else:
                days.append(int(val))  # type: ignore[call-overload]
                i += 1
        elif kind == "join" and i + 1 < len(raw) and raw[i + 1][0] in ("day", "ord", "daily"):
            i += 1
        elif (
            (kind, val) == ("join", ",")
            and i + 2 < len(raw)
            and raw[i + 1][0] == "join"
            and raw[i + 1][1] in ("and", "&")
            and raw[i + 2][0] in ("day", "ord", "daily")
        ):
            i += 2  # 'Tuesday, Wednesday, and Thursday'
        else:
            break
    if nth:
        if i < len(raw) and raw[i][0] == "month_of":
            i += 1
        else:
            out.append(("X", "ordinal without 'of the month'"))
    out.append(("D", (tuple(dict.fromkeys(days)), tuple(nth))))
    return i


def _group_season(raw: list[Item], i: int, out: list[Item], single: bool = False) -> int:
    """A season of yearly recurring date ranges -> ``("S", (Season, ...))``: 'May 2 -
    September 12', 'May - October', 'July and August', 'June, July and August', 'March -
    April, October' (a list of whole months and month ranges; adjacent months merge).

    A lone month ('may') is no season unless ``single`` ('Month of July'); a range with dates
    is read alone, not in a list ('April 18 - June 29'); anything else stays unread."""
    first = _season_piece(raw, i)
    if first is None:
        out.append(("X", "month"))
        return i + 1
    k, season, dated, lone = first
    seasons = [season]
    while not dated and k < len(raw) and raw[k][0] == "join" and raw[k][1] in (",", "and", "&"):
        nxt = k + 1
        if raw[k][1] == "," and nxt < len(raw) and raw[nxt][0] == "join":
            nxt += 1  # 'June, July, and August'
        piece = _season_piece(raw, nxt) if nxt < len(raw) and raw[nxt][0] == "month" else None
        if piece is None or piece[2]:
            break
        k, season, _, _ = piece
        seasons.append(season)
        lone = False
    if lone and not single:
        out.append(("X", "month"))
        return i + 1
    out.append(("S", _merge_months(seasons) if len(seasons) > 1 else tuple(seasons)))
    return k


def _season_piece(raw: list[Item], i: int) -> tuple[int, Season, bool, bool] | None:
    """One month or range at ``i``: (next index, season, has a date, is a lone month)."""
    j, m1, d1 = _month_day(raw, i)
    if j < len(raw) and raw[j][0] == "dash" and j + 1 < len(raw) and raw[j + 1][0] == "month":
        k, m2, d2 = _month_day(raw, j + 1)
        if (m1, d1) == (m2, d2):
            return None
        return k, Season(m1, d1 or 1, m2, d2 or _month_len(m2)), bool(d1 or d2), False
    if d1 is not None:
        return None  # one date ('April 18'): not a season
    return j, Season(m1, 1, m1, _month_len(m1)), False, True


def _merge_months(seasons: list[Season]) -> tuple[Season, ...]:
    """Whole-month seasons of a list as few ranges: 'June, July and August' = 06-01..08-31."""
    months: set[int] = set()
    for s in seasons:
        months |= season_months(s) or set()
    return months_as_seasons(months)


def season_months(s: Season) -> set[int] | None:
    """The months of a season of whole months (None when it starts or ends within a month)."""
    if s.start_day != 1 or s.end_day != _month_len(s.end_month):
        return None
    months, m = {s.start_month}, s.start_month
    while m != s.end_month:
        m = m % 12 + 1
        months.add(m)
    return months


def months_as_seasons(months: set[int]) -> tuple[Season, ...]:
    """A set of months as the fewest whole-month seasons (a run may wrap the year)."""
    if not months:
        return ()
    if len(months) == 12:
        return (Season(1, 1, 12, 31),)
    runs: list[list[int]] = []
    start = next(m for m in range(1, 13) if m in months and (m - 2) % 12 + 1 not in months)
    for k in range(12):
        m = (start - 1 + k) % 12 + 1
        if m not in months:
            continue
        if runs and (runs[-1][-1] % 12) + 1 == m:
            runs[-1].append(m)
        else:
            runs.append([m])
    return tuple(Season(r[0], 1, r[-1], _month_len(r[-1])) for r in runs)


def _month_day(raw: list[Item], i: int) -> tuple[int, int, int | None]:
    month = int(raw[i][1])  # type: ignore[call-overload]
    if i + 1 < len(raw) and raw[i + 1][0] in ("time", "num"):
        c = raw[i + 1][1]
        if isinstance(c, int):
            c = Clock(c, 0, None)
        if (
            isinstance(c, Clock)
            and c.meridiem is None
            and c.minute == 0
            and 1 <= c.hour <= _month_len(month)
        ):
            nxt = raw[i + 2][0] if i + 2 < len(raw) else "end"
            if nxt != "dash" or (i + 3 < len(raw) and raw[i + 3][0] == "month"):
                return i + 2, month, c.hour
    return i + 1, month, None


def _month_len(m: int) -> int:
    return [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
