"""Packaged state/county layers: present, loaded on demand, point lookups, derive script."""

from __future__ import annotations

import pytest

from resources.store.boundaries_sql import (
    PACKAGED,
    area_geometries,
    boundary_count,
    ensure_boundaries,
    locate,
)


def test_packaged_layers_are_small_and_load_into_an_empty_store(store):
    files = sorted(PACKAGED.glob("*.parquet"))
    assert [f.name for f in files] == ["us_counties.parquet", "us_states.parquet"]
    assert sum(f.stat().st_size for f in files) < 1.5 * 1024 * 1024
    assert boundary_count(store.con) == 0
    assert ensure_boundaries(store.con) == 3220 + 52 + 1
    kinds = dict(store.con.execute("SELECT kind, count(*) FROM boundary GROUP BY 1").fetchall())
    assert kinds == {"county": 3220, "state": 52, "nation": 1}
    assert store.scalar("SELECT count(*) FROM boundary WHERE NOT ST_IsValid(geom)") == 0
    row = store.con.execute("SELECT code, state_fips, name FROM boundary "
                            "WHERE kind='county' AND code='08031'").fetchone()
    assert row == ("08031", "08", "Denver County")
    assert ensure_boundaries(store.con) == 3273  # idempotent


@pytest.mark.parametrize(("lat", "lon", "state", "county"), [
    (39.7392, -104.9903, "CO", "08031"),    # Denver
    (39.7047, -105.1500, "CO", "08059"),    # Lakewood, Jefferson County
    (38.8977, -77.0365, "DC", "11001"),     # the White House
    (38.9847, -76.9370, "MD", "24033"),     # College Park, Prince George's County
    (18.4655, -66.1057, "PR", "72127"),     # San Juan
    (21.3069, -157.8583, "HI", "15003"),    # Honolulu
])
def test_point_lookup_state_and_county(store, lat, lon, state, county):
    ensure_boundaries(store.con)
    got = locate(store.con, lat, lon)
    assert (got["state"], got["county"]) == (state, county)


def test_point_outside_the_us_has_no_state(store):
    ensure_boundaries(store.con)
    assert locate(store.con, 45.0, -40.0) == {"state": None, "county": None, "county_name": None}


def test_lookup_uses_the_rtree(store):
    ensure_boundaries(store.con)
    plan = store.con.execute(
        "EXPLAIN WITH c AS MATERIALIZED (SELECT code, geom FROM boundary WHERE "
        "ST_Intersects(geom, ST_MakeEnvelope(-105.0, 39.7, -105.0, 39.7))) SELECT * FROM c"
    ).fetchall()[0][1]
    assert "RTREE_INDEX_SCAN" in plan


def test_area_geometries_union_codes_and_skip_unknown(store):
    import pandas as pd
    import shapely

    ensure_boundaries(store.con)
    areas = pd.DataFrame({"coverage_kind": ["state", "county", "zip", "county", "mixed"],
                          "coverage_codes": [["DC", "MD"], ["08031"], ["80202"], ["99999"],
                                             ["state:DC", "zip:20020"]]})
    wkb = area_geometries(store.con, areas)
    geoms = [shapely.from_wkb(w) if w is not None else None for w in wkb]
    assert geoms[0].contains(shapely.Point(-77.0365, 38.8977))           # DC
    assert geoms[0].contains(shapely.Point(-76.9370, 38.9847))           # MD
    assert geoms[1].contains(shapely.Point(-104.9903, 39.7392))
    assert not geoms[1].contains(shapely.Point(-105.15, 39.7047))
    assert geoms[2].area < 0.01                                          # a small circle
    assert geoms[3] is None                                              # unknown FIPS
    assert geoms[4].contains(shapely.Point(-77.0365, 38.8977))


def test_derive_script_reproduces_the_packaged_counts(shared, tmp_path):
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(
        "derive_boundaries", PACKAGED.parents[2] / "scripts" / "derive_boundaries.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["derive_boundaries"] = module
    spec.loader.exec_module(module)
    states, counties = module.derive(shared, 0.005)
    assert len(states) == 52 and len(counties) == 3220
    assert counties["code"].str.fullmatch(r"\d{5}").all()
    assert set(states["code"]) >= {"CO", "DC", "MD", "PR"}
