"""Great-circle distance, the one formula every caller uses (search, places, duplicates,
routes): haversine on a sphere of the radius DuckDB's ``ST_Distance_Sphere`` uses, so a
distance worked out in Python and one worked out in the store's SQL agree.

Three forms of the same formula: one pair (:func:`meters`, :func:`km`), one point to many
(:func:`meters_to_many`), and every pair of a list (:func:`pairwise_km`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

EARTH_RADIUS_M = 6_371_000.0  # what ST_Distance_Sphere uses (equal to 1e-9 m, tested)


def meters(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Metres between two points (degrees)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, a)))


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Kilometres between two points (degrees)."""
    return meters(lat1, lon1, lat2, lon2) / 1000.0


def meters_to_many(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Metres from one point to many (vectorized)."""
    p1, p2 = math.radians(lat), np.radians(lats)
    dlat = p2 - p1
    dlon = np.radians(lons - lon)
    a = np.sin(dlat / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def pairwise_km(points: Sequence[tuple[float, float]]) -> np.ndarray:
    """All-pairs kilometres between ``(lat, lon)`` points (vectorized): ``out[i, j]``."""
    arr = np.radians(np.asarray(points, dtype=float).reshape(-1, 2))
    lat, lon = arr[:, 0][:, None], arr[:, 1][:, None]
    dlat = lat.T - lat
    dlon = lon.T - lon
    a = np.sin(dlat / 2) ** 2 + np.cos(lat) * np.cos(lat.T) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M / 1000.0 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
