"""Sun times (``sunrise``, ``sunset``, ``dawn``, ``dusk``) for a point and a local date.

Computed offline with ``astral`` (civil twilight, the sun 6° below the horizon, for dawn and
dusk: what opening_hours.js uses through suncalc). Minutes from local midnight, or None where
the event does not happen that day (polar day or night) or the point is unknown: hours that
follow the sun are never evaluated with a guessed sun.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, tzinfo
from functools import lru_cache

from astral import Observer
from astral import sun as _sun

EVENTS = ("sunrise", "sunset", "dawn", "dusk")
Point = tuple[float, float]  # (lat, lon)


def sun_minute(event: str, d: date, point: Point | None, tz: tzinfo) -> int | None:
    """Local minute of ``event`` on local date ``d`` at ``point`` (lat, lon), or None."""
    if point is None:
        return None
    lat, lon = round(float(point[0]), 3), round(float(point[1]), 3)  # ~100 m: same minute
    return _minute(event, d, lat, lon, tz)


@lru_cache(maxsize=65536)
def _minute(event: str, d: date, lat: float, lon: float, tz: tzinfo) -> int | None:
    fn: dict[str, Callable[..., datetime]] = {"sunrise": _sun.sunrise, "sunset": _sun.sunset, "dawn": _sun.dawn, "dusk": _sun.dusk}
    try:
        at: datetime = fn[event](Observer(lat, lon), d, tzinfo=tz)
    except ValueError:  # the sun never reaches that angle on that day
        return None
    local = at.astimezone(tz)
    if local.date() != d:
        return None
    return local.hour * 60 + local.minute
