"""The Route page in a real headless Chromium against `streamlit run` on the demo store.

Plans an evening round (4 shelters picked from a search + 2 free places) and checks the
numbered route drawn by Leaflet in the map iframe and the itinerary table. Screenshots go to
test-output/ (look at them: layout at 1366x768).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import CHROMIUM_ARGS, streamlit_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "test-output"
SHELTER_OPTION = re.compile(r"^[^—]*(Shelter|Beds)")  # "<service> — <place>": the service's name
FREE_PLACES = "River camp=39.7560,-105.0090@20[19:00-23:00]\nPark bench=39.7400,-104.9650@10"


@pytest.fixture(scope="module")
def app_url(demo_db: Path) -> Iterator[str]:
    with streamlit_server({"RESOURCES_DB": str(demo_db)}) as url:
        yield url


def test_plan_a_six_stop_route_in_chromium(app_url: str, chromium: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    OUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.set_default_timeout(90_000)
            expect.set_options(timeout=90_000)
            page.goto(app_url + "/route")
            start = page.get_by_label("Start")
            start.fill("80205")
            start.press("Enter")
            for part, value in (("month", "12"), ("day", "02"), ("year", "2026")):
                page.get_by_role("spinbutton", name=f"{part}, Date").click()
                page.keyboard.type(value)
            for name, value in (("hour, Leave at", "18"), ("minute, Leave at", "00"),
                                ("hour, Finish by", "23"), ("minute, Finish by", "30")):
                page.get_by_role("spinbutton", name=name).click()
                page.keyboard.type(value)
            page.get_by_text("Drive", exact=True).click()
            need = page.get_by_label("Find services")
            need.fill("overnight shelter")
            need.press("Enter")
            picker = page.locator('[data-testid="stMultiSelect"]')
            expect(picker.locator("input")).to_be_enabled()
            for n in range(1, 5):
                picker.locator("input").click()
                page.locator('[role="option"]').filter(has_not_text="Select all").filter(
                    has_text=SHELTER_OPTION).first.click()  # a campus lists its day programs too
                expect(picker.locator(f'[data-tag-index="{n - 1}"]').first).to_be_attached()
            page.keyboard.press("Escape")
            free = page.locator('[data-testid="stTextArea"] textarea')
            free.fill(FREE_PLACES)
            free.press("Control+Enter")
            page.wait_for_timeout(300)  # commit the text before the click (else they can race)
            page.wait_for_selector("[data-test-script-state='notRunning']")
            page.get_by_role("button", name="Plan route").click()

            leaflet = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
            leaflet.locator(".leaflet-container").wait_for()
            markers = leaflet.locator(".rf-marker [data-result]")
            expect(markers).to_have_count(6)
            assert [markers.nth(i).inner_text() for i in range(6)] == [str(n) for n in range(1, 7)]
            expect(leaflet.locator("path.leaflet-interactive").first).to_be_attached()
            expect(page.get_by_text("6 stops", exact=False)).to_be_visible()
            table = page.locator('[data-testid="stDataFrame"]')
            expect(table).to_be_visible()
            stop_cells = table.locator('td[role="gridcell"][aria-colindex="2"]')  # canvas grid's
            expect(stop_cells).to_have_count(6)  # accessible copy: one "Stop" cell per visit
            assert {"River camp", "Park bench"} <= set(stop_cells.all_inner_texts())
            for label in ("GPX", "CSV", "Printable"):
                expect(page.get_by_role("button", name=label, exact=True)).to_be_attached()
            page.wait_for_timeout(500)  # let the tiles-free map settle for the screenshot
            page.screenshot(path=str(OUT / "route_page_planned.png"))
            # At 1366x768 the itinerary and the map are both on screen without scrolling.
            assert table.bounding_box()["y"] < 768  # type: ignore[index]
            frame_box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
            assert frame_box is not None and frame_box["y"] + frame_box["height"] <= 768
        finally:
            browser.close()
