"""Confidential addresses and phones never reach a public output (issue 16, "Confidentiality").

The real DC 211 export, cut to the shape of exports that flag privacy: a DV agency (Ayuda,
1707 Kalorama Road NW) and its programs get ``PhysicalAddressIsPrivate`` = Yes, one program
its phones ``Phone1IsPrivate`` / ``Phone2 Is Private`` / ``PhoneFaxIsPrivate`` = Yes. The
real file also writes "Confidential" where a street would be (the Asian/Pacific Islander
Domestic Violence Resource Project) while giving the place's exact point.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from resources.cli import main
from resources.pipeline.load import load_path
from resources.store import Store

REAL = ("dc-211-airs-export", "211.csv")
AYUDA = ["371808", "373553", "372307", "372305"]  # agency + its three programs
HERMANAS = "372307"  # the DV program whose phones are private
# what must never be shown: the street, the private numbers (any spelling)
STREET = re.compile(r"1707\s+kalorama", re.I)
SECRETS = ["387-4848", "387-2840", "387-0324", "3874848", "3872840", "3870324"]
# the exact points of confidential places (the source gives the same points to a few
# public places nearby too: checked on the confidential places' own records)
AYUDA_POINT = (38.9174, -77.0357)
MY_SISTERS_POINT = (38.833193, -77.213088)  # address 'Confidential' in the real file


def leaks(text: str) -> list[str]:
    found = [s for s in SECRETS if s in text]
    return found + (["1707 Kalorama"] if STREET.search(text) else [])


def cut_file(shared: Path, out: Path) -> Path:
    """The real file with privacy twin columns, marked Yes on the Ayuda rows."""
    f = pd.read_csv(shared.joinpath(*REAL), dtype=str, keep_default_na=False)
    for col in ("PhysicalAddressIsPrivate", "Phone1IsPrivate", "Phone2 Is Private",
                "phone_fax_is_private", "PhoneNumberHotlineIsPrivate"):
        f[col] = ""
    f.loc[f["ResourceAgencyNum"].isin(AYUDA), "PhysicalAddressIsPrivate"] = "Yes"
    f.loc[f["ResourceAgencyNum"] == HERMANAS,
          ["Phone1IsPrivate", "Phone2 Is Private", "phone_fax_is_private"]] = ["Yes", "y", "X"]
    f.to_csv(out, index=False)
    return out


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import SHARED, need

    need(SHARED.is_dir(), "the shared public datasets")
    folder = tmp_path_factory.mktemp("privacy")
    path = folder / "dc.duckdb"
    with Store.open(path) as store:
        load_path(store, cut_file(SHARED, folder / "211.csv"), source_id="dc")
    return path


def cli(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> str:
    main(["--db", str(db), *args])
    return capsys.readouterr().out


def test_privacy_twins_are_declared_for_every_known_phone_and_address():
    from resources.loaders.airs_columns import NAMED_PHONES, header_key, privacy_twin

    assert privacy_twin(header_key("PhysicalAddressIsPrivate")) == ("address", "physical")
    assert privacy_twin(header_key("Mailing Address Is Confidential")) == ("address", "mailing")
    assert privacy_twin(header_key("Phone12IsPrivate")) == ("numbered", "12")
    for column in NAMED_PHONES:  # every named phone gets its twin, none hand-listed
        assert privacy_twin(header_key(column + "IsPrivate")) == ("named", header_key(column))
        assert privacy_twin(header_key(column + "_is_confidential")) is not None
    assert privacy_twin(header_key("ExcludeFromWebsite")) is None


def test_flags_are_stored_per_record(db: Path):
    with Store.open(db, read_only=True) as store:
        loc = store.df("SELECT source_record_id, is_private FROM location "
                       "WHERE list_contains(?, source_record_id)", [AYUDA])
        assert loc["is_private"].all() and len(loc) == 4
        street = store.df("SELECT is_private FROM address WHERE address_1 ILIKE '%kalorama%'")
        assert len(street) >= 4 and street["is_private"].all()
        phones = store.df("SELECT number, is_private FROM phone WHERE number LIKE '%387-4848%' "
                          "OR number LIKE '%387-2840%' OR number LIKE '%387-0324%'")
        # marked on one program, private on every record listing the same number
        assert len(phones) >= 9 and phones["is_private"].all()
        # an address line that says 'Confidential' (the real file) makes the place confidential
        api = store.scalar("SELECT is_private FROM location WHERE source_record_id = '372234'")
        assert api is True
        public = store.scalar("SELECT count(*) FROM phone WHERE NOT is_private")
        assert public > 2000  # nothing else was hidden
        # no privacy column was dropped as unknown
        issues = store.load_issues("dc", limit=100000)
        dropped = issues[issues["problem"].str.contains("not an AIRS export column")]
        assert not dropped["field"].str.contains("private", case=False, na=False).any()


@pytest.mark.parametrize(("need", "near", "name"), [
    ("Hermanas Unidas", "20009", "Hermanas Unidas"),
    ("legal help", "20009", "Ayuda"),
    ("domestic violence", "20001", "My Sister's Place"),  # the real file's 'Confidential'
])
def test_cli_search_hides_private_address_point_and_phones(capsys, db: Path, need, near,
                                                           name):
    doc = cli(capsys, db, "search", need, "--near", near, "--limit", "50", "--json")
    text = cli(capsys, db, "search", need, "--near", near, "--limit", "50")
    assert name in doc and name in text  # still listed, with a coarse place
    assert leaks(doc) == [] and leaks(text) == []
    results = [r for r in json.loads(doc)["results"] if name in r["name"]]
    assert results
    for r in results:
        assert r["address"].startswith("Confidential location")
        assert r["coordinates"]["precision"].startswith("approximate")
        assert (r["lat"], r["lon"]) not in (AYUDA_POINT, MY_SISTERS_POINT)


def test_only_private_phones_show_a_public_way_in(capsys, db: Path):
    doc = json.loads(cli(capsys, db, "search", "Hermanas Unidas", "--near", "20009", "--json"))
    card = next(r for r in doc["results"] if "Hermanas Unidas" in r["name"])
    assert [p["number"] for p in card["phones"]] == ["211"]
    assert "phone confidential" in card["phones"][0]["description"]


def test_hsds_export_leaves_private_records_out_unless_asked(capsys, db: Path, tmp_path: Path):
    out = cli(capsys, db, "export", "hsds", str(tmp_path / "public"))
    assert "left out: private, or attached to a private record" in out
    assert "address" in out and "phone" in out
    public = "".join(p.read_text() for p in (tmp_path / "public").glob("*.csv"))
    assert leaks(public) == []
    locations = pd.read_csv(tmp_path / "public" / "locations.csv", dtype=str)
    assert len(locations) > 1000  # ids namespaced by source, as the store keeps them
    assert not set(locations["id"]) & {f"dc/{i}" for i in (*AYUDA, "372234", "371884")}
    # the services offered there are public (the Find page lists them, without the street):
    # a private *location* sharing a program's id (AIRS) does not hide the *service*
    services = pd.read_csv(tmp_path / "public" / "services.csv", dtype=str)
    assert f"dc/{HERMANAS}" in set(services["id"])
    cli(capsys, db, "export", "hsds", str(tmp_path / "all"), "--include-private")
    everything = "".join(p.read_text() for p in (tmp_path / "all").glob("*.csv"))
    assert leaks(everything)  # the coordinator's export has them
    all_locations = pd.read_csv(tmp_path / "all" / "locations.csv", dtype=str)
    assert {f"dc/{i}" for i in AYUDA} <= set(all_locations["id"])


@pytest.mark.parametrize("fmt", ["--json", "--gpx", "--csv", "--html", None])
def test_route_to_a_confidential_place_does_not_leak_it(capsys, db: Path, fmt):
    args = ["route", "--start", "20009", "--at", "2026-12-02T10:00",
            "--stop", f"dc/{HERMANAS}", "dc/373664", *([fmt] if fmt else [])]
    out = cli(capsys, db, *args)
    assert "Hermanas Unidas" in out and leaks(out) == []


def test_mapping_columns_reach_the_flags(store, shared: Path, tmp_path: Path):
    """A mapping file maps a column to address_is_private / phone_is_private."""
    import yaml  # type: ignore[import-untyped]

    from resources.loaders._mapping import SHIPPED

    raw = shared / "nys-doh-health-facilities" / "Health_Facility_General_Information.csv"
    with raw.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))[:200]
    for i, row in enumerate(rows):
        row["Confidential Site"] = "Yes" if i % 50 == 0 else "No"
    cut = tmp_path / "facilities.csv"
    with cut.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    mapping = yaml.safe_load((SHIPPED / "nys-doh-health-facilities.yaml").read_text())
    mapping["fields"]["address_is_private"] = "Confidential Site"
    mapping["fields"]["phone_is_private"] = "Confidential Site"
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(mapping))
    load_path(store, cut, "mapped-csv", source_id="nys", mapping=str(path))
    assert store.scalar("SELECT count(*) FROM address WHERE is_private") == 4
    assert store.scalar("SELECT count(*) FROM location WHERE is_private") == 4
    assert store.scalar("SELECT count(*) FROM phone WHERE is_private AND type = 'voice'") == 4
    shown = store.df("SELECT address_1, service_phones, geo_precision FROM search_index "
                     "WHERE location_private")
    assert shown["address_1"].isna().all() and (shown["geo_precision"] != "exact").all()
    # the main line is hidden; the fax (not marked) is still listed
    assert all(p["type"] == "fax" for phones in shown["service_phones"] for p in phones)


def test_hsds_address_type_and_attributes_mark_privacy():
    from resources.loaders._privacy import settle_privacy
    from resources.records import Batch

    batch = Batch()
    batch.add("location", pd.DataFrame({"id": ["l1", "l2", "l3"]}))
    batch.add("address", pd.DataFrame({
        "id": ["a1", "a2", "a3"], "location_id": ["l1", "l2", "l3"],
        "address_1": ["1 Main St", "2 Oak Ave", "9 Elm St"],
        "address_type": ["confidential", "physical", "physical"]}))
    batch.add("phone", pd.DataFrame({"id": ["p1", "p2"], "number": ["303-555-0101",
                                                                    "303-555-0102"]}))
    batch.add("taxonomy_term", pd.DataFrame({"id": ["t1"], "code": ["confidential"],
                                             "name": ["Confidential"]}))
    batch.add("attribute", pd.DataFrame({
        "id": ["x1", "x2"], "link_id": ["p2", "a3"], "link_entity": ["phone", "address"],
        "taxonomy_term_id": ["t1", "t1"], "value": ["true", "no"]}))
    settle_privacy(batch, [])
    t = batch.tables
    assert t["address"]["is_private"].tolist() == [True, False, False]
    assert t["address"]["address_type"].tolist()[0] == "physical"
    assert t["location"]["is_private"].tolist() == [True, False, False]
    assert t["phone"]["is_private"].tolist() == [False, True]


def test_every_query_reading_phones_or_addresses_is_audited():
    """A new output reading ``phone`` or ``address`` must hide private rows or be a
    coordinator-only view: this list is where that decision is written down."""
    root = Path(__file__).resolve().parent.parent / "resources"
    audited = {
        "store/search_sql.py": "search index and phones_for: public rows only",
        "store/hotlines_sql.py": "hotline index: public phones only",
        "store/export_sql.py": "export: private rows left out unless include_private",
        "store/edits_sql.py": "coordinator edits (keeps privacy of edited phones)",
        "store/quality_sql.py": "coordinator quality checks (counts, no values shown)",
        "store/duplicates_sql.py": "coordinator duplicate review",
        "store/publish_sql.py": "coordinator publish diff",
        "store/api_sql.py": "HSDS API: private rows dropped (Hidden) unless a coordinator "
                            "token; tests/test_api_privacy.py crawls every endpoint",
        "store/__init__.py": "counts",
        "publish.py": "coordinator publish diff",
    }
    readers = set()
    for path in root.rglob("*.py"):
        text = path.read_text()
        if re.search(r"\b(FROM|JOIN)\s+(phone|address)\b", text) and "loaders" not in path.parts:
            readers.add(path.relative_to(root).as_posix())
    assert readers <= set(audited), f"new readers of phone/address: {readers - set(audited)}"


def test_load_report_and_info_count_private_records(capsys, db: Path, tmp_path: Path):
    out = cli(capsys, db, "info")
    line = next(x for x in out.splitlines() if x.startswith("private records"))
    assert "location 14" in line and "phone 9" in line
    assert json.loads(cli(capsys, db, "info", "--json"))["private"]["location"] == 14
    from tests.conftest import SHARED

    fresh = tmp_path / "fresh.duckdb"
    out = cli(capsys, fresh, "load", str(cut_file(SHARED, tmp_path / "211.csv")))
    assert "private (confidential: coordinators only" in out and "location 14" in out


def test_every_query_reading_exact_points_is_audited():
    """Only the search index build (which coarsens confidential places) and coordinator or
    internal queries read a location's own point."""
    root = Path(__file__).resolve().parent.parent
    audited = {
        "resources/store/search_sql.py": "the search index: coarse point of a confidential place",
        "resources/store/duplicates_sql.py": "coordinator duplicate review",
        "resources/store/export_sql.py": "export: private locations left out",
        "resources/store/coverage_sql.py": "service areas (internal, no point shown)",
        "resources/store/quality_sql.py": "coordinator quality checks (has a point or not)",
        "resources/store/hours_inputs_sql.py": "sun times of sunrise/sunset hours (internal)",
        "resources/store/searchability_sql.py": "load report: located or not (counts only)",
        "resources/store/hotlines_sql.py": "area-reached services: at a place with a point "
                                           "or not (no point read out)",
        "resources/store/api_sql.py": "HSDS API: points only when exact, confidential "
                                      "locations left out for partners (test_api_privacy)",
    }
    readers = set()
    for path in [*(root / "resources").rglob("*.py"), *(root / "ui").rglob("*.py")]:
        if "loaders" in path.parts:
            continue
        if re.search(r"\bl\.(latitude|longitude|geom)\b|\bST_[XY]\(\s*l\.", path.read_text()):
            readers.add(path.relative_to(root).as_posix())
    assert readers <= set(audited), f"new readers of exact points: {readers - set(audited)}"


def test_directory_page_listing_shows_confidential_places_coarsely(db: Path):
    from resources.store.queries import directory_listing

    with Store.open(db, read_only=True) as store:
        listing = directory_listing(store, limit=5000)
    ayuda = listing[listing["service_id"] == f"dc/{HERMANAS}"].iloc[0]
    assert (ayuda["latitude"], ayuda["longitude"]) != AYUDA_POINT
    assert ayuda["geo_precision"] != "exact"


def test_a_coordinator_phone_edit_keeps_a_private_number_private(store):
    from resources.store import edits_sql

    store.con.execute("INSERT INTO phone (id, service_id, number, type, is_private, source_id) "
                      "VALUES ('s/p1', 's/1', '(202) 387-4848', 'voice', true, 's')")
    edits_sql.replace_phones(store.con, "service", "s/1", [
        ("e1", "202-387-4848", None, "voice"), ("e2", "(202) 555-0100", None, "voice")])
    rows = dict(store.con.execute("SELECT number, is_private FROM phone").fetchall())
    assert rows == {"202-387-4848": True, "(202) 555-0100": False}


def test_load_issues_do_not_show_private_values(capsys, db: Path):
    out = cli(capsys, db, "info", "--issues", "dc", "--json")
    assert leaks(out) == []
    issues = json.loads(out)
    assert any(i["value"] == "(private)" for i in issues)


def test_program_private_address_shared_with_its_agency_hides_the_agency_place(
        shared: Path, tmp_path: Path, store):
    """AARP's Grief and Loss program (real file) is placed at its agency's location (same
    address and point): its private flag must reach that place."""
    f = pd.read_csv(shared.joinpath(*REAL), dtype=str, keep_default_na=False)
    f["PhysicalAddressIsPrivate"] = ""
    f.loc[f["ResourceAgencyNum"] == "373706", "PhysicalAddressIsPrivate"] = "Yes"
    f.to_csv(tmp_path / "211.csv", index=False)
    load_path(store, tmp_path / "211.csv", source_id="dc")
    placed = store.df("SELECT l.source_record_id, l.is_private FROM service_at_location x "
                      "JOIN location l ON l.id = x.location_id WHERE x.service_id = 'dc/373706'")
    assert placed["is_private"].all() and len(placed)
    shown = store.df("SELECT address_1, geo_precision FROM search_index "
                     "WHERE service_id = 'dc/373706'")
    assert shown["address_1"].isna().all() and (shown["geo_precision"] != "exact").all()


def test_a_coordinators_export_loads_back_still_private(capsys, db: Path, tmp_path: Path):
    cli(capsys, db, "export", "hsds", str(tmp_path / "all"), "--include-private")
    with Store.open(db, read_only=True) as store:
        before = store.df("SELECT 'location' t, count(*) n FROM location WHERE is_private "
                          "UNION ALL SELECT 'address', count(*) FROM address WHERE is_private "
                          "UNION ALL SELECT 'phone', count(*) FROM phone WHERE is_private")
    with Store.open(tmp_path / "again.duckdb") as store:
        load_path(store, tmp_path / "all", source_id="again")
        after = store.df("SELECT 'location' t, count(*) n FROM location WHERE is_private "
                         "UNION ALL SELECT 'address', count(*) FROM address WHERE is_private "
                         "UNION ALL SELECT 'phone', count(*) FROM phone WHERE is_private")
        shown = store.df("SELECT * FROM search_index")
    assert after.to_dict("records") == before.to_dict("records")
    assert leaks(shown.to_json(date_format="iso")) == []
