"""Opening hours: one normalized model for free text, OSM, HSDS and LinkSF hours.

``parse(value, fmt)`` reads any verbatim value in its format. Parsers never raise: they return :class:`Hours` with a status (parsed / partial / unknown).
Evaluation (:func:`evaluate`) answers open / closed / unknown at an aware instant.
"""

from resources.geo.tz import parse_offset, resolve_tz, zone_for_point

from .facade import parse
from .model import (
    DAY_CODES,
    DatedException,
    Hours,
    ParseStatus,
    Season,
    WeeklyInterval,
    intervals_as_dicts,
)
from .parse_hsds import parse_hsds1, parse_hsds3, parse_linksf, parse_time
from .parse_osm import parse_osm
from .parse_text import parse_text
from .status import Status, concrete_intervals, evaluate, open_on_arrival

__all__ = [
    "DAY_CODES",
    "DatedException",
    "Hours",
    "ParseStatus",
    "Season",
    "Status",
    "WeeklyInterval",
    "concrete_intervals",
    "evaluate",
    "intervals_as_dicts",
    "open_on_arrival",
    "parse",
    "parse_hsds1",
    "parse_hsds3",
    "parse_linksf",
    "parse_offset",
    "parse_osm",
    "parse_text",
    "parse_time",
    "resolve_tz",
    "zone_for_point",
]
