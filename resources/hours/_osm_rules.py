"""OSM ``opening_hours`` rules: parsed from tolerant tokens, evaluated day by day.

Semantics as opening_hours.js (the reference implementation):

* rules separated by ``;`` are *normal* rules: a later one that matches a day replaces what
  earlier rules said for that whole day, the part after midnight of the previous day's
  opening included (``Fr 22:00-02:00; Sa 10:00-12:00`` is closed on Saturday 00:30);
* ``,`` between rules adds an *additional* rule (``Mo-Fr 10:00-20:00, We 12:00-14:00 off``
  only cuts 12-14 out); ``||`` a *fallback* rule for days no earlier rule matched;
* selectors intersect: ``2015 Mo`` = Mondays of 2015; ``PH We,Fr`` = public holidays that fall
  on a Wednesday or Friday; ``PH -1 day Mo-We`` = the day before a holiday when that day is
  Monday to Wednesday; ``PH,Su`` (a comma) is the union;
* a rule with a comment and no ``open``/``off`` says *unknown*, as does ``unknown``.

What the rules cannot express here (school holidays, easter, open ends ``17:00+``, periodic
times, week-day offsets) raises :class:`Unsupported`: the value is then not read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from ._osm_lex import Token, tokens

OPEN, CLOSED, UNKNOWN = "open", "closed", "unknown"
Segment = tuple[int, int, str]  # (start, end, state): minutes of one local day, start < end


class Unsupported(ValueError):
    """Syntax we do not evaluate (the value stays unknown)."""


@dataclass(frozen=True)
class TimePoint:
    minute: int = 0
    sun: str | None = None  # sunrise | sunset | dawn | dusk (+ minute as offset)


@dataclass(frozen=True)
class Rule:
    kind: str = "normal"  # normal | additional | fallback
    years: tuple[tuple[int, int, int], ...] = ()  # (first, last, step)
    dates: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = ()  # ((m, d), (m, d)) ranges
    weeks: tuple[tuple[int, int, int], ...] = ()
    holidays: tuple[int, ...] = ()  # day offsets of PH (0, +1, -1)
    weekdays: tuple[tuple[int, tuple[int, ...]], ...] = ()  # (weekday, nth of the month)
    intersect: bool = False  # holidays AND weekdays (PH We) rather than OR (PH,We)
    times: tuple[tuple[TimePoint, TimePoint], ...] = ()
    state: str = OPEN
    comment: str | None = None

    @property
    def uses_sun(self) -> bool:
        return any(p.sun for span in self.times for p in span)

    def matches(self, d: date, is_holiday: Callable[[date], bool]) -> bool:
        if self.years and not any(a <= d.year <= b and (d.year - a) % s == 0
                                  for a, b, s in self.years):
            return False
        if self.dates and not any(_in_range((d.month, d.day), a, b) for a, b in self.dates):
            return False
        if self.weeks:
            wk = d.isocalendar()[1]
            if not any(a <= wk <= b and (wk - a) % s == 0 for a, b, s in self.weeks):
                return False
        return self._day_matches(d, is_holiday)

    def _day_matches(self, d: date, is_holiday: Callable[[date], bool]) -> bool:
        hol = any(is_holiday(d - timedelta(days=off)) for off in self.holidays)
        wd = any(d.weekday() == w and (not nth or _nth_ok(d, nth)) for w, nth in self.weekdays)
        if self.holidays and self.weekdays:
            return hol and wd if self.intersect else hol or wd
        if self.holidays:
            return hol
        return wd if self.weekdays else True


def _in_range(md: tuple[int, int], a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a <= md <= b if a <= b else md >= a or md <= b


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


@lru_cache(maxsize=4096)
def compile_value(value: str) -> Program:
    """The value's rules (cached per distinct value). Raises LexError / Unsupported."""
    rules = tuple(_Parser(tokens(value)).rules())
    if not rules:
        raise Unsupported("no rule")
    return Program(rules, any(r.uses_sun for r in rules),
                   any(r.state == UNKNOWN for r in rules))


# ---------------------------------------------------------------------------------- parser
class _Parser:
    def __init__(self, toks: Sequence[Token]):
        self.t = list(toks)
        self.i = 0

    def peek(self, k: int = 0) -> Token | None:
        return self.t[self.i + k] if self.i + k < len(self.t) else None

    def kind(self, k: int = 0) -> str | None:
        tok = self.peek(k)
        return tok.kind if tok else None

    def take(self, kind: str | None = None) -> Token:
        tok = self.peek()
        if tok is None or (kind and tok.kind != kind):
            raise Unsupported(f"expected {kind} at token {self.i}")
        self.i += 1
        return tok

    def rules(self) -> list[Rule]:
        out = [self.rule("normal")]
        while self.peek() is not None:
            sep = self.take().kind
            if sep not in (";", ",", "||"):
                raise Unsupported(f"unexpected {sep}")
            if self.peek() is None:
                break
            out.append(self.rule({";": "normal", ",": "additional", "||": "fallback"}[sep]))
        return out

    def rule(self, kind: str) -> Rule:
        fields: dict[str, object] = {"kind": kind}
        if self.kind() == "ALWAYS":
            self.take()
            fields["times"] = ((TimePoint(0), TimePoint(1440)),)
        else:
            if self.kind() == "NUM" and self._is_year():
                fields["years"] = self.years()
            if self.kind() == "MONTH":
                fields["dates"] = self.dates()
            if self.kind() == "WEEK":
                fields["weeks"] = self.weeks()
            if self.kind() == ":" and len(fields) > 1:
                self.take()
            self.day_selectors(fields)
            if self.kind() == ":" and self.kind(1) in ("TIME", "NUM", "SUN", "("):
                self.take()  # tolerant: "Mo-Fr: 08:00-12:00"
            if self.kind() in ("TIME", "NUM", "SUN", "("):
                fields["times"] = self.times()
        if self.kind() == "STATE":
            fields["state"] = self.take().value
        if self.kind() == "COMMENT":
            fields["comment"] = self.take().value
            if "state" not in fields:
                fields["state"] = UNKNOWN
        if len(fields) == 1:
            raise Unsupported("empty rule")
        return Rule(**fields)  # type: ignore[arg-type]

    def _is_year(self) -> bool:
        tok = self.peek()
        return tok is not None and isinstance(tok.value, int) and 1900 <= tok.value <= 2200

    def years(self) -> tuple[tuple[int, int, int], ...]:
        out = []
        while True:
            a = int(self.take("NUM").value)  # type: ignore[arg-type]
            b, step = a, 1
            if self.kind() == "-" and self.kind(1) == "NUM":
                self.take()
                b = int(self.take("NUM").value)  # type: ignore[arg-type]
                if self.kind() == "/":
                    self.take()
                    step = int(self.take("NUM").value)  # type: ignore[arg-type]
            elif self.kind() == "+":
                self.take()
                b = 9999
            if b < a or not 1900 <= a <= 2200:
                raise Unsupported("year range")
            out.append((a, b, step))
            if self.kind() == "," and self.kind(1) == "NUM" and self._year_at(2):
                self.take()
                continue
            return tuple(out)

    def _year_at(self, k: int) -> bool:
        tok = self.peek(k - 1)
        return tok is not None and isinstance(tok.value, int) and 1900 <= tok.value <= 2200

    def dates(self) -> tuple[tuple[tuple[int, int], tuple[int, int]], ...]:
        out = []
        while True:
            m1 = int(self.take("MONTH").value)  # type: ignore[arg-type]
            d1 = self._monthday()
            start, end = (m1, d1 or 1), (m1, d1 or 31)
            if self.kind() == "-" and self.kind(1) in ("MONTH", "NUM") and d1 is not None \
                    or self.kind() == "-" and self.kind(1) == "MONTH":
                self.take()
                if self.kind() == "MONTH":
                    m2 = int(self.take("MONTH").value)  # type: ignore[arg-type]
                    d2 = self._monthday()
                    if (d1 is None) != (d2 is None):
                        raise Unsupported("month range")
                    end = (m2, d2 or 31)
                else:
                    end = (m1, int(self.take("NUM").value))  # type: ignore[arg-type]
            out.append((start, end))
            if self.kind() == "," and self.kind(1) == "MONTH":
                self.take()
                continue
            return tuple(out)

    def _monthday(self) -> int | None:
        tok = self.peek()
        if tok is not None and tok.kind == "NUM" and 1 <= int(tok.value) <= 31:  # type: ignore[arg-type]
            # a day of the month: "Dec 10-12" is a date range, as in opening_hours.js
            self.take()
            return int(tok.value)  # type: ignore[arg-type]
        return None

    def weeks(self) -> tuple[tuple[int, int, int], ...]:
        self.take("WEEK")
        out = []
        while True:
            a = int(self.take("NUM").value)  # type: ignore[arg-type]
            b, step = a, 1
            if self.kind() == "-":
                self.take()
                b = int(self.take("NUM").value)  # type: ignore[arg-type]
                if self.kind() == "/":
                    self.take()
                    step = int(self.take("NUM").value)  # type: ignore[arg-type]
            if not 1 <= a <= b <= 53:
                raise Unsupported("week range")
            out.append((a, b, step))
            if self.kind() == "," and self.kind(1) == "NUM":
                self.take()
                continue
            return tuple(out)

    def day_selectors(self, fields: dict[str, object]) -> None:
        holidays: list[int] = []
        weekdays: list[tuple[int, tuple[int, ...]]] = []
        while self.kind() in ("PH", "SH", "DAY"):
            if self.kind() == "SH":
                raise Unsupported("school holidays")
            if self.kind() == "PH":
                self.take()
                holidays.append(self._day_offset())
            else:
                weekdays += self._weekday_item()
            if self.kind() == "," and self.kind(1) in ("PH", "DAY"):
                self.take()
                continue
            if holidays and not weekdays and self.kind() == "DAY":
                fields["intersect"] = True  # "PH We,Fr": holidays that fall on those days
                continue
            break
        if holidays:
            fields["holidays"] = tuple(holidays)
        if weekdays:
            fields["weekdays"] = tuple(weekdays)

    def _day_offset(self) -> int:
        if self.kind() in ("+", "-") and self.kind(1) == "NUM" and self.kind(2) == "DAYUNIT":
            sign = 1 if self.take().kind == "+" else -1
            n = int(self.take("NUM").value)  # type: ignore[arg-type]
            self.take("DAYUNIT")
            return sign * n
        return 0

    def _weekday_item(self) -> list[tuple[int, tuple[int, ...]]]:
        a = int(self.take("DAY").value)  # type: ignore[arg-type]
        nth: tuple[int, ...] = ()
        if self.kind() == "[":
            nth = self._nth()
            if self.kind() in ("+", "-") and self.kind(1) == "NUM" and self.kind(2) == "DAYUNIT":
                raise Unsupported("weekday offset")
        if self.kind() == "-" and self.kind(1) == "DAY":
            self.take()
            b = int(self.take("DAY").value)  # type: ignore[arg-type]
            if nth:
                raise Unsupported("nth on a range")
            return [((a + k) % 7, ()) for k in range((b - a) % 7 + 1)]
        return [(a, nth)]

    def _nth(self) -> tuple[int, ...]:
        self.take("[")
        out: list[int] = []
        while True:
            sign = -1 if self.kind() == "-" and self.take() else 1
            a = sign * int(self.take("NUM").value)  # type: ignore[arg-type]
            if self.kind() == "-" and self.kind(1) == "NUM":
                self.take()
                b = int(self.take("NUM").value)  # type: ignore[arg-type]
                if a < 1 or b < a:
                    raise Unsupported("nth range")
                out += list(range(a, b + 1))
            else:
                out.append(a)
            if self.kind() == ",":
                self.take()
                continue
            self.take("]")
            if any(not (1 <= n <= 5 or -5 <= n <= -1) for n in out):
                raise Unsupported("nth")
            return tuple(out)

    def times(self) -> tuple[tuple[TimePoint, TimePoint], ...]:
        out = []
        while True:
            a = self._point(start=True)
            if self.kind() != "-":
                raise Unsupported("a time without a range")  # "17:00+", "12:00"
            self.take()
            b = self._point(start=False)
            if self.kind() in ("+", "/"):
                raise Unsupported("open end or periodic times")
            out.append((a, b))
            if self.kind() == "," and self.kind(1) in ("TIME", "NUM", "SUN", "("):
                self.take()
                continue
            return tuple(out)

    def _point(self, start: bool) -> TimePoint:
        tok = self.take()
        if tok.kind == "TIME":
            return TimePoint(int(tok.value))  # type: ignore[arg-type]
        if tok.kind == "NUM":  # a bare hour in a time range (tolerant: "Mo 7-18", "10-12")
            if not 0 <= int(tok.value) <= 48:  # type: ignore[arg-type]
                raise Unsupported("hour")
            return TimePoint(int(tok.value) * 60)  # type: ignore[arg-type]
        if tok.kind == "SUN":
            return TimePoint(0, str(tok.value))
        if tok.kind == "(":
            sun = str(self.take("SUN").value)
            sign = {"+": 1, "-": -1}.get(self.take().kind)
            if sign is None:
                raise Unsupported("sun offset")
            off = self.take()
            if off.kind not in ("TIME", "NUM"):
                raise Unsupported("sun offset")
            minutes = int(off.value) if off.kind == "TIME" else int(off.value) * 60  # type: ignore[arg-type]
            self.take(")")
            return TimePoint(sign * minutes, sun)
        raise Unsupported(f"time {tok.kind}")


# ------------------------------------------------------------------------------ evaluation
SunAt = Callable[[str, date], int | None]


def day_segments(program: Program, d: date, is_holiday: Callable[[date], bool],
                 sun_at: SunAt | None) -> list[Segment]:
    """Open / unknown segments of local date ``d`` (closed is the absence of a segment)."""
    segs: list[Segment] = []
    matched = False
    for rule in program.rules:
        own = rule.matches(d, is_holiday)
        if rule.kind == "fallback" and (matched or not own):
            continue
        spill = _spans(rule, d - timedelta(days=1), sun_at, spill=True) \
            if rule.matches(d - timedelta(days=1), is_holiday) else []
        if not own and not spill:
            continue
        mine = _spans(rule, d, sun_at, spill=False) if own else []
        if own and rule.kind != "additional":
            segs = []
            matched = True
        for s, e in mine + spill:
            segs = _overlay(segs, s, e, rule.state)
    return segs


def _spans(rule: Rule, d: date, sun_at: SunAt | None, spill: bool) -> list[tuple[int, int]]:
    """The rule's spans on ``d`` within that day, or (``spill``) their part after midnight,
    shifted to the next day."""
    out = []
    for a, b in rule.times or ((TimePoint(0), TimePoint(1440)),):
        s, e = _minute(a, d, sun_at), _minute(b, d, sun_at)
        if e <= s:
            e += 1440
        if spill:
            if e > 1440:
                out.append((max(s, 1440) - 1440, min(e, 2880) - 1440))
        elif s < 1440:
            out.append((s, min(e, 1440)))
    return [(s, e) for s, e in out if e > s]


def _minute(p: TimePoint, d: date, sun_at: SunAt | None) -> int:
    if p.sun is None:
        return p.minute
    at = sun_at(p.sun, d) if sun_at else None
    if at is None:
        raise Unsupported("sun time unknown here")
    return at + p.minute


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
