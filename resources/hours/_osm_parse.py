"""The OSM ``opening_hours`` parser: tolerant tokens (``_osm_lex``) -> rules (``_osm_rules``).

Grammar as opening_hours.js reads it: rules separated by ``;`` / ``,`` / ``||``; in each, wide
selectors (years, dates, weeks), then holidays and weekdays, then times, then a state and a
comment. What it cannot read raises :class:`Unsupported` (the value is then unknown).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from ._osm_lex import Token, tokens
from ._osm_rules import (
    OPEN,
    UNKNOWN,
    DatePoint,
    Program,
    Rule,
    TimePoint,
    Unsupported,
)


@lru_cache(maxsize=4096)
def compile_value(value: str) -> Program:
    """The value's rules (cached per distinct value). Raises LexError / Unsupported."""
    rules = tuple(_Parser(tokens(value)).rules())
    if not rules:
        raise Unsupported("no rule")
    return Program(rules, any(r.uses_sun for r in rules),
                   any(r.state == UNKNOWN for r in rules))


# ---------------------------------------------------------------------------------- parser
_SEPARATORS = {";": "normal", ",": "additional", "||": "fallback"}


class _Parser:
    def __init__(self, toks: Sequence[Token]):
        self.t = list(toks)
        self.i = 0
        # open ends of the rule being read: (start, guessed end, how many of its spans come
        # before it); what comes after an open end in the list takes precedence over it
        self.open_ends: tuple[tuple[TimePoint, TimePoint, int], ...] = ()

    def peek(self, k: int = 0) -> Token | None:
        return self.t[self.i + k] if self.i + k < len(self.t) else None

    def kind(self, k: int = 0) -> str | None:
        tok = self.peek(k)
        return tok.kind if tok else None

    def int_of(self, kind: str) -> int:
        """The next token, of ``kind``, as the number it carries (a day, month, number)."""
        value = self.take(kind).value
        if not isinstance(value, int):
            raise Unsupported(f"{kind} without a number")
        return value

    def take(self, kind: str | None = None) -> Token:
        tok = self.peek()
        if tok is None or (kind and tok.kind != kind):
            raise Unsupported(f"expected {kind} at token {self.i}")
        self.i += 1
        return tok

    def rules(self) -> list[Rule]:
        """The rules and the separators between them; empty rules (``; open``, ``;;;``) are
        skipped, as the reference does (a value of separators only has no rule)."""
        out: list[Rule] = []
        kind = "normal"
        while self.peek() is not None:
            if self.kind() in _SEPARATORS:
                sep = _SEPARATORS[self.take().kind]
                if sep == "fallback" and not out:
                    raise Unsupported("a fallback with no rule before it")  # "|| open"
                kind = sep if out else "normal"
                continue
            out += self._with_open_ends(self.rule(kind))
            if self.peek() is not None and self.kind() not in _SEPARATORS:
                raise Unsupported(f"unexpected {self.kind()}")
        return out

    def rule(self, kind: str) -> Rule:
        """One rule: its selectors in any order, as the reference reads them (``00:00-24:00
        week 05 Feb``, ``10:00-16:00 We open``), each at most once; then a comment."""
        fields: dict[str, object] = {"kind": kind}
        while (piece := self._piece(fields)) is not None:
            if piece == ":":
                self.take()  # tolerant: "Mo-Fr: 08:00-12:00", "Jan 11: week 02: ..."
            elif piece == "always":
                self.take()
                fields["times"] = ((TimePoint(0), TimePoint(1440)),)
            elif piece == "years":
                fields["years"] = self.years()
            elif piece == "dates":
                fields["dates"] = self.dates()
            elif piece == "weeks":
                fields["weeks"] = self.weeks()
            elif piece == "days":
                self.day_selectors(fields)
            elif piece == "times":
                fields["times"], self.open_ends = self.times()
            elif piece == "comment":  # also before the state or the selectors, as the reference
                fields["comment"] = self.take().value
            else:
                fields["state"] = self.take().value
        if "comment" in fields and "state" not in fields:
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
        spans = tuple((s, e) for s, e, _ in ends)
        if rule.state != OPEN:  # "17:00+ off": closed (or unknown) from 17:00, for any end
            return [replace(rule, times=rule.times + spans)]
        if not rule.times:
            return [replace(rule, times=spans, state=UNKNOWN)]
        # "07:00+,12:00-16:00" is open at 12:00, "13:00-02:00,17:00+" unknown at 21:30
        return [rule] + [replace(rule, kind="additional", times=((s, e),), state=UNKNOWN,
                                 comment="open end", yields=rule.times[k:])
                         for s, e, k in ends]

    def _piece(self, fields: dict[str, object]) -> str | None:
        """Which selector starts here (not yet given in this rule), or None."""
        k = self.kind()
        wide = ("years", "dates", "weeks")
        if k == ":" and len(fields) > 1 and self.kind(1) not in (None, ";", ",", "||"):
            return ":"
        if k == "ALWAYS" and "times" not in fields:
            return "always"
        if self._dated_year() and "dates" not in fields:
            return "dates"
        if k == "NUM" and self._is_year() and not any(w in fields for w in wide):
            return "years"
        if k in ("MONTH", "EASTER") and "dates" not in fields:
            return "dates"
        if k == "WEEK" and "weeks" not in fields:
            return "weeks"
        if k in ("PH", "SH", "DAY") and not ("holidays" in fields or "weekdays" in fields):
            return "days"
        if k in ("TIME", "NUM", "SUN", "(") and "times" not in fields:
            return "times"
        if k == "STATE" and "state" not in fields:
            return "state"
        if k == "COMMENT" and self.kind(1) == ":":
            # '"Christmas": off': days named in words; the reference cannot tell either
            raise Unsupported("days described in a comment")
        if k == "COMMENT" and "comment" not in fields:
            return "comment"
        return None

    def _dated_year(self) -> bool:
        """'2013 Dec 31-2014 Jan 02', '2013 Dec 31,2014 Jan 05': a year that belongs to a
        date, in a range or a list of dates with years."""
        if not (self.kind() == "NUM" and self._is_year() and self.kind(1) == "MONTH"):
            return False
        for k in range(1, len(self.t) - self.i):
            kind = self.kind(k)
            if kind in (";", "||"):
                return False
            if kind == "-" and self._year_at(k + 2) or kind == "," and self._dated_year_at(k + 1):
                return True
        return False

    def _is_year(self) -> bool:
        tok = self.peek()
        return tok is not None and isinstance(tok.value, int) and 1900 <= tok.value <= 2200

    def years(self) -> tuple[tuple[int, int, int], ...]:
        out = []
        while True:
            a = self.int_of("NUM")
            b, step = a, 1
            if self.kind() == "-" and self.kind(1) == "NUM":
                self.take()
                b = self.int_of("NUM")
                if self.kind() == "/":
                    self.take()
                    step = self.int_of("NUM")
            elif self.kind() == "+":
                self.take()
                b = 9999
            elif self.kind() == "/" and self.kind(1) == "NUM":
                self.take()  # "2055/2": 2055 and every 2nd year after it, as the reference
                b, step = 9999, self.int_of("NUM")
            if b < a or not 1900 <= a <= 2200 or step < 1:
                raise Unsupported("year range")
            out.append((a, b, step))
            if self.kind() == "," and self.kind(1) == "NUM" and self._year_at(2):
                self.take()
                continue
            return tuple(out)

    def _year_at(self, k: int) -> bool:
        tok = self.peek(k - 1)
        return tok is not None and isinstance(tok.value, int) and 1900 <= tok.value <= 2200

    def dates(self) -> tuple[tuple[DatePoint, DatePoint, int], ...]:
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
            step = self._date_step() if b != a else 1
            out.append((a, b, step))
            while a.day and a.wd is None and self.kind() == "," and self.kind(1) == "NUM" \
                    and not self._dated_year_at(1):
                self.take()  # Jan 01,3,9 / Dec 11,15-17,19-23/2: more days of the same month
                a = b = DatePoint(a.month, self._day_number(), year=a.year)
                step = 1
                if self.kind() == "-" and self.kind(1) == "NUM":
                    self.take()
                    b = DatePoint(a.month, self._day_number(), year=a.year)
                    step = self._date_step()
                out.append((a, b, step))
            if self.kind() == "/":
                raise Unsupported("a date range with a step")
            if self.kind() == "," and (self.kind(1) in ("MONTH", "EASTER")
                                       or self._dated_year_at(1)):
                self.take()  # "Dec 24,Jan 02", "2013 Dec 31,2014 Jan 05"
                continue
            if self._bare_month(a, b) and self.kind() == "MONTH" \
                    and self.kind(1) not in ("NUM", "-", "DAY"):
                continue  # "Jan Dec": a list of whole months without commas
            return tuple(out)

    @staticmethod
    def _bare_month(a: DatePoint, b: DatePoint) -> bool:
        """A whole month on its own (``Jan``), not a range or a day."""
        return (a.month == b.month and not (a.day or b.day or a.easter or a.year)
                and a.wd is None)

    def _dated_year_at(self, k: int) -> bool:
        """A year that starts a date (``2014 Jan 05``) ``k`` tokens ahead."""
        tok = self.peek(k)
        return (tok is not None and tok.kind == "NUM" and isinstance(tok.value, int)
                and 1900 <= tok.value <= 2200 and self.kind(k + 1) in ("MONTH", "EASTER"))

    def _date_step(self) -> int:
        if self.kind() != "/" or self.kind(1) != "NUM":
            return 1
        self.take()  # "Jan 01-31/8": every 8th day
        step = self.int_of("NUM")
        if step < 1:
            raise Unsupported("a date step")
        return step

    def _day_number(self) -> int:
        n = self.int_of("NUM")
        if not 1 <= n <= 31:
            raise Unsupported("day of the month")
        return n

    def _date_point(self, end: bool = False) -> DatePoint:
        year = None
        if self.kind() == "NUM" and self._is_year():
            year = int(self.take().value)
        if self.kind() == "EASTER":
            self.take()
            return DatePoint(easter=True, offset=self._day_offset(), year=year)
        month = self.int_of("MONTH")
        if self.kind() == "DAY" and self.kind(1) == "[":
            wd = int(self.take().value)
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
        if tok is not None and tok.kind == "NUM" and 1 <= int(tok.value) <= 31:
            # a day of the month: "Dec 10-12" is a date range, as in opening_hours.js
            self.take()
            return int(tok.value)
        return None

    def weeks(self) -> tuple[tuple[int, int, int], ...]:
        self.take("WEEK")
        out = []
        while True:
            a = self.int_of("NUM")
            b, step = a, 1
            if self.kind() == "-":
                self.take()
                b = self.int_of("NUM")
                if self.kind() == "/":
                    self.take()
                    step = self.int_of("NUM")
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
            if weekdays and not holidays and self.kind() == "DAY":
                continue  # "Mo Tu Fr": a list without commas
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
            n = self.int_of("NUM")
            self.take("DAYUNIT")
            return sign * n
        return 0

    def _weekday_item(self) -> list[tuple[int, tuple[int, ...], int]]:
        a = self.int_of("DAY")
        if self.kind() == "[":
            nth = self._nth()
            return [(a, nth, self._day_offset())]  # Sa[-1] +3 days
        if self.kind() == "-" and self.kind(1) == "DAY":
            self.take()
            b = self.int_of("DAY")
            return [((a + k) % 7, (), 0) for k in range((b - a) % 7 + 1)]
        return [(a, (), 0)]

    def _nth(self) -> tuple[int, ...]:
        self.take("[")
        out: list[int] = []
        while True:
            sign = -1 if self.kind() == "-" and self.take() else 1
            a = sign * self.int_of("NUM")
            if self.kind() == "-" and self.kind(1) == "NUM":
                self.take()
                b = self.int_of("NUM")
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
                             tuple[tuple[TimePoint, TimePoint, int], ...]]:
        """Time spans, and the spans after open ends (``17:00+``: unknown from 17:00)."""
        out: list[tuple[TimePoint, TimePoint]] = []
        ends: list[tuple[TimePoint, TimePoint, int]] = []
        while True:
            bare = self.kind() == "NUM"
            a = self._point(start=True)
            if self.kind() == "+" and self.kind(1) not in ("NUM", "TIME"):
                self.take()  # "17:00+": an open end
                ends.append((a, _open_end(a), len(out)))
            else:
                if self.kind() != "-":
                    raise Unsupported("a time without a range")  # "12:00"
                self.take()
                end = self.peek()
                bare_start, bare = bare, bare and self.kind() == "NUM"
                b = self._point(start=False)
                if bare_start and end is not None and end.clock12 \
                        and a.minute + 720 < b.minute:
                    # "2-6pm", "2 a 6 pm": 02:00-18:00 to the reference, 2 to 6 PM to a
                    # person (both readings end after they start): not guessed
                    raise Unsupported("a bare hour before a 12-hour time")
                if self.kind() == "/":
                    raise Unsupported("periodic times")
                if bare and b.minute <= a.minute and b.minute <= 12 * 60:
                    # "9-5": 09:00-05:00 to the reference, 9 to 5 PM to a person: not guessed
                    raise Unsupported("bare hours that end before they start")
                if a == b and a.sun is None and not bare_start and end is not None \
                        and end.kind == "TIME":
                    b = TimePoint(a.minute + 1440)  # "12:00-12:00": 24 hours, as the reference
                elif a == b:  # "16-16": 4 PM to 4 AM? 4 to 4 PM? not guessed
                    raise Unsupported("a time range that ends where it starts")
                out.append((a, b))
                if self.kind() == "+" and self.kind(1) not in ("NUM", "TIME"):
                    self.take()  # "13:00-17:00+": open, then an open end
                    ends.append((_after(a, b), _open_end(_after(a, b)), len(out)))
            if self.kind() == "," and self.kind(1) in ("TIME", "NUM", "SUN", "("):
                self.take()
                continue
            if self.kind() in ("TIME", "SUN") or self.kind() == "(" and self.kind(1) == "SUN":
                continue  # tolerant: "Mo 12:00-14:00 16:00-18:00"
            return tuple(out), tuple(ends)

    def _point(self, start: bool) -> TimePoint:
        tok = self.take()
        if tok.kind == "TIME":
            return TimePoint(int(tok.value))
        if tok.kind == "NUM":  # a bare hour in a time range (tolerant: "Mo 7-18", "10-12")
            if not 0 <= int(tok.value) <= 48:
                raise Unsupported("hour")
            return TimePoint(int(tok.value) * 60)
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
            minutes = int(off.value) if off.kind == "TIME" else int(off.value) * 60
            self.take(")")
            return TimePoint(sign * minutes, sun)
        raise Unsupported(f"time {tok.kind}")


def _after(a: TimePoint, b: TimePoint) -> TimePoint:
    """The end ``b`` of a range as a point after ``a`` (22:00-04:00: 04:00 the next day)."""
    if a.sun is None and b.sun is None and b.minute <= a.minute:
        return TimePoint(b.minute + 1440)
    return b


# where the reference places a sun time when it guesses an open end's length
_SUN_GUESS = {"dawn": 5 * 60 + 30, "sunrise": 6 * 60, "sunset": 18 * 60, "dusk": 18 * 60 + 30}


def _open_end(at: TimePoint) -> TimePoint:
    """Where the unknown after an open end stops, as opening_hours.js guesses it: 8 hours
    after a start from 22:00, 10 hours after one from 17:00, else at midnight (a sun time
    counted at its usual hour). Never read as open."""
    m = at.minute + (_SUN_GUESS[at.sun] if at.sun else 0)
    if m >= 22 * 60:
        return TimePoint(m + 8 * 60)
    if m >= 17 * 60:
        return TimePoint(m + 10 * 60)
    return TimePoint(1440)
