"""The Find page in a real headless Chromium against `streamlit run` on 127.0.0.1."""

from __future__ import annotations

import re

import pytest

from tests.browser import OUTPUT, browser_page, idle, streamlit_server, type_into

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(demo_db):
    with streamlit_server({"RESOURCES_DB": str(demo_db)}) as url:
        yield url




def _search(page, server: str, where: str, what: str) -> None:
    """Open the Find page and type a caller's place and need, as a specialist would."""
    page.goto(server, wait_until="domcontentloaded", timeout=90_000)
    type_into(page, "Where is the caller?", where)
    type_into(page, "What do they need?", what)




def _wait_results(page) -> None:
    idle(page)
    page.wait_for_selector(".rf-card", timeout=90_000)


def _within(inner, outer) -> bool:
    """A marker's box lies wholly inside the map's frame (page coordinates)."""
    return bool(inner and outer) and (
        inner["x"] >= outer["x"] and inner["y"] >= outer["y"]
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"]
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"])


def test_search_shows_numbered_results_and_markers_and_highlights_on_click(server, chromium):
    with browser_page(chromium) as page:
        _search(page, server, "80202", "shleter")
        _wait_results(page)
        cards = page.locator(".rf-card")
        n = cards.count()
        assert n == 10
        assert cards.first.inner_text().startswith("1. ")
        frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
        frame.locator(".leaflet-container").wait_for(timeout=30_000)
        markers = frame.locator(".rf-marker")
        markers.first.wait_for(timeout=30_000)
        assert markers.count() == n
        page.wait_for_timeout(1500)  # the map's frame gets its final size
        box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
        outside = [k + 1 for k in range(n) if not _within(markers.nth(k).bounding_box(), box)]
        assert not outside, f"markers out of the map's view: {outside}"
        page.screenshot(path=str(OUTPUT / "find-results.png"))
        frame.locator("[data-result='3']").click()
        page.wait_for_selector("#result-3[data-highlighted='true']", timeout=60_000)
        page.screenshot(path=str(OUTPUT / "find-marker-clicked.png"))
        # with the map partly below the window, a click must still reach the marker (Leaflet
        # focused the map on mousedown, the page scrolled, the mouseup missed the marker and
        # the click became a search from that point)
        idle(page)
        page.set_viewport_size({"width": 1366, "height": 560})
        page.evaluate("window.scrollTo(0, 0)")
        where = page.get_by_label("Where is the caller?").input_value()
        close = frame.locator(".leaflet-popup-close-button")  # marker 3's popup may cover 5
        if close.count():
            close.first.click()
        frame.locator("[data-result='5']").click()
        page.wait_for_selector("#result-5[data-highlighted='true']", timeout=60_000)
        assert page.get_by_label("Where is the caller?").input_value() == where


def test_crisis_phrase_shows_the_safety_banner_first(server, chromium):
    with browser_page(chromium) as page:
        _search(page, server, "80202", "i want to kill myself")
        idle(page)
        page.get_by_text("call or text 988").first.wait_for(timeout=90_000)
        banner = page.locator("[data-testid='stAlertContainer']").first
        assert "988" in banner.inner_text()
        page.screenshot(path=str(OUTPUT / "find-crisis.png"))


def test_referral_slip_lists_the_chosen_services(server, chromium):
    with browser_page(chromium) as page:
        page.goto(server + "/?where=80205&what=food", wait_until="domcontentloaded",
                  timeout=90_000)
        _wait_results(page)
        names = [page.locator(f"#result-{n} h3").evaluate("e => e.firstChild.textContent").strip()
                 for n in (1, 2)]
        places = [page.locator(f"#result-{n}").get_attribute("data-location") for n in (1, 2)]

        def box(place: str):
            """The card's own checkbox, by its widget key (Streamlit's st-key-<key> class), not
            by its position: each click reruns the page, and positions shift while it runs."""
            return page.locator(".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", f"slip_{place}")
                                + " label")

        box(places[0]).click()
        page.wait_for_selector("text=Referral slip (1)", timeout=30_000)
        idle(page)
        box(places[1]).click()
        page.wait_for_selector("text=Referral slip (2)", timeout=30_000)
        idle(page)
        slip = page.locator("#rf-slip-text").input_value()
        for name in names:
            assert name.split(". ", 1)[1] in slip
        page.screenshot(path=str(OUTPUT / "find-slip.png"), full_page=True)
