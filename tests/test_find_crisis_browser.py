"""The Find page on a live call, in a real headless Chromium (issue 19, Safety): the crisis
banner with Where still empty, poisoning wording, and the travel mode kept when Filters is
opened after a search. Each failed on the main branch before the fix."""

from __future__ import annotations

import time

import pytest

from tests.browser import OUTPUT, browser_page, idle, streamlit_server, type_into

pytestmark = pytest.mark.browser
TRAVEL = "Travel mode (for “open when they arrive”)"


@pytest.fixture(scope="module")
def server(demo_db):
    with streamlit_server({"RESOURCES_DB": str(demo_db)}) as url:
        yield url






def _banner(page):
    return page.locator("[data-testid='stAlertContainer']").first


def test_crisis_phrase_raises_the_banner_at_once_with_where_empty(server, chromium):
    with browser_page(chromium) as page:
        page.goto(server, wait_until="domcontentloaded", timeout=90_000)
        what = page.get_by_label("What do they need?")
        what.wait_for(timeout=90_000)
        idle(page)
        what.fill("I want to kill myself")
        start = time.perf_counter()
        what.press("Enter")
        page.get_by_text("call or text 988").first.wait_for(timeout=30_000)
        elapsed = time.perf_counter() - start
        idle(page)
        assert page.get_by_label("Where is the caller?").input_value() == ""
        assert "988" in _banner(page).inner_text()
        lines = page.locator(".rf-hotlines").first.inner_text()
        assert "National crisis lines" in lines and "text HOME to 741741" in lines
        assert "what=" not in page.url, "the caller's words stay out of the address"
        page.screenshot(path=str(OUTPUT / "find-crisis-no-place.png"))
        assert elapsed < 10, f"Enter -> banner took {elapsed:.1f} s"


def test_poisoning_wording_raises_the_banner_with_poison_control(server, chromium):
    with browser_page(chromium) as page:
        page.goto(server, wait_until="domcontentloaded", timeout=90_000)
        type_into(page, "Where is the caller?", "80202")
        type_into(page, "What do they need?", "my kid drank bleach")
        page.get_by_text("Overdose or poisoning").first.wait_for(timeout=30_000)
        banner = _banner(page).inner_text()
        assert "911" in banner and "1-800-222-1222" in banner
        assert "Poison Control" in page.locator(".rf-hotlines").first.inner_text()
        page.screenshot(path=str(OUTPUT / "find-poisoning.png"))


def test_opening_filters_after_a_search_keeps_drive_and_the_next_search_uses_it(server,
                                                                               chromium):
    with browser_page(chromium) as page:
        page.goto(server + "/?mode=drive", wait_until="domcontentloaded", timeout=90_000)
        type_into(page, "Where is the caller?", "80202")
        type_into(page, "What do they need?", "shelter")
        page.get_by_text("On arrival").first.click()
        idle(page)
        assert "mode=drive" in page.url
        page.get_by_role("button", name="Filters").first.click()
        travel = page.get_by_role("combobox", name=TRAVEL)
        travel.wait_for(timeout=30_000)
        page.wait_for_timeout(1000)  # the popover's widgets report their values, if any
        idle(page)
        assert travel.input_value() == "drive"
        page.keyboard.press("Escape")
        type_into(page, "What do they need?", "food")
        assert "what=food" in page.url and "mode=drive" in page.url, page.url
        page.get_by_role("button", name="Filters").first.click()
        assert page.get_by_role("combobox", name=TRAVEL).input_value() == "drive"
