"""mapped-csv: the two shipped mappings on the real files; bad mappings; CLI; re-load."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from resources.cli import main
from resources.loaders import LoadError, detect_kind
from resources.loaders._mapping import MappingError, read_mapping, shipped_mappings
from resources.pipeline.load import load_path

NYC_NAME = "NYC_Health___Hospitals_patient_care_locations_-_2011.csv"


@pytest.fixture(scope="module")
def nys(shared: Path) -> Path:
    return shared / "nys-doh-health-facilities" / "Health_Facility_General_Information.csv"


@pytest.fixture(scope="module")
def nyc(shared: Path) -> Path:
    return shared / "nyc-hh-patient-care-locations-2011" / NYC_NAME


def _facility(store, where: str, params: list) -> pd.Series:
    return store.df(
        "SELECT s.*, l.latitude, l.longitude, l.geo_precision, l.transportation, "
        "l.external_identifier, o.name AS org, a.address_1, a.address_2, a.city, "
        "a.state_province, a.postal_code, p.number FROM service s "
        "JOIN location l ON l.id = s.id JOIN organization o ON o.id = s.organization_id "
        "LEFT JOIN address a ON a.location_id = l.id "
        "LEFT JOIN phone p ON p.service_id = s.id AND p.type = 'voice' " + where, params).iloc[0]


def test_shipped_mappings_are_valid():
    names = {p.stem for p in shipped_mappings()}
    assert {"nys-doh-health-facilities", "nyc-hh-patient-care-locations-2011"} <= names
    for path in shipped_mappings():
        assert read_mapping(path).name == path.stem


def test_nys_health_facilities(store, nys):
    assert detect_kind(nys) == "mapped-csv"
    result = load_path(store, nys, source_id="nys")
    raw = pd.read_csv(nys, dtype=str)
    unique = raw.drop_duplicates("Facility ID")
    assert result.rows_read == 6132
    assert store.counts()["service"] == len(unique) == 5941
    # 191 rows repeat a facility (one row per cooperator): each merged and reported
    repeats = [i for i in result.issues if i.field == "id" and "repeats the id" in i.problem]
    assert len(repeats) == 191 and all(i.row is not None for i in repeats)
    assert {i.severity for i in repeats} == {"info", "warning"}  # warning = a mapped column
    assert not [i for i in result.issues if i.severity == "error"]
    row = _facility(store, "WHERE s.source_record_id = ?", ["618"])
    assert row["name"] == "Waterville Residential Care Center"
    assert row["org"] == "Harding Nursing Home LLC"
    assert row["description"] == "Residential Health Care Facility - SNF"
    assert (row["address_1"], row["city"], row["state_province"], row["postal_code"]) == (
        "220 Tower Street", "Waterville", "NY", "13480")
    assert row["number"] == "(315) 841-4156" and row["external_identifier"] == "3226301N"
    assert (row["latitude"], row["longitude"], row["geo_precision"]) == (
        42.930527, -75.383545, "exact")
    assert not isinstance(row["categories"], list | tuple)  # nursing home: no need id
    hosp = unique[unique["Short Description"] == "HOSP"]
    assert store.scalar("SELECT count(*) FROM service WHERE list_contains(categories, "
                        "'hospital_emergency')") == len(hosp)
    # rows without coordinates: kept, at their ZIP centroid, marked approximate
    no_point = unique["Facility Latitude"].isna()
    zip_placed = store.scalar("SELECT count(*) FROM location WHERE geo_precision = 'zip'")
    # (plus one facility whose given point is its ZIP's centroid: approximate too)
    at_centroid = [i for i in result.issues if "is a ZIP centroid" in i.problem]
    assert len(at_centroid) == 1
    assert zip_placed + store.scalar(
        "SELECT count(*) FROM location WHERE geo_precision = 'none'") == no_point.sum() + 1
    assert zip_placed > 300
    own = store.scalar("SELECT value FROM attribute WHERE link_id = 'nys/618' "
                       "AND taxonomy_term_id LIKE '%ownership'")
    assert own == "LLC"


def test_nyc_multiline_location_cell(store, nyc):
    assert detect_kind(nyc) == "mapped-csv"
    result = load_path(store, nyc, source_id="nyc")
    assert store.counts()["service"] == 78
    # no Latitude column value: the point comes from the Location 1 cell
    clinic = _facility(store, "WHERE s.name = ?", ["La Clinica Del Barrio"])
    assert (clinic["address_1"], clinic["city"], clinic["state_province"],
            clinic["postal_code"]) == ("413 120th Street", "New York", "NY", "10035")
    assert (round(clinic["latitude"], 6), round(clinic["longitude"], 6)) == (40.798205, -73.932668)
    assert clinic["number"] == "(212) 410-7940" and list(clinic["categories"]) == ["primary_care"]
    # both given: the Latitude/Longitude columns win over the cell's point
    israel = _facility(store, "WHERE s.name = ?", ["Ida G. Israel Community Health Center"])
    assert (israel["latitude"], israel["longitude"]) == (40.578468, -73.989614)
    assert israel["transportation"] == "Cross streets: W. 22nd St. & W. 23rd St."
    assert israel["address_1"] == "2201 Neptune Avenue" and israel["city"] == "Brooklyn"
    # 'street City\nNY 11372': no comma before the state; city left empty, reported
    no_city = [i for i in result.issues if "no 'City,'" in i.problem]
    assert len(no_city) == 5 and all(i.field == "Location 1" for i in no_city)
    junction = _facility(store, "WHERE s.name = ?", ["Junction Boulevard Child Health Clinic"])
    assert junction["address_1"] == "34 33 Junction Boulevard Jackson Heights"
    assert junction["city"] is None and junction["postal_code"] == "11372"
    assert store.scalar("SELECT count(*) FROM location WHERE geo_precision = 'exact'") == 78
    assert store.scalar("SELECT count(*) FROM service WHERE list_contains(categories, "
                        "'hospital_emergency')") == 11


def test_generated_ids_are_stable_and_reload_reports_diff(store, nyc, tmp_path):
    load_path(store, nyc, source_id="nyc")
    again = load_path(store, nyc, source_id="nyc")
    assert {(d.added, d.changed, d.removed) for d in again.diffs} == {(0, 0, 0)}
    frame = pd.read_csv(nyc, dtype=str, keep_default_na=False)
    israel = frame["Facility Name"] == "Ida G. Israel Community Health Center"
    frame.loc[israel, "Cross Streets"] = "Neptune Ave & W. 23rd St."
    copy = tmp_path / NYC_NAME
    frame.iloc[:-1].to_csv(copy, index=False)  # the last facility is gone
    result = load_path(store, copy, source_id="nyc", mapping="nyc-hh-patient-care-locations-2011")
    diff = {d.table: (d.added, d.changed, d.removed) for d in result.diffs}
    assert diff == {"organization": (0, 0, 1), "service": (0, 0, 1), "location": (0, 1, 1)}
    assert store.scalar("SELECT transportation FROM location WHERE name = "
                        "'Ida G. Israel Community Health Center'").endswith("Neptune Ave & W. 23rd St.")


BAD_MAPPING = """
name: broken
detect: {header: [Facility Name]}
id: {columns: [Facility Nme]}
fields:
  name: Facility Name
  colour: Facility Type
  phone: {column: Phone, shout: true}
coordinates:
  - {lat: Latitude, lon: Longitude}
categories:
  - {column: Facility Type, equals: Acute Care Hospital, needs: [emergency_room]}
  - {column: Facility Kind, contains: Clinic, matches: "x", needs: [primary_care]}
status: {column: Status, map: {Closed: shut}}
extras: true
"""


def test_bad_mapping_reported_once_with_every_problem(store, nyc, tmp_path):
    mapping = tmp_path / "broken.yaml"
    mapping.write_text(BAD_MAPPING)
    with pytest.raises(MappingError) as err:
        load_path(store, nyc, mapping=mapping)
    problems = [i.problem for i in err.value.issues]
    text = "\n".join(problems)
    for expected in (
        "extras: unknown field",
        "fields.colour: unknown field",
        "fields.phone.shout: unknown field",
        "coordinates[0]: must be",
        "unknown need id 'emergency_room'",
        "categories[1]: needs exactly one of",
        "'shut' is not one of",
        "id.columns: column 'Facility Nme' is not in",
        "categories[1].column: column 'Facility Kind' is not in",
        "status.column: column 'Status' is not in",
    ):
        assert expected in text, expected
    assert "Facility Name" in str(err.value)  # the file's real columns are listed
    assert store.counts()["service"] == 0


def test_not_yaml_and_unknown_mapping(store, nyc, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("fields: [unclosed\n")
    with pytest.raises(MappingError, match="not valid YAML"):
        load_path(store, nyc, mapping=bad)
    with pytest.raises(MappingError, match="nys-doh-health-facilities"):
        load_path(store, nyc, mapping="no-such-mapping")


def test_unknown_csv_needs_a_mapping(store, tmp_path):
    other = tmp_path / "clinics.csv"
    other.write_text("Clinic,Street,Town\nA,1 Main St,Denver\n")
    with pytest.raises(LoadError, match="Could not tell the format"):
        detect_kind(other)
    with pytest.raises(LoadError, match="--mapping"):
        load_path(store, other, "mapped-csv")
    mapping = tmp_path / "clinics.yaml"
    mapping.write_text("id: {columns: [Clinic, Street]}\nfields:\n  name: Clinic\n"
                       "  address_1: Street\n  city: Town\n  state_province: {value: CO}\n")
    result = load_path(store, other, mapping=mapping, source_id="c")
    assert result.counts["service"] == 1
    assert store.scalar("SELECT state_province FROM address") == "CO"


def test_cli_load_with_and_without_mapping(tmp_path, nyc, capsys):
    db = str(tmp_path / "s.duckdb")
    assert main(["--db", db, "load", str(nyc), "--source", "auto"]) == 0
    assert main(["--db", db, "load", "mapped-csv", str(nyc), "--source", "named",
                 "--mapping", "nyc-hh-patient-care-locations-2011"]) == 0
    out = capsys.readouterr().out
    assert "Loaded source 'auto' (mapped-csv)" in out and "Loaded source 'named'" in out
    broken = tmp_path / "broken.yaml"
    broken.write_text(BAD_MAPPING)
    assert main(["--db", db, "load", str(nyc), "--mapping", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "fields.colour: unknown field" in err and "extras: unknown field" in err
