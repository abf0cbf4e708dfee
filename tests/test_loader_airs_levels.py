"""Services at every level of an AIRS export, on the real DC 211 file cut to other shapes.

Many I&R exports list services as ``Site`` rows (each with its own taxonomy, description,
hours and address) under ``Agency`` rows, with a few ``Program`` and ``ProgramAtSite``
rows, and agency-level categories in a ``Tax`` column. Read as the DC export is read,
such a file gave thousands of locations and almost no services.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from resources.cli import main
from resources.coordinator.publish import preview_import
from resources.coordinator.searchability import report
from resources.pipeline.load import load_path
from resources.store import Store

REAL = ("dc-211-airs-export", "211.csv")
SHELTER_SITE, ITS_AGENCY = "372769", "372007"  # USO: Emergency Housing Program, USO
TUBMAN = "373922"  # Catholic Charities - Harriet Tubman Shelter (a program run at a site)
CATHOLIC_CHARITIES = "371910"
BETHANY_AGENCY, BETHANY = "372037", "372825"  # one agency, one program (a drop-in center)
LINK_COLUMNS = ("ConnectsToSiteNum", "ConnectsToProgramNum", "ParentAgencyNum")
MOVED = ("PhysicalAddress1", "PhysicalAddress2", "PhysicalCity", "PhysicalCounty",
         "PhysicalStateProvince", "PhysicalPostalCode", "PhysicalCountry", "Latitude",
         "Longitude")
SAYS = ("TaxonomyCodes", "TaxonomyTerms", "TaxonomyTerm", "TaxonomyTermsNotDeactivated",
        "Categories", "AgencyDescription", "HoursOfOperation", "Hours")


def _real(shared: Path) -> pd.DataFrame:
    rows = pd.read_csv(shared.joinpath(*REAL), dtype=str, keep_default_na=False)
    for col in ("ResourceAgencyNum", "ParentAgencyNum", "TaxonomyLevelName"):
        rows[col] = rows[col].str.strip()
    return rows


def mostly_sites(shared: Path) -> pd.DataFrame:
    """The DC export as a 'mostly Site rows' export: every program a Site row under its
    agency (with the program's taxonomy, description, hours and address), except those of
    Catholic Charities, which stay Programs run at Sites through ProgramAtSite rows (the
    site holds the address; the link row says nothing of its own: it inherits); agencies
    carry a ``Tax`` column (the terms of their programs, as agency-level exports do)."""
    rows = _real(shared)
    program = rows["TaxonomyLevelName"] == "Program"
    runs_at_sites = program & (rows["ParentAgencyNum"] == CATHOLIC_CHARITIES)
    rows.loc[program & ~runs_at_sites, "TaxonomyLevelName"] = "Site"
    progs = rows[runs_at_sites]
    sites = progs.copy()
    sites["ResourceAgencyNum"] = "S" + progs["ResourceAgencyNum"]
    sites["TaxonomyLevelName"] = "Site"
    sites["PublicName"] = "Catholic Charities - " + progs["PhysicalAddress1"].str.strip()
    sites.loc[:, list(SAYS)] = ""
    at = progs.copy()
    at["ResourceAgencyNum"] = "PAS" + progs["ResourceAgencyNum"]
    at["TaxonomyLevelName"] = "ProgramAtSite"
    at["ConnectsToSiteNum"] = sites["ResourceAgencyNum"].to_numpy()
    at["ConnectsToProgramNum"] = progs["ResourceAgencyNum"].to_numpy()
    keep = {"ResourceAgencyNum", "PublicName", "TaxonomyLevelName", *LINK_COLUMNS}
    at.loc[:, [c for c in at.columns if c not in keep]] = ""
    rows.loc[runs_at_sites, list(MOVED)] = ""
    terms = (rows.loc[program].groupby("ParentAgencyNum")["TaxonomyTerm"]
             .agg(lambda t: "; ".join(sorted({x.strip() for v in t for x in v.split(";")
                                              if x.strip()}))))
    agency = rows["TaxonomyLevelName"] == "Agency"
    rows["Tax"] = ""
    rows.loc[agency, "Tax"] = rows.loc[agency, "ResourceAgencyNum"].map(terms).fillna("")
    # one site that says what it does only through its agency's categories
    bethany = rows["ResourceAgencyNum"] == BETHANY
    rows.loc[bethany, ["TaxonomyCodes", "TaxonomyTerms", "TaxonomyTerm",
                       "TaxonomyTermsNotDeactivated", "Categories"]] = ""
    return pd.concat([rows, sites, at], ignore_index=True)


@pytest.fixture(scope="module")
def sites_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import SHARED, need

    need(SHARED.is_dir(), "the shared public datasets")
    path = tmp_path_factory.mktemp("airs") / "sites.csv"
    mostly_sites(SHARED).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def loaded(sites_export: Path, tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("db") / "sites.duckdb"
    with Store.open(db) as store:
        result = load_path(store, sites_export, source_id="sites")
    store = Store.open(db, read_only=True)
    yield db, store, result
    store.close()


def test_site_rows_with_taxonomy_are_services_and_searchable(loaded, sites_export):
    db, store, result = loaded
    rows = pd.read_csv(sites_export, dtype=str, keep_default_na=False)
    level = rows["TaxonomyLevelName"]
    assert (level == "Site").sum() > 1500 and (level == "ProgramAtSite").sum() == 30
    [rep] = report(store, "sites")
    # the rows that describe a service: every ex-program Site, every ProgramAtSite, the
    # agencies without any (not the Catholic Charities programs: their link rows offer them)
    assert rep.service_rows is not None and rep.service_rows > 1600
    assert rep.searchable >= 0.95 * rep.service_rows
    assert rep.services >= 0.95 * rep.service_rows
    assert not rep.warnings
    # agencies stay organizations, not copied into services; their data is referenced
    assert store.scalar("SELECT count(*) FROM organization") == (level == "Agency").sum()
    svc = store.df(f"SELECT * FROM service WHERE id = 'sites/{SHELTER_SITE}'").iloc[0]
    assert svc["organization_id"] == f"sites/{ITS_AGENCY}"
    assert "emergency_shelter" in list(svc["categories"])
    at = store.df("SELECT location_id FROM service_at_location "
                  f"WHERE service_id = 'sites/{SHELTER_SITE}'")["location_id"].tolist()
    assert at == [f"sites/{SHELTER_SITE}"]  # the site itself


def test_program_at_site_is_a_service_there_inheriting_its_program(loaded):
    _, store, result = loaded
    assert not [i for i in result.issues if i.severity == "error"]
    svc = store.df(f"SELECT * FROM service WHERE id = 'sites/PAS{TUBMAN}'").iloc[0]
    assert "emergency_shelter" in list(svc["categories"])  # the program's taxonomy
    assert "7:00 pm" in svc["hours_text"]  # the program's hours
    assert svc["organization_id"] == f"sites/{CATHOLIC_CHARITIES}"
    at = store.df("SELECT location_id FROM service_at_location "
                  f"WHERE service_id = 'sites/PAS{TUBMAN}'")["location_id"].tolist()
    assert at == [f"sites/S{TUBMAN}"]
    # the program is offered through its link row: not a second service without a place
    assert store.scalar(f"SELECT count(*) FROM service WHERE id = 'sites/{TUBMAN}'") == 0
    # its phones and coverage are the link row's, inherited, none left without an owner
    assert store.scalar("SELECT count(*) FROM phone WHERE service_id = ?",
                        [f"sites/PAS{TUBMAN}"]) > 0
    assert store.scalar("SELECT count(*) FROM service_area WHERE service_id = ?",
                        [f"sites/PAS{TUBMAN}"]) > 0
    assert store.scalar("SELECT count(*) FROM phone WHERE service_id IS NULL AND "
                        "organization_id IS NULL AND location_id IS NULL") == 0


def test_agency_tax_categories_reach_services_that_have_none(loaded):
    _, store, _ = loaded
    cats = store.scalar(f"SELECT categories FROM service WHERE id = 'sites/{BETHANY}'")
    assert list(cats) == ["day_center"]  # from its agency's Tax: Homeless Drop In Centers


def _found(db: Path, near: str, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """service id -> location id of what `resources search shelter --near ...` returns."""
    assert main(["--db", str(db), "search", "shelter", "--near", near, "--within", "1",
                 "--json"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    return {s["service_id"]: r["location_id"] for r in results for s in r["services"]}


def test_real_shelter_found_by_search_at_its_site(loaded, capsys):
    db, _, _ = loaded
    found = _found(db, "38.88228, -77.07894", capsys)
    assert found.get(f"sites/{SHELTER_SITE}") == f"sites/{SHELTER_SITE}"
    found = _found(db, "38.882, -76.9925", capsys)  # Harriet Tubman Shelter's site
    assert found.get(f"sites/PAS{TUBMAN}") == f"sites/S{TUBMAN}"


def test_report_printed_after_load_and_in_info(sites_export, tmp_path, capsys):
    db = tmp_path / "s.duckdb"
    assert main(["--db", str(db), "load", str(sites_export), "--show-issues", "0"]) == 0
    out = capsys.readouterr().out
    assert "searchability of 'sites':" in out and "describe a service" in out
    assert "WARNING" not in out
    assert main(["--db", str(db), "info"]) == 0
    assert "searchability of 'sites':" in capsys.readouterr().out
    preview = preview_import(tmp_path / "live.duckdb", sites_export, source_id="sites")
    assert preview.searchability is not None and preview.searchability.share > 0.95
    assert "searchability of 'sites':" in preview.summary()


def test_report_warns_loudly_when_services_are_at_a_level_not_read(sites_export, tmp_path,
                                                                    capsys):
    """The same export with its Site rows named by a level this loader does not know:
    thousands of rows read, a few dozen services, and the report says so."""
    rows = pd.read_csv(sites_export, dtype=str, keep_default_na=False)
    rows["TaxonomyLevelName"] = rows["TaxonomyLevelName"].replace("Site", "Facility")
    path = tmp_path / "facilities.csv"
    rows.to_csv(path, index=False)
    assert main(["--db", str(tmp_path / "f.duckdb"), "load", str(path), "--show-issues",
                 "0"]) == 0
    out = capsys.readouterr().out
    assert "!! WARNING services:" in out and "describe a service" in out
