"""osm-points on the hand-made Denver fixture (GeoJSON), the same as a GeoPackage, and CSV."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from resources.loaders import LOADERS, detect_kind
from resources.pipeline.load import load_path

FIXTURE = Path(__file__).parent / "data" / "osm" / "denver.geojson"


def _row(store, osm_id: str):
    return store.df(
        "SELECT s.*, l.latitude, l.longitude, l.geo_precision, l.timezone, "
        "l.hours_text AS loc_hours, o.name AS org, a.address_1, a.city, a.state_province, "
        "a.postal_code FROM service s JOIN location l ON l.id = s.id "
        "JOIN organization o ON o.id = s.organization_id "
        "LEFT JOIN address a ON a.location_id = l.id WHERE s.source_record_id = ?",
        [osm_id]).iloc[0]


def _needs(store) -> dict[str, list[str]]:
    frame = store.df("SELECT source_record_id, coalesce(categories, []) FROM service")
    return {r: list(c) for r, c in frame.itertuples(index=False)}


@pytest.fixture
def geojson_loaded(store):
    result = load_path(store, FIXTURE, source_id="osm")
    return store, result


def test_geojson_counts_and_rejected_line(geojson_loaded):
    store, result = geojson_loaded
    assert detect_kind(FIXTURE) == "osm-points"
    assert result.rows_read == 10
    assert store.counts()["service"] == 9  # the LineString is not a place
    errors = [i for i in result.issues if i.severity == "error"]
    assert [(i.row, i.field, i.value, i.record_id) for i in errors] == [
        (7, "geometry", "LineString", "way/2007")]
    assert "not a place" in errors[0].problem


def test_shelter_field_by_field(geojson_loaded):
    store, _ = geojson_loaded
    row = _row(store, "node/1001")
    assert row["name"] == "Lawrence Street Shelter" and row["org"] == "Denver Rescue Mission"
    assert list(row["categories"]) == ["emergency_shelter"]
    assert row["hours_text"] == row["loc_hours"] == "Mo-Su 19:00-07:00"
    assert row["hours_format"] == "osm" and row["status"] == "active"
    assert row["assured_date"].date() == date(2024, 3, 1)  # check_date
    assert (row["latitude"], row["longitude"], row["geo_precision"], row["timezone"]) == (
        39.75262, -104.98412, "exact", "America/Denver")
    assert (row["address_1"], row["city"], row["state_province"], row["postal_code"]) == (
        "1130 Park Avenue West", "Denver", "CO", "80205")
    assert row["url"] == "https://denverrescuemission.org"
    phone = store.df("SELECT number FROM phone WHERE source_record_id = 'node/1001'")
    assert phone["number"].tolist() == ["(303) 294-0157"]
    langs = store.df("SELECT code, name FROM language WHERE service_id = 'osm/node/1001' "
                     "ORDER BY code")
    assert langs.to_dict("records") == [{"code": "en", "name": "English"},
                                        {"code": "es", "name": "Spanish"}]
    access = store.scalar("SELECT description FROM accessibility WHERE location_id = 'osm/node/1001'")
    assert access == "wheelchair: yes"
    # ... which the wheelchair filter reads (it wanted "wheelchair access(ible)" words)
    assert store.scalar("SELECT bool_and(wheelchair) FROM search_index "
                        "WHERE location_id = 'osm/node/1001'") is True
    tags = store.df("SELECT t.code, a.value FROM attribute a JOIN taxonomy_term t "
                    "ON t.id = a.taxonomy_term_id WHERE a.link_id = 'osm/node/1001'")
    assert dict(zip(tags["code"], tags["value"], strict=True)) == {
        "amenity": "social_facility", "social_facility": "shelter",
        "social_facility:for": "homeless", "wheelchair": "yes"}


def test_categories_hours_and_flags(geojson_loaded):
    store, result = geojson_loaded
    assert _needs(store) == {
        "node/1001": ["emergency_shelter"], "node/1002": ["food_pantry"],
        "node/1003": ["pharmacy"], "node/1004": ["hospital_emergency"],
        "node/1005": ["hot_meals"], "way/2006": ["free_clinic"], "node/1008": ["dental"],
        "node/1009": [], "node/1010": ["dv_shelter"]}
    pharmacy = _row(store, "node/1003")
    assert pharmacy["hours_text"] == "Mo-Fr 08:00-21:00; Sa,Su 09:00-18:00; PH off"  # verbatim
    # two numbers in contact:phone: the first kept, the other reported
    assert store.scalar("SELECT number FROM phone WHERE source_record_id = 'node/1003'"
                        ) == "(303) 555-0103"
    assert any(i.row == 3 and i.field == "phone" for i in result.issues)
    # the hospital's id came from the feature id, not a property
    assert _row(store, "node/1004")["name"] == "Denver Health Medical Center"
    # a mapped area: kept at its centroid, marked approximate, flagged
    clinic = _row(store, "way/2006")
    assert clinic["geo_precision"] == "centroid"
    assert (round(clinic["latitude"], 4), round(clinic["longitude"], 4)) == (39.7516, -104.9889)
    assert any(i.row == 6 and i.field == "geometry" and i.severity == "warning"
               for i in result.issues)
    # no name: kept with a label saying so, flagged
    unnamed = _row(store, "node/1005")
    assert unnamed["name"] == "Unnamed soup kitchen"
    assert any(i.row == 5 and i.field == "name" for i in result.issues)
    # disused: kept but inactive; access=private: kept but never referred
    assert _row(store, "node/1009")["status"] == "inactive"
    assert bool(_row(store, "node/1010")["do_not_refer"]) is True
    assert any(i.row == 10 and i.field == "access" for i in result.issues)


def test_geopackage_of_the_same_features(store, tmp_path):
    import geopandas as gpd

    gpkg = tmp_path / "denver.gpkg"
    gpd.read_file(FIXTURE).to_file(gpkg, driver="GPKG")
    assert {k for k, c in LOADERS.items() if c.detect(gpkg)} == {"osm-points"}
    result = load_path(store, gpkg, source_id="gpkg")
    assert result.rows_read == 10 and store.counts()["service"] == 9
    assert _needs(store)["node/1001"] == ["emergency_shelter"]
    shelter = _row(store, "node/1001")
    assert shelter["hours_text"] == "Mo-Su 19:00-07:00" and shelter["postal_code"] == "80205"
    assert _row(store, "way/2006")["geo_precision"] == "centroid"


def test_overpass_csv(store, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "@type,@id,@lat,@lon,amenity,healthcare,name,opening_hours,addr:postcode,emergency\n"
        "node,501,39.74,-104.99,pharmacy,pharmacy,Night Pharmacy,24/7,80204,\n"
        "node,502,39.73,-104.98,hospital,hospital,Rehab Hospital,,80203,no\n"
        "node,503,,,food_bank,,Pantry Without Point,,80205,\n")
    assert detect_kind(path) == "osm-points"
    result = load_path(store, path, source_id="csv")
    assert result.rows_read == 3
    needs = _needs(store)
    assert needs == {"node/501": ["pharmacy"], "node/502": [], "node/503": ["food_pantry"]}
    pantry = _row(store, "node/503")  # no point: ZIP centroid, approximate
    assert pantry["geo_precision"] == "zip"


def test_osm_detect_leaves_other_json_alone(tmp_path):
    plain = tmp_path / "points.geojson"
    plain.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"NAME": "x", "KIND": "y"},
         "geometry": {"type": "Point", "coordinates": [0, 0]}}]}))
    assert not LOADERS["osm-points"].detect(plain)
