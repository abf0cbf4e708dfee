"""Time zones: from coordinates offline (tzfpy), from HSDS numeric offsets, from names."""

from __future__ import annotations

import re
from datetime import timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tzfpy


def zone_for_point(lat: float, lon: float) -> str | None:
    """IANA zone name for a point, offline. None for missing/invalid coordinates."""
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180) or lat_f != lat_f or lon_f != lon_f:
        return None
    name = tzfpy.get_tz(lon_f, lat_f)
    return name or None


def parse_offset(value: object) -> timezone | None:
    """HSDS numeric timezone (hours east of UTC: ``3``, ``-5``, ``-4.5``, ``"+05:30"``)."""
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return None  # missing (NaN from a DataFrame included)
    text = str(value).strip()
    m = re.fullmatch(r"(?:UTC|GMT)?\s*([+-]?)(\d{1,2})(?::?(\d{2}))?", text, re.I)
    if m:
        hours, minutes = int(m.group(2)), int(m.group(3) or 0)
        sign = -1 if m.group(1) == "-" else 1
    else:
        try:
            num = float(text)
        except ValueError:
            return None
        if num != num or abs(num) > 14:  # NaN (a missing value) or no real offset
            return None
        sign, hours, minutes = (-1 if num < 0 else 1), int(abs(num)), round(abs(num) % 1 * 60)
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


@lru_cache(maxsize=512)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def resolve_tz(value: object) -> tzinfo | None:
    """A zone name (``America/New_York``), a numeric offset, or an existing tzinfo."""
    if isinstance(value, tzinfo):
        return value
    if value is None or str(value).strip() in ("", "nan", "None", "<NA>"):
        return None
    text = str(value).strip()
    if "/" in text or text.upper() == "UTC":
        return _zone(text)
    return parse_offset(text)


def tz_name(tz: tzinfo | None) -> str | None:
    """A storable name: the IANA key, or ``UTC+05:30`` for a fixed offset."""
    if tz is None:
        return None
    if isinstance(tz, ZoneInfo):
        return tz.key
    off = tz.utcoffset(None)
    if off is None:
        return None
    total = int(off.total_seconds() // 60)
    sign = "-" if total < 0 else "+"
    return f"UTC{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"
