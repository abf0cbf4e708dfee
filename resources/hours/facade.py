"""``hours.parse(value, fmt)``: one entry for every verbatim hours value, in its format.

Every path (the result card, the SQL "open at T" tables, routes, hotlines) reads hours through
this one function and evaluates them with :func:`resources.hours.evaluate`, so that they
cannot disagree. Formats: ``osm`` (opening_hours syntax, read tolerantly), ``linksf`` (its
JSON), ``hsds-json`` (HSDS 1 or 3 schedule rows, or LinkSF, as JSON text), ``auto`` (detected:
JSON, OSM syntax, else free text; what ``resources hours`` reads), anything else free text.
HSDS schedule rows already read as rows have their own readers (``parse_hsds1``,
``parse_hsds3``).
"""

from __future__ import annotations

import json
import re

from .model import Hours, unknown
from .parse_hsds import parse_hsds1, parse_hsds3, parse_linksf
from .parse_osm import parse_osm
from .parse_text import parse_text

_OSM_HINT = re.compile(r"^(24/7|(?:(?:Mo|Tu|We|Th|Fr|Sa|Su|PH)[-,\[ ]|\d{2}:\d{2}-\d{2}:\d{2}))")


def parse(value: str | None, fmt: str | None = None) -> Hours:
    """One verbatim hours value in its declared format (free text when not declared)."""
    if not value or not str(value).strip():
        return unknown("", fmt or "text", "")
    fmt = (fmt or "text").lower()
    if fmt == "auto":
        fmt = detect_format(value)
    if fmt == "hsds-json":
        return _parse_json(value)
    if fmt == "osm":
        return parse_osm(value)
    if fmt == "linksf":
        try:
            return parse_linksf(json.loads(value))
        except (json.JSONDecodeError, TypeError):
            return unknown(value, "linksf", "not valid LinkSF hours JSON")
    return parse_text(value)


def detect_format(value: str) -> str:
    """Auto-detect: JSON -> hsds-json, OSM syntax -> osm, anything else -> text."""
    v = value.strip()
    if v.startswith(("{", "[")):
        return "hsds-json"
    return "osm" if _OSM_HINT.match(v) and parse_osm(v).status.value != "unknown" else "text"


def _parse_json(value: str) -> Hours:
    """LinkSF's day-keyed object, HSDS 1 rows (``weekday``) or HSDS 3 rows, as JSON text;
    text that is not JSON is read as free text."""
    try:
        data = json.loads(value)
    except ValueError:
        return parse_text(value)
    if isinstance(data, dict) and all(str(k).isdigit() for k in data):
        return parse_linksf(data)
    rows = data if isinstance(data, list) else [data]
    if rows and isinstance(rows[0], dict) and "weekday" in rows[0]:
        return parse_hsds1(rows)
    return parse_hsds3(rows)
