"""OSM ``opening_hours`` -> :class:`Hours`, with our own tolerant reader (``_osm_lex``) and
rules (``_osm_rules``), evaluated as opening_hours.js evaluates them.

A value whose rules only name weekdays and times (and a closing ``PH off``) becomes weekly
intervals: the fast SQL path. Any other value (years, dates, weeks, holidays, ordinals, sun
times, fallbacks) keeps its text in ``osm_expr`` and is evaluated day by day by
:func:`osm_day_spans`, for every path: the card, the SQL hours tables (dated rows), routes.
A comment without ``open`` (``Mo 10:00-12:00 "call first"``), ``unknown`` or an open end makes
the value partial: unknown at the times those rules cover, open or closed at the others (as
the reference answers). Syntax we cannot read -> unknown.
"""

from __future__ import annotations

from datetime import date, timedelta, tzinfo
from functools import lru_cache

from ._osm_lex import LexError
from ._osm_parse import compile_value
from ._osm_rules import (
    CLOSED,
    OPEN,
    UNKNOWN,
    Program,
    Rule,
    Unsupported,
    day_segments,
)
from .calendar import COUNTRY, SUBDIV, holiday_calendar
from .model import Hours, ParseStatus, WeeklyInterval, unknown
from .sun import Point, sun_minute

_REFERENCE_WEEK = date(2024, 1, 1)  # a Monday; plain rules do not depend on the date


def parse_osm(expr: str | None) -> Hours:
    """Parse an OSM opening_hours value. Never raises; unreadable syntax -> unknown."""
    src = (expr or "").strip()
    if not src:
        return unknown(src, "osm", "")
    try:
        program = compile_value(src)
        weekly = _weekly(program)
    except (LexError, Unsupported) as exc:
        return unknown(src, "osm", f"invalid or unsupported opening_hours: {str(exc)[:80]}")
    if weekly is not None:
        intervals, ph_off = weekly
        return Hours(status=ParseStatus.PARSED, intervals=tuple(intervals),
                     closed_on_holidays=ph_off, source=src, source_format="osm")
    comments = tuple(f'comment: "{r.comment}"' if r.comment else "unknown"
                     for r in program.rules if r.state == UNKNOWN)
    return Hours(
        status=ParseStatus.PARTIAL if comments else ParseStatus.PARSED,
        unparsed=comments,
        source=src,
        source_format="osm",
        osm_expr=src,
        notes=("rules evaluated day by day",),
    )


def program_of(hours: Hours) -> Program | None:
    """The compiled rules of a day-by-day OSM value (None for any other Hours)."""
    if not hours.osm_expr:
        return None
    try:
        return compile_value(hours.osm_expr)
    except (LexError, Unsupported):
        return None


def needs_point(hours: Hours) -> bool:
    """Sun times in the value: it can only be evaluated at a known point."""
    prog = program_of(hours)
    return prog is not None and prog.uses_sun


def osm_day_spans(hours: Hours, d: date, tz: tzinfo, point: Point | None,
                  country: str = COUNTRY, subdiv: str | None = SUBDIV,
                  state: str = OPEN) -> list[tuple[int, int]]:
    """Open spans (local minutes) of local date ``d``, on the one holiday calendar; with
    ``state="unknown"``, the spans a comment, ``unknown`` or an open end leaves unclear. Raises
    Unsupported for sun times without a point, or on a day without that sun time."""
    if not hours.osm_expr:
        raise Unsupported("not a day-by-day OSM value")
    segs = _day_segments(hours.osm_expr, d, tz, point, country, subdiv)
    return [(s, e) for s, e, st in segs if st == state]


def says_unknown(hours: Hours) -> bool:
    """A day-by-day OSM value with times it leaves unclear (a comment without ``open``,
    ``unknown``, an open end): unknown at those times, open or closed at the others."""
    prog = program_of(hours)
    return prog is not None and prog.says_unknown


@lru_cache(maxsize=262144)
def _day_segments(expr: str, d: date, tz: tzinfo, point: Point | None, country: str,
                  subdiv: str | None) -> list[tuple[int, int, str]]:
    prog = compile_value(expr)
    cal = holiday_calendar(country, subdiv)

    def sun_at(event: str, day: date) -> int | None:
        return sun_minute(event, day, point, tz)

    return day_segments(prog, d, cal.__contains__, sun_at if prog.uses_sun else None)


def _plain_rule(rule: Rule) -> bool:
    return (rule.kind != "fallback" and not (rule.years or rule.dates or rule.weeks
            or rule.holidays) and not rule.uses_sun and rule.state != UNKNOWN
            and all(not nth and not off for _, nth, off in rule.weekdays))


def _ph_off(rule: Rule) -> bool:
    return (rule.kind == "normal" and rule.holidays == (0,) and not rule.weekdays
            and not (rule.years or rule.dates or rule.weeks or rule.times)
            and rule.state == CLOSED)


def _weekly(program: Program) -> tuple[list[WeeklyInterval], bool] | None:
    rules = list(program.rules)
    ph_off = len(rules) > 1 and _ph_off(rules[-1])
    if ph_off:
        rules = rules[:-1]
    if not all(_plain_rule(r) for r in rules):
        return None
    plain = Program(tuple(rules))
    week = [day_segments(plain, _REFERENCE_WEEK + timedelta(days=k), lambda _d: False, None)
            for k in range(7)]
    spans = [[(s, e) for s, e, _ in segs] for segs in week]
    out: list[WeeklyInterval] = []
    for day in range(7):
        for s, e in spans[day]:
            if s == 0 and _continues(spans, day):
                continue  # the part after midnight of the previous day's opening
            if e == 1440 and s > 0 and _continues(spans, (day + 1) % 7):
                e = 1440 + spans[(day + 1) % 7][0][1]  # overnight: one interval, 22:00-02:00
            out.append(WeeklyInterval(day, s, e))
    if not out or ph_off and any(iv.end > 1440 for iv in out):
        # "closed" is closed every day (an empty week would read "not listed"); a holiday
        # also cuts the night before and after it: both evaluated day by day
        return None
    return out, ph_off


def _continues(spans: list[list[tuple[int, int]]], day: int) -> bool:
    """Is ``day``'s opening at 00:00 the tail of the day before's (22:00-02:00)?"""
    prev, cur = spans[(day - 1) % 7], spans[day]
    return bool(prev and cur and prev[-1][1] == 1440 and prev[-1][0] > 0
                and cur[0][0] == 0 and cur[0][1] < 1440)


__all__ = ["needs_point", "osm_day_spans", "parse_osm", "program_of", "says_unknown"]
