"""OSM ``opening_hours`` -> :class:`Hours`, via opening-hours-py.

The library parses and normalizes the expression; the normalized rules that the model can
express (weekday selectors, ``Mo[1]`` ordinals, one month range, time lists, overnight times,
``24/7``, a trailing ``PH off``) become weekly intervals. Anything else keeps the expression in
``osm_expr`` and evaluation falls back to the library.
"""

from __future__ import annotations

import re

from opening_hours import OpeningHours

from .model import Hours, ParseStatus, Season, WeeklyInterval, unknown

_DAYS = {d: i for i, d in enumerate(("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"))}
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    )
}
_LAST_DAY = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
_RULE = re.compile(
    r"^(?:(?P<months>[A-Z][a-z]{2}(?:-[A-Z][a-z]{2})?)\s+)?"
    r"(?P<days>(?:Mo|Tu|We|Th|Fr|Sa|Su)(?:\[-?\d(?:,-?\d)*\])?(?:[-,](?:Mo|Tu|We|Th|Fr|Sa|Su)"
    r"(?:\[-?\d(?:,-?\d)*\])?)*)?\s*"
    r"(?P<times>\d{2}:\d{2}-\d{2}:\d{2}(?:,\d{2}:\d{2}-\d{2}:\d{2})*)?$"
)


def parse_osm(expr: str | None) -> Hours:
    """Parse an OSM opening_hours value. Never raises; invalid syntax -> unknown."""
    src = (expr or "").strip()
    if not src:
        return unknown(src, "osm", "")
    try:
        normalized = str(OpeningHours(src).normalize())
    except Exception as exc:  # ParserError and friends
        return unknown(src, "osm", f"invalid opening_hours: {str(exc).splitlines()[0][:120]}")
    try:
        mapped = _map_rules(normalized)
    except (ValueError, KeyError):
        mapped = None
    if mapped is None:
        return Hours(
            status=ParseStatus.PARSED,
            source=src,
            source_format="osm",
            osm_expr=src,
            notes=("evaluated by the opening-hours library",),
        )
    intervals, ph_off = mapped
    return Hours(
        status=ParseStatus.PARSED,
        intervals=tuple(intervals),
        closed_on_holidays=ph_off,
        source=src,
        source_format="osm",
    )


def _map_rules(normalized: str) -> tuple[list[WeeklyInterval], bool] | None:
    rules = [r.strip() for r in normalized.split(";") if r.strip()]
    ph_off = bool(rules) and rules[-1] in ("PH off", "PH closed")
    if ph_off:
        rules = rules[:-1]
    out: list[WeeklyInterval] = []
    for rule in rules:
        if rule == "24/7":
            out += [WeeklyInterval(d, 0, 1440) for d in range(7)]
            continue
        got = _map_rule(rule)
        if got is None:
            return None
        out += got
    return out, ph_off


def _map_rule(rule: str) -> list[WeeklyInterval] | None:
    m = _RULE.match(rule)
    if not m or not (m.group("days") or m.group("times")):
        return None
    season = _season(m.group("months")) if m.group("months") else None
    if m.group("months") and season is None:
        return None
    spans = _spans(m.group("times")) if m.group("times") else [(0, 1440)]
    if spans is None:
        return None
    days = _days(m.group("days")) if m.group("days") else [(d, ()) for d in range(7)]
    return [WeeklyInterval(d, s, e, nth=nth, season=season) for d, nth in days for s, e in spans]


def _season(text: str) -> Season | None:
    parts = text.split("-")
    if any(p not in _MONTHS for p in parts):
        return None
    a, b = _MONTHS[parts[0]], _MONTHS[parts[-1]]
    return Season(a, 1, b, _LAST_DAY[b - 1])


def _spans(text: str) -> list[tuple[int, int]] | None:
    out = []
    for part in text.split(","):
        a, b = part.split("-")
        s = int(a[:2]) * 60 + int(a[3:])
        e = int(b[:2]) * 60 + int(b[3:])
        if s >= 1440 or e > 2880:
            return None
        out.append((s, e if e > s else e + 1440))
    return out


_DAY_PART = re.compile(r"(Mo|Tu|We|Th|Fr|Sa|Su)(?:\[([^\]]*)\])?(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?")


def _days(text: str) -> list[tuple[int, tuple[int, ...]]]:
    out: list[tuple[int, tuple[int, ...]]] = []
    for a, idx, b in _DAY_PART.findall(text):
        nth = tuple(int(x) for x in idx.split(",")) if idx else ()
        if nth and any(not (1 <= n <= 5 or n == -1) for n in nth):
            raise ValueError("unsupported ordinal")
        lo, hi = _DAYS[a], _DAYS[b or a]
        out += [((lo + k) % 7, nth) for k in range((hi - lo) % 7 + 1)]
    return out
