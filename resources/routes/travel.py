"""Travel-time models: great-circle (default, offline) and an OSRM client (only when configured).

A provider turns a list of ``(lat, lon)`` points into a :class:`TravelMatrix` of seconds and
kilometres, and can draw the line between ordered points. The OSRM client never makes a request
unless it was constructed with a base URL, and falls back to great-circle with a warning.
"""

from __future__ import annotations

import logging
import math
import urllib.error
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from resources.geo.distance import pairwise_km as haversine_km
from resources.http import HttpClient

from .model import DEFAULT_CIRCUITY, DEFAULT_SPEEDS_KMH

log = logging.getLogger(__name__)

LatLon = tuple[float, float]


@dataclass
class TravelMatrix:
    """``seconds[i, j]`` and ``km[i, j]`` from point ``i`` to point ``j``."""

    seconds: np.ndarray
    km: np.ndarray
    source: str
    warnings: list[str] = field(default_factory=list)


class MatrixProvider(Protocol):
    def matrix(self, points: Sequence[LatLon], mode: str) -> TravelMatrix: ...

    def line(self, points: Sequence[LatLon], mode: str) -> tuple[list[LatLon], list[str]]: ...


@dataclass(frozen=True)
class GreatCircleProvider:
    """Straight-line distance x circuity / effective speed. Offline, instant, no street data."""

    speeds_kmh: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_SPEEDS_KMH))
    circuity: float = DEFAULT_CIRCUITY

    def matrix(self, points: Sequence[LatLon], mode: str) -> TravelMatrix:
        speed = {**DEFAULT_SPEEDS_KMH, **dict(self.speeds_kmh)}[mode]
        km = haversine_km(points) * self.circuity
        seconds = km / speed * 3600.0
        label = f"great-circle x{self.circuity:g} at {speed:g} km/h ({mode})"
        return TravelMatrix(seconds=seconds, km=km, source=label)

    def line(self, points: Sequence[LatLon], mode: str) -> tuple[list[LatLon], list[str]]:
        return [(float(a), float(b)) for a, b in points], []


#: OSRM profile per mode. OSRM has no transit: transit uses great-circle (with a note).
DEFAULT_OSRM_PROFILES: dict[str, str] = {"walk": "foot", "drive": "driving"}


@dataclass
class OSRMProvider:
    """Client for an OSRM server (``osrm-routed``) at ``base_url``, e.g. ``http://osrm:5000``.

    Uses ``/table/v1`` for the matrix and ``/route/v1`` for the drawn line. On any failure
    (server down, timeout, ``code`` other than ``"Ok"``, bad JSON, a missing route) it returns
    the great-circle answer of ``fallback`` with a warning, never an exception.
    """

    base_url: str
    timeout_s: float = 5.0
    profiles: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_OSRM_PROFILES))
    fallback: GreatCircleProvider = field(default_factory=GreatCircleProvider)
    client: HttpClient | None = None  # the one HTTP client (resources.http); made on first use

    def _get(self, service: str, profile: str, points: Sequence[LatLon], query: str) -> Any:
        coords = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in points)
        url = f"{self.base_url.rstrip('/')}/{service}/v1/{profile}/{coords}?{query}"
        if self.client is None:
            self.client = HttpClient(timeout=self.timeout_s)
        body = self.client.get_json(url)
        if not isinstance(body, dict) or body.get("code") != "Ok":
            code = body.get("code") if isinstance(body, dict) else None
            msg = body.get("message", "") if isinstance(body, dict) else ""
            raise ValueError(f"OSRM answered code={code!r} {msg}".strip())
        return body

    def _fail(self, what: str, exc: BaseException) -> str:
        warning = (
            f"routing engine at {self.base_url} failed for {what} ({type(exc).__name__}: {exc}); "
            "used great-circle estimates instead"
        )
        log.warning(warning)
        return warning

    def matrix(self, points: Sequence[LatLon], mode: str) -> TravelMatrix:
        profile = self.profiles.get(mode)
        if profile is None:
            fb = self.fallback.matrix(points, mode)
            fb.warnings.append(f"routing engine has no {mode!r} profile; used great-circle")
            return fb
        try:
            body = self._get("table", profile, points, "annotations=duration,distance")
            dur = body["durations"]
            dist = body.get("distances")
            n = len(points)
            fb = self.fallback.matrix(points, mode)
            seconds = _fill(dur, fb.seconds, n)
            km = _fill(dist, fb.km * 1000.0, n) / 1000.0 if dist is not None else fb.km
        except (OSError, ValueError, KeyError, TypeError, urllib.error.URLError) as exc:
            fb = self.fallback.matrix(points, mode)
            fb.warnings.append(self._fail("the travel-time table", exc))
            return fb
        warnings = []
        missing = int(np.isnan(np.asarray(_as_float(dur, n))).sum())
        if missing:
            warnings.append(f"routing engine found no path for {missing} pair(s); estimated them")
        return TravelMatrix(seconds, km, f"osrm {profile} at {self.base_url}", warnings)

    def line(self, points: Sequence[LatLon], mode: str) -> tuple[list[LatLon], list[str]]:
        profile = self.profiles.get(mode)
        if profile is None or len(points) < 2:
            return self.fallback.line(points, mode)
        try:
            body = self._get("route", profile, points, "overview=full&geometries=geojson")
            coords = body["routes"][0]["geometry"]["coordinates"]
            return [(float(lat), float(lon)) for lon, lat in coords], []
        except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
            drawn, _ = self.fallback.line(points, mode)
            return drawn, [self._fail("the route line", exc)]


def _as_float(rows: Any, n: int) -> np.ndarray:
    arr = np.array(
        [[math.nan if v is None else float(v) for v in row] for row in rows], dtype=float
    )
    if arr.shape != (n, n):
        raise ValueError(f"OSRM table has shape {arr.shape}, expected {(n, n)}")
    return arr


def _fill(rows: Any, fallback: np.ndarray, n: int) -> np.ndarray:
    arr = _as_float(rows, n)
    return np.where(np.isnan(arr), fallback, arr)


def provider_from_settings(
    routing_url: str | None,
    *,
    speeds_kmh: Mapping[str, float] | None = None,
    circuity: float = DEFAULT_CIRCUITY,
    timeout_s: float = 5.0,
) -> MatrixProvider:
    """Great-circle unless a routing-engine URL is configured (then OSRM with fallback)."""
    gc = GreatCircleProvider(dict(speeds_kmh or DEFAULT_SPEEDS_KMH), circuity)
    if not routing_url:
        return gc
    return OSRMProvider(routing_url, timeout_s=timeout_s, fallback=gc)


__all__ = [
    "GreatCircleProvider",
    "MatrixProvider",
    "OSRMProvider",
    "TravelMatrix",
    "haversine_km",
    "provider_from_settings",
]
