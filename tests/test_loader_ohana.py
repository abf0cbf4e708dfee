"""Ohana API: the CSV import sample and the 2014 San Mateo County Mongo export."""

from __future__ import annotations

import shutil

from resources.loaders import detect_kind
from resources.loaders.ohana import bench_cases
from resources.pipeline.load import load_path


def test_ohana_csv_sample(store, shared):
    path = shared / "ohana-api-sample"
    assert detect_kind(path) == "ohana-csv"
    result = load_path(store, path, source_id="o")
    c = store.counts()
    assert (c["organization"], c["service"], c["location"], c["taxonomy_term"]) == (8, 23, 22, 290)
    assert c["address"] == 42  # 21 physical + 21 mailing, ids kept apart
    assert not [i for i in result.issues if i.severity == "error"]
    status = store.df("SELECT status, count(*) n FROM service GROUP BY 1")
    assert dict(zip(status["status"], status["n"], strict=True)) == {
        "active": 21, "defunct": 1, "inactive": 1}
    # messy hours kept verbatim; the row closing before it opens is flagged
    assert store.scalar("SELECT hours_text FROM service WHERE id = 'o/22'") == (
        "Monday 08:00-12:00; Monday 14:00-4:00 PM; Wednesday 10:00-3pm; "
        "Holiday: closed every year January 01")
    flagged = [i for i in result.issues if i.field == "closes_at"]
    assert [(i.file, i.row, i.value) for i in flagged] == [("regular_schedules.csv", 11, "9am-03:00")]
    hol = store.df("SELECT description, notes FROM schedule WHERE location_id = 'o/22' "
                   "AND description LIKE 'open%'").iloc[0]
    assert hol["description"] == "open 10:00-16:00 on 2015-12-24"
    assert "end_date=12/24/15" in hol["notes"]
    loc = store.df("SELECT * FROM location WHERE id = 'o/1'").iloc[0]
    assert loc["name"] == "Fair Oaks Adult Activity Center" and loc["location_type"] == "physical"
    access = set(store.df("SELECT description FROM accessibility WHERE location_id = 'o/1'")
                 ["description"])
    assert access == {"disabled_parking", "ramp", "restroom", "wheelchair"}
    assert store.scalar("SELECT count(*) FROM service WHERE categories IS NOT NULL") >= 1


def test_ohana_mongo_smc(store, shared):
    path = shared / "ohana-smc-2014"
    assert detect_kind(path) == "ohana-mongo" and detect_kind(path / "locations.json") == "ohana-mongo"
    result = load_path(store, path, source_id="smc")
    c = store.counts()
    # + 20 farmers' markets listed as places only: services at their place
    assert (c["organization"], c["location"], c["service"]) == (1367, 1713, 1695 + 20)
    loc = store.df("SELECT * FROM location WHERE id = 'smc/1'").iloc[0]
    assert loc["name"] == "San Mateo County/Silicon Valley Convention and Visitors Bureau"
    # coordinates are [lon, lat] in the source
    assert (round(loc["latitude"], 7), round(loc["longitude"], 7)) == (37.5909749, -122.3486066)
    assert loc["hours_text"] == "Monday-Thursday, 8:30-5; Friday, 8:30-4"
    assert loc["hours_format"] == "text" and loc["external_identifier"] == "521d32b91974fcdb2b000002"
    assert loc["timezone"] == "America/Los_Angeles"
    addr = store.df("SELECT * FROM address WHERE location_id = 'smc/1' AND address_type='physical'")
    assert addr.iloc[0][["address_1", "city", "postal_code"]].tolist() == [
        "111 Anza Blvd., Suite 410", "Burlingame", "94010"]
    assert store.scalar("SELECT count(*) FROM location WHERE geo_precision = 'exact'") == 1432
    # three given points are ZIP centroids (94965, 94010, GE's unique ZIP 12345): approximate
    at_zip = [i.record_id for i in result.issues if "is a ZIP centroid" in i.problem]
    assert at_zip == ["382", "1072", "1711"]
    assert store.scalar("SELECT geo_precision FROM location WHERE id = 'smc/382'") == "zip"
    svc = store.df("SELECT * FROM service WHERE id = 'smc/2'").iloc[0]
    assert svc["name"] == "Legal Aid Society of San Mateo County" and "legal_aid" in svc["categories"]
    assert svc["wait_time"].startswith("1 to 2 weeks")
    fake = [i for i in result.issues if "test record" in i.problem]
    assert len(fake) == 6
    assert store.scalar("SELECT count(*) FROM service WHERE do_not_refer") == 6
    assert not [i for i in result.issues if i.severity == "error"]
    # Ohana's accessibility item "wheelchair" is wheelchair access (the filter hid them all)
    assert store.scalar("SELECT count(*) FROM search_index WHERE wheelchair") == 1042


def test_mongo_reload_reports_changes(store, shared, tmp_path):
    load_path(store, shared / "ohana-smc-2014", source_id="smc")
    folder = tmp_path / "smc"
    shutil.copytree(shared / "ohana-smc-2014", folder)
    lines = (folder / "locations.json").read_text().splitlines()
    lines[0] = lines[0].replace("Monday-Thursday, 8:30-5", "Monday-Thursday, 9-5")
    (folder / "locations.json").write_text("\n".join(lines[:-1]) + "\n")
    result = load_path(store, folder, source_id="smc")
    diff = {d.table: d for d in result.diffs}
    assert (diff["location"].changed, diff["location"].removed) == (1, 1)


def test_bench_cases_exist(shared):
    assert all(p.exists() for _, p in bench_cases(shared))
