"""OSM ``opening_hours`` rules: parsed from tolerant tokens, evaluated day by day.

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
* a rule with a comment and no ``open``/``off`` says *unknown*, as does ``unknown``.

What the rules cannot express here (school holidays, easter, open ends ``17:00+``, periodic
times, week-day offsets) raises :class:`Unsupported`: the value is then not read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
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
    from dateutil.easter import easter  # western Easter, as the reference's "easter"

    return easter(year)


def _nth_weekday(year: int, month: int, wd: int, nth: int) -> date | None:
    first = date(year, month, 1)
    if nth > 0:
        d = first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (nth - 1))
        return d if d.month == month else None
    last = first.replace(day=_month_len(first))
    d = last - timedelta(days=(last.weekday() - wd) % 7 + 7 * (-nth - 1))
    return d if d.month == month else None


def _in_dates(d: date, a: DatePoint, b: DatePoint) -> bool:
    """Both ends are placed in ``d``'s year (or their own); an end before the start wraps
    the year (Dec 24-Jan 02, easter-Apr 02 in a year Easter is later), as the reference."""
    year = a.year or d.year
    start, end = a.on(year), b.on(b.year or year)
    if start is None or end is None:
        return False
    if end < start and not (a.year or b.year):
        return d >= start or d <= end
    return start <= d <= end


@dataclass(frozen=True)
class Rule:
    kind: str = "normal"  # normal | additional | fallback
    years: tuple[tuple[int, int, int], ...] = ()  # (first, last, step)
    dates: tuple[tuple[DatePoint, DatePoint], ...] = ()  # date ranges (a single day: a == b)
    weeks: tuple[tuple[int, int, int], ...] = ()
    holidays: tuple[int, ...] = ()  # day offsets of PH (0, +1, -1)
    weekdays: tuple[tuple[int, tuple[int, ...], int], ...] = ()  # (weekday, nth, day offset)
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
        if self.dates and not any(_in_dates(d, a, b) for a, b in self.dates):
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
        self.open_ends: tuple[tuple[TimePoint, TimePoint], ...] = ()

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
        out = self._with_open_ends(self.rule("normal"))
        while self.peek() is not None:
            sep = self.take().kind
            if sep not in (";", ",", "||"):
                raise Unsupported(f"unexpected {sep}")
            if self.peek() is None:
                break
            kind = {";": "normal", ",": "additional", "||": "fallback"}[sep]
            out += self._with_open_ends(self.rule(kind))
        return out

    def rule(self, kind: str) -> Rule:
        fields: dict[str, object] = {"kind": kind}
        if self.kind() == "ALWAYS":
            self.take()
            fields["times"] = ((TimePoint(0), TimePoint(1440)),)
        else:
            if self.kind() == "NUM" and self._is_year() and not self._dated_year():
                fields["years"] = self.years()
            if self.kind() in ("MONTH", "EASTER") or self._dated_year():
                fields["dates"] = self.dates()
            if self.kind() == "WEEK":
                fields["weeks"] = self.weeks()
            if self.kind() == ":" and len(fields) > 1:
                self.take()
            self.day_selectors(fields)
            if self.kind() == ":" and self.kind(1) in ("TIME", "NUM", "SUN", "(", "STATE",
                                                        "COMMENT"):
                self.take()  # tolerant: "Mo-Fr: 08:00-12:00", "Mo,We: open"
            if self.kind() in ("TIME", "NUM", "SUN", "("):
                fields["times"], self.open_ends = self.times()
        if self.kind() == "STATE":
            fields["state"] = self.take().value
        if self.kind() == "COMMENT":
            fields["comment"] = self.take().value
            if "state" not in fields:
                fields["state"] = UNKNOWN
        if len(fields) == 1:
            raise Unsupported("empty rule")
        return Rule(**fields)  # type: ignore[arg-type]

    def _with_open_ends(self, rule: Rule) -> list[Rule]:
        """``17:00+``, ``13:00-17:00+``: the reference says *unknown* after the open end (its
        length is a guess there, shown as such): an unknown rule on the same days."""
        ends, self.open_ends = self.open_ends, ()
        if not ends:
            return [rule]
        if rule.state != OPEN:  # "17:00+ off": closed (or unknown) from 17:00, for any end
            return [replace(rule, times=rule.times + ends)]
        if not rule.times:
            return [replace(rule, times=ends, state=UNKNOWN)]
        return [rule, replace(rule, kind="additional", times=ends, state=UNKNOWN,
                              comment="open end")]

    def _dated_year(self) -> bool:
        """'2013 Dec 31-2014 Jan 02': a year that belongs to a date of a range with years."""
        if not (self.kind() == "NUM" and self._is_year() and self.kind(1) == "MONTH"):
            return False
        k = self.i
        while k < len(self.t) and self.t[k].kind not in (";", "||"):
            if self.t[k].kind == "-" and k + 1 < len(self.t) and self.t[k + 1].kind == "NUM" \
                    and isinstance(self.t[k + 1].value, int) and 1900 <= self.t[k + 1].value <= 2200:
                return True
            k += 1
        return False

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

    def dates(self) -> tuple[tuple[DatePoint, DatePoint], ...]:
        out = []
        while True:
            a = self._date_point()
            b = DatePoint(a.month, a.day, a.wd, a.nth, a.easter, a.offset, a.year,
                          last=not (a.day or a.wd is not None or a.easter))
            if self.kind() == "-" and (self.kind(1) in ("MONTH", "EASTER")
                                       or self.kind(1) == "NUM" and self._year_at(2)
                                       and self.kind(2) in ("MONTH", "EASTER")):
                self.take()
                b = self._date_point(end=True)
            elif self.kind() == "-" and self.kind(1) == "NUM" and a.day:
                self.take()  # Dec 24-26
                b = DatePoint(a.month, self._day_number(), year=a.year)
            if self.kind() == "/":
                raise Unsupported("a date range with a step")
            out.append((a, b))
            while a.day and a.wd is None and self.kind() == "," and self.kind(1) == "NUM":
                self.take()  # Jan 01,3,9 / Dec 11,15-17: more days of the same month
                a = b = DatePoint(a.month, self._day_number(), year=a.year)
                if self.kind() == "-" and self.kind(1) == "NUM":
                    self.take()
                    b = DatePoint(a.month, self._day_number(), year=a.year)
                out.append((a, b))
            if self.kind() == "/":
                raise Unsupported("a date range with a step")
            if self.kind() == "," and self.kind(1) in ("MONTH", "EASTER"):
                self.take()
                continue
            return tuple(out)

    def _day_number(self) -> int:
        n = int(self.take("NUM").value)  # type: ignore[arg-type]
        if not 1 <= n <= 31:
            raise Unsupported("day of the month")
        return n

    def _date_point(self, end: bool = False) -> DatePoint:
        year = None
        if self.kind() == "NUM" and self._is_year():
            year = int(self.take().value)  # type: ignore[arg-type]
        if self.kind() == "EASTER":
            self.take()
            return DatePoint(easter=True, offset=self._day_offset(), year=year)
        month = int(self.take("MONTH").value)  # type: ignore[arg-type]
        if self.kind() == "DAY" and self.kind(1) == "[":
            wd = int(self.take().value)  # type: ignore[arg-type]
            nth = self._nth()
            if len(nth) != 1:
                raise Unsupported("several nth in a date")
            return DatePoint(month, wd=wd, nth=nth[0], offset=self._day_offset(), year=year)
        day = self._monthday()
        if day is None:
            return DatePoint(month, year=year, last=end)
        return DatePoint(month, day, offset=self._day_offset(), year=year)

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
        weekdays: list[tuple[int, tuple[int, ...], int]] = []
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
            if (holidays and not weekdays and self.kind() == "DAY"
                    or weekdays and not holidays and self.kind() == "PH"):
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

    def _weekday_item(self) -> list[tuple[int, tuple[int, ...], int]]:
        a = int(self.take("DAY").value)  # type: ignore[arg-type]
        if self.kind() == "[":
            nth = self._nth()
            return [(a, nth, self._day_offset())]  # Sa[-1] +3 days
        if self.kind() == "-" and self.kind(1) == "DAY":
            self.take()
            b = int(self.take("DAY").value)  # type: ignore[arg-type]
            return [((a + k) % 7, (), 0) for k in range((b - a) % 7 + 1)]
        return [(a, (), 0)]

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

    def times(self) -> tuple[tuple[tuple[TimePoint, TimePoint], ...],
                             tuple[tuple[TimePoint, TimePoint], ...]]:
        """Time spans, and the spans after open ends (``17:00+``: unknown from 17:00)."""
        out, ends = [], []
        while True:
            bare = self.kind() == "NUM"
            a = self._point(start=True)
            if self.kind() == "+" and self.kind(1) not in ("NUM", "TIME"):
                self.take()  # "17:00+": an open end
                ends.append((a, _open_end(a, a)))
            else:
                if self.kind() != "-":
                    raise Unsupported("a time without a range")  # "12:00"
                self.take()
                bare = bare and self.kind() == "NUM"
                b = self._point(start=False)
                if self.kind() == "/":
                    raise Unsupported("periodic times")
                if bare and b.minute <= a.minute and b.minute <= 12 * 60:
                    # "9-5": 09:00-05:00 to the reference, 9 to 5 PM to a person: not guessed
                    raise Unsupported("bare hours that end before they start")
                if a == b:
                    raise Unsupported("a time range that ends where it starts")
                out.append((a, b))
                if self.kind() == "+" and self.kind(1) not in ("NUM", "TIME"):
                    self.take()  # "13:00-17:00+": open, then an open end
                    ends.append((_after(a, b), _open_end(a, _after(a, b))))
            if self.kind() == "," and self.kind(1) in ("TIME", "NUM", "SUN", "("):
                self.take()
                continue
            if self.kind() in ("TIME", "SUN") or self.kind() == "(" and self.kind(1) == "SUN":
                continue  # tolerant: "Mo 12:00-14:00 16:00-18:00"
            return tuple(out), tuple(ends)

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


def _after(a: TimePoint, b: TimePoint) -> TimePoint:
    """The end ``b`` of a range as a point after ``a`` (22:00-04:00: 04:00 the next day)."""
    if a.sun is None and b.sun is None and b.minute <= a.minute:
        return TimePoint(b.minute + 1440)
    return b


def _open_end(start: TimePoint, at: TimePoint) -> TimePoint:
    """Where the unknown after an open end stops: as opening_hours.js guesses it, about
    10 hours after an evening start, else at midnight (never read as open)."""
    if at.sun is None and at.minute >= 14 * 60:
        return TimePoint(min(at.minute + 600, 2880))
    return TimePoint(1440 if at.sun is not None or at.minute < 1440 else 2880)


# ------------------------------------------------------------------------------ evaluation
SunAt = Callable[[str, date], int | None]


def day_segments(program: Program, d: date, is_holiday: Callable[[date], bool],
                 sun_at: SunAt | None) -> list[Segment]:
    """Open / unknown segments of local date ``d`` (closed is the absence of a segment)."""
    segs: list[Segment] = []
    for rule in program.rules:
        own = rule.matches(d, is_holiday)
        spill = _spans(rule, d - timedelta(days=1), sun_at, spill=True) \
            if rule.matches(d - timedelta(days=1), is_holiday) else []
        if not own and not spill:
            continue
        mine = _spans(rule, d, sun_at, spill=False) if own else []
        # a normal rule replaces the day, except "off" with times, which only cuts them out
        # ("10:00-14:00; 12:00-14:00 off" is open at 10:00, as in the reference)
        if own and rule.kind == "normal" and not (rule.state == CLOSED and rule.times):
            segs = []
        for s, e in mine + spill:
            if rule.kind == "fallback":  # only where the rules before say nothing
                for gs, ge in _gaps(segs, s, e):
                    segs = _overlay(segs, gs, ge, rule.state)
            else:
                segs = _overlay(segs, s, e, rule.state)
    return segs


def _spans(rule: Rule, d: date, sun_at: SunAt | None, spill: bool) -> list[tuple[int, int]]:
    """The rule's spans on ``d`` within that day, or (``spill``) their part after midnight,
    shifted to the next day."""
    out = []
    for a, b in rule.times or ((TimePoint(0), TimePoint(1440)),):
        s, e = _minute(a, d, sun_at), _minute(b, d, sun_at)
        if e <= s:
            if (a.sun is None) != (b.sun is None) or e == s:
                # "sunrise-06:00" on a day the sun rises after 6: the reference's answers
                # are not a night opening either; equal ends ("16-16") say nothing
                raise Unsupported("a sun time range that ends before it starts")
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
