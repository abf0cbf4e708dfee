"""Checks on the committed DEMO directory (data/raw/demo-denver) and data/raw/hotlines.yaml."""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import uuid
from datetime import date
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "data" / "raw" / "demo-denver"
HOTLINES = REPO / "data" / "raw" / "hotlines.yaml"
SPEC_CSV = REPO.parent.parent / "shared" / "data" / "hsds3-spec" / "examples" / "csv"
if not SPEC_CSV.is_dir():  # worktrees live in /work/wt/<name>; the main checkout in /work/main
    SPEC_CSV = Path("/work/shared/data/hsds3-spec/examples/csv")

# Denver metro (south, west, north, east)
BBOX = (39.55, -105.20, 39.95, -104.60)
FICTIONAL_PHONE = re.compile(r"^\((303|720)\) 555-01\d\d$")
TOPICS = {"suicide", "domestic_violence", "substance_use", "lgbtq_youth", "veterans", "runaway_youth",
          "sexual_assault", "child_abuse", "mental_health", "poison"}
# column -> table it references (attributes.link_id is checked separately via link_entity)
FK = {"organization_id": "organizations", "parent_organization_id": "organizations", "service_id": "services",
      "location_id": "locations", "service_at_location_id": "service_at_location", "contact_id": "contacts",
      "phone_id": "phones", "taxonomy_id": "taxonomies", "taxonomy_term_id": "taxonomy_terms",
      "parent_id": "taxonomy_terms", "program_id": "programs"}


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def package() -> dict:
    return json.loads((DEMO / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tables(package: dict) -> dict[str, list[dict[str, str]]]:
    return {Path(r["path"]).stem: _read(DEMO / r["path"])[1] for r in package["resources"]}


@pytest.fixture(scope="module")
def hotlines() -> dict:
    return yaml.safe_load(HOTLINES.read_text(encoding="utf-8"))


def _terms_of(tables: dict, taxonomy: str) -> dict[str, str]:
    """taxonomy_term id -> code, for one of our taxonomies."""
    tax_id = next(t["id"] for t in tables["taxonomies"] if t["name"] == taxonomy)
    return {t["id"]: t["code"] for t in tables["taxonomy_terms"] if t["taxonomy_id"] == tax_id}


# ---------------------------------------------------------------------------- package shape
def test_datapackage_is_marked_demo_and_lists_every_csv(package: dict) -> None:
    assert package["name"] == "demo-denver"
    assert "DEMO" in package["title"]
    assert "fictional" in package["description"].lower()
    listed = {r["path"] for r in package["resources"]}
    assert listed == {p.name for p in DEMO.glob("*.csv")}
    required = {"organizations", "services", "locations", "service_at_location", "addresses", "phones",
                "schedules", "languages", "accessibility", "service_areas", "taxonomies", "taxonomy_terms",
                "attributes", "cost_options", "contacts"}
    assert required <= {Path(p).stem for p in listed}


@pytest.mark.shared_data
def test_headers_match_hsds3_examples(package: dict) -> None:
    if not SPEC_CSV.is_dir():
        pytest.skip(f"HSDS 3.0 spec not found at {SPEC_CSV}")
    wrong = {}
    for r in package["resources"]:
        ours, _ = _read(DEMO / r["path"])
        spec, _ = _read(SPEC_CSV / r["path"])
        if ours != spec:
            wrong[r["path"]] = (ours, spec)
        assert [f["name"] for f in r["schema"]["fields"]] == ours
    assert not wrong


def test_ids_are_unique_uuids(tables: dict) -> None:
    for name, rows in tables.items():
        ids = [r["id"] for r in rows]
        assert len(ids) == len(set(ids)), name
        for i in ids:
            uuid.UUID(i)


def test_every_foreign_key_resolves(tables: dict) -> None:
    ids = {name: {r["id"] for r in rows} for name, rows in tables.items()}
    problems = []
    for name, rows in tables.items():
        for n, row in enumerate(rows, start=2):
            for col, target in FK.items():
                if row.get(col) and row[col] not in ids.get(target, set()):
                    problems.append(f"{name}.csv line {n}: {col}={row[col]} not in {target}")
            if name == "attributes":
                target = {"service": "services", "organization": "organizations", "location": "locations"}[row["link_entity"]]
                if row["link_id"] not in ids[target]:
                    problems.append(f"attributes.csv line {n}: link_id not in {target}")
    assert not problems, "\n".join(problems[:20])


def test_every_service_has_a_site_and_every_site_a_service(tables: dict) -> None:
    sal = tables["service_at_location"]
    assert {r["id"] for r in tables["services"]} == {r["service_id"] for r in sal}
    assert {r["id"] for r in tables["locations"]} == {r["location_id"] for r in sal}


# ---------------------------------------------------------------------------- it is obviously demo
def test_organizations_and_locations_are_labelled_demo(tables: dict) -> None:
    for o in tables["organizations"]:
        assert o["name"].startswith("DEMO · ") and o["description"].startswith("[DEMO] ")
    for loc in tables["locations"]:
        assert loc["name"].startswith("DEMO · ")
    for s in tables["services"]:
        assert s["description"].startswith("[DEMO] ")


def test_every_fictional_phone_is_555_01xx(tables: dict, hotlines: dict) -> None:
    bad = [p["number"] for p in tables["phones"] if not FICTIONAL_PHONE.match(p["number"])]
    for h in hotlines["hotlines"]:
        if h["name"].startswith("DEMO"):
            bad += [p["number"] for p in h["phones"] if not FICTIONAL_PHONE.match(p["number"])]
    assert not bad


def test_emails_and_websites_use_reserved_domains(tables: dict) -> None:
    for table, cols in {"organizations": ["email", "website"], "services": ["email", "url"], "contacts": ["email"]}.items():
        for row in tables[table]:
            for c in cols:
                assert not row[c] or re.search(r"example\.org(/|$)", row[c]), row[c]


# ---------------------------------------------------------------------------- geography
def test_every_point_is_in_the_denver_metro(tables: dict) -> None:
    s, w, n, e = BBOX
    for loc in tables["locations"]:
        if loc["latitude"]:
            assert s <= float(loc["latitude"]) <= n and w <= float(loc["longitude"]) <= e, loc["name"]


def test_locations_without_coordinates_have_a_full_address(tables: dict) -> None:
    addr = {a["location_id"]: a for a in tables["addresses"]}
    missing = [loc for loc in tables["locations"] if not loc["latitude"]]
    assert 1 <= len(missing) <= 5
    for loc in missing:
        a = addr[loc["id"]]
        assert a["address_1"] and a["city"] and a["state_province"] == "CO" and re.fullmatch(r"80\d\d\d", a["postal_code"])


def test_every_location_has_city_state_zip(tables: dict) -> None:
    addr = {a["location_id"]: a for a in tables["addresses"]}
    for loc in tables["locations"]:
        a = addr[loc["id"]]
        assert a["city"] in {"Denver", "Aurora", "Lakewood"} and a["state_province"] == "CO"
        assert re.fullmatch(r"80\d\d\d", a["postal_code"]) and a["country"] == "US"


def test_dv_shelters_have_no_street_address(tables: dict) -> None:
    needs = _terms_of(tables, "resources-needs")
    dv = {a["link_id"] for a in tables["attributes"] if needs.get(a["taxonomy_term_id"]) == "dv_shelter"}
    assert len(dv) == 6
    loc_ids = {r["location_id"] for r in tables["service_at_location"] if r["service_id"] in dv}
    addr = {a["location_id"]: a for a in tables["addresses"]}
    for lid in loc_ids:
        assert addr[lid]["address_1"] == "" and addr[lid]["postal_code"]


# ---------------------------------------------------------------------------- categories, hours, status
def test_every_service_has_exactly_one_need_category(tables: dict) -> None:
    needs = _terms_of(tables, "resources-needs")
    per_service: dict[str, list[str]] = {}
    for a in tables["attributes"]:
        if a["taxonomy_term_id"] in needs:
            assert a["link_entity"] == "service" and a["link_type"] == "category"
            per_service.setdefault(a["link_id"], []).append(needs[a["taxonomy_term_id"]])
    missing = [s["name"] for s in tables["services"] if len(per_service.get(s["id"], [])) != 1]
    assert not missing
    assert len(set(needs.values())) == 28 and set(needs.values()) == {c for v in per_service.values() for c in v}


def test_every_service_is_walk_in_or_appointment(tables: dict) -> None:
    access = _terms_of(tables, "resources-access")
    counts: dict[str, int] = {}
    for a in tables["attributes"]:
        if a["taxonomy_term_id"] in access:
            counts[a["link_id"]] = counts.get(a["link_id"], 0) + 1
    assert all(counts.get(s["id"]) == 1 for s in tables["services"])


def test_schedules_are_well_formed_and_varied(tables: dict) -> None:
    hms = re.compile(r"^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$")
    day = re.compile(r"^(-?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")
    rows = tables["schedules"]
    for r in rows:
        assert r["freq"] in {"WEEKLY", "MONTHLY"} and hms.match(r["opens_at"]) and hms.match(r["closes_at"])
        assert all(day.match(d) for d in r["byday"].split(",")) and r["timezone"] == ""
        if r["freq"] == "WEEKLY":
            assert not any(c in r["byday"] for c in "-12345")
    assert any(r["closes_at"] < r["opens_at"] for r in rows), "overnight"
    assert any(r["opens_at"] == "00:00:00" and r["closes_at"] == "23:59:00" for r in rows), "24/7"
    assert {"2SA", "-1FR"} <= {r["byday"] for r in rows if r["freq"] == "MONTHLY"}
    assert any(r["interval"] == "2" and r["dtstart"] for r in rows), "fortnightly"
    assert any("Closed on public holidays" in r["notes"] for r in rows)
    by_service = {r["service_id"] for r in rows}
    share_without = 1 - len(by_service) / len(tables["services"])
    assert 0.05 <= share_without <= 0.11


def test_statuses_and_staleness(tables: dict) -> None:
    services = tables["services"]
    statuses = [s["status"] for s in services]
    assert {"active", "inactive", "temporarily closed"} == set(statuses)
    assert 0.02 <= statuses.count("inactive") / len(services) <= 0.04
    assert 0.01 <= statuses.count("temporarily closed") / len(services) <= 0.03
    ref = date(2026, 11, 1)
    ages = [(ref - date.fromisoformat(s["assured_date"])).days for s in services]
    assert all(0 <= a <= 731 for a in ages)
    assert 0.05 <= sum(a > 365 for a in ages) / len(ages) <= 0.15


def test_ages_on_youth_and_senior_services(tables: dict) -> None:
    needs = _terms_of(tables, "resources-needs")
    need_of = {a["link_id"]: needs[a["taxonomy_term_id"]] for a in tables["attributes"] if a["taxonomy_term_id"] in needs}
    for s in tables["services"]:
        if need_of[s["id"]] == "youth_shelter":
            assert 12 <= int(s["minimum_age"]) <= int(s["maximum_age"]) <= 24
        if need_of[s["id"]] == "senior_services":
            assert s["minimum_age"] == "60"


def test_every_service_speaks_english(tables: dict) -> None:
    english = {r["service_id"] for r in tables["languages"] if r["code"] == "en"}
    assert english == {s["id"] for s in tables["services"]}


# ---------------------------------------------------------------------------- generator
def test_generator_is_deterministic(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_demo_data", REPO / "scripts" / "make_demo_data.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.generate(tmp_path)
    produced = sorted(p.name for p in tmp_path.iterdir())
    assert produced == sorted(p.name for p in DEMO.iterdir())
    for name in produced:
        assert (tmp_path / name).read_bytes() == (DEMO / name).read_bytes(), f"{name} differs: rerun scripts/make_demo_data.py"


# ---------------------------------------------------------------------------- hotlines
def test_hotlines_file(hotlines: dict) -> None:
    assert HOTLINES.read_text(encoding="utf-8").startswith("# format: resources-hotlines/1")
    assert hotlines["source"]["last_verified"]
    ids = [h["id"] for h in hotlines["hotlines"]]
    assert len(ids) == len(set(ids))
    for h in hotlines["hotlines"]:
        assert h["name"] and h["hours"] and h["phones"], h["id"]
        assert all(p["number"] and p["type"] in {"voice", "text", "tty"} for p in h["phones"]), h["id"]
        assert h["topics"] and set(h["topics"]) <= TOPICS, h["id"]
        assert len(h["coverage"]) == 1 and next(iter(h["coverage"])) in {"national", "states", "counties", "zips", "polygon"}
    demo = [h for h in hotlines["hotlines"] if h["name"].startswith("DEMO")]
    assert {next(iter(h["coverage"])) for h in demo} == {"states", "counties"}
    assert any(h["coverage"].get("counties") == ["08031"] for h in demo)


def test_real_hotline_numbers_have_not_drifted(hotlines: dict) -> None:
    """The national numbers are facts; a change here must be a deliberate, re-verified edit."""
    numbers = {h["id"]: {(p["type"], p["number"]) for p in h["phones"]} for h in hotlines["hotlines"]}
    expected = {
        "988-lifeline": {("voice", "988"), ("text", "988")},
        "national-dv-hotline": {("voice", "1-800-799-7233"), ("text", "88788"), ("tty", "1-800-787-3224")},
        "samhsa-national-helpline": {("voice", "1-800-662-4357")},
        "trevor-project": {("voice", "1-866-488-7386"), ("text", "678-678")},
        "veterans-crisis-line": {("voice", "988"), ("text", "838255")},
        "crisis-text-line": {("text", "741741")},
        "rainn-hotline": {("voice", "1-800-656-4673")},
        "national-runaway-safeline": {("voice", "1-800-786-2929")},
        "childhelp-hotline": {("voice", "1-800-422-4453")},
        "poison-control": {("voice", "1-800-222-1222")},
    }
    for hid, nums in expected.items():
        assert nums <= numbers[hid], hid
