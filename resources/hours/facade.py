"""``hours.parse(value, fmt)``: one entry for every verbatim hours value, in its format.

Every path (the result card, the SQL "open at T" tables, routes, hotlines) reads hours through
this one function and evaluates them with :func:`resources.hours.evaluate`, so that they
cannot disagree. Formats: ``osm`` (opening_hours syntax, read tolerantly), ``linksf`` (its
JSON), anything else free text. HSDS schedule rows have their own readers (``parse_hsds1``,
``parse_hsds3``): they are rows, not one value.
"""

from __future__ import annotations

import json

from .model import Hours, unknown
from .parse_hsds import parse_linksf
from .parse_osm import parse_osm
from .parse_text import parse_text


def parse(value: str | None, fmt: str | None = None) -> Hours:
    """One verbatim hours value in its declared format (free text when not declared)."""
    if not value or not str(value).strip():
        return unknown("", fmt or "text", "")
    fmt = (fmt or "text").lower()
    if fmt == "osm":
        return parse_osm(value)
    if fmt == "linksf":
        try:
            return parse_linksf(json.loads(value))
        except (json.JSONDecodeError, TypeError):
            return unknown(value, "linksf", "not valid LinkSF hours JSON")
    return parse_text(value)
