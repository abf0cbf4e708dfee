"""HSDS 1.x/2.x tabular datapackages: the official sample, the transformer output, re-load."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from resources.loaders import LOADERS, detect_kind
from resources.loaders.hsds_legacy import HSDSLegacyCSVLoader, bench_cases
from resources.pipeline.load import load_path

NEVER_HOMELESS = "c89eb05c-62dd-4b64-b494-0cc347b6ea7f"


@pytest.fixture
def sample(shared):
    return shared / "hsds1-sample-datapackage" / "all_resources"


def test_hsds11_sample_lands_field_by_field(store, sample):
    assert detect_kind(sample) == detect_kind(sample / "datapackage.json") == "hsds-legacy-csv"
    result = load_path(store, sample, source_id="h")
    c = store.counts()
    assert (c["organization"], c["service"], c["location"], c["service_at_location"]) == (
        10, 13, 10, 13)
    assert c["address"] == 2 and c["phone"] == 5
    assert store.scalar("SELECT notes FROM source").startswith("HSDS 1.x")
    svc = store.df(f"SELECT * FROM service WHERE source_record_id = '{NEVER_HOMELESS}'").iloc[0]
    assert svc["name"] == "Never Homeless Helpline" and svc["eligibility_description"] == "adult"
    assert svc["hours_text"] == ("Monday 09:00:00-17:00:00; Tuesday 09:00:00-17:00:00; "
                                 "Wednesday 09:00:00-17:00:00; Holiday: closed 2019-12-24 to "
                                 "2019-12-26")
    assert svc["hours_format"] == "hsds"
    weekly = store.df("SELECT byday, opens_at, closes_at FROM schedule WHERE freq = 'WEEKLY' "
                      "ORDER BY source_row")
    assert weekly.values.tolist() == [["MO", "09:00:00", "17:00:00"], ["TU", "09:00:00", "17:00:00"],
                                      ["WE", "09:00:00", "17:00:00"]]
    hol = store.df("SELECT * FROM schedule WHERE freq IS NULL").iloc[0]
    assert hol["description"] == "closed 2019-12-24 to 2019-12-26"
    assert "start_date=2019-12-24" in hol["notes"] and str(hol["valid_to"])[:10] == "2019-12-26"
    # the holiday row reuses a regular row's id in the source: both kept, original id kept
    assert hol["source_record_id"] == "fa9dbdb0-1b0c-11e9-b56e-0800200c9a66"
    types = set(store.df("SELECT address_type FROM address")["address_type"])
    assert types == {"physical", "postal"}
    assert store.scalar("SELECT name FROM language ORDER BY name LIMIT 1") == "English"
    # several sample locations have no coordinates: kept, one placed at its ZIP (10001)
    loc = store.df("SELECT geo_precision, count(*) n FROM location GROUP BY 1")
    assert dict(zip(loc["geo_precision"], loc["n"], strict=True)) == {"exact": 1, "zip": 1,
                                                                       "none": 8}
    assert any(i.file == "metadata.csv" and i.severity == "info" for i in result.issues)
    assert not result.issues or not [i for i in result.issues if i.severity == "error"]


def test_holiday_closure_and_closed_days_reach_the_stored_hours(store, sample, shared):
    """The parser read the sample's holiday row; the store dropped it (a schedule row with no
    times was "not readable": partial, the closure lost). Open on Tuesday 17 Dec 2019, closed
    on Christmas Eve, a Tuesday, in SQL and in Python alike."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from resources.hours import evaluate
    from resources.pipeline.hours_lookup import HoursLookup

    load_path(store, sample, source_id="h")
    rec = store.df("SELECT parse_status, unparsed, location_id FROM hours_records "
                   f"WHERE service_id = 'h/{NEVER_HOMELESS}'").iloc[0]
    assert (rec["parse_status"], rec["unparsed"]) == ("parsed", "")
    hours = HoursLookup(store).hours_many([(f"h/{NEVER_HOMELESS}", rec["location_id"])])[0]
    for day, expect in ((17, "open"), (24, "closed"), (26, "closed"), (31, "open")):
        at = datetime(2019, 12, day, 12, 0, tzinfo=ZoneInfo("America/New_York"))
        assert evaluate(hours, at, "America/New_York").state == expect, day
    # a blank regular row is a closed day (ILAO's "Sunday: Closed"), not an unread row
    out = shared / "hsds-transformer-fixtures" / "spec" / "fixtures" / "custom" / "ilao" / "output"
    load_path(store, out, source_id="ilao")
    closed = store.df("SELECT byday, description FROM schedule WHERE source_id = 'ilao' "
                      "AND opens_at IS NULL AND closes_at IS NULL")
    assert len(closed) > 0 and set(closed["description"]) == {"closed"}
    from resources.hours import parse_hsds3
    week = store.df("SELECT * FROM schedule WHERE location_id = 'ilao/135831'").to_dict("records")
    got = parse_hsds3(week)
    assert got.status.value == "parsed" and got.intervals
    # the store keeps the closure: a dated record (its dates evaluated by the "open at T"
    # query, equal to Python: tests/test_hours_engine.py), not a plain weekly one
    assert store.scalar("SELECT mode FROM hours_records "
                        f"WHERE service_id = 'h/{NEVER_HOMELESS}'") == "dated"


def test_simple_package_version_from_title(store, shared):
    load_path(store, shared / "hsds1-sample-datapackage" / "simple", source_id="s")
    assert "HSDS Simple Sample 1.1" in store.scalar("SELECT notes FROM source")
    assert store.counts()["service_at_location"] == 13


def test_transformer_output_rows_without_ids_and_org_addresses(store, shared):
    out = shared / "hsds-transformer-fixtures" / "spec" / "fixtures" / "custom" / "ilao" / "output"
    result = load_path(store, out, source_id="ilao")
    c = store.counts()
    assert (c["organization"], c["location"], c["phone"], c["schedule"]) == (33, 520, 982, 2492)
    # one service row has no id: rejected and reported; 30 places that give hours and hold
    # no service (nor does their organization) are services at their place
    assert c["service"] == 429 + 30
    no_id = [i for i in result.issues if i.severity == "error" and i.file == "services.csv"]
    assert len(no_id) == 1 and no_id[0].field == "id"
    orphans = [i for i in result.issues if i.file == "postal_addresses.csv" and i.severity == "error"]
    assert len(orphans) == 33 and orphans[0].value == "131321" and orphans[0].row == 1
    first = store.df("SELECT byday, opens_at, closes_at FROM schedule WHERE location_id = "
                     "'ilao/135831' ORDER BY source_row LIMIT 2")
    assert first.values.tolist() == [["SU", "11:00", "20:00"], ["MO", "9:00", "22:00"]]
    assert store.scalar("SELECT hours_text FROM location WHERE id = 'ilao/135831'").startswith(
        "Monday 9:00-22:00")


def test_datapackage_tables_missing_on_disk_are_warnings(store, sample, tmp_path):
    folder = tmp_path / "pkg"
    shutil.copytree(sample, folder)
    (folder / "funding.csv").unlink()
    result = load_path(store, folder, source_id="pkg")
    missing = [i for i in result.issues if i.file == "datapackage.json"]
    assert [(i.row, i.value, i.severity) for i in missing] == [(None, "funding.csv", "warning")]
    assert store.counts()["funding"] == 0 and store.counts()["service"] == 13


def test_bad_weekday_rejected_and_reload_diff(store, sample, tmp_path):
    load_path(store, sample, source_id="pkg")
    folder = tmp_path / "pkg"
    shutil.copytree(sample, folder)
    sched = (folder / "regular_schedules.csv").read_text().splitlines()
    sched[2] = sched[2].replace(",2,09:00:00", ",0,09:00:00")
    (folder / "regular_schedules.csv").write_text("\n".join(sched) + "\n")
    svcs = (folder / "services.csv").read_text().replace("Never Homeless Helpline", "NHH")
    (folder / "services.csv").write_text(svcs)
    result = load_path(store, folder, source_id="pkg")
    bad = [i for i in result.issues if i.field == "weekday"]
    assert [(i.row, i.value, i.severity) for i in bad] == [(2, "0", "error")]
    diff = {d.table: d for d in result.diffs}
    assert (diff["service"].added, diff["service"].changed, diff["service"].removed) == (0, 1, 0)
    assert "Tuesday" not in store.scalar("SELECT hours_text FROM service WHERE name = 'NHH'")


def test_detectors_claim_only_their_own_datasets(shared):
    paths = [p for d in sorted(shared.iterdir()) if d.is_dir() for p in [d, *sorted(d.rglob("*"))]]
    claims = {p: [k for k, cls in LOADERS.items() if cls.detect(p)] for p in paths}
    assert not {p: k for p, k in claims.items() if len(k) > 1}
    mine = {"hsds-legacy-csv", "ohana-csv", "ohana-mongo", "linksf-json", "linksf-csv"}
    ours = {str(p.relative_to(shared)): k[0] for p, k in claims.items() if k and k[0] in mine}
    assert ours["hsds1-sample-datapackage/simple"] == "hsds-legacy-csv"
    assert ours["ohana-api-sample"] == "ohana-csv" and ours["ohana-smc-2014"] == "ohana-mongo"
    assert ours["linksf"] == "linksf-json" and ours["linksf/locations.csv"] == "linksf-csv"
    roots = {k.split("/")[0] for k in ours}
    assert roots == {"hsds1-sample-datapackage", "hsds-transformer-fixtures", "ohana-api-sample",
                     "ohana-smc-2014", "linksf"}
    assert not any("/input" in k or "florida" in k for k in ours)


def test_bench_cases_exist(shared):
    assert all(p.exists() for _, p in bench_cases(shared))


def test_wide_legacy_csv_reads_every_row(store, sample, tmp_path):
    folder = tmp_path / "big"
    folder.mkdir()
    n = 60_000
    ids = pd.Series(range(n)).astype(str)
    pd.DataFrame({"id": "o" + ids, "name": "Org " + ids}).to_csv(folder / "organizations.csv",
                                                                 index=False)
    pd.DataFrame({"id": "s" + ids, "organization_id": "o" + ids, "name": "Svc " + ids,
                  "status": "active", "location_id": "l" + ids}).to_csv(
        folder / "services.csv", index=False)
    pd.DataFrame({"id": "l" + ids, "organization_id": "o" + ids, "name": "Loc " + ids,
                  "latitude": 39.7, "longitude": -104.9}).to_csv(folder / "locations.csv", index=False)
    pd.DataFrame({"id": "r" + ids, "service_id": "s" + ids, "weekday": (ids.astype(int) % 7 + 1),
                  "opens_at": "9:00am", "closes_at": "5:00pm"}).to_csv(
        folder / "regular_schedules.csv", index=False)
    batch = HSDSLegacyCSVLoader().read(folder)  # speed: bench/load.py
    assert batch.rows_read == 4 * n and len(batch.tables["schedule"]) == n
