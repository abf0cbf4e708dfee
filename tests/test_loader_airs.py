"""AIRS / 211 wide export (airs-csv) on the real DC 211 file and variants derived from it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from resources.loaders import LOADERS, LoadError, detect_kind
from resources.pipeline.load import load_path

REAL = ("dc-211-airs-export", "211.csv")


@pytest.fixture
def airs(shared) -> Path:
    return shared.joinpath(*REAL)


@pytest.fixture(scope="module")
def dc(tmp_path_factory):
    """The real file loaded once into an in-memory store (read-only use)."""
    from tests.conftest import SHARED, need

    need(SHARED.is_dir(), "the shared public datasets")
    from resources.store import Store

    store = Store.open(":memory:")
    result = load_path(store, SHARED.joinpath(*REAL), source_id="dc")
    yield store, result
    store.close()


def _rows(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_detected_and_counts(dc, airs):
    store, result = dc
    assert detect_kind(airs) == "airs-csv"
    assert result.rows_read == 2132
    counts = store.counts()
    assert counts["organization"] == 494  # Agency rows
    # Program rows, and the 20 agencies with no program that describe what they do
    # (taxonomy, description or hours): lone agencies are services at their own place
    assert counts["service"] == 1637 + 20
    assert counts["taxonomy"] == 1
    assert result.source.kind == "airs-csv"
    assert store.scalar("SELECT rows_rejected FROM source WHERE id='dc'") == 0
    # every program is accounted for: at a location, or flagged as without one
    unplaced = store.scalar("SELECT count(*) FROM service s WHERE NOT EXISTS "
                            "(SELECT 1 FROM service_at_location x WHERE x.service_id = s.id)")
    flagged = [i for i in result.issues if "kept without a location" in i.problem
               and i.field == "PhysicalAddress1"]
    assert unplaced == len(flagged) == 2  # a program, a lone agency without an address


def test_known_program_field_by_field(dc):
    store, _ = dc
    svc = store.df("SELECT * FROM service WHERE source_record_id = '372566'").iloc[0]
    assert svc["name"] == "11th Wing Family Support Center - Air Force Career Focus"
    assert svc["organization_id"] == "dc/371920"
    assert svc["source_row"] == 2 and svc["hours_format"] == "text"
    assert svc["assured_date"].date() <= date(2013, 1, 1)
    terms = store.df("SELECT t.code FROM attribute a JOIN taxonomy_term t "
                     "ON a.taxonomy_term_id = t.id WHERE a.link_id = 'dc/372566'")
    assert {"P", "TM-5100", "YN-0500"} <= set(terms["code"])
    tm = store.df("SELECT name, taxonomy FROM taxonomy_term WHERE code = 'TM-5100'").iloc[0]
    assert tm["name"] == "Military Family Service/Support Centers" and tm["taxonomy"] == "AIRS"


def test_html_stripped_keeping_line_breaks(dc):
    store, _ = dc
    n_html = store.scalar("SELECT count(*) FROM service WHERE description LIKE '%<br%'")
    assert n_html == 0
    assert store.scalar("SELECT count(*) FROM service WHERE description LIKE '%' || chr(10) "
                        "|| '%'") > 100


def test_status_inactive_and_do_not_refer_kept_marked(dc):
    store, result = dc
    by = store.df("SELECT status, do_not_refer, count(*) n FROM service GROUP BY ALL")
    n = {(r.status, bool(r.do_not_refer)): r.n for r in by.itertuples()}
    assert n[("inactive", False)] >= 297  # 297 programs say Inactive, 5 more via their agency
    assert n[("active", True)] == 11  # 10 say do-not-refer, 1 through its agency
    moved = [i for i in result.issues if "its agency is not active" in i.problem]
    assert len(moved) == 5 and all(i.field == "AgencyStatus" and i.row for i in moved)


def test_phones_languages_coverage_categories(dc):
    store, _ = dc
    types = dict(store.df("SELECT type, count(*) n FROM phone GROUP BY 1").values)
    assert types["fax"] >= 1767 and types["textphone"] >= 10
    hot = store.df("SELECT * FROM phone WHERE description = 'hotline'")
    assert len(hot) == 13 and set(hot["type"]) == {"voice"}
    langs = store.df("SELECT name, code FROM language WHERE code IS NOT NULL")
    assert ("Spanish", "es") in set(map(tuple, langs.values))
    area = store.df("SELECT * FROM service_area WHERE description = 'District of Columbia'")
    assert len(area) and area.iloc[0]["extent_type"] == "text"
    assert list(area.iloc[0]["coverage_codes"]) == ["DC"]
    shelters = store.scalar("SELECT count(*) FROM service WHERE list_contains(categories, "
                            "'emergency_shelter')")
    assert shelters >= 30


def test_locations_points_and_zip_fallback(dc):
    store, _ = dc
    prec = dict(store.df("SELECT geo_precision, count(*) FROM location GROUP BY 1").values)
    assert prec["exact"] >= 100 and prec.get("zip", 0) >= 1200
    site = store.df("SELECT * FROM location WHERE source_record_id = '6710910'").iloc[0]
    assert site["hours_text"] == "9:00 am - 5:30 pm Intake M,W,F"
    assert site["organization_id"] == "dc/6626995"
    addr = store.df("SELECT * FROM address WHERE location_id = 'dc/6710910' "
                    "AND address_type = 'physical'").iloc[0]
    assert addr["postal_code"] == "20032" and addr["country"] == "US"


def test_points_shared_by_many_street_addresses_are_approximate(dc):
    """The export's own geocoder put most programs on their ZIP's centroid (270 rows on
    38.908569,-77.017972 for ZIP 20001): shown as exact, a specialist reads a distance and
    a map position that are not the building's, and the markers stack on one spot."""
    store, result = dc
    rows = store.df(
        "SELECT l.geo_precision, a.address_1 FROM location l JOIN address a "
        "ON a.location_id = l.id AND a.address_type = 'physical' "
        "WHERE round(l.latitude, 5) = 38.90857 AND round(l.longitude, 5) = -77.01797")
    assert rows["address_1"].nunique() > 50
    assert "exact" not in set(rows["geo_precision"])
    assert (rows["geo_precision"] == "zip").mean() > 0.9  # the rest: a ZIP far from the point
    assert any("several street addresses" in i.problem for i in result.issues)


def test_street_ordinals_are_not_title_cased(dc):
    """The export writes "425 2Nd Street", "2901 14Th Street Nw": cards showed it so."""
    store, _ = dc
    streets = store.df("SELECT address_1 FROM address WHERE address_1 IS NOT NULL")["address_1"]
    assert not streets.str.contains(r"\d(?:St|Nd|Rd|Th)\b", regex=True).any()
    assert streets.str.contains("425 2nd Street", regex=False).any()


def _variant(airs: Path, tmp_path: Path, n: int = 40) -> pd.DataFrame:
    rows = _rows(airs)
    agencies = rows[rows["TaxonomyLevelName"].str.strip() == "Agency"].head(n // 4)
    progs = rows[rows["ParentAgencyNum"].isin(agencies["ResourceAgencyNum"])]
    return pd.concat([agencies, progs]).reset_index(drop=True)


def test_other_exports_cr_cp1252_renamed_fewer_columns(airs, tmp_path, store):
    sub = _variant(airs, tmp_path)
    sub = sub[["ResourceAgencyNum", "PublicName", "TaxonomyLevelName", "ParentAgencyNum",
               "PhysicalAddress1", "PhysicalCity", "PhysicalStateProvince",
               "PhysicalPostalCode", "Latitude", "Longitude", "AgencyStatus",
               "HoursOfOperation", "Phone1Number", "LanguagesOffered", "TaxonomyCodes",
               "LastVerifiedOn"]].copy()
    sub.loc[0, "PublicName"] = "Caf\u00e9 " + sub.loc[0, "PublicName"].strip()
    sub = sub.rename(columns={"PhysicalPostalCode": "Physical Zip Code", "Latitude": "Lat",
                              "LanguagesOffered": "Languages", "Phone1Number": "Phone 1 Number"})
    sub["Mystery Column"] = "x"
    text = sub.to_csv(index=False, sep="|").replace("\n", "\r")
    path = tmp_path / "export.txt"
    path.write_bytes(text.encode("cp1252"))
    assert detect_kind(path) == "airs-csv"
    result = load_path(store, path, source_id="v")
    assert store.scalar("SELECT count(*) FROM organization") == (
        sub["TaxonomyLevelName"].str.strip() == "Agency").sum()
    assert store.scalar("SELECT name FROM organization WHERE source_row = 1").startswith("Caf\u00e9 ")
    notes = {(i.field, i.severity) for i in result.issues if i.row is None}
    assert ("Mystery Column", "info") in notes
    assert any("cp1252" in i.problem for i in result.issues)
    assert store.scalar("SELECT count(*) FROM language") > 0
    assert store.scalar("SELECT count(*) FROM address WHERE postal_code IS NOT NULL") > 0


def test_bad_rows_reported_with_row_field_value(airs, tmp_path, store):
    sub = _variant(airs, tmp_path, 12)
    prog = sub.index[sub["TaxonomyLevelName"].str.strip() == "Program"]
    sub.loc[prog[0], "ParentAgencyNum"] = "999999999"
    sub.loc[prog[1], "LastVerifiedOn"] = "someday"
    sub.loc[prog[2], "Latitude"] = "123.5"
    sub.loc[prog[3], "ResourceAgencyNum"] = sub.loc[prog[2], "ResourceAgencyNum"]
    path = tmp_path / "bad.csv"
    sub.to_csv(path, index=False)
    result = load_path(store, path, source_id="bad")
    by_field = {(i.field, i.row): i for i in result.issues if i.row and "ZIP" not in i.problem}
    parent = by_field[("ParentAgencyNum", prog[0] + 1)]
    assert parent.value == "999999999" and "not in this file" in parent.problem
    assert by_field[("LastVerifiedOn", prog[1] + 1)].value == "someday"
    assert "out of range" in by_field[("latitude/longitude", prog[2] + 1)].problem
    dup = by_field[("ResourceAgencyNum", prog[3] + 1)]
    assert dup.severity == "error" and "repeats" in dup.problem
    assert store.scalar("SELECT count(*) FROM service") == len(prog) - 1


def test_unreadable_file_loads_nothing(tmp_path, store):
    path = tmp_path / "broken.csv"
    path.write_text('ResourceAgencyNum,PublicName,TaxonomyLevelName,ParentAgencyNum,'
                    'AgencyStatus\n1,"open quote,Agency,0,Active\n')
    with pytest.raises(LoadError):
        load_path(store, path, "airs-csv")
    assert store.counts()["organization"] == 0


def test_reload_reports_added_changed_removed(airs, tmp_path, store):
    sub = _variant(airs, tmp_path)
    path = tmp_path / "211.csv"
    sub.to_csv(path, index=False)
    load_path(store, path, source_id="r")
    prog = sub.index[sub["TaxonomyLevelName"].str.strip() == "Program"]
    changed = sub.drop(index=prog[0])
    changed.loc[prog[1], "PublicName"] = "Renamed program"
    extra = sub.loc[[prog[2]]].assign(ResourceAgencyNum="new-1")
    pd.concat([changed, extra]).to_csv(path, index=False)
    result = load_path(store, path, source_id="r")
    diff = {d.table: d for d in result.diffs}["service"]
    assert (diff.added, diff.changed, diff.removed) == (1, 1, 1)


def test_detectors_do_not_claim_each_others_files(shared):
    claimed: dict[str, list[str]] = {}
    for path in sorted(shared.rglob("*")):
        if path.name.startswith("."):
            continue
        kinds = [k for k, cls in LOADERS.items() if cls.detect(path)]
        assert len(kinds) <= 1, (path, kinds)
        if "airs-csv" in kinds:
            claimed.setdefault("airs-csv", []).append(path.name)
    assert claimed["airs-csv"] == ["211.csv"]


def test_days_only_hours_column_never_hides_the_hours_text(dc):
    """DC 211 gives a days-only `Hours` column ("Mon; Tue; ...; Sun;") beside the readable
    `HoursOfOperation`. It is kept as a schedule row's description, but a row without times
    must not decide the hours: 89 programs with clear hours read "Hours not listed — call"."""
    from resources.hours import evaluate
    from resources.pipeline.hours_lookup import HoursLookup

    store, _ = dc
    sid = "dc/373637"  # Father McKenna Center - Emergency Assistance Program
    assert store.scalar(f"SELECT description FROM schedule WHERE service_id = '{sid}'") == \
        "Mon; Tue; Wed; Thu; Fri; Sat; Sun;"
    rec = store.df(f"SELECT parse_status, source_text FROM hours_records WHERE service_id = '{sid}'")
    assert rec.to_dict("records") == [{"parse_status": "parsed",
                                       "source_text": "8:00 am - 1:00 pm, Monday - Friday"}]
    # no DC record's hours come from a schedule row: the export has no timed schedules
    assert store.scalar("SELECT count(*) FROM hours_records WHERE source_format = 'hsds3'") == 0
    hours = HoursLookup(store).hours_many([(sid, None)])[0]
    monday = pd.Timestamp("2026-11-30 10:00", tz="America/New_York").to_pydatetime()
    assert evaluate(hours, monday, "America/New_York").state == "open"
    assert evaluate(hours, monday.replace(hour=14), "America/New_York").state == "closed"
