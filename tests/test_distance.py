"""The one distance formula: its three forms agree, and it agrees with the store's SQL."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from resources.geo.distance import km, meters, meters_to_many, pairwise_km

DENVER = (39.7392, -104.9903)
BOULDER = (40.0150, -105.2705)
lat = st.floats(-89.0, 89.0)
lon = st.floats(-179.0, 179.0)


def test_denver_to_boulder_is_about_39_km():
    assert 38.5 < km(*DENVER, *BOULDER) < 39.5


def test_the_store_measures_the_same_distance(store):
    sql = store.scalar("SELECT ST_Distance_Sphere(ST_Point(?, ?), ST_Point(?, ?))",
                       [DENVER[0], DENVER[1], BOULDER[0], BOULDER[1]])
    assert abs(meters(*DENVER, *BOULDER) - sql) < 1e-6


@given(lat, lon, lat, lon)
def test_the_three_forms_agree(lat1, lon1, lat2, lon2):
    one = meters(lat1, lon1, lat2, lon2)
    many = meters_to_many(lat1, lon1, np.array([lat2]), np.array([lon2]))[0]
    grid = pairwise_km([(lat1, lon1), (lat2, lon2)])
    assert np.isclose(one, many, rtol=1e-9, atol=1e-6)
    assert np.isclose(one / 1000, grid[0, 1], rtol=1e-9, atol=1e-9)
    assert np.isclose(grid[0, 1], grid[1, 0]) and grid[0, 0] == 0
    assert 0 <= one <= np.pi * 6_371_000.0 + 1e-6
