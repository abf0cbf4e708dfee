"""Coordinator pages in streamlit's AppTest: sign-in, roles, import, editor, quality."""

from __future__ import annotations

from pathlib import Path

import pytest
from coord_helpers import MINI
from streamlit.testing.v1 import AppTest

from resources.coordinator.auth import add_user
from resources.coordinator.edits import save
from resources.coordinator.publish import change, open_live

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "test password 123"


@pytest.fixture
def app_env(coord_db, tmp_path, monkeypatch):
    """A signed-in coordinator's app over the coordinator fixtures, on each backend."""
    live_db = coord_db
    users = tmp_path / "users.toml"
    add_user("cora", "coordinator", PASSWORD, users)
    add_user("sam", "specialist", PASSWORD, users)
    monkeypatch.setenv("RESOURCES_DB", str(live_db))
    monkeypatch.setenv("RESOURCES_USERS", str(users))
    monkeypatch.chdir(REPO)
    return live_db


def _app() -> AppTest:
    return AppTest.from_file(str(REPO / "app.py"), default_timeout=120)


def _sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    at.button(key="signin_button").click()
    return at.run()


def _page_titles(at: AppTest) -> set[str]:
    return {t.value for t in at.title}


def test_coordinator_pages_need_a_coordinator(app_env):
    at = _app().run()
    with pytest.raises(ValueError, match="navigation page"):
        at.switch_page("ui/coordinator_records.py")
    _sign_in(at, "sam", "wrong password")
    assert any("Wrong user name or password" in e.value for e in at.error)
    _sign_in(at, "sam")
    assert "Signed in as **sam** (specialist)" in at.sidebar.caption[0].value
    with pytest.raises(ValueError, match="navigation page"):  # not listed for a specialist
        at.switch_page("ui/coordinator_records.py")
    # the page itself refuses too (defence in depth), e.g. when opened without sign-in
    page = AppTest.from_file(str(REPO / "ui" / "coordinator_records.py"), default_timeout=60)
    page.run()
    assert any("for coordinators" in e.value for e in page.error)


def test_import_preview_and_publish_through_the_page(app_env):
    at = _sign_in(_app().run(), "cora")
    at.switch_page("ui/coordinator_import.py").run()
    assert "Import" in _page_titles(at)
    uploader = at.get("file_uploader")[0]
    files = [(p.name, p.read_bytes(), "text/csv") for p in sorted(MINI.glob("*.csv"))]
    services = (MINI / "services.csv").read_text().replace("Harbor Light Day Center",
                                                           "Harbor Light Day Centre")
    files = [(n, services.encode() if n == "services.csv" else b, m) for n, b, m in files]
    uploader.set_value(files)
    at.text_input(key="import_source").input("mini")
    at.button(key="import_preview").click().run()
    assert not at.exception, at.exception
    assert "Preview: source `mini` (hsds3-csv)" in [s.value for s in at.header]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rows rejected"] == "0" and metrics["Approximate points"] == "1"
    changes = at.dataframe[1].value
    assert list(changes["field"]) == ["name"] and list(changes["after"]) == [
        "Harbor Light Day Centre"]
    at.button(key="import_publish").click().run()
    assert any("Published source `mini`" in s.value for s in at.success)
    with open_live(app_env) as live:
        assert live.scalar("SELECT name FROM service WHERE id = 'mini/svc-3'") == (
            "Harbor Light Day Centre")
        assert live.scalar("SELECT user_name FROM audit_log WHERE action = 'import' "
                           "ORDER BY seq DESC LIMIT 1") == "cora"


def test_editor_saves_verifies_and_reports_beds(app_env):
    at = _sign_in(_app().run(), "cora")
    at.switch_page("ui/coordinator_records.py").run()
    at.text_input(key="records_query").input("Northside Food").run()
    assert not at.exception, at.exception
    at.text_input(key="f_name_mini/svc-2").input("")
    at.button(key="records_save").click().run()
    assert any("a name is required" in e.value for e in at.error)
    at.text_input(key="f_name_mini/svc-2").input("Northside Food Pantry & Market")
    at.text_area(key="f_phones_mini/svc-2").input("(303) 555-0102\n720 555 0199 x12")
    at.button(key="records_save").click().run()
    assert any("Saved: name, phones" in s.value for s in at.success), [e.value for e in at.error]
    at.button(key="records_verify").click().run()
    at.number_input(key="beds_available").set_value(4)
    at.button(key="beds_update").click().run()
    assert any("Beds updated" in s.value for s in at.success)
    at.run()
    assert "4 beds free · updated 0 min ago by cora" in [c.value for c in at.caption]
    with open_live(app_env) as live:
        log = live.df("SELECT action, field FROM audit_log WHERE user_name = 'cora' ORDER BY seq")
    assert list(log["action"]) == ["edit", "edit", "verify", "beds"]


def test_quality_page_opens_a_record_in_the_editor(app_env):
    at = _sign_in(_app().run(), "cora")
    at.switch_page("ui/coordinator_quality.py").run()
    assert not at.exception, at.exception
    assert "Data quality" in _page_titles(at)
    at.selectbox(key="quality_pick_approximate_points").select(("location", "mini/loc-3"))
    at.button(key="quality_open_approximate_points").click().run()
    assert "Records" in _page_titles(at)
    assert "Harbor Light Annex" in [s.value for s in at.header]
    for page in ("ui/coordinator_duplicates.py", "ui/coordinator_audit.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
    at.button(key="export_prepare").click().run()
    assert at.get("download_button")


def test_sign_in_on_the_page_clears_a_wrong_password_and_pauses_guessing(app_env):
    from ui import access

    access._throttle.clear()
    at = AppTest.from_string("from ui.access import sign_in_page\nsign_in_page()\n",
                             default_timeout=60).run()
    for attempt in range(5):
        at.text_input(key="page_signin_name").input("cora")
        at.text_input(key="page_signin_password").input(f"wrong password {attempt}")
        at.button(key="page_signin_button").click().run()
        assert [e.value for e in at.error] == ["Wrong user name or password."]
        assert at.text_input(key="page_signin_password").value == ""  # cleared
        assert at.text_input(key="page_signin_name").value == "cora"  # kept
    # the sixth try is refused even with the right password
    at.text_input(key="page_signin_password").input(PASSWORD)
    at.button(key="page_signin_button").click().run()
    assert "Too many failed sign-ins" in at.error[0].value
    assert access.SESSION_KEY not in at.session_state
    access._throttle.clear()
    at.text_input(key="page_signin_password").input(PASSWORD)
    at.button(key="page_signin_button").click().run()
    assert not at.error and at.session_state[access.SESSION_KEY].name == "cora"
    assert any("Signed in as" in m.value for m in at.markdown)


def test_editor_proposes_and_approver_approves_on_the_review_page(app_env):
    from resources.coordinator.auth import add_user, users_path
    from resources.coordinator.edits import current_values

    add_user("eddie", "editor", PASSWORD, users_path())
    at = _sign_in(_app().run(), "eddie")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("ui/coordinator_review.py")  # not in an editor's page list
    at.switch_page("ui/coordinator_records.py").run()
    at.text_input(key="records_query").input("Harbor Light Night Shelter").run()
    at.text_input(key="f_hours_mini/svc-1").input("Mo-Su 17:00-08:00")
    at.button(key="records_save").click().run()
    assert not at.exception, at.exception
    assert any("Sent for review: hours_text" in i.value for i in at.info), [
        i.value for i in at.info]
    with open_live(app_env) as live:
        assert current_values(live.con, "service", "mini/svc-1")["hours_text"] is None

    at = _sign_in(_app().run(), "cora")
    at.switch_page("ui/coordinator_review.py").run()
    assert not at.exception, at.exception
    assert any("Harbor Light Night Shelter" in m.value and "eddie" in m.value
               for m in at.markdown)
    table = at.table[0].value
    assert list(table.loc["Hours (as text)"]) == ["—", "Mo-Su 17:00-08:00"]
    approve = next(b for b in at.button if b.label == "Approve")
    approve.click().run()
    assert any("Approved" in s.value for s in at.success), [e.value for e in at.error]
    with open_live(app_env) as live:
        assert current_values(live.con, "service", "mini/svc-1")["hours_text"] == \
            "Mo-Su 17:00-08:00"


def _page_text(at: AppTest) -> str:
    """Everything a person reads on the page (markdown, captions, tables, alerts)."""
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "success",
                                  "subheader", "text")
             for e in getattr(at, kind)]
    parts += [str(d.value.to_dict()) for d in at.dataframe]
    parts += [h.value for h in at.get("html")]  # the Find page's result cards
    return "\n".join(str(p) for p in parts)


def test_approver_marks_an_address_and_a_phone_private_through_the_records_page(app_env):
    """The records page toggles ``is_private`` on an address and on a phone by the same
    edit path as any field (audited, kept as edits); a specialist's Find page never shows
    them afterwards, the coordinator's page still does (marked private)."""
    at = _sign_in(_app().run(), "cora")
    at.switch_page("ui/coordinator_records.py").run()
    at.text_input(key="records_query").input("Harbor Light Campus").run()
    assert not at.exception, at.exception
    box = at.checkbox(key="f_address_private_mini/loc-1")
    assert box.value is False and "Private address" in box.label
    box.check()
    at.button(key="records_save").click().run()
    assert any("Saved: address" in s.value for s in at.success), [e.value for e in at.error]
    assert at.checkbox(key="f_address_private_mini/loc-1").value is True  # read back
    at.text_input(key="records_query").input("Northside Food").run()
    phone = at.checkbox(key="f_phone_private_mini/svc-2_3035550102_1")
    assert phone.value is False and phone.label == "Private: (303) 555-0102"
    phone.check()
    at.button(key="records_save").click().run()
    assert any("Saved: phones" in s.value for s in at.success), [e.value for e in at.error]
    with open_live(app_env) as live:
        assert live.scalar("SELECT is_private FROM address WHERE id = 'mini/addr-1'") is True
        assert live.scalar("SELECT is_private FROM location WHERE id = 'mini/loc-1'") is True
        assert live.df("SELECT is_private FROM phone WHERE service_id = 'mini/svc-2'")[
            "is_private"].tolist() == [True]
        log = live.df("SELECT action, field, after FROM audit_log WHERE user_name = 'cora' "
                      "ORDER BY seq")
        kept = live.df("SELECT field, value FROM edit ORDER BY field")
    assert list(zip(log["action"], log["field"], strict=True)) == [("edit", "address"),
                                                                   ("edit", "phones")]
    assert all('"private": true' in v for v in kept["value"])  # survives a re-import
    # the coordinator still reads the private values, marked
    history = _page_text(at.run())
    assert "(303) 555-0102 (private)" in history
    # a specialist searching there never sees them
    sam = _sign_in(_app().run(), "sam")
    sam.text_input(key="where").set_value("80204")
    sam.text_input(key="what").set_value("food")
    sam.button(key="search").click().run()
    assert not sam.exception, sam.exception
    seen = _page_text(sam)
    assert "Northside" in seen  # the service is found...
    assert "555-0102" not in seen  # ...its private phone is not
    sam.text_input(key="what").set_value("shelter")
    sam.button(key="search").click().run()
    seen = _page_text(sam)
    # the other source's own copy of the place ("1200 Lawrence Street") is its own record
    assert "Harbor Light Night Shelter" in seen and "1200 Lawrence St," not in seen


def test_a_record_saved_by_someone_else_since_it_was_opened_is_not_overwritten(app_env):
    """Two coordinators on one record: the one who saves second is told what it is now,
    nothing of the first's is lost, and saving again (having seen it) goes through."""
    at = _sign_in(_app().run(), "cora")
    at.switch_page("ui/coordinator_records.py").run()
    at.text_input(key="records_query").input("Northside Food").run()
    assert not at.exception, at.exception
    change(str(app_env), lambda s: save(s, "service", "mini/svc-2",
                                        {"name": "Northside Pantry (Dana's fix)"}, "dana"),
           records=("service", ["mini/svc-2"]))
    at.text_input(key="f_name_mini/svc-2").input("Northside Food Pantry & Market")
    at.button(key="records_save").click().run()
    told = [e.value for e in at.error]
    assert any("changed by someone else" in e and "Dana's fix" in e for e in told), told
    with open_live(app_env) as live:
        assert live.scalar("SELECT name FROM service WHERE id = 'mini/svc-2'") == \
            "Northside Pantry (Dana's fix)"
    at.text_input(key="f_name_mini/svc-2").input("Northside Food Pantry & Market")
    at.button(key="records_save").click().run()
    assert any("Saved: name" in s.value for s in at.success), [e.value for e in at.error]
