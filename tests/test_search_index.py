"""The search index carries what a search reads (hours, phones, hours inputs): its answers
must be the very answers the HSDS tables and the hours tables give."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from resources.hours import evaluate
from resources.pipeline.hours_lookup import HoursLookup
from resources.pipeline.load import load_path
from resources.store import Store
from resources.store.hours_sql import states_for
from resources.store.search_sql import candidates, nearest, phones_for
from tests.conftest import REPO

# Every day of a week, every 40 minutes (crosses midnights, the weekend, the small hours).
INSTANTS = [datetime(2026, 11, 23, 0, 5, tzinfo=UTC) + timedelta(minutes=40 * k)
            for k in range(0, 7 * 36)]


@pytest.fixture(scope="module")
def stores(tmp_path_factory, shared):
    """The demo directory and a real free-text one (Ohana San Mateo, 2014)."""
    out = []
    for name, path in (("demo", REPO / "data" / "raw" / "demo-denver"),
                       ("smc", shared / "ohana-smc-2014")):
        store = Store.open(tmp_path_factory.mktemp(name) / f"{name}.duckdb")
        load_path(store, path, source_id=name)
        out.append(store)
    yield out
    for store in out:
        store.close()


def _index(store: Store) -> pd.DataFrame:
    return store.df("SELECT * FROM search_index")


def test_index_hours_states_equal_the_hours_tables(stores):
    for store in stores:
        rows = _index(store)
        assert len(rows) > 100
        lookup = HoursLookup(store)
        kinds = set()
        for at in INSTANTS[::7]:
            mine = lookup.attach_states(rows.assign(check_at=at))
            rids = rows["hours_rid"].dropna().astype("int64")
            sql = states_for(store.con, rids, at).set_index("rid")["state"]
            expected = [sql.get(int(r), "unknown") if pd.notna(r) else "unknown"
                        for r in rows["hours_rid"]]
            assert list(mine["open_state"]) == expected, at
            kinds |= set(expected)
        assert kinds == {"open", "closed", "unknown"}


def test_index_hours_states_with_arrival_times(stores):
    store = stores[0]
    rows = _index(store)
    start = datetime(2026, 11, 27, 23, 50, tzinfo=UTC)
    arrivals = [start + timedelta(minutes=int(m)) for m in range(len(rows))]
    mine = HoursLookup(store).attach_states(rows.assign(check_at=arrivals))
    for row, at in zip(mine.itertuples(), arrivals, strict=True):
        bucket = pd.Timestamp(at).ceil("5min").to_pydatetime()
        if pd.isna(row.hours_rid):
            assert row.open_state == "unknown"
            continue
        found = states_for(store.con, [int(row.hours_rid)], bucket)
        assert row.open_state == found["state"].iloc[0]


def test_dated_records_are_answered_too(stores):
    rows = pd.concat([_index(s).assign(store=i) for i, s in enumerate(stores)])
    assert (rows["hours_mode"] == "dated").any(), "the fixtures must hold dated hours"


def test_result_labels_from_the_index_equal_the_hsds_tables(stores):
    for store in stores:
        rows = _index(store)
        lookup = HoursLookup(store)
        for at in INSTANTS[::50]:
            framed = rows.assign(check_at=at)
            mine = lookup.statuses_of_rows(framed)
            from_tables = HoursLookup(store).hours_many(  # read from the HSDS tables
                list(zip(framed["service_id"], framed["location_id"], strict=True)))
            theirs = [evaluate(h, at, zone) for h, zone in zip(from_tables, framed["timezone"],
                                                               strict=True)]
            assert [(s.state, s.label) for s in mine] == [(s.state, s.label) for s in theirs]


def test_index_phones_equal_the_phone_table(stores):
    store = stores[0]
    rows = _index(store)
    for row in rows.sample(60, random_state=3).itertuples():
        table = phones_for(store.con, [row.service_id], [row.location_id])
        expected = set(table["number"])
        got = {p["number"] for p in row.service_phones} | {p["number"] for p in row.location_phones}
        assert got == expected, row.service_id


def test_candidates_are_the_nearest_in_the_radius(stores):
    store = stores[0]
    lat, lon = 39.7392, -104.9903
    frame = candidates(store.con, lat, lon, 8000, ["emergency_shelter"])
    assert len(frame) > 3
    assert frame["meters"].is_monotonic_increasing and frame["meters"].max() <= 8000
    assert all("emergency_shelter" in cats for cats in frame["categories"])
    every = store.df("SELECT service_id, location_id, latitude, longitude, categories "
                     "FROM search_index")
    from resources.geo.distance import km as haversine_km

    inside = every[[("emergency_shelter" in c) and haversine_km(lat, lon, la, lo) * 1000 <= 8000
                    for c, la, lo in zip(every["categories"], every["latitude"],
                                         every["longitude"], strict=True)]]
    assert set(zip(frame["service_id"], frame["location_id"], strict=True)) == set(
        zip(inside["service_id"], inside["location_id"], strict=True))
    assert len(nearest(store.con, lat, lon, 8000, ["emergency_shelter"], limit=2)) == 2


def test_candidate_index_answers_what_the_sql_query_answers(stores):
    """The engine's in-memory lookup: the same rows, the same metres, the same order as
    :func:`nearest` in SQL, for points near and far, with and without a need."""
    import numpy as np

    from resources.search.candidates import CandidateIndex

    rng = np.random.default_rng(11)
    for store in stores:
        index = CandidateIndex.from_store(store)
        every = _index(store)
        assert len(index) == len(every)
        centre = every[["latitude", "longitude"]].median()
        needs_seen = sorted({c for cats in every["categories"] for c in cats})
        checked = 0
        for _ in range(40):
            lat = float(centre["latitude"] + rng.normal(0, 0.15))
            lon = float(centre["longitude"] + rng.normal(0, 0.15))
            radius = float(rng.choice([800, 3000, 8000, 40_000, 160_000]))
            needs = list(rng.choice(needs_seen, size=2)) if rng.random() < 0.6 else None
            sql = nearest(store.con, lat, lon, radius, needs)
            mine = index.nearest(lat, lon, radius, needs)
            ids = index.values("sal_id", mine.positions)
            expected = every["sal_id"].iloc[sql["row_id"].to_numpy()].tolist()
            assert sorted(ids) == sorted(expected)
            assert np.allclose(mine.meters, sql["meters"].to_numpy(), atol=1e-6)
            assert mine.locations() == sql["location_id"].nunique()
            checked += len(mine)
        assert checked > 200
        # limit keeps the nearest
        far = index.nearest(float(centre["latitude"]), float(centre["longitude"]), 160_000,
                            limit=3)
        assert len(far) == 3 and list(far.meters) == sorted(far.meters)


def test_candidate_frame_has_what_the_search_steps_read(stores):
    from resources.search.candidates import CORE_COLUMNS, FILTER_COLUMNS, CandidateIndex

    store = stores[1]
    index = CandidateIndex.from_store(store)
    every = _index(store)
    lat, lon = float(every["latitude"].median()), float(every["longitude"].median())
    near = index.nearest(lat, lon, 20_000)
    frame = index.frame(near, CORE_COLUMNS + FILTER_COLUMNS)
    sql = every.set_index("sal_id").loc[index.values("sal_id", near.positions)]
    assert list(frame["service_id"]) == list(sql["service_id"])
    assert list(frame["meters"]) == list(near.meters)
    assert frame["assured_date"].dtype.kind == "M"
    for name in ("service_hours_text", "eligibility_description", "hours_rid"):
        # missing values are None, as the DuckDB frames give them
        assert all(v is None or not isinstance(v, float) for v in frame[name]), name
    record = index.records([int(near.positions[0])])[0]
    assert set(record) == set(every.columns)
