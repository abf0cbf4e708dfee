"""hsds-transformer inputs (Airtable-style CSVs + the transformer's YAML mapping): the real
Illinois Legal Aid Online and Florida legal-aid directories load whole, with points."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from resources.coordinator.searchability import report
from resources.geo.places import Gazetteer
from resources.loaders import detect_kind
from resources.loaders._mapping import MappingError
from resources.loaders._text_points import address_parts, coordinate_pairs
from resources.loaders._transformer_mapping import read_transformer_mapping
from resources.pipeline.load import load_path
from resources.search.engine import SearchEngine, SearchRequest
from resources.store import Store
from resources.store.hotlines_sql import rebuild_hotline_index
from resources.vocab.needs import load_vocabulary

FIXTURES = Path("hsds-transformer-fixtures")


@pytest.fixture(scope="module")
def loaded(shared: Path) -> Store:
    """One store with the three transformer inputs (ILAO, Florida, the 19-row subset)."""
    root = shared / FIXTURES
    s = Store.open(":memory:")
    for sid, path in (("ilao", root / "spec/fixtures/custom/ilao"),
                      ("florida", root / "examples/florida_data"),
                      ("base", root / "spec/fixtures/base_transformer")):
        load_path(s, path, source_id=sid)
    yield s
    s.close()


def _report(store: Store, sid: str):  # type: ignore[no-untyped-def]
    return next(r for r in report(store) if r.source_id == sid)


def test_input_folders_and_mappings_are_recognised(shared: Path) -> None:
    root = shared / FIXTURES
    assert detect_kind(root / "spec/fixtures/custom/ilao") == "hsds-transformer"
    assert detect_kind(root / "spec/fixtures/custom/ilao/mapping.yaml") == "hsds-transformer"
    assert detect_kind(root / "spec/fixtures/custom/ilao/input") == "hsds-transformer"
    assert detect_kind(root / "examples/florida_data") == "hsds-transformer"
    # the transformer's own output stays an HSDS 1.x package
    assert detect_kind(root / "spec/fixtures/custom/ilao/output") == "hsds-legacy-csv"


def test_both_mapping_shapes_are_read(shared: Path) -> None:
    ilao = read_transformer_mapping(shared / FIXTURES / "spec/fixtures/custom/ilao/mapping.yaml")
    flat = read_transformer_mapping(shared / FIXTURES / "examples/florida_data/"
                                    "florida_mapping.yaml")
    assert ilao.shape == "columns" and flat.shape == "flat"
    rules = {(r.column, r.table, r.field) for r in flat.files["locations.csv"]}
    # the flat shape's foreign key: the address object links to the row's location
    assert ("location_address", "postal_addresses", "address_1") in rules
    assert ("location_uuid", "postal_addresses", "location_id") in rules
    appended = [r for r in ilao.files["services.csv"] if r.append]
    assert {r.field for r in appended} == {"application_process"} and len(appended) == 4


def test_a_broken_mapping_names_every_problem_once(tmp_path: Path) -> None:
    bad = tmp_path / "mapping.yaml"
    bad.write_text("services.csv:\n  columns:\n    Name:\n      model: servicez\n"
                   "      field: name\n    Id:\n      model: services\n"
                   "    Phone:\n      model: phones\n      field: number\n      colour: red\n")
    with pytest.raises(MappingError) as err:
        read_transformer_mapping(bad)
    text = str(err.value)
    assert "3 problem(s)" in text and "servicez" in text and "Id[0].field: is required" in text \
        and "colour" in text


def test_ilao_services_are_placed_by_their_geolocation_sentence(loaded: Store) -> None:
    r = _report(loaded, "ilao")
    # 429 service rows (+ offices with hours and no service); 424 carry a Geolocation
    assert r.located_exact >= 424 and r.services >= 429
    row = loaded.df("""SELECT l.latitude, l.longitude, l.geo_precision FROM service s
        JOIN service_at_location sal ON sal.service_id = s.id
        JOIN location l ON l.id = sal.location_id
        WHERE s.source_id = 'ilao' AND s.source_record_id = '135836'""").iloc[0]
    assert (row["latitude"], row["longitude"]) == (42.108547, -87.974705)
    assert row["geo_precision"] == "exact"
    issues = loaded.df("SELECT field, problem FROM load_issue WHERE source_id = 'ilao'")
    used = issues[issues["field"] == "Geolocation"]["problem"]
    assert used.str.contains("declared rule").any()  # the unmapped column's use is reported


def test_ilao_hours_text_is_read_by_the_hours_reader(loaded: Store) -> None:
    loc = loaded.df("SELECT hours_text, hours_format FROM location WHERE source_id = 'ilao' "
                    "AND source_record_id = '135831'").iloc[0]
    assert loc["hours_text"].startswith("Sunday: 11:00-20:00  Monday: 9:00-22:00")
    assert loc["hours_format"] == "text"
    assert _report(loaded, "ilao").hours_understood >= 0.9 * 429


def test_every_ilao_service_row_is_landed_or_reported(loaded: Store, shared: Path) -> None:
    raw = pd.read_csv(shared / FIXTURES / "spec/fixtures/custom/ilao/input/services.csv",
                      dtype=str, keep_default_na=False)
    landed = set(loaded.df("SELECT source_record_id FROM service WHERE source_id = 'ilao'")
                 ["source_record_id"])
    errors = loaded.df("SELECT row_number FROM load_issue WHERE source_id = 'ilao' "
                       "AND file = 'services.csv' AND severity = 'error'")
    rejected = set(errors["row_number"].dropna().astype(int))
    for n, sid in enumerate(raw["Services-ID"], start=1):
        assert sid in landed or n in rejected, (n, sid)
    assert rejected == {430}  # the one blank row (no Services-ID)


def test_florida_services_are_reached_by_their_counties(loaded: Store) -> None:
    r = _report(loaded, "florida")
    assert r.service_rows == 135 and r.share is not None and r.share >= 0.95
    area = loaded.df("SELECT name, description, coverage_kind FROM service_area "
                     "WHERE source_id = 'florida' AND description = 'Orange County'").iloc[0]
    assert area["name"] == "Orange County, FL" and area["coverage_kind"] == "county"


def test_florida_street_addresses_place_locations_at_their_zip(loaded: Store) -> None:
    row = loaded.df("""SELECT l.geo_precision, a.postal_code, a.state_province, a.city
        FROM location l JOIN address a ON a.location_id = l.id
        WHERE l.source_id = 'florida' AND a.address_1 LIKE '100 E. Robinson St.%'""").iloc[0]
    assert row["geo_precision"] == "zip"  # approximate, never exact
    assert (row["postal_code"], row["state_province"], row["city"]) == ("32801", "FL",
                                                                        "Orlando")


def test_subset_matches_the_transformers_own_output(loaded: Store, shared: Path) -> None:
    out = shared / FIXTURES / "spec/fixtures/base_transformer/output/data"
    want = pd.read_csv(out / "services.csv", dtype=str, keep_default_na=False)
    got = loaded.df("SELECT source_record_id, name, description FROM service "
                    "WHERE source_id = 'base' AND source_record_id NOT LIKE '%-service'")
    assert dict(zip(got["source_record_id"], got["name"], strict=True)) == dict(
        zip(want["id"], want["name"], strict=True))
    sal = pd.read_csv(out / "services_at_location.csv", dtype=str, keep_default_na=False)
    pairs = loaded.df("""SELECT s.source_record_id AS s, l.source_record_id AS l
        FROM service_at_location x JOIN service s ON s.id = x.service_id
        JOIN location l ON l.id = x.location_id WHERE x.source_id = 'base'""")
    assert set(zip(sal["service_id"], sal["location_id"], strict=True)) <= set(
        zip(pairs["s"], pairs["l"], strict=True))
    sched = pd.read_csv(out / "regular_schedules.csv", dtype=str, keep_default_na=False)
    assert loaded.scalar("SELECT count(*) FROM schedule WHERE source_id = 'base'") == len(sched)


@pytest.mark.parametrize(("text", "point"), [
    ("Geolocation is 42.108547, -87.974705", (42.108547, -87.974705)),
    ("(41.88, -87.63)", (41.88, -87.63)),
    ("no point here", None), ("0, 0", None), ("91.5, 10", None),
    ("1.5, 2.5 and 3.5, 4.5", None),  # two pairs: which one? none
])
def test_coordinate_pairs_in_text(text: str, point: tuple[float, float] | None) -> None:
    got = coordinate_pairs(pd.Series([text]))
    lat, lon = got["latitude"].iloc[0], got["longitude"].iloc[0]
    assert (None if pd.isna(lat) else (float(lat), float(lon))) == point


def test_one_line_address_parts() -> None:
    parts = address_parts(pd.Series(["430 - 12th Street West, Bradenton, FL 34205",
                                      "Foundation180 North Stetson, Suite 820Chicago, IL 60601",
                                      "State: FL"]))
    assert parts.iloc[0].tolist() == ["Bradenton", "FL", "34205"]
    assert parts.iloc[1].tolist() == [None, "IL", "60601"]
    assert parts.iloc[2].tolist() == [None, None, None]


def test_services_at_one_place_with_different_points_each_keep_theirs(loaded: Store) -> None:
    """In the 19-row subset two services give location 135831 different Geolocations: the
    location takes neither, each service is placed at its own point (reported)."""
    pts = loaded.df("""SELECT s.source_record_id AS s, l.latitude AS lat, l.longitude AS lon
        FROM service s JOIN service_at_location x ON x.service_id = s.id
        JOIN location l ON l.id = x.location_id
        WHERE s.source_id = 'base' AND l.latitude IS NOT NULL
          AND s.source_record_id IN ('135836', '132741') ORDER BY 1""")
    assert [tuple(r) for r in pts.itertuples(index=False)] == [
        ("132741", 41.877445, -87.723846), ("135836", 42.108547, -87.974705)]
    assert loaded.scalar("SELECT latitude FROM location WHERE source_id = 'base' "
                         "AND source_record_id = '135831'") is None
    assert loaded.scalar("SELECT count(*) FROM load_issue WHERE source_id = 'base' AND "
                         "problem LIKE 'services at this location give different points%'") == 1


def test_ilao_places_that_list_where_they_serve_give_their_services_that_area(
        loaded: Store) -> None:
    """ILAO's locations.csv lists each place's Counties / Cities / Zip codes and a yes/no
    "Location serves all of Illinois", outside the mapping: the services at a place serve
    its area, and bare county names ("Cook") are read in Illinois, where its places are."""
    areas = loaded.df("""SELECT sa.service_id, sa.coverage_kind, sa.coverage_codes,
                                sa.description, s.name
                         FROM service_area sa JOIN service s ON s.id = sa.service_id
                         WHERE sa.source_id = 'ilao'""")
    hotline = areas[areas["name"] == "IL-AFLAN"].iloc[0]  # at the place "IL-AFLAN Hotline"
    assert hotline["coverage_kind"] == "state" and list(hotline["coverage_codes"]) == ["IL"]
    cook = areas[areas["description"] == "Cook"]
    assert len(cook) > 50 and {tuple(c) for c in cook["coverage_codes"]} == {("17031",)}
    r = _report(loaded, "ilao")
    assert r.searchable >= 0.95 * r.service_rows, r


def test_ilao_services_with_no_place_of_their_own_are_offered_where_they_serve(
        loaded: Store) -> None:
    """A legal-aid office known only by the area it serves answers a search for a lawyer
    there (by phone, in the lines panel), and stays out of an unrelated search."""
    engine = SearchEngine(loaded, load_vocabulary(), Gazetteer.load())
    lawyer = engine.search(SearchRequest(need="lawyer", place="60608"))
    names = {h["name"] for h in lawyer.hotlines}
    assert {"Lawyer Referral Service", "Lawndale Christian Legal Center"} <= names, names
    assert all(h["phone_summary"] for h in lawyer.hotlines
               if h["name"] == "Lawndale Christian Legal Center")  # its place's number
    food = engine.search(SearchRequest(need="food pantry", place="60608"))
    assert not [h for h in food.hotlines if str(h["service_id"]).startswith("ilao/")]


def test_a_confidential_places_number_is_never_offered_for_its_service(shared: Path) -> None:
    """A service known only by its area is offered with its place's number, unless that
    place is confidential: then with no number at all, never the place's."""
    with Store.open(":memory:") as store:
        load_path(store, shared / FIXTURES / "spec/fixtures/custom/ilao", source_id="ilao")
        sid = store.scalar("SELECT service_id FROM hotline_index "
                           "WHERE name = 'Lawndale Christian Legal Center'")
        store.con.execute("UPDATE location SET is_private = true WHERE id IN (SELECT "
                          "location_id FROM service_at_location WHERE service_id = ?)", [sid])
        rebuild_hotline_index(store.con)
        engine = SearchEngine(store, load_vocabulary(), Gazetteer.load())
        lines = engine.search(SearchRequest(need="lawyer", place="60608")).hotlines
    lawndale = [h for h in lines if h["service_id"] == sid]
    assert lawndale and lawndale[0]["phone_summary"] == ""
