"""The coordinator flow in a real headless Chromium against `streamlit run`.

Sign in, upload an HSDS folder's CSV files on the Import page, see the preview, publish,
and find the new record in the live store and on the Directory page. Screenshots go to
test-output/ (look at them when changing a page).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from coord_helpers import OTHER, copy_source, edit_csv

from resources.auth import add_user
from resources.publish import open_live
from tests.browser import CHROMIUM_ARGS, streamlit_server

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "test-output"
PASSWORD = "browser password 1"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def app_url(live_db, tmp_path):
    users = tmp_path / "users.toml"
    add_user("cora", "coordinator", PASSWORD, users)
    with streamlit_server({"RESOURCES_DB": str(live_db), "RESOURCES_USERS": str(users)}) as url:
        yield url


def _idle(page) -> None:
    """Wait until the Streamlit script run triggered by the last action has finished."""
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-test-script-state='notRunning']", timeout=90_000)


def test_sign_in_upload_preview_publish(app_url, live_db, chromium, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    OUT.mkdir(exist_ok=True)
    src = copy_source(OTHER, tmp_path / "county-211")
    edit_csv(src / "services.csv", {"id": "s2"}, name="Harbor Light Winter Coats")
    files = [str(p) for p in sorted(src.glob("*.csv"))]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        expect.set_options(timeout=60_000)
        page.goto(app_url)
        page.locator('[data-testid="stExpandSidebarButton"]').click()  # starts collapsed
        sidebar = page.locator('[data-testid="stSidebar"]')
        expect(sidebar.get_by_text("Coordinator sign-in")).to_be_visible()
        expect(page.get_by_role("link", name="Import")).to_have_count(0)
        sidebar.get_by_role("textbox", name="User name").fill("cora")
        password = sidebar.get_by_role("textbox", name="Password")
        password.fill(PASSWORD)
        password.press("Enter")
        _idle(page)
        sidebar.get_by_role("button", name="Sign in").click()
        expect(sidebar.get_by_text("Signed in as")).to_be_visible()
        page.get_by_role("link", name="Import").click()
        expect(page.get_by_role("heading", name="Import")).to_be_visible()
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(files)
        expect(page.get_by_text("services.csv")).to_be_visible()
        source_box = page.get_by_role("textbox", name="Source id (blank: from the file name)")
        source_box.fill("other")
        source_box.press("Enter")  # commit the text before the click (else the click can race it)
        _idle(page)
        page.get_by_role("button", name="Preview").click()
        expect(page.get_by_text("Preview: source")).to_be_visible()
        expect(page.get_by_text("Rows rejected")).to_be_visible()
        page.screenshot(path=str(OUT / "coordinator-preview.png"), full_page=True)
        page.get_by_role("button", name="Publish").click()
        expect(page.get_by_text("Published source")).to_be_visible()
        page.screenshot(path=str(OUT / "coordinator-published.png"), full_page=True)
        with open_live(live_db) as live:
            assert live.scalar("SELECT service_name FROM search_index WHERE service_id = "
                               "'other/s2'") == "Harbor Light Winter Coats"
        page.get_by_role("link", name="Directory").click()
        expect(page.get_by_role("heading", name="Directory")).to_be_visible()
        page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(
            ".leaflet-container").wait_for()
        page.screenshot(path=str(OUT / "coordinator-directory.png"), full_page=True)
        browser.close()
