"""The Route page with Streamlit's AppTest: plan an evening outreach round of 6 stops."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
FREE_PLACES = "River camp=39.7560,-105.0090@20[19:00-23:00]\nPark bench=39.7400,-104.9650@10"


def route_page(demo_db: Path) -> AppTest:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RESOURCES_DB", str(demo_db))
        at = AppTest.from_file(APP, default_timeout=120).run()
        at.switch_page("ui/routes.py").run()
    return at


def run(at: AppTest, demo_db: Path) -> AppTest:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RESOURCES_DB", str(demo_db))
        return at.run()


@pytest.fixture(scope="module")
def planned(demo_db: Path) -> Iterator[AppTest]:
    """Wednesday 18:00 from ZIP 80205, back by 23:30, driving: 4 shelters + 2 free places."""
    at = route_page(demo_db)
    at.text_input(key="rt_start").input("80205")
    at.date_input(key="rt_date").set_value(date(2026, 12, 2))
    at.time_input(key="rt_time").set_value(time(18, 0))
    at.selectbox(key="rt_end_mode").select("Return to start")
    at.time_input(key="rt_end_time").set_value(time(23, 30))
    at.radio(key="rt_mode").set_value("Drive")
    at.text_input(key="rt_need").input("overnight shelter")
    run(at, demo_db)
    picker = at.multiselect(key="rt_picked")
    # four shelters, by the service's own name ("<service> — <place>": a shelter campus
    # also lists its day programs)
    shelters = [o for o in picker.options if re.match(r"^[^—]*(Shelter|Beds)", o)]
    for option in shelters[:4]:
        picker.select(option)
    at.text_area(key="rt_free").input(FREE_PLACES)
    next(b for b in at.button if b.label == "Plan route").click()
    yield run(at, demo_db)


def test_the_route_page_is_in_the_navigation(demo_db: Path) -> None:
    at = route_page(demo_db)
    assert not at.exception
    assert [t.label for t in at.text_input][:1] == ["Start"]
    assert any(b.label == "Plan route" for b in at.button)


def test_six_stops_planned_in_order_with_times(planned: AppTest) -> None:
    assert not planned.exception
    assert not planned.error, [e.value for e in planned.error]
    table = planned.dataframe[0].value
    assert list(table["#"]) == [1, 2, 3, 4, 5, 6]
    assert {"River camp", "Park bench"} <= set(table["Stop"])
    assert list(table["Arrive"]) == sorted(table["Arrive"])
    assert set(table["Open on arrival"]) <= {"open", "opens while you wait", "call ahead", "any time"}
    summary = next(m.value for m in planned.markdown if "stops**" in m.value)
    assert summary.startswith("**6 stops**") and "Wednesday 02 December" in summary


def test_map_shows_the_numbered_route(planned: AppTest) -> None:
    maps = [e for e in planned.main if "json_args" in str(getattr(e, "proto", ""))[:200]]
    assert len(maps) == 1
    script = maps[0].proto.json_args
    numbers = re.findall(r'data-result=\\*"(\d+)', script)
    assert numbers == [str(n) for n in range(1, 7)]
    assert "L.polyline" in script
    assert "Start: ZIP 80205" in script


def test_exports_and_maps_link(planned: AppTest) -> None:
    labels = [b.label for b in planned.get("download_button")]
    assert labels == ["GPX", "CSV", "Printable"]
    assert any("https://www.google.com/maps/dir/" in m.value for m in planned.markdown)


def test_unknown_place_is_an_error_on_the_page(demo_db: Path) -> None:
    at = route_page(demo_db)
    at.text_input(key="rt_start").input("Nowhere Land")
    at.text_area(key="rt_free").input("80204")
    next(b for b in at.button if b.label == "Plan route").click()
    run(at, demo_db)
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith("start 'Nowhere Land' not found")
    assert at.get("download_button") == [] or not list(at.get("download_button"))
