"""axe-core on every page state, at 1366x768 and 390x844 (issue 19, "Every screen, every
specialist"): 0 serious and 0 moderate violations on Find (empty, results, crisis banner,
slip open, nothing fits, a place to choose, Filters open; in English and in Spanish), Route, Directory, Sign in and the
coordinator pages. On the main branch before the fix axe found
colour contrast (the selected When option, the summary line, the stale tag) and heading
order."""

from __future__ import annotations

import re
import shutil

import pytest

from resources.coordinator.auth import add_user
from tests.a11y import assert_accessible
from tests.browser import browser_page, idle, streamlit_server

pytestmark = pytest.mark.browser
SIZES = [(1366, 768), (390, 844)]
PASSWORD = "axe password 1"
COORDINATOR_PAGES = ["import", "records", "review", "quality", "duplicates", "audit"]


@pytest.fixture(scope="module")
def server(demo_db, tmp_path_factory):
    """The demo store, copied: the coordinator pages may write to theirs."""
    folder = tmp_path_factory.mktemp("axe")
    users, db = folder / "users.toml", folder / "demo.duckdb"
    shutil.copyfile(demo_db, db)
    add_user("ada", "admin", PASSWORD, users)
    with streamlit_server({"RESOURCES_DB": str(db), "RESOURCES_USERS": str(users)}) as url:
        yield url


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_find_page_states_have_no_serious_or_moderate_violations(server, chromium, size):
    with browser_page(chromium, *size) as page:
        page.goto(server, wait_until="domcontentloaded", timeout=90_000)
        page.get_by_label("Where is the caller?").wait_for(timeout=90_000)
        idle(page)
        assert_accessible(page, f"Find, empty, {size}")
        page.goto(server + "/?where=80205&what=food", wait_until="domcontentloaded")
        idle(page)
        page.wait_for_selector(".rf-card", timeout=90_000)
        assert_accessible(page, f"Find, results, {size}")
        page.goto(server + "/?where=80205&what=i+want+to+kill+myself",
                  wait_until="domcontentloaded")
        idle(page)
        page.get_by_text("call or text 988").first.wait_for(timeout=90_000)
        assert_accessible(page, f"Find, crisis banner, {size}")
        box = page.get_by_role("checkbox", name=re.compile(r"^Add 1\. "))
        box.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.locator("[data-testid=stCheckbox]:has([aria-label^='Add 1. ']) label").click()
        idle(page)
        page.get_by_role("heading", name="Referral slip (1)").wait_for(timeout=30_000)
        page.locator("#rf-slip-text").evaluate("e => e.closest('details').open = true")
        assert_accessible(page, f"Find, slip open, {size}")
        page.goto(server + "/?where=80202&what=dental&lang=am", wait_until="domcontentloaded")
        idle(page)
        page.get_by_text("Nothing fits every filter").first.wait_for(timeout=90_000)
        assert_accessible(page, f"Find, nothing fits, {size}")
        page.goto(server + "/?where=Springfield&what=food", wait_until="domcontentloaded")
        idle(page)
        page.get_by_text("Did you mean").first.wait_for(timeout=90_000)
        assert_accessible(page, f"Find, place to choose, {size}")
        page.get_by_role("button", name="Filters").first.click()
        page.get_by_label("Caller is").first.wait_for(timeout=30_000)
        assert_accessible(page, f"Find, Filters open, {size}")


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_find_page_states_in_spanish_have_no_serious_or_moderate_violations(server, chromium,
                                                                          size):
    """The same states with the page in Spanish (hl=es): <html lang="es"> (html-lang,
    valid-lang), the longer Spanish labels keep their contrast and tap targets."""
    with browser_page(chromium, *size) as page:
        page.goto(server + "/?hl=es", wait_until="domcontentloaded", timeout=90_000)
        page.get_by_label("¿Dónde está quien llama?").wait_for(timeout=90_000)
        page.wait_for_function("document.documentElement.lang === 'es'", timeout=30_000)
        assert_accessible(page, f"Find es, empty, {size}")
        page.goto(server + "/?where=80205&what=comida&hl=es", wait_until="domcontentloaded")
        idle(page)
        page.wait_for_selector(".rf-card", timeout=90_000)
        assert_accessible(page, f"Find es, results, {size}")
        page.goto(server + "/?where=80205&what=me+quiero+matar&hl=es",
                  wait_until="domcontentloaded")
        idle(page)
        page.get_by_text("oprima 2 para español").first.wait_for(timeout=90_000)
        assert_accessible(page, f"Find es, crisis banner, {size}")
        box = page.get_by_role("checkbox", name=re.compile(r"^Añadir 1\. "))
        box.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.locator("[data-testid=stCheckbox]:has([aria-label^='Añadir 1. ']) label").click()
        idle(page)
        page.get_by_role("heading", name="Hoja de referencia (1)").wait_for(timeout=30_000)
        page.locator("#rf-slip-text").evaluate("e => e.closest('details').open = true")
        assert_accessible(page, f"Find es, slip open, {size}")
        page.goto(server + "/?where=80202&what=dental&lang=am&hl=es",
                  wait_until="domcontentloaded")
        idle(page)
        page.get_by_text("Nada cumple todos los filtros").first.wait_for(timeout=90_000)
        assert_accessible(page, f"Find es, nothing fits, {size}")
        page.goto(server + "/?where=Springfield&what=food&hl=es", wait_until="domcontentloaded")
        idle(page)
        page.get_by_text("¿Quiso decir…?").first.wait_for(timeout=90_000)
        assert_accessible(page, f"Find es, place to choose, {size}")
        page.get_by_role("button", name="Filtros").first.click()
        page.get_by_label("Quien llama es").first.wait_for(timeout=30_000)
        assert_accessible(page, f"Find es, Filters open, {size}")


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_route_and_coordinator_pages_have_no_serious_or_moderate_violations(server, chromium,
                                                                          size):
    with browser_page(chromium, *size) as page:
        page.goto(server + "/route", wait_until="domcontentloaded", timeout=90_000)
        page.get_by_label("Start").wait_for(timeout=90_000)
        idle(page)
        assert_accessible(page, f"Route, {size}")
        page.goto(server + "/directory", wait_until="domcontentloaded")
        page.locator("[data-testid=stMain] h1").first.wait_for(timeout=90_000)
        assert_accessible(page, f"Directory, {size}")
        page.goto(server + "/signin", wait_until="domcontentloaded")
        page.locator("[data-testid=stMain] h1").first.wait_for(timeout=90_000)
        assert_accessible(page, f"Sign in, {size}")
        _sign_in(page, server)
        for path in COORDINATOR_PAGES:
            page.goto(f"{server}/{path}", wait_until="domcontentloaded")
            idle(page)
            page.locator("[data-testid=stMain] h1").first.wait_for(timeout=90_000)
            assert_accessible(page, f"{path}, {size}")


def _sign_in(page, server: str) -> None:
    page.goto(server + "/signin", wait_until="domcontentloaded", timeout=90_000)
    main = page.locator("[data-testid=stMain]")
    main.get_by_role("textbox", name="User name").fill("ada")
    password = main.get_by_role("textbox", name="Password")
    password.fill(PASSWORD)
    password.press("Enter")
    idle(page)
    main.get_by_text("Signed in as").first.wait_for(timeout=60_000)
