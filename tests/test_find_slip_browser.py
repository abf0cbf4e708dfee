"""The referral slip and the phone layout in a real headless Chromium (issue 19, "The referral
slip", "Every screen, every specialist"). Each failed on the main branch before the fix:
the slip was drawn far below the fold, its copy button showed only on hover and was skipped
by Tab, print printed the whole page, a card from "nearest outside the filters" never
reached a slip; on a phone the banner and first card were cut off, hotlines ~2,800 px down,
phone links and boxes 21 px tall; the collapsed sidebar's fields took focus first."""

from __future__ import annotations

import re

import pytest

from tests.a11y import assert_accessible
from tests.browser import OUTPUT, browser_page, idle, streamlit_server, type_into

pytestmark = pytest.mark.browser
PHONE = (390, 844)


@pytest.fixture(scope="module")
def server(demo_db):
    with streamlit_server({"RESOURCES_DB": str(demo_db)}) as url:
        yield url


def _open(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded", timeout=90_000)
    idle(page)
    page.wait_for_selector(".rf-card", timeout=90_000)


def _tick(page, n: int) -> None:
    """Tick card n's box by its name, as a screen reader user would find it."""
    box = page.get_by_role("checkbox", name=re.compile(rf"^Add {n}\. .+ to referral slip$"))
    box.evaluate("e => e.scrollIntoView({block: 'center'})")
    page.locator(f"[data-testid=stCheckbox]:has([aria-label^='Add {n}. ']) label").click()
    idle(page)


def _in_view(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    size = page.viewport_size
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] + 1


def test_ticking_a_card_shows_the_slip_in_view_with_its_count(server, chromium):
    with browser_page(chromium) as page:
        _open(page, server + "/?where=80205&what=food")
        _tick(page, 1)
        page.get_by_role("heading", name="Referral slip (1)").wait_for(timeout=30_000)
        assert _in_view(page, ".st-key-rf_slip"), "the slip bar is in the window"
        _tick(page, 3)
        page.get_by_role("heading", name="Referral slip (2)").wait_for(timeout=30_000)
        assert _in_view(page, ".st-key-rf_slip")
        copy = page.get_by_role("button", name="Copy text")
        assert copy.is_visible() and _in_view(page, "#rf-slip-copy"), "visible without hover"
        page.screenshot(path=str(OUTPUT / "find-slip-bar.png"))


def test_copy_is_reached_by_tab_and_puts_sms_text_with_absolute_hours_on_the_clipboard(
        server, chromium):
    with browser_page(chromium) as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        _open(page, server + "/?where=80205&what=food")
        _tick(page, 1)
        page.get_by_role("checkbox", name=re.compile(r"^Add 1\. ")).focus()
        for _ in range(120):  # the other cards, the map's controls and markers, then the slip
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "rf-slip-copy":
                break
        else:
            pytest.fail("Tab never reached the slip's Copy button")
        page.keyboard.press("Enter")
        page.get_by_text("Copied.").wait_for(timeout=10_000)
        text = page.evaluate("navigator.clipboard.readText()")
        assert "988" in text and "Who: " in text and "Call (" in text
        first = text.split("\n\n")[1]
        assert len(first) <= 320
        # hours name the day ("Opens Sat 10 AM") or say open/unknown: never a bare clock
        hours = first.split("\n")[1]
        assert not re.fullmatch(r"(Opens|Open · closes) \d{1,2}(:\d\d)? [AP]M", hours), hours
        assert re.search(r"hours as of \w{3} \w{3} \d+ \d{4} .* M[SD]T", text), text.split("\n")[0]


def test_browser_print_prints_the_slip_not_the_page(server, chromium):
    with browser_page(chromium) as page:
        _open(page, server + "/?where=80205&what=food")
        _tick(page, 2)
        page.emulate_media(media="print")
        assert not page.locator(".rf-card").first.is_visible(), "cards are not printed"
        printed = page.locator(".rf-slip-print")
        assert printed.is_visible()
        text = printed.inner_text()
        assert "Hours as of" in text and "988" in text and "Eligibility" in text
        page.screenshot(path=str(OUTPUT / "find-slip-printed.png"), full_page=True)
        page.emulate_media(media="screen")
        with page.expect_download() as download:
            page.get_by_role("button", name="Save the slip as a page").click()
        with open(download.value.path(), encoding="utf-8") as f:
            saved = f.read()
        assert "<html lang='en'>" in saved and re.search(r"Hours as of .* M[SD]T", saved)
        page.set_content(saved)
        assert_accessible(page, "the slip saved as a page", streamlit=False)


def test_a_card_from_nearest_outside_the_filters_reaches_the_slip(server, chromium):
    with browser_page(chromium) as page:
        _open(page, server + "/?where=80202&what=dental&lang=am")  # no dental in Amharic
        page.get_by_text("Nothing fits every filter").first.wait_for(timeout=30_000)
        name = page.locator("#result-1 h3").inner_text().split(". ", 1)[1]
        _tick(page, 1)
        page.get_by_role("heading", name="Referral slip (1)").wait_for(timeout=30_000)
        assert name.split(" ")[0] in page.locator("#rf-slip-text").input_value()


def test_phone_shows_banner_first_card_and_hotlines_in_the_first_screen(server, chromium):
    with browser_page(chromium, *PHONE) as page:
        _open(page, server + "/?where=80205&what=i+need+food+and+i+want+to+kill+myself")
        banner = page.locator("[data-testid='stAlertContainer']").first
        assert "988" in banner.inner_text()
        page.screenshot(path=str(OUTPUT / "find-phone.png"))
        assert _in_view(page, "[data-testid='stAlertContainer']"), banner.bounding_box()
        assert _in_view(page, ".rf-card"), page.locator(".rf-card").first.bounding_box()
        lines = page.locator(".rf-hotlines[data-screen='phone']")
        assert lines.is_visible() and lines.bounding_box()["y"] < PHONE[1]
        assert "988" in lines.inner_text()


def test_phone_tap_targets_are_at_least_44_px(server, chromium):
    with browser_page(chromium, *PHONE) as page:
        _open(page, server + "/?where=80205&what=food")
        small = page.evaluate("""() => [...document.querySelectorAll(
              '.rf-card a[href^="tel:"], [data-testid=stCheckbox] label, '
            + '[data-testid=stMain] button')]
            .filter(e => e.offsetParent !== null)
            .map(e => [e.innerText.slice(0, 30), Math.round(e.getBoundingClientRect().height)])
            .filter(([, h]) => h < 44)""")
        assert not small, f"targets under 44 px: {small}"


def test_keyboard_reaches_the_search_before_any_hidden_sidebar_field(server, chromium):
    with browser_page(chromium) as page:
        _open(page, server + "/?where=80205&what=food")
        page.locator("body").focus()
        seen = []
        for _ in range(15):
            page.keyboard.press("Tab")
            seen.append(page.evaluate("document.activeElement.getAttribute('aria-label') || "
                                      "document.activeElement.innerText.slice(0, 30)"))
            if "Where is the caller?" in seen[-1]:
                break
        assert not {"User name", "Password"} & set(seen), seen
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid", "focus is shown by an outline, not a border colour only"
        for _ in range(40):  # on to the first card's box: its (hidden) input's label is outlined
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.type") == "checkbox":
                break
        assert page.evaluate("getComputedStyle(document.activeElement.closest('label'))"
                             ".outlineStyle") == "solid"


def test_cards_have_headings_named_boxes_and_a_spoken_result_count(server, chromium):
    with browser_page(chromium) as page:
        _open(page, server + "/?where=80205&what=food")
        from playwright.sync_api import expect

        cards = page.get_by_role("heading", level=3, name=re.compile(r"^\d+\. "))
        expect(cards).to_have_count(10, timeout=30_000)  # every card is drawn under a heading
        expect(page.get_by_role("checkbox")).to_have_count(10, timeout=30_000)
        names = [page.get_by_role("checkbox").nth(i).get_attribute("aria-label")
                 or page.locator("[data-testid=stCheckbox] label").nth(i).inner_text()
                 for i in range(page.get_by_role("checkbox").count())]
        assert len(set(names)) == len(names) == 10, names
        assert "places within" in page.get_by_role("status").first.inner_text()


def test_the_slip_keeps_places_from_an_earlier_search_until_cleared(server, chromium):
    with browser_page(chromium) as page:
        _open(page, server + "/?where=80205&what=food")
        food = page.locator("#result-1 h3").evaluate("e => e.firstChild.textContent")
        _tick(page, 1)
        page.get_by_role("heading", name="Referral slip (1)").wait_for(timeout=30_000)
        type_into(page, "What do they need?", "shelter")
        page.wait_for_selector(".rf-card", timeout=90_000)
        page.get_by_role("heading", name="Referral slip (1)").wait_for(timeout=30_000)
        _tick(page, 2)
        page.get_by_role("heading", name="Referral slip (2)").wait_for(timeout=30_000)
        text = page.locator("#rf-slip-text").input_value()
        assert food.split(". ", 1)[1].strip() in text
        page.get_by_role("button", name="Clear the slip").click()
        idle(page)
        assert page.get_by_role("heading", name=re.compile("Referral slip")).count() == 0
        assert not page.get_by_role("checkbox", name=re.compile(r"^Add 2\. ")).is_checked()
        _tick(page, 2)  # the same box ticked again after Clear: the page warns about nothing
        page.get_by_role("heading", name="Referral slip (1)").wait_for(timeout=30_000)
        assert page.get_by_text("Session State API").count() == 0
