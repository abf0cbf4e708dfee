"""Coverage text -> (kind, codes, geometry), on the real DC 211 `Coverage` values."""

from __future__ import annotations

import pandas as pd
import pytest

from resources.geo.gazetteer import packaged
from resources.loaders.coverage import resolve_coverage, resolve_service_areas


@pytest.fixture
def gaz():
    return packaged()


@pytest.mark.parametrize(("text", "kind", "codes"), [
    ("District of Columbia", "state", ("DC",)),
    ("Prince George's County, MD", "county", ("24033",)),
    ("Montgomery County (MD)", "county", ("24031",)),
    ("Nationwide", "national", ("US",)),
    ("Maryland", "state", ("MD",)),
    ("20001, 20002 and 20003", "zip", ("20001", "20002", "20003")),
    ("Baltimore City, MD", "county", ("24510",)),
    ("St. Louis County, MO", "county", ("29189",)),
    ("Washington, DC", "state", ("DC",)),
    ("DC; DE; MD; PA; VA; WV;", "state", ("DC", "DE", "MD", "PA", "VA", "WV")),
    ("MD - Washington County;", "county", ("24043",)),          # literal; see plausibility
    ("DC; MD - Howard County; 20020", "mixed", ("state:DC", "county:24027", "zip:20020")),
])
def test_resolves(gaz, text, kind, codes):
    res = resolve_coverage(text, gaz)
    assert (res.kind, res.codes) == (kind, codes)
    assert not res.unresolved


@pytest.mark.parametrize(("text", "note"), [
    ("Montgomery County", "ambiguous without a state"),
    ("Baltimore, MD", "ambiguous"),
    ("MD - Downtown County;", None),
    ("", "no coverage text"),
])
def test_unreadable_text_stays_text(gaz, text, note):
    res = resolve_coverage(text, gaz)
    assert res.kind == "text" and res.codes == ()
    if note:
        assert any(note in n for n in res.notes)


def test_non_literal_readings_carry_a_note(gaz):
    assert resolve_coverage("MD - Maryland County;", gaz).codes == ("MD",)
    assert "names a state" in resolve_coverage("MD - Maryland County;", gaz).notes[0]
    res = resolve_coverage("MD - 20020 County;", gaz)
    assert (res.kind, res.codes) == ("zip", ("20020",)) and "ZIP" in res.notes[0]
    res = resolve_coverage("MD - Arlington County;", gaz)
    assert res.codes == ("51013",) and "not a county of MD" in res.notes[0]
    partly = resolve_coverage("DC; MD - Downtown County;", gaz)
    assert partly.codes == ("DC",) and partly.unresolved == ("MD - Downtown County",)


def test_every_real_dc_coverage_value_gets_an_answer(gaz, shared):
    raw = pd.read_csv(shared / "dc-211-airs-export" / "211.csv", dtype=str,
                      keep_default_na=False, usecols=["Coverage"])["Coverage"]
    counts = raw.str.strip().value_counts()
    results = {text: resolve_coverage(text, gaz) for text in counts.index}
    resolved = sum(n for t, n in counts.items() if results[t].resolved)
    kinds = {results[t].kind for t in counts.index}
    assert len(counts) == 29 and kinds == {"state", "county", "zip", "text"}
    # DC; | DC;DE;..| DC; MD - Downtown | 3 ZIPs-as-county | Arlington | Washington | Maryland |
    # Virginia | MD; | VA;
    assert resolved == 5 + 1 + 1 + (1 + 2 + 2) + 1 + 119 + 7 + 3 + 2 + 1   # 145 of 2,132 rows
    assert all(r.kind == "text" for t, r in results.items() if t[5:20] == "Downtown County")


def _airs_like_store(store, shared):
    """Service areas as an AIRS loader would leave them: text only, no geometry."""
    raw = pd.read_csv(shared / "dc-211-airs-export" / "211.csv", dtype=str,
                      keep_default_na=False)
    raw = raw[raw["Coverage"].str.strip() != ""].head(400).reset_index(drop=True)
    con = store.con
    ids = "s" + raw.index.astype(str)
    svc = pd.DataFrame({"id": "dc/" + ids, "name": raw["PublicName"], "source_id": "dc"})
    area = pd.DataFrame({"id": "dc/a" + raw.index.astype(str), "service_id": svc["id"],
                         "description": raw["Coverage"], "source_id": "dc",
                         "source_record_id": "a" + raw.index.astype(str),
                         "source_row": raw.index + 1})
    lat = pd.to_numeric(raw["Latitude"], errors="coerce")
    lon = pd.to_numeric(raw["Longitude"], errors="coerce")
    loc = pd.DataFrame({"id": "dc/l" + raw.index.astype(str), "lat": lat, "lon": lon})
    sal = pd.DataFrame({"id": "dc/x" + raw.index.astype(str), "service_id": svc["id"],
                        "location_id": loc["id"]})
    for name, frame in (("s", svc), ("a", area), ("l", loc), ("x", sal)):
        con.register(f"_{name}", frame)
    con.execute("INSERT INTO service (id, name, source_id) SELECT id, name, source_id FROM _s")
    con.execute("INSERT INTO service_area (id, service_id, description, source_id, "
                "source_record_id, source_row) SELECT * FROM _a")
    con.execute("INSERT INTO location (id, latitude, longitude, geom) SELECT id, lat, lon, "
                "CASE WHEN lat IS NOT NULL THEN ST_Point(lon, lat) END FROM _l")
    con.execute("INSERT INTO service_at_location (id, service_id, location_id) "
                "SELECT * FROM _x")
    return raw


def test_resolve_service_areas_fills_geometry_and_reports(store, shared):
    raw = _airs_like_store(store, shared)
    report = resolve_service_areas(store.con)
    assert len(report) == len(raw)
    filled = store.df("SELECT description, coverage_kind, coverage_codes FROM service_area "
                      "WHERE geom IS NOT NULL")
    assert len(filled) == int(report["filled"].sum()) > 0
    assert set(filled["coverage_kind"]) <= {"state", "county", "zip", "mixed"}
    # "MD - Washington County" is Washington County, MD read literally: far from these DC
    # agencies, so it is not trusted and is reported
    wash = report[report["text"].str.strip() == "MD - Washington County;"]
    dc_wash = wash[~wash["filled"]]
    assert len(dc_wash) and (dc_wash["severity"] == "warning").all()
    assert dc_wash["problem"].str.contains("none of the service's").all()
    text_rows = report[report["coverage_kind"] == "text"]
    issues = store.df("SELECT * FROM load_issue WHERE field = 'coverage'")
    assert len(issues) == int(report["severity"].notna().sum()) >= len(text_rows)
    again = resolve_service_areas(store.con)                 # idempotent: no duplicate issues
    assert len(again) == len(text_rows)
    assert store.scalar("SELECT count(*) FROM load_issue WHERE field='coverage'") == len(issues)


@pytest.mark.parametrize(("text", "home", "codes"), [
    ("Cook", "IL", ("17031",)),           # Cook County is in IL, MN and GA
    ("Cook", "MN", ("27031",)),
    ("Jefferson", "KY", ("21111",)),       # 25 counties of that name
    ("Illinois, IL", None, ("IL",)),       # a state name read in its own state
])
def test_a_bare_county_name_is_read_in_the_directorys_home_state(gaz, text, home, codes):
    res = resolve_coverage(text, gaz, home)
    assert res.codes == codes
    if home:
        assert f"read in {home}" in res.notes[0]


def test_without_a_home_state_an_ambiguous_county_stays_unread(gaz):
    res = resolve_coverage("Cook", gaz)
    assert not res.resolved and "ambiguous" in res.notes[0]


def test_a_city_is_read_as_its_zip_codes_in_its_state_or_the_directorys(gaz):
    res = resolve_coverage("Evanston, IL", gaz)
    assert res.kind == "zip" and {"60201", "60202"} <= set(res.codes)
    assert "a city of IL" in res.notes[0]
    bare = resolve_coverage("Evanston", gaz, "IL")  # also Evanston, WY: the home state's
    assert bare.codes == res.codes
    assert not resolve_coverage("Evanston", gaz).resolved  # no state: not guessed
    # a city of the given state wins over the only county of that name elsewhere
    assert resolve_coverage("Peoria, AZ", gaz).kind == "zip"
