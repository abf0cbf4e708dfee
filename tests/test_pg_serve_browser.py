"""Two app servers over one PostgreSQL directory, in a real headless Chromium (issue 23).

Two `streamlit run` servers on different ports share one postgresql:// URL (and one users
file and session key, as a deployment does). A specialist searches on each; a coordinator
signs in on each (a sign-in on one is also good on the other: the reverse proxy may send the
next page to either); then the command line loads a new source, and both servers show its
service at the next search within 10 seconds. Screenshots: test-output/pg-two-servers-*.png.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from coord_helpers import MINI, OTHER

from resources.coordinator.auth import add_user
from resources.pipeline.load import load_path
from resources.store import Store
from tests.browser import coordinator_browser, idle, streamlit_server

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "test-output"
PASSWORD = "two servers password"
NEW = "Harbor Light Clothing Closet"  # a service of the source loaded while they run

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _sign_in(page, url: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.goto(url)
    page.locator('[data-testid="stExpandSidebarButton"]').click()  # starts collapsed
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("textbox", name="User name").fill("cora")
    password = sidebar.get_by_role("textbox", name="Password")
    password.fill(PASSWORD)
    password.press("Enter")
    idle(page)
    expect(sidebar.get_by_text("Signed in as cora (coordinator)")).to_be_visible()


def _search(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    for label, text in (("Where is the caller?", "80204"), ("What do they need?", "Harbor Light")):
        box = page.get_by_label(label)
        box.wait_for(timeout=90_000)
        box.fill(text)
    page.get_by_label("What do they need?").press("Enter")
    idle(page)


def test_two_servers_serve_one_directory_and_both_show_a_publish_within_10_s(
        pg_fresh, chromium, tmp_path):
    from playwright.sync_api import expect

    OUT.mkdir(exist_ok=True)
    with Store.open(pg_fresh) as store:
        load_path(store, MINI, source_id="mini")
    users = tmp_path / "users.toml"
    add_user("cora", "coordinator", PASSWORD, users)
    env = {"RESOURCES_DB": pg_fresh, "RESOURCES_USERS": str(users),
           "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    with streamlit_server(env) as one, streamlit_server(env) as two, \
            coordinator_browser(chromium) as browser:
        specialists = {url: browser.new_context(viewport={"width": 1366, "height": 900}
                                                ).new_page() for url in (one, two)}
        for url, page in specialists.items():
            _search(page, url)
            expect(page.locator(".rf-card", has_text="Harbor Light Night Shelter").first).to_be_visible()
            assert NEW not in page.locator(".rf-card").all_inner_texts().__str__()
        specialists[one].screenshot(path=str(OUT / "pg-two-servers-before.png"), full_page=True)

        coordinator = browser.new_context().new_page()  # signs in on one, goes on on two
        _sign_in(coordinator, one)
        coordinator.goto(two)
        coordinator.locator('[data-testid="stExpandSidebarButton"]').click()
        expect(coordinator.get_by_text("Signed in as cora (coordinator)")).to_be_visible()
        other = browser.new_context().new_page()  # signs in on two directly
        _sign_in(other, two)
        expect(other.get_by_role("link", name="Records")).to_be_visible()

        loaded = subprocess.run(
            [sys.executable, "-m", "resources.cli", "load", "--db", pg_fresh, "--source",
             "other", str(OTHER)], env={**os.environ, **env}, capture_output=True, text=True,
            check=False, timeout=300)
        assert loaded.returncode == 0, loaded.stderr
        published = time.monotonic()
        for url, page in specialists.items():
            while True:  # the specialist searches again (Search), as the next call would
                page.get_by_role("button", name="Search").click()
                idle(page)
                if NEW in str(page.locator(".rf-card").all_inner_texts()):
                    break
                assert time.monotonic() - published < 10, f"{url} did not show the publish"
                page.wait_for_timeout(250)
        seconds = time.monotonic() - published
        for page in specialists.values():
            expect(page.locator(".rf-card", has_text=NEW)).to_be_visible()
        specialists[two].screenshot(path=str(OUT / "pg-two-servers-after.png"), full_page=True)
        assert seconds < 10
