"""HSDS 3.0 loader on the official examples; bad files and bad rows; re-load and rollback."""

from __future__ import annotations

import shutil
from datetime import date

import pandas as pd
import pytest

from resources.loaders import LoadError, detect_kind
from resources.pipeline.load import load_path
from resources.store import Store
from resources.store import write as store_write

EXAMPLE_SERVICE = "ac148810-d857-441c-9679-408f346de14b"
EXAMPLE_LOCATION = "3a19ff88-4620-4d17-9830-ac1d859eb5d5"


@pytest.fixture
def store(backend):
    """Every test here runs on a DuckDB file and on a PostgreSQL database (tests/pg.py)."""
    s = Store.open(backend)
    yield s
    s.close()


@pytest.fixture
def examples_csv(shared):
    return shared / "hsds3-spec" / "examples" / "csv"


def test_csv_examples_land_field_by_field(store, examples_csv):
    assert detect_kind(examples_csv) == "hsds3-csv"
    result = load_path(store, examples_csv, source_id="ex")
    counts = store.counts()
    for table in ("organization", "program", "service", "location", "address", "phone",
                  "schedule", "service_area", "language", "accessibility", "taxonomy",
                  "taxonomy_term", "attribute", "contact", "cost_option", "funding",
                  "required_document", "organization_identifier", "service_at_location"):
        assert counts[table] == 1, table
    svc = store.df("SELECT * FROM service").iloc[0]
    assert svc["id"] == f"ex/{EXAMPLE_SERVICE}"
    assert svc["source_record_id"] == EXAMPLE_SERVICE and svc["source_row"] == 1
    assert svc["name"] == "Community Counselling"
    assert svc["minimum_age"] == 12 and svc["maximum_age"] == 100
    assert svc["assured_date"].date() == date(2005, 1, 1)
    assert svc["status"] == "active"
    sched = store.df("SELECT * FROM schedule").iloc[0]
    assert (sched["freq"], sched["byday"], sched["opens_at"], sched["closes_at"]) == (
        "WEEKLY", "TH,FR", "10:00:00", "18:00:00")
    assert sched["timezone"] == 3 and sched["service_id"] == f"ex/{EXAMPLE_SERVICE}"
    phone = store.df("SELECT number, extension, type FROM phone").iloc[0]
    assert phone["type"] == "voice" and "1234 234567" in phone["number"]
    lang = store.df("SELECT name, code FROM language").iloc[0]
    assert (lang["name"], lang["code"]) == ("Urdu", "ur")
    addr = store.df("SELECT * FROM address").iloc[0]
    assert addr["address_1"] == "1-30 Main Street" and addr["location_id"] == f"ex/{EXAMPLE_LOCATION}"
    cost = store.df("SELECT amount, currency FROM cost_option").iloc[0]
    assert cost["amount"] == 35 and cost["currency"] == "gbp"
    # the example location says latitude 100, longitude 101: out of range, flagged, kept
    loc = store.df("SELECT latitude, geom, geo_precision FROM location").iloc[0]
    assert loc["geo_precision"] == "none" and pd.isna(loc["geom"])
    problems = {i.problem for i in result.issues}
    assert any("out of range" in p for p in problems)
    assert store.scalar("SELECT count(*) FROM load_issue WHERE source_id='ex'") == len(result.issues)
    src = store.df("SELECT * FROM source").iloc[0]
    assert src["kind"] == "hsds3-csv" and len(src["sha256"]) == 64


def test_json_service_full_flattens_into_tables(store, shared):
    path = shared / "hsds3-spec" / "examples" / "service_full.json"
    assert detect_kind(path) == "hsds3-json"
    load_path(store, path, source_id="js")
    counts = store.counts()
    assert counts["service"] == 1 and counts["organization"] == 1 and counts["location"] == 1
    assert counts["schedule"] >= 1 and counts["phone"] >= 1 and counts["taxonomy_term"] == 1
    svc = store.df("SELECT organization_id, program_id FROM service").iloc[0]
    org = store.scalar("SELECT id FROM organization")
    assert svc["organization_id"] == org
    sal = store.df("SELECT service_id, location_id FROM service_at_location").iloc[0]
    assert sal["service_id"] == f"js/{EXAMPLE_SERVICE}"
    assert sal["location_id"] == store.scalar("SELECT id FROM location")
    attr = store.df("SELECT link_id, taxonomy_term_id FROM attribute").iloc[0]
    assert attr["link_id"] == f"js/{EXAMPLE_SERVICE}"
    assert attr["taxonomy_term_id"] == store.scalar("SELECT id FROM taxonomy_term")


@pytest.mark.parametrize("name", ["organization_full.json", "service_list.json",
                                  "service_at_location_full.json", "location.json",
                                  "tabular.json"])
def test_other_json_shapes_load(store, shared, name):
    result = load_path(store, shared / "hsds3-spec" / "examples" / name, "hsds3-json")
    assert sum(result.counts.values()) > 0
    assert not result.issues or all(i.severity != "error" for i in result.issues)


def _copy(examples_csv, tmp_path):
    folder = tmp_path / "pkg"
    shutil.copytree(examples_csv, folder)
    return folder


def test_malformed_csv_rejects_whole_file_and_changes_nothing(store, examples_csv, tmp_path):
    load_path(store, examples_csv, source_id="pkg")
    before = store.counts()
    folder = _copy(examples_csv, tmp_path)
    (folder / "services.csv").write_text('id,name\n"s1,"broken\n"s2",ok,extra,cells\n')
    with pytest.raises(LoadError) as err:
        load_path(store, folder, source_id="pkg")
    assert "services.csv" in str(err.value)
    assert store.counts() == before


def test_bad_rows_reported_with_row_and_field_rest_loaded(store, examples_csv, tmp_path):
    folder = _copy(examples_csv, tmp_path)
    services = (folder / "services.csv").read_text().splitlines()
    header, row = services[0], services[1]
    no_id = "," + row.split(",", 1)[1]
    bad_age = row.replace(",12,100,", ",twelve,100,").replace(EXAMPLE_SERVICE, "s-bad-age")
    (folder / "services.csv").write_text("\n".join([header, row, no_id, row, bad_age]) + "\n")
    result = load_path(store, folder, source_id="pkg")
    errors = [i for i in result.issues if i.severity == "error"]
    assert {(i.file, i.row, i.field) for i in errors} == {
        ("services.csv", 2, "id"), ("services.csv", 3, "id")}
    assert any("no id" in i.problem for i in errors) and any("repeats" in i.problem for i in errors)
    age = [i for i in result.issues if i.field == "minimum_age"]
    assert age and age[0].row == 4 and age[0].value == "twelve"
    assert store.scalar("SELECT count(*) FROM service") == 2
    assert store.scalar("SELECT rows_rejected FROM source WHERE id='pkg'") == 2


def test_strict_mode_loads_nothing_when_a_row_is_rejected(store, examples_csv, tmp_path):
    folder = _copy(examples_csv, tmp_path)
    text = (folder / "services.csv").read_text().splitlines()
    (folder / "services.csv").write_text("\n".join([text[0], text[1], text[1]]) + "\n")
    with pytest.raises(LoadError, match="nothing loaded"):
        load_path(store, folder, source_id="pkg", strict=True)
    assert store.counts()["service"] == 0


def test_reload_replaces_source_and_reports_diff(store, examples_csv, tmp_path):
    load_path(store, examples_csv, source_id="pkg")
    folder = _copy(examples_csv, tmp_path)
    services = (folder / "services.csv").read_text().splitlines()
    changed = services[1].replace("Community Counselling", "Community Counselling Plus")
    added = services[1].replace(EXAMPLE_SERVICE, "new-service-1")
    (folder / "services.csv").write_text("\n".join([services[0], changed, added]) + "\n")
    (folder / "organizations.csv").write_text("id,name\n")
    result = load_path(store, folder, source_id="pkg")
    diff = {d.table: d for d in result.diffs}
    assert (diff["service"].added, diff["service"].changed, diff["service"].removed) == (1, 1, 0)
    assert diff["organization"].removed == 1
    names = set(store.df("SELECT name FROM service")["name"])
    assert names == {"Community Counselling Plus", "Community Counselling"}
    assert store.scalar("SELECT count(*) FROM organization") == 0


def test_two_sources_never_mix(store, examples_csv, shared):
    load_path(store, examples_csv, source_id="a")
    load_path(store, shared / "hsds3-spec" / "examples" / "service_full.json", source_id="b")
    load_path(store, examples_csv, source_id="a")
    by_source = store.df("SELECT source_id, count(*) n FROM service GROUP BY 1 ORDER BY 1")
    assert by_source.to_dict("records") == [{"source_id": "a", "n": 1}, {"source_id": "b", "n": 1}]


def test_failure_mid_write_leaves_previous_data(store, examples_csv, monkeypatch):
    load_path(store, examples_csv, source_id="pkg")
    before = store.df("SELECT id, name FROM service")
    real = store_write._select_list
    calls = {"n": 0}

    def failing(table, frame):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("disk full")
        return real(table, frame)

    monkeypatch.setattr(store_write, "_select_list", failing)
    with pytest.raises(RuntimeError):
        load_path(store, examples_csv, source_id="pkg")
    assert store.df("SELECT id, name FROM service").equals(before)
    assert store.counts()["schedule"] == 1


def test_bench_cases_are_the_shared_examples(shared):
    """bench/load.py and bench/hours.py time and count the HSDS 3.0 examples too."""
    from resources.loaders import bench_cases as every_case
    from resources.loaders.hsds3 import bench_cases

    cases = bench_cases(shared)
    assert {k for k, _ in cases} == {"hsds3-csv", "hsds3-json"} and len(cases) == 3
    assert set(cases) <= set(every_case(shared))  # what the benches collect
    assert all(detect_kind(path) == kind for kind, path in cases)


def test_json_repeated_ids_are_each_reported_with_their_path(store, shared, tmp_path):
    """The real service_full.json twice in one list, the second copy changed: the service
    (a record others refer to) keeps the first and reports the second; a phone changed
    under the same id is loaded with its own id; exact repeats are noted, never silent."""
    import json

    doc = json.loads((shared / "hsds3-spec" / "examples" / "service_full.json").read_text())
    other = json.loads(json.dumps(doc))
    other["name"] = "Changed name"
    other["phones"][0]["number"] = "555-0100"
    path = tmp_path / "services.json"
    path.write_text(json.dumps([doc, other]))
    result = load_path(store, path, "hsds3-json", source_id="rep")
    repeats = [i for i in result.issues if i.field == "id"]
    svc = [i for i in repeats if i.problem.startswith("service record at [1]")]
    assert len(svc) == 1 and svc[0].severity == "error" and svc[0].row == 2
    assert "record at [0]" in svc[0].problem and svc[0].value == EXAMPLE_SERVICE
    assert store.df("SELECT name FROM service")["name"].tolist() == [doc["name"]]
    phone = [i for i in repeats if i.problem.startswith("phone record at [1].phones[0]")]
    assert len(phone) == 1 and phone[0].severity == "warning" and "#" in phone[0].problem
    numbers = set(store.df("SELECT number FROM phone")["number"])
    assert {"555-0100", doc["phones"][0]["number"]} <= numbers
    # every other repeated record is reported as a repeat kept once
    copies = [i for i in repeats if i.severity == "info"]
    assert copies and all("kept once" in i.problem and "[" in i.problem for i in copies)
