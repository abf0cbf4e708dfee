"""Hotline directories (YAML and CSV): records field by field, bad rows, coverage queries."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from resources.loaders import LOADERS, detect_kind
from resources.loaders.hotlines import TOPIC_NEEDS, bench_cases
from resources.pipeline.load import load_path
from resources.store.hotlines_sql import hotlines_covering

DATA = Path(__file__).resolve().parent / "data"
REPO = DATA.parent.parent
DENVER = (39.7392, -104.9903)          # Denver County 08031
LAKEWOOD = (39.7047, -105.1500)        # Jefferson County 08059
BOULDER = (40.0150, -105.2705)         # inside the DEMO polygon
WHITE_HOUSE = (38.8977, -77.0365)      # DC
LODO = (39.7530, -104.9990)            # ZIP 80202


def _ids(frame):
    return [i.split("/", 1)[1] for i in frame["service_id"]]


@pytest.fixture(params=["sql", "memory"])
def covering(request):
    """Both lookups: the SQL one over ``hotline_index`` and the engine's in-memory one."""
    from resources.search.hotlines import COLUMNS, HotlineIndex

    if request.param == "sql":
        return lambda store, *a, **k: hotlines_covering(store.con, *a, **k)
    return lambda store, *a, **k: pd.DataFrame(HotlineIndex.from_store(store).covering(*a, **k),
                                               columns=COLUMNS)


@pytest.fixture
def yaml_store(store):
    result = load_path(store, DATA / "hotlines.yaml", source_id="hl")
    return store, result


def test_yaml_fixture_lands_field_by_field(yaml_store):
    store, result = yaml_store
    assert detect_kind(DATA / "hotlines.yaml") == "hotlines-yaml"
    assert result.rows_read == 11
    assert store.scalar("SELECT count(*) FROM service") == 9
    assert store.scalar("SELECT count(*) FROM location") == 0
    svc = store.df("SELECT * FROM service WHERE id = 'hl/988-lifeline'").iloc[0]
    assert svc["name"] == "988 Suicide & Crisis Lifeline" and svc["source_row"] == 1
    assert svc["hours_text"] == "24/7" and svc["hours_format"] == "osm"
    assert list(svc["categories"]) == ["mental_health_crisis", "substance_use_treatment",
                                       "suicide_hotline"]
    assert str(svc["assured_date"].date()) == "2026-11-01"
    assert svc["url"] == "https://988lifeline.org/chat"
    phones = store.df("SELECT number, type, description FROM phone "
                      "WHERE service_id = 'hl/988-lifeline' ORDER BY id")
    assert phones[["number", "type"]].values.tolist() == [
        ["988", "voice"], ["988", "text"], ["711 then 988", "textphone"]]
    dv = store.df("SELECT number, type, description FROM phone "
                  "WHERE service_id = 'hl/national-dv-hotline' ORDER BY id")
    assert dv["number"].tolist() == ["1-800-799-7233", "88788", "1-800-787-3224"]
    assert dv["description"].iloc[1] == "Text START."
    own = store.scalar("SELECT assured_date FROM service WHERE id='hl/demo-denver-recovery'")
    assert str(own) == "2026-10-15"
    topics = store.df("SELECT t.code FROM attribute a JOIN taxonomy_term t "
                      "ON t.id = a.taxonomy_term_id WHERE a.link_id = 'hl/988-lifeline' "
                      "AND t.taxonomy = 'resources-hotline-topics' ORDER BY 1")["code"].tolist()
    assert topics == ["mental_health", "substance_use", "suicide"]
    langs = store.df("SELECT code, name FROM language WHERE service_id='hl/988-lifeline' "
                     "ORDER BY code").values.tolist()
    assert langs == [["en", "English"], ["es", "Spanish"]]


def test_every_area_kind_gets_a_real_geometry(yaml_store):
    store, _ = yaml_store
    areas = store.df("SELECT source_record_id AS id, coverage_kind, coverage_codes, "
                     "ST_GeometryType(geom)::VARCHAR AS t FROM service_area ORDER BY 1")
    by_id = {r.id: r for r in areas.itertuples()}
    assert by_id["988-lifeline-area"].coverage_kind == "national"
    assert by_id["988-lifeline-area"].t == "MULTIPOLYGON"
    assert list(by_id["demo-co-warmline-area"].coverage_codes) == ["CO"]   # 'co' upper-cased
    assert list(by_id["demo-denver-recovery-area"].coverage_codes) == ["08031"]
    assert by_id["demo-lodo-zip-line-area"].coverage_kind == "zip"
    assert by_id["demo-boulder-polygon-area"].coverage_kind == "polygon"
    assert list(by_id["demo-bad-codes-area"].coverage_codes) == ["08031"]  # 99999 dropped
    assert by_id["demo-no-coverage-area"].coverage_kind == "text"
    assert pd.isna(by_id["demo-no-coverage-area"].t)


def test_bad_entries_are_reported_and_the_rest_loaded(yaml_store):
    store, result = yaml_store
    found = {(i.row, i.field, i.severity): i for i in result.issues}
    assert "no phone" in found[(9, "phones", "error")].problem
    assert "repeats" in found[(10, "id", "error")].problem
    assert found[(8, "topics", "warning")].value == "gardening"
    assert found[(8, "hours", "warning")].value == "whenever we can"
    assert found[(8, "phones.type", "warning")].value == "fax"
    assert found[(8, "coverage", "warning")].value == "99999"
    assert "never offered" in found[(11, "coverage", "warning")].problem
    assert store.scalar("SELECT rows_rejected FROM source WHERE id='hl'") == 2
    assert store.scalar("SELECT count(*) FROM load_issue WHERE source_id='hl'") == len(
        result.issues)
    assert store.scalar("SELECT status FROM service WHERE id='hl/demo-closed-line'") == "defunct"


def test_county_coverage_covers_inside_not_outside(yaml_store, covering):
    store, _ = yaml_store
    inside = _ids(covering(store, *DENVER))
    outside = _ids(covering(store, *LAKEWOOD))
    assert "demo-denver-recovery" in inside and "demo-denver-recovery" not in outside
    assert "demo-co-warmline" in inside and "demo-co-warmline" in outside      # state
    assert {"988-lifeline", "national-dv-hotline"} <= set(outside)           # national
    assert "demo-closed-line" not in inside                                  # defunct
    assert inside.index("demo-denver-recovery") < inside.index("988-lifeline")  # local first


def test_state_polygon_zip_and_national_coverage(yaml_store, covering):
    store, _ = yaml_store
    dc = _ids(covering(store, *WHITE_HOUSE))
    assert set(dc) == {"988-lifeline", "national-dv-hotline"}
    assert "demo-boulder-polygon" in _ids(covering(store, *BOULDER))
    assert "demo-boulder-polygon" not in _ids(covering(store, *DENVER))
    assert "demo-lodo-zip-line" in _ids(covering(store, *LODO))
    assert "demo-lodo-zip-line" in _ids(covering(store, *LAKEWOOD, zip_code="80202"))
    assert "demo-lodo-zip-line" not in _ids(covering(store, *LAKEWOOD))
    assert covering(store, 45.0, -40.0).empty                   # mid-Atlantic


def test_topic_filter_and_result_columns(yaml_store, covering):
    store, _ = yaml_store
    dv = covering(store, *DENVER, topics=["domestic_violence"])
    assert _ids(dv) == ["national-dv-hotline"]
    row = dv.iloc[0]
    assert [p["number"] for p in row["phones"]] == ["1-800-799-7233", "88788", "1-800-787-3224"]
    assert row["hours_text"] == "24/7" and row["coverage_kind"] == "national"
    assert _ids(covering(store, *DENVER, topics=["dv_hotline"])) == _ids(dv)


def test_csv_equivalent_loads_the_same_way(store, covering):
    path = DATA / "hotlines.csv"
    assert detect_kind(path) == "hotlines-csv"
    result = load_path(store, path, source_id="csv")
    assert store.scalar("SELECT count(*) FROM service") == 7
    # ZZ is no state: flagged by the loader, and again when the area is resolved
    assert {i.field for i in result.issues} == {"coverage"}
    assert all("ZZ" in (i.value or "") + i.problem for i in result.issues)
    phones = store.df("SELECT number, type FROM phone WHERE service_id='csv/988-lifeline' "
                      "ORDER BY id").values.tolist()
    assert phones == [["988", "voice"], ["988", "text"], ["711 then 988", "textphone"]]
    assert store.scalar("SELECT count(*) FROM phone WHERE service_id='csv/demo-dmv-line'") == 2
    dc = _ids(covering(store, *WHITE_HOUSE))
    assert "demo-dmv-line" in dc
    assert "demo-boulder-polygon" in _ids(covering(store, *BOULDER))


def test_reload_reports_added_changed_removed(store, tmp_path):
    load_path(store, DATA / "hotlines.csv", source_id="csv")
    lines = (DATA / "hotlines.csv").read_text().splitlines()
    changed = [lines[0], lines[1].replace("988 Suicide", "988 Suicide (renamed)"), *lines[2:6]]
    changed.append(lines[3].replace("demo-denver-recovery", "demo-new-line"))
    path = tmp_path / "hotlines.csv"
    path.write_text("\n".join(changed) + "\n")
    result = load_path(store, path, source_id="csv")
    diff = {d.table: d for d in result.diffs}["service"]
    assert (diff.added, diff.changed, diff.removed) == (1, 1, 2)   # boulder, bad-state gone
    assert store.scalar("SELECT count(*) FROM service") == 6


def test_real_demo_hotlines_file_loads_clean(store, covering):
    path = REPO / "data" / "raw" / "hotlines.yaml"
    result = load_path(store, path)
    assert not [i for i in result.issues if i.severity != "info"]
    assert "demo-denver-recovery-line" in _ids(covering(store, *DENVER))


def test_topic_needs_agree_with_the_vocabulary():
    from resources.vocab.needs import load_vocabulary

    vocab = load_vocabulary()
    for topic, needs in TOPIC_NEEDS.items():
        for need in needs:
            assert need in vocab.by_id, need
            assert topic in vocab.by_id[need].hotline_topics, (topic, need)


def test_detectors_do_not_claim_other_datasets(shared):
    ours = {"hotlines-yaml", "hotlines-csv"}
    paths = [p for d in shared.iterdir() if d.is_dir() for p in [d, *d.iterdir()]]
    for path in paths:
        for kind in ours:
            assert not LOADERS[kind].detect(path), (kind, path)
    for kind, cls in LOADERS.items():
        if kind not in ours:
            assert not cls.detect(DATA / "hotlines.yaml") and not cls.detect(DATA / "hotlines.csv")
    assert bench_cases(shared) == [DATA / "hotlines.yaml", DATA / "hotlines.csv"]




def test_memory_and_sql_lookups_agree_everywhere(store):
    """Random points over the country (and a ZIP): same hotlines, same order, same labels."""
    import numpy as np

    from resources.search.hotlines import HotlineIndex

    load_path(store, DATA / "hotlines.yaml", source_id="hl")
    load_path(store, DATA / "hotlines.csv", source_id="csv")
    index = HotlineIndex.from_store(store)
    rng = np.random.default_rng(5)
    randoms = zip(rng.uniform(25, 49, 60), rng.uniform(-124, -67, 60), strict=True)
    points = [DENVER, LAKEWOOD, BOULDER, WHITE_HOUSE, LODO, *randoms]
    cols = ["service_id", "coverage_kind", "coverage"]
    for lat, lon in points:
        for zip_code in (None, "80202"):
            sql = hotlines_covering(store.con, lat, lon, zip_code=zip_code)
            mem = index.covering(lat, lon, zip_code=zip_code)
            assert sql[cols].values.tolist() == [[r[c] for c in cols] for r in mem], (lat, lon)
            for topics in (["domestic_violence"], ["suicide", "substance_use"]):
                assert list(hotlines_covering(store.con, lat, lon, topics=topics)["service_id"]) \
                    == [r["service_id"] for r in index.covering(lat, lon, topics=topics)]


def test_a_service_whose_only_place_has_no_point_is_reached_by_its_area(store, tmp_path,
                                                                          covering):
    """A service at a place with no point (an office whose address the source left out) is
    never found by distance; when its area is known it is listed for callers in that area,
    and the searchability report counts it only because it is."""
    from resources.coordinator.searchability import report

    pkg = tmp_path / "pkg"
    pkg.mkdir()
    files = {
        "organizations.csv": "id,name\norg1,Legal Aid Society\n",
        "services.csv": "id,organization_id,name,description,status\n"
                        "svc1,org1,Tenant advice line,Advice for tenants facing eviction,active\n",
        "locations.csv": "id,organization_id,name,latitude,longitude\n"
                         "loc1,org1,Main Office,,\n",
        "service_at_location.csv": "id,service_id,location_id\nsal1,svc1,loc1\n",
        "service_areas.csv": "id,service_id,name\narea1,svc1,\"Denver County, CO\"\n",
    }
    for name, text in files.items():
        (pkg / name).write_text(text)
    load_path(store, pkg, "hsds3-csv", source_id="legal")
    assert store.scalar("SELECT count(*) FROM location WHERE geom IS NOT NULL") == 0
    assert _ids(covering(store, *DENVER)) == ["svc1"]
    assert _ids(covering(store, *LAKEWOOD)) == []  # outside Denver County
    r = next(r for r in report(store) if r.source_id == "legal")
    assert (r.located_none, r.by_area, r.searchable) == (1, 1, 1)
