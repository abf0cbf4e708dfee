"""HIFLD hospitals (CSV) and urgent care (File Geodatabase) on the real public files;
and every format detector against every shared dataset."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from resources.loaders import LOADERS, detect_kind
from resources.pipeline.load import load_path

ANDALUSIA = "0001336420"


@pytest.fixture(scope="module")
def hospitals_csv(shared: Path) -> Path:
    return shared / "hifld-hospitals" / "Hospitals.csv"


@pytest.fixture(scope="module")
def loaded(hospitals_csv):
    """The hospitals file loaded once into a store shared by the read-only tests here."""
    from resources.store import Store

    store = Store.open(":memory:")
    result = load_path(store, hospitals_csv, source_id="hifld")
    yield store, result
    store.close()


def _attrs(store, record_id: str) -> dict[str, str]:
    frame = store.df(
        "SELECT t.code, a.value FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id "
        "WHERE a.link_id = ?", [f"hifld/{record_id}"])
    return dict(zip(frame["code"], frame["value"], strict=True))


def test_every_hospital_is_one_facility(loaded, hospitals_csv):
    store, result = loaded
    assert detect_kind(hospitals_csv) == "hifld-hospitals"
    assert result.rows_read == 8013
    counts = store.counts()
    for table in ("organization", "service", "location", "service_at_location", "address"):
        assert counts[table] == 8013, table
    assert counts["phone"] == 8013 - 458  # TELEPHONE 'NOT AVAILABLE' gives no phone row
    assert not [i for i in result.issues if i.severity == "error"]


def test_a_known_hospital_field_by_field(loaded):
    store, _ = loaded
    svc = store.df("SELECT * FROM service WHERE source_record_id = ?", [ANDALUSIA]).iloc[0]
    assert svc["id"] == f"hifld/{ANDALUSIA}" and svc["source_row"] == 1
    assert svc["name"] == "Andalusia Health"  # ALL CAPS shown in display case
    assert svc["status"] == "active" and list(svc["categories"]) == ["hospital_emergency"]
    assert svc["url"] == "http://www.andalusiaregionalhospital.com"
    assert svc["assured_date"].date() == date(2021, 10, 19)  # later of VAL_DATE, SOURCEDATE
    assert svc["description"] == ("General acute care hospital; 88 beds; trauma center LEVEL III; "
                                  "helipad; owner: proprietary")
    loc = store.df("SELECT * FROM location WHERE source_record_id = ?", [ANDALUSIA]).iloc[0]
    assert (round(loc["latitude"], 6), round(loc["longitude"], 6)) == (31.295795, -86.494549)
    assert loc["geo_precision"] == "exact" and loc["timezone"] == "America/Chicago"
    assert loc["external_identifier"] == "H2001"
    addr = store.df("SELECT * FROM address WHERE source_record_id = ?", [ANDALUSIA]).iloc[0]
    assert addr["address_1"] == "849 South Three Notch Street, PO Box 760"
    assert (addr["city"], addr["state_province"], addr["postal_code"], addr["country"]) == (
        "Andalusia", "AL", "36420", "US")
    phone = store.df("SELECT number, type FROM phone WHERE source_record_id = ?", [ANDALUSIA])
    assert phone.to_dict("records") == [{"number": "(334) 222-8466", "type": "voice"}]
    assert _attrs(store, ANDALUSIA) == {
        "original_name": "ANDALUSIA HEALTH", "hospital_type": "GENERAL ACUTE CARE", "beds": "88",
        "trauma": "LEVEL III", "helipad": "Y", "owner": "PROPRIETARY"}


def test_closed_hospitals_are_kept_but_marked(loaded):
    store, _ = loaded
    assert store.scalar("SELECT count(*) FROM service WHERE status = 'defunct'") == 379
    assert store.scalar("SELECT count(*) FROM service WHERE status = 'active'") == 7634
    closed = store.df("SELECT name, status, categories, description FROM service "
                      "WHERE source_record_id = '0178680534'").iloc[0]
    assert closed["name"] == "Clear View Behavioral Health" and closed["status"] == "defunct"
    assert list(closed["categories"]) == ["psychiatric_emergency"]
    assert closed["description"].startswith("CLOSED according to HIFLD; Psychiatric hospital")


def test_sentinels_are_nulls_and_zips_keep_leading_zeros(loaded, hospitals_csv):
    store, _ = loaded
    # BEDS -999 on 368 rows: no beds attribute, no "beds" in the description
    assert store.scalar("SELECT count(*) FROM attribute WHERE taxonomy_term_id = 'hifld/hifld/beds'"
                        ) == 8013 - 368
    bryce = store.df("SELECT description FROM service WHERE source_record_id = '0002135401'")
    assert "beds" not in bryce.iloc[0]["description"] and "-999" not in bryce.iloc[0]["description"]
    assert "beds" not in _attrs(store, "0002135401")
    assert store.scalar("SELECT count(*) FROM service WHERE alternate_name = 'NOT AVAILABLE' "
                        "OR url = 'NOT AVAILABLE'") == 0
    # ZIP and ids are text: leading zeros kept (539 ZIPs start with 0)
    assert store.scalar("SELECT count(*) FROM address WHERE postal_code LIKE '0%'") == 539
    ct = store.df("SELECT a.postal_code, s.name FROM address a JOIN service s ON s.id = a.location_id "
                  "WHERE a.source_record_id = '0003306106'").iloc[0]
    assert ct["postal_code"].startswith("061") and ct["name"] == "Connecticut Children's Medical Center"


def test_display_case_keeps_small_words_and_acronyms(loaded):
    store, _ = loaded
    names = dict(store.df("SELECT source_record_id, name FROM service WHERE source_record_id IN "
                          "('0067085745', '0004535401')").itertuples(index=False))
    assert names == {"0067085745": "St. Mary's Hospital",
                     "0004535401": "Tuscaloosa VA Medical Center"}


def test_categories_by_type_follow_the_needs_vocabulary(loaded):
    store, result = loaded
    by_need = store.df("SELECT need, count(*) AS n FROM (SELECT unnest(categories) AS need "
                       "FROM service) GROUP BY 1")
    counts = dict(zip(by_need["need"], by_need["n"], strict=True))
    assert counts["hospital_emergency"] == 4236 + 1267 + 164  # general, critical access, children
    assert counts["psychiatric_emergency"] == 983
    assert counts["veterans_services"] == 282  # MILITARY
    assert store.scalar("SELECT count(*) FROM service WHERE categories IS NULL") == (
        455 + 382 + 213 + 19 + 12)  # rehabilitation, long term care, special, women, chronic
    noted = {i.value for i in result.issues if i.field == "TYPE"}
    assert noted == {"REHABILITATION", "LONG TERM CARE", "SPECIAL", "WOMEN", "CHRONIC DISEASE"}
    military = store.df("SELECT eligibility_description FROM service "
                        "WHERE source_record_id = '0004535401'").iloc[0, 0]
    assert "veterans" in military


def test_reload_reports_added_changed_removed(store, hospitals_csv, tmp_path):
    load_path(store, hospitals_csv, source_id="h")
    lines = hospitals_csv.read_text(encoding="utf-8-sig").splitlines()
    changed = lines[1].replace("ANDALUSIA HEALTH", "ANDALUSIA HEALTH SYSTEM")
    added = lines[2].replace("0001535611", "0009999999")
    copy = tmp_path / "Hospitals.csv"
    copy.write_text("\n".join([lines[0], changed, added, *lines[3:-1]]) + "\n")
    result = load_path(store, copy, source_id="h")
    diff = {d.table: d for d in result.diffs}
    # row 2 (Athens) became a new id; the last row was dropped
    assert (diff["service"].added, diff["service"].changed, diff["service"].removed) == (1, 1, 2)
    assert store.scalar(f"SELECT name FROM service WHERE source_record_id = '{ANDALUSIA}'"
                        ) == "Andalusia Health System"
    assert store.scalar("SELECT count(*) FROM service WHERE source_id = 'h'") == 8013 - 1


def test_urgent_care_geodatabase(store, shared):
    gdb = shared / "hifld-urgent-care" / "UrgentCareFacilities.gdb"
    assert detect_kind(gdb) == "hifld-urgent-care"
    result = load_path(store, gdb, source_id="uc")
    assert result.rows_read == 4810 and store.counts()["service"] == 4810
    assert not [i for i in result.issues if i.severity == "error"]
    assert store.scalar("SELECT count(*) FROM service WHERE list_contains(categories, "
                        "'urgent_care')") == 4810
    row = store.df(
        "SELECT s.name, s.status, l.latitude, l.longitude, l.transportation, l.timezone, "
        "a.address_1, a.address_2, a.city, a.state_province, a.postal_code, p.number "
        "FROM service s JOIN location l ON l.id = s.id JOIN address a ON a.location_id = l.id "
        "JOIN phone p ON p.service_id = s.id WHERE s.source_record_id = '10193191'").iloc[0]
    assert row["name"] == "Fairbanks Urgent Care Center" and row["status"] == "active"
    assert (round(row["latitude"], 4), round(row["longitude"], 4)) == (64.8358, -147.7564)
    assert row["timezone"] == "America/Anchorage"
    assert row["transportation"].startswith("Located on the South Side of Airport Way")
    assert (row["address_1"], row["address_2"], row["city"], row["state_province"]) == (
        "1867 Airport Way", "Suite 130B", "Fairbanks", "AK")
    assert row["postal_code"] == "99701-4056" and row["number"] == "(907) 452-2178"
    # ADDRESS2 'NOT AVAILABLE' is a null, not an address line
    assert store.scalar("SELECT count(*) FROM address WHERE address_2 = 'NOT AVAILABLE'") == 0


# -- detection: every detector against every shared dataset -------------------------------

OURS = {
    "hifld-hospitals/Hospitals.csv": "hifld-hospitals",
    "hifld-urgent-care/UrgentCareFacilities.gdb": "hifld-urgent-care",
    "nys-doh-health-facilities/Health_Facility_General_Information.csv": "mapped-csv",
    "nyc-hh-patient-care-locations-2011/"
    "NYC_Health___Hospitals_patient_care_locations_-_2011.csv": "mapped-csv",
}
MY_KINDS = {"hifld-hospitals", "hifld-urgent-care", "mapped-csv", "osm-points"}


def _candidates(shared: Path) -> list[Path]:
    out: list[Path] = []
    for dataset in sorted(p for p in shared.iterdir() if p.is_dir()):
        out.append(dataset)
        for child in sorted(dataset.rglob("*")):
            if ".gdb" in child.parent.name or len(child.relative_to(dataset).parts) > 3:
                continue
            out.append(child)
    return out


def test_detectors_claim_only_their_own_files(shared):
    wrong = []
    for path in _candidates(shared):
        rel = path.relative_to(shared).as_posix()
        claims = {kind for kind, cls in LOADERS.items() if cls.detect(path)}
        expected = OURS.get(rel)
        if expected:
            if claims != {expected}:
                wrong.append((rel, sorted(claims)))
        elif claims & MY_KINDS:
            wrong.append((rel, sorted(claims & MY_KINDS)))
    assert not wrong, wrong


def test_osm_fixture_claimed_only_by_osm(tmp_path):
    fixture = Path(__file__).parent / "data" / "osm" / "denver.geojson"
    assert {k for k, c in LOADERS.items() if c.detect(fixture)} == {"osm-points"}
    assert pd.notna(fixture.stat().st_size)
