"""Fit for the caller (issue 19) in a real headless Chromium: chips from the need's words,
eligibility that opens to its full text, day words that set When, At… beside When in the
place's zone and in the URL, "Did you mean" buttons with the national lines."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.browser import OUTPUT, browser_page, idle, streamlit_server, type_into

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(demo_db):
    with streamlit_server({"RESOURCES_DB": str(demo_db)}) as url:
        yield url


def _search(page, server: str, where: str, what: str, results: bool = True) -> None:
    """Type the place and the need; wait for the cards (the run's end: no stale elements)."""
    page.goto(server, wait_until="domcontentloaded", timeout=90_000)
    type_into(page, "Where is the caller?", where)
    type_into(page, "What do they need?", what)
    if results:
        page.wait_for_selector(".rf-card", timeout=90_000)
        idle(page)


def _chip(page, label: str):  # type: ignore[no-untyped-def]
    return page.locator(".st-key-rf_chips").get_by_role("button", name=label, exact=True)


def test_family_with_a_dog_shows_chips_fit_first_and_full_eligibility(server, chromium):
    with browser_page(chromium) as page:
        _search(page, server, "80202", "shelter tonight, family with a dog")
        assert _chip(page, "Family with children ✕").is_visible()
        assert _chip(page, "Pets ✕").is_visible()
        first = page.locator(".rf-card").first.inner_text()
        assert "pets allowed" in first and "takes families with children" in first
        # the eligibility cut on the card opens to the full text
        elig = page.locator(".rf-card details.rf-elig").first
        assert "(kennels on site)" not in elig.inner_text()
        elig.locator("summary").click()
        assert "Pets allowed (kennels on site)." in elig.inner_text()
        page.screenshot(path=str(OUTPUT / "find-fit-chips.png"))
        _chip(page, "Pets ✕").click()
        idle(page)
        page.wait_for_function("!document.body.innerText.includes('Pets ✕')", timeout=60_000)
        assert "drop=pets" in page.url
        assert "pets allowed" not in page.locator(".rf-card").first.inner_text()


def test_food_pantry_open_saturday_sets_when_and_keeps_the_need(server, chromium):
    with browser_page(chromium) as page:
        _search(page, server, "80202", "food pantry open saturday")
        assert page.get_by_label("What do they need?").input_value() == "food pantry"
        assert _chip(page, "Open Sat 12:00 PM ✕").is_visible()
        assert re.search(r"[?&]at=\d{4}-\d{2}-\d{2}T12%3A00|[?&]at=\d{4}-\d{2}-\d{2}T12:00",
                         page.url), page.url
        badges = page.locator(".rf-card .rf-badge").all_inner_texts()
        assert badges and all(b.startswith("Open") for b in badges), badges
        page.screenshot(path=str(OUTPUT / "find-fit-saturday.png"))


def test_at_sits_beside_when_starts_at_the_place_and_waits_for_set(server, chromium):
    with browser_page(chromium) as page:
        _search(page, server, "80202", "food")
        page.locator("[data-testid='stButtonGroup'] button", has_text="At…").click()
        idle(page)
        date_box = page.get_by_role("group", name="Date at the place")
        date_box.wait_for(timeout=60_000)
        assert date_box.bounding_box()["y"] < 300, "beside When, not inside Filters"
        shown = [int(page.get_by_role("spinbutton", name=f"{part}, Date at the place")
                     .get_attribute("aria-valuenow")) for part in ("year", "month", "day")]
        today = datetime.now(ZoneInfo("America/Denver")).date()  # not the server's UTC date
        assert shown == [today.year, today.month, today.day]
        assert not re.search(r"[?&]at=", page.url) and page.get_by_text("then Set").is_visible()
        page.get_by_role("button", name="Set", exact=True).click()
        idle(page)
        page.wait_for_function("/[?&]at=/.test(location.search)", timeout=60_000)
        page.get_by_text("Searching what is open").wait_for(timeout=60_000)
        page.screenshot(path=str(OUTPUT / "find-fit-at.png"))


def test_did_you_mean_buttons_search_that_place_with_national_lines_meanwhile(server, chromium):
    with browser_page(chromium) as page:
        _search(page, server, "Springfield", "food", results=False)
        choice = page.get_by_role("button", name="Springfield, IL")
        choice.wait_for(timeout=90_000)
        assert page.get_by_text("National lines (place not resolved yet)").is_visible()
        choice.click()
        idle(page)
        page.wait_for_function("location.search.includes('Springfield%2C+IL') || "
                               "location.search.includes('Springfield%2C%20IL')",
                               timeout=60_000)
        assert page.get_by_label("Where is the caller?").input_value() == "Springfield, IL"
