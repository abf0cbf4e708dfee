"""Real HSDS 1.x packages as exporters write them: the official sample cut to each shape
(repeated lookup ids, child rows keyed by their parent's id, eligibility without a service,
schedules carrying their original text, legacy time forms)."""

from __future__ import annotations

import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from resources.hours import evaluate
from resources.loaders._hours_legacy import read_time
from resources.pipeline.hours_lookup import HoursLookup
from resources.pipeline.load import load_path

NY = ZoneInfo("America/New_York")


@pytest.fixture
def package(shared, tmp_path):
    folder = tmp_path / "pkg"
    shutil.copytree(shared / "hsds1-sample-datapackage" / "all_resources", folder)
    return folder


def _csv(folder, name):
    return pd.read_csv(folder / name, dtype=str, keep_default_na=False)


def _service_ids(folder):
    return list(_csv(folder, "services.csv")["id"])


def test_repeated_lookup_ids_keep_the_first_and_report_the_rest(store, package):
    """Three repeated ids in taxonomy.csv aborted the whole load with a pandas traceback."""
    terms = _csv(package, "taxonomy.csv")
    term = terms["id"][0]
    extra = pd.DataFrame([{**terms.iloc[0], "name": f"Copy {n}"} for n in range(3)])
    pd.concat([terms, extra, pd.DataFrame([{"id": "food", "name": "Food Pantry"}])]).to_csv(
        package / "taxonomy.csv", index=False)
    sid = _service_ids(package)[0]
    pd.DataFrame([{"id": "st1", "service_id": sid, "taxonomy_id": term},
                  {"id": "st2", "service_id": sid, "taxonomy_id": "food"}]).to_csv(
        package / "services_taxonomy.csv", index=False)
    result = load_path(store, package, source_id="h")
    repeats = [i for i in result.issues if i.file == "taxonomy.csv" and i.field == "id"]
    assert [(i.row, i.value) for i in repeats] == [(2, term), (3, term), (4, term)]
    assert all("repeats an earlier row" in i.problem for i in repeats)
    assert store.scalar(f"SELECT name FROM taxonomy_term WHERE id = 'h/{term}'") == "Taxonomy A"
    assert store.counts()["service"] == 13


def test_child_rows_keyed_by_their_parents_id_all_land(store, package):
    """One languages row per language per service, id = the service id: Spanish and Creole
    were dropped as "id repeats" for every service."""
    ids = _service_ids(package)
    langs = pd.DataFrame([{"id": sid, "service_id": sid, "language": name}
                          for sid in ids for name in ("English", "Spanish", "Haitian Creole")])
    # an exact copy of an earlier row is still a repeat (reported, not loaded twice)
    pd.concat([langs, langs.iloc[:1]]).to_csv(package / "languages.csv", index=False)
    result = load_path(store, package, source_id="h")
    got = store.df("SELECT name, count(DISTINCT service_id) n FROM language "
                   "WHERE service_id IS NOT NULL GROUP BY 1")
    assert dict(zip(got["name"], got["n"], strict=True)) == {
        "English": 13, "Spanish": 13, "Haitian Creole": 13}
    assert store.scalar("SELECT count(*) FROM language WHERE source_record_id = "
                        f"'{ids[0]}'") == 3
    note = [i for i in result.issues if i.file == "languages.csv" and i.severity == "info"]
    assert note and "service_id" in note[0].problem
    copies = [i for i in result.issues if i.file == "languages.csv" and i.severity == "error"]
    assert [i.row for i in copies] == [len(langs) + 1]


def test_eligibility_without_a_service_is_reported_or_attached(store, package):
    sals = _csv(package, "services_at_location.csv")
    sal = sals.iloc[1]
    single = sals.groupby("location_id")["service_id"].transform("count") == 1
    one = sals[single & (sals["service_id"] != sal["service_id"])].iloc[-1]
    elig = _csv(package, "eligibility.csv")
    pd.concat([elig, pd.DataFrame([
        {"id": "e2", "service_id": "", "eligibility": "seniors"},
        {"id": "e3", "service_id": "", "service_at_location_id": sal["id"],
         "eligibility": "veterans"},
        {"id": "e4", "service_id": "gone", "eligibility": "youth"},
        {"id": "e5", "service_id": "", "location_id": one["location_id"],
         "eligibility": "families"}])]).to_csv(package / "eligibility.csv", index=False)
    result = load_path(store, package, source_id="h")
    lost = [(i.row, i.value) for i in result.issues
            if i.file == "eligibility.csv" and i.severity == "warning"]
    assert lost == [(2, "seniors"), (4, "gone")]
    assert store.scalar("SELECT eligibility_description FROM service WHERE id = "
                        f"'h/{sal['service_id']}'") == "veterans"
    assert store.scalar("SELECT eligibility_description FROM service WHERE id = "
                        f"'h/{one['service_id']}'") == "families"  # its location's one service


def test_legacy_time_forms_read_when_unambiguous():
    assert read_time("9:0am")[0] == 9 * 60
    assert read_time("830am")[0] == 8 * 60 + 30
    assert read_time("12:00pm (dispensing)") == (12 * 60, "dispensing", "")
    assert read_time("1130")[0] == 11 * 60 + 30
    for never in ("6:300pm", "8:00m", "9:3am", "13:00pm"):
        minutes, _, why = read_time(never)
        assert minutes is None and why, never


def _week(folder, rows):
    sched = _csv(folder, "regular_schedules.csv")
    pd.concat([sched, pd.DataFrame(rows)]).to_csv(folder / "regular_schedules.csv", index=False)


def _state(store, sid, when):
    loc = store.scalar(f"SELECT location_id FROM service_at_location WHERE service_id = '{sid}'")
    hours = HoursLookup(store).hours_many([(sid, loc)])[0]
    return evaluate(hours, when, "America/New_York").state


def test_legacy_times_reach_the_hours_and_the_rest_are_reported(store, package):
    ids = _service_ids(package)
    _week(package, [
        {"id": "t1", "service_id": ids[1], "weekday": "1", "opens_at": "830am",
         "closes_at": "12:00pm (dispensing)"},
        {"id": "t2", "service_id": ids[2], "weekday": "1", "opens_at": "9:0am",
         "closes_at": "6:300pm"},
        {"id": "t3", "service_id": ids[3], "weekday": "1", "opens_at": "8:00m",
         "closes_at": "4:00pm"}])
    result = load_path(store, package, source_id="h")
    monday = datetime(2026, 12, 7, 11, 0, tzinfo=NY)
    assert _state(store, f"h/{ids[1]}", monday) == "open"
    assert _state(store, f"h/{ids[1]}", monday.replace(hour=13)) == "closed"
    assert _state(store, f"h/{ids[2]}", monday) == "unknown"  # 6:300pm never guessed
    assert _state(store, f"h/{ids[3]}", monday) == "unknown"
    unread = {i.value.split(" (")[0] for i in result.issues
              if i.file == "regular_schedules.csv" and i.severity == "warning"}
    assert unread == {"6:300pm", "8:00m"}
    kept = store.scalar(f"SELECT notes FROM schedule WHERE service_id = 'h/{ids[1]}'")
    assert "830am" in kept and "(dispensing)" in kept


def test_original_text_wins_over_rows_that_disagree(store, package):
    """An exporter flattened "Mon-Fri 9-5, Sat 10-2" into one Monday row: the rows said
    closed on Tuesday; the source's own text says open."""
    ids = _service_ids(package)
    flat = "Monday - Friday 9am - 5pm\nSaturday 10am - 2pm"
    _week(package, [
        {"id": "f1", "service_id": ids[4], "weekday": "1", "opens_at": "9:00",
         "closes_at": "14:00", "original_text": flat},
        {"id": "f2", "service_id": ids[5], "weekday": "1", "opens_at": "9:00",
         "closes_at": "14:00", "original_text": "when the pastor is in"},
        {"id": "f3", "service_id": ids[6], "weekday": "1", "opens_at": "9:00",
         "closes_at": "17:00", "original_text": "Monday 9am - 5pm"}])
    result = load_path(store, package, source_id="h")
    tuesday = datetime(2026, 12, 8, 15, 0, tzinfo=NY)
    assert _state(store, f"h/{ids[4]}", tuesday) == "open"
    assert _state(store, f"h/{ids[5]}", tuesday.replace(day=7)) == "unknown"
    assert _state(store, f"h/{ids[6]}", tuesday.replace(day=7)) == "open"  # they agree
    texts = store.df("SELECT id, hours_text, hours_format FROM service WHERE hours_format "
                     "= 'text' ORDER BY id")
    assert flat in set(texts["hours_text"]) and len(texts) == 3
    flagged = [i for i in result.issues if i.field == "original_text"]
    assert [i.severity for i in flagged] == ["warning", "warning"]
    assert "text is used" in flagged[0].problem and "unknown" in flagged[1].problem
    assert store.scalar("SELECT count(*) FROM schedule WHERE notes LIKE 'superseded%'") == 2


def test_descriptions_repaired_and_counted_per_field(store, package):
    services = _csv(package, "services.csv")
    services.loc[0, "description"] = "The ChildrenGÇÖs helpline\\nCall any time"
    services.loc[1, "description"] = "###MON### 9am-5pm ###TUE### 10am-2pm"
    services.loc[2, "description"] = "Caf\u00c3\u00a9 and \u201cwarm\u201d meals"  # UTF-8 read as latin-1
    services.loc[3, "description"] = "Open to all \u2013 caf\u00e9 \u201cwelcome\u201d"  # clean
    services.to_csv(package / "services.csv", index=False)
    result = load_path(store, package, source_id="h")
    got = store.df("SELECT source_record_id, description FROM service").set_index(
        "source_record_id")["description"]
    ids = list(services["id"])
    assert got[ids[0]] == "The Children\u2019s helpline\nCall any time"
    assert got[ids[1]] == "Mon: 9am-5pm\nTue: 10am-2pm"
    assert got[ids[2]] == "Caf\u00e9 and \u201cwarm\u201d meals"
    assert got[ids[3]] == services.loc[3, "description"]  # quotes and dashes stay as written
    fixes = {i.problem for i in result.issues if i.field == "description" and i.file ==
             "services.csv"}
    assert fixes == {"garbled characters (mojibake) repaired: 2 service rows",
                     "literal \\n written as a line break: 1 service rows",
                     "###DAY### markers read as day labels: 1 service rows"}


def test_handicap_accessible_is_wheelchair_access(store, package):
    access = _csv(package, "accessibility_for_disabilities.csv")
    loc = access.loc[0, "location_id"]
    access.loc[0, "accessibility"] = "Handicap accessible"
    access.to_csv(package / "accessibility_for_disabilities.csv", index=False)
    load_path(store, package, source_id="h")
    wheel = store.df("SELECT location_id, wheelchair FROM search_index")
    assert set(wheel.loc[wheel["location_id"] == f"h/{loc}", "wheelchair"]) == {True}
    access.loc[0, "accessibility"] = "Not handicap accessible"
    access.to_csv(package / "accessibility_for_disabilities.csv", index=False)
    load_path(store, package, source_id="h")
    wheel = store.df("SELECT location_id, wheelchair FROM search_index")
    assert set(wheel.loc[wheel["location_id"] == f"h/{loc}", "wheelchair"]) == {False}


def test_hsds2_schedules_original_text_is_kept_and_wins(store, package):
    """The same on an HSDS 2.x ``schedules.csv`` (the 1.x sample cut to the 2.x file)."""
    ids = _service_ids(package)
    (package / "regular_schedules.csv").unlink()
    pd.DataFrame([
        {"id": "s1", "service_id": ids[4], "freq": "WEEKLY", "byday": "MO", "opens_at": "09:00",
         "closes_at": "14:00", "original_text": "Monday - Friday 9am - 5pm"},
        {"id": "s2", "service_id": ids[6], "freq": "WEEKLY", "byday": "MO", "opens_at": "09:00",
         "closes_at": "17:00", "original_text": "Monday 9am - 5pm"}]).to_csv(
        package / "schedules.csv", index=False)
    result = load_path(store, package, source_id="h")
    tuesday = datetime(2026, 12, 8, 15, 0, tzinfo=NY)
    assert _state(store, f"h/{ids[4]}", tuesday) == "open"
    assert _state(store, f"h/{ids[6]}", tuesday) == "closed"
    assert [i.row for i in result.issues if i.field == "original_text"] == [1]
    assert not [i for i in result.issues if i.field == "original_text" and "not stored" in
                i.problem]


def test_hsds3_csv_child_rows_keyed_by_their_parents_id_all_land(store, shared, tmp_path):
    """The same class in an HSDS 3.0 package (the spec's example cut to the shape)."""
    folder = tmp_path / "csv"
    shutil.copytree(shared / "hsds3-spec" / "examples" / "csv", folder)
    langs = _csv(folder, "languages.csv")
    sid = langs.loc[0, "service_id"]
    rows = [{**langs.iloc[0], "id": sid, "name": name, "code": code}
            for name, code in (("English", "en"), ("Spanish", "es"), ("Haitian Creole", "ht"))]
    pd.DataFrame(rows).to_csv(folder / "languages.csv", index=False)
    load_path(store, folder, source_id="h3")
    names = set(store.df("SELECT name FROM language")["name"])
    assert names == {"English", "Spanish", "Haitian Creole"}
