"""Link-SF: the Parse JSON export (hours 0 = Sunday) and the CR-only, non-UTF-8 CSV."""

from __future__ import annotations

import json

from resources.loaders import detect_kind
from resources.loaders.linksf import bench_cases
from resources.pipeline.load import load_path


def test_linksf_json(store, shared):
    path = shared / "linksf" / "linksf.json"
    assert detect_kind(path) == "linksf-json" == detect_kind(shared / "linksf")
    result = load_path(store, path, source_id="l")
    c = store.counts()
    # 89 facilities of which 13 repeat an earlier one identically (reported, kept once)
    assert (c["location"], c["service"]) == (76, 96)
    assert len([i for i in result.issues if "repeats the facility" in i.problem]) == 13
    # "Showers available on weekdays": keys 1-5 -> Monday-Friday (0 = Sunday)
    showers = store.df("SELECT * FROM schedule WHERE service_id = 'l/0nLtOMBC1x' ORDER BY byday")
    assert sorted(showers["byday"]) == ["FR", "MO", "TH", "TU", "WE"]
    assert set(showers["opens_at"]) == {"07:00:00"} and set(showers["closes_at"]) == {"12:00:00"}
    svc = store.df("SELECT * FROM service WHERE id = 'l/3TIgmxsTNm'").iloc[0]
    assert svc["name"] == "Family shelter" and svc["hours_format"] == "linksf"
    assert json.loads(svc["hours_text"])["0"] == [[0, 700], [1500, 2359]]
    assert list(svc["categories"]) == ["family_shelter"]
    late = store.df("SELECT opens_at, closes_at FROM schedule WHERE service_id = 'l/3TIgmxsTNm' "
                    "AND byday = 'SU' ORDER BY opens_at")
    assert late.values.tolist() == [["00:00:00", "07:00:00"], ["15:00:00", "23:59:59"]]
    casa = store.df("SELECT eligibility_description FROM service WHERE organization_id = "
                    "'l/JPJwEegZCQ'").iloc[0, 0]
    assert casa == "Gender: women only"
    no_hours = [i for i in result.issues if i.field == "openHours"]
    assert len(no_hours) == 3 and all(i.severity == "warning" for i in no_hours)


def test_linksf_csv(store, shared):
    path = shared / "linksf" / "locations.csv"
    result = load_path(store, path, source_id="c")
    assert store.counts()["location"] == 76
    names = set(store.df("SELECT name FROM location")["name"])
    assert "Community Awareness & Treatment Services, Inc. (CATS) - A Woman\u2019s Place" in names
    repeats = [i for i in result.issues if "repeats an earlier row" in i.problem]
    assert len(repeats) == 13 and repeats[0].severity == "info"
    casa = store.df("SELECT * FROM location WHERE name = 'La Casa de las Madres'").iloc[0]
    assert (casa["latitude"], casa["longitude"]) == (37.7712479, -122.4194009)
    phone = store.df(f"SELECT number, description FROM phone WHERE location_id = '{casa['id']}'")
    assert phone.iloc[0]["number"] == "877-503-1850"
    assert phone.iloc[0]["description"].startswith("Crisis line: 877-503-1850")


def test_bench_cases_exist(shared):
    assert all(p.exists() for _, p in bench_cases(shared))
