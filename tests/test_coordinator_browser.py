"""The coordinator flow in a real headless Chromium against `streamlit run`.

Sign in, upload an HSDS folder's CSV files on the Import page, see the preview, publish,
and find the new record in the live store and on the Directory page. Screenshots go to
test-output/ (look at them when changing a page).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from coord_helpers import OTHER, copy_source, edit_csv

from resources.coordinator.auth import add_user
from resources.coordinator.publish import open_live
from tests.browser import coordinator_browser, idle, streamlit_server

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "test-output"
PASSWORD = "browser password 1"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def app_url(live_db, tmp_path):
    users = tmp_path / "users.toml"
    add_user("cora", "coordinator", PASSWORD, users)
    add_user("eddie", "editor", PASSWORD, users)
    with streamlit_server({"RESOURCES_DB": str(live_db), "RESOURCES_USERS": str(users)}) as url:
        yield url




def test_sign_in_upload_preview_publish(app_url, live_db, chromium, tmp_path):
    from playwright.sync_api import expect

    OUT.mkdir(exist_ok=True)
    src = copy_source(OTHER, tmp_path / "county-211")
    edit_csv(src / "services.csv", {"id": "s2"}, name="Harbor Light Winter Coats")
    files = [str(p) for p in sorted(src.glob("*.csv"))]
    with coordinator_browser(chromium) as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        _sign_in(page, app_url)
        page.get_by_role("link", name="Import").click()
        expect(page.get_by_role("heading", name="Import")).to_be_visible()
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(files)
        expect(page.get_by_text("services.csv")).to_be_visible()
        source_box = page.get_by_role("textbox", name="Source id (blank: from the file name)")
        source_box.fill("other")
        source_box.press("Enter")  # commit the text before the click (else the click can race it)
        idle(page)
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


def _sign_in(page, app_url: str, name: str = "cora") -> None:
    """The sidebar box: user name, password, Enter (the form submits on Enter)."""
    from playwright.sync_api import expect

    page.goto(app_url)
    page.locator('[data-testid="stExpandSidebarButton"]').click()  # starts collapsed
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("Coordinator sign-in")).to_be_visible()
    expect(page.get_by_role("link", name="Import")).to_have_count(0)
    sidebar.get_by_role("textbox", name="User name").fill(name)
    password = sidebar.get_by_role("textbox", name="Password")
    password.fill(PASSWORD)
    password.press("Enter")
    idle(page)
    expect(sidebar.get_by_text("Signed in as")).to_be_visible()


def _fill(scope, label: str, text: str) -> None:
    """Type into the box labelled ``label`` in ``scope`` (a page, or a part of one), once
    the page's last run has ended (a run that redraws the form shows the old and the new
    box for a moment)."""
    idle(getattr(scope, "page", scope))
    box = scope.get_by_label(label, exact=True)
    box.fill(text)
    box.press("Enter")  # commit before the next click
    idle(getattr(scope, "page", scope))


def test_coordinator_edit_reaches_the_specialists_find_page(app_url, chromium):
    """Hours, an alert and a bed count saved on the Records page are on the specialist's
    card at the next search (the source's nightly schedule said 7 PM-7 AM)."""
    from playwright.sync_api import expect

    OUT.mkdir(exist_ok=True)
    with coordinator_browser(chromium) as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        _sign_in(page, app_url)
        page.get_by_role("link", name="Records").click()
        _fill(page, "Find a service or location by name", "Harbor Light Night Shelter")
        expect(page.get_by_role("heading", name="Harbor Light Night Shelter", exact=True)
               ).to_be_visible()
        _fill(page, "Hours (as text)", "24/7")
        _fill(page, "Alert shown to specialists", "Entrance moved to the back")
        page.get_by_role("button", name="Save changes").click()
        expect(page.get_by_text("Saved:")).to_be_visible()
        _fill(page, "Available", "3")
        _fill(page, "Total (0: unknown)", "40")
        page.get_by_role("button", name="Update beds").click()
        expect(page.get_by_text("Beds updated.")).to_be_visible()
        page.screenshot(path=str(OUT / "coordinator-record-edited.png"), full_page=True)

        specialist, card = _specialist_card(browser, app_url)
        expect(card).to_be_visible()
        expect(card).to_contain_text("Open 24 hours")
        expect(card).to_contain_text("Alert · Entrance moved to the back")
        expect(card).to_contain_text("3 beds free (of 40) · updated 0 min ago")
        specialist.screenshot(path=str(OUT / "find-after-coordinator-edit.png"))


def test_sign_in_on_the_page_survives_a_reload_until_sign_out(app_url, chromium):
    from playwright.sync_api import expect

    OUT.mkdir(exist_ok=True)
    with coordinator_browser(chromium) as browser:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(app_url + "/signin")
        main = page.locator('[data-testid="stMain"]')
        expect(main.get_by_role("heading", name="Sign in")).to_be_visible()
        main.get_by_role("textbox", name="User name").fill("cora")
        password = main.get_by_role("textbox", name="Password")
        password.fill("not the password")
        password.press("Enter")
        idle(page)
        expect(main.get_by_text("Wrong user name or password.")).to_be_visible()
        expect(main.get_by_role("textbox", name="Password")).to_have_value("")
        main.get_by_role("textbox", name="Password").fill(PASSWORD)
        main.get_by_role("textbox", name="Password").press("Enter")
        idle(page)
        expect(main.get_by_text("Signed in as cora (coordinator).")).to_be_visible()
        expect(page.get_by_role("link", name="Records")).to_be_visible()
        page.screenshot(path=str(OUT / "signin-page-signed-in.png"))
        page.wait_for_timeout(500)  # the cookie is written by the page's frame
        page.reload()
        expect(page.get_by_role("link", name="Records")).to_be_visible()
        page.get_by_role("link", name="Records").click()
        expect(page.get_by_role("heading", name="Records")).to_be_visible()
        page.goto(app_url + "/signin")
        page.locator('[data-testid="stMain"]').get_by_role("button", name="Sign out").click()
        idle(page)
        expect(page.get_by_role("link", name="Records")).to_have_count(0)
        page.wait_for_timeout(500)
        page.reload()
        expect(page.get_by_text("Coordinators and admins sign in here.")).to_be_visible()
        expect(page.get_by_role("link", name="Records")).to_have_count(0)


def _specialist_card(browser, app_url: str):  # type: ignore[no-untyped-def]
    """A specialist's new page searching "Harbor Light" near 80204, and the card of the
    fixture's night shelter site."""
    specialist = browser.new_page(viewport={"width": 1366, "height": 768})
    specialist.goto(app_url, wait_until="domcontentloaded")
    _fill(specialist, "Where is the caller?", "80204")
    _fill(specialist, "What do they need?", "Harbor Light")
    return specialist, specialist.locator(".rf-card", has_text="Harbor Light Campus")


def _open_record(page, name: str) -> None:
    from playwright.sync_api import expect

    page.get_by_role("link", name="Records").click()
    _fill(page, "Find a service or location by name", name)
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()


def test_editor_proposes_approver_decides_specialist_sees(app_url, chromium):
    """An editor's hours and alert wait for review; once approved the specialist's card shows
    both at the next search; a rejected alert never shows; a change to a record edited in the
    meantime is flagged on the Review page."""
    from playwright.sync_api import expect

    OUT.mkdir(exist_ok=True)
    with coordinator_browser(chromium) as browser:
        editor = browser.new_page(viewport={"width": 1400, "height": 1000})
        _sign_in(editor, app_url, "eddie")
        expect(editor.get_by_role("link", name="Review")).to_have_count(0)
        _open_record(editor, "Harbor Light Night Shelter")
        _fill(editor, "Hours (as text)", "24/7")
        _fill(editor, "Alert shown to specialists", "Entrance moved to the back")
        editor.get_by_role("button", name="Propose changes").click()
        expect(editor.get_by_text("Sent for review: alert, hours_text")).to_be_visible()
        _open_record(editor, "Northside Food Pantry")
        _fill(editor, "Alert shown to specialists", "Closed forever (wrong)")
        editor.get_by_role("button", name="Propose changes").click()
        expect(editor.get_by_text("Sent for review: alert")).to_be_visible()
        _fill(editor, "Phones (one per line; 'x12' extension, '(text)' type)", "720 555 0111")
        editor.get_by_role("button", name="Propose changes").click()
        expect(editor.get_by_text("Sent for review: phones")).to_be_visible()

        approver = browser.new_page(viewport={"width": 1400, "height": 1000})
        _sign_in(approver, app_url, "cora")
        # the approver changes the pantry's phones first: the editor's proposal now conflicts
        _open_record(approver, "Northside Food Pantry")
        _fill(approver, "Phones (one per line; 'x12' extension, '(text)' type)", "720 555 0199")
        approver.get_by_role("button", name="Save changes").click()
        expect(approver.get_by_text("Saved: phones.")).to_be_visible()
        approver.get_by_role("link", name="Review").click()
        expect(approver.get_by_text("3 changes waiting for review")).to_be_visible()
        boxes = approver.locator("[class*='st-key-proposal-']")
        shelter = boxes.filter(has_text="Harbor Light Night Shelter")
        expect(shelter.get_by_text("Mo-Su", exact=False)).to_have_count(0)
        expect(shelter).to_contain_text("24/7")
        expect(shelter).to_contain_text("proposed by eddie")
        conflict = boxes.filter(has_text="720 555 0111")
        expect(conflict).to_contain_text("Changed since it was proposed: Phones")
        approver.screenshot(path=str(OUT / "review-page.png"), full_page=True)
        shelter.get_by_role("button", name="Approve").click()
        expect(approver.get_by_text("Approved: Harbor Light Night Shelter")).to_be_visible()
        wrong = approver.locator("[class*='st-key-proposal-']").filter(
            has_text="Closed forever (wrong)")
        _fill(wrong, "Reason (needed to reject)", "The pantry is open; wrong record")
        wrong.get_by_role("button", name="Reject").click()
        expect(approver.get_by_text("Rejected: Northside Food Pantry")).to_be_visible()

        specialist, card = _specialist_card(browser, app_url)
        expect(card).to_contain_text("Open 24 hours")
        expect(card).to_contain_text("Alert · Entrance moved to the back")
        _fill(specialist, "What do they need?", "Northside")
        expect(specialist.locator(".rf-card", has_text="Northside")).to_be_visible()
        expect(specialist.get_by_text("Closed forever (wrong)")).to_have_count(0)
        specialist.screenshot(path=str(OUT / "find-after-review.png"))


def test_every_edited_field_reaches_the_card(app_url, chromium):
    """Eligibility, languages and phones saved on Records are on the specialist's card at the
    next search; a status edit (inactive) takes the place off the results."""
    from playwright.sync_api import expect

    with coordinator_browser(chromium) as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        _sign_in(page, app_url)
        _open_record(page, "Harbor Light Night Shelter")
        _fill(page, "Eligibility", "Adults 18+; pets welcome (kennels on site)")
        _fill(page, "Languages (comma separated)", "English, Somali")
        _fill(page, "Phones (one per line; 'x12' extension, '(text)' type)", "720 555 0177")
        page.get_by_role("button", name="Save changes").click()
        expect(page.get_by_text("Saved: eligibility_description, languages, phones.")
               ).to_be_visible()
        _open_record(page, "Northside Food Pantry")
        page.get_by_label("Status").click()
        page.get_by_role("option", name="inactive").click()
        idle(page)
        page.get_by_role("button", name="Save changes").click()
        expect(page.get_by_text("Saved: status.")).to_be_visible()

        specialist, card = _specialist_card(browser, app_url)
        expect(card).to_contain_text("pets welcome (kennels on site)")
        expect(card).to_contain_text("Somali")
        expect(card).to_contain_text("(720) 555-0177")
        _fill(specialist, "What do they need?", "Northside")
        expect(specialist.locator(".rf-card", has_text="Northside Pantry Warehouse")
               ).to_have_count(0)
