"""The Find page (AppTest) on crisis words: the banner with no place or an unknown one, the
national lines, "Did you mean" as buttons, and the caller's words kept out of the URL."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO
from tests.find_helpers import _search


def _lines(at: AppTest) -> str:
    return " ".join(h.value for h in at.get("html") if "class='rf-hotlines'" in h.value)


@pytest.mark.parametrize(("what", "number"), [("i want to kill myself", "988"),
                                              ("my kid drank bleach", "1-800-222-1222"),
                                              ("mi esposo me pega", "1-800-799-7233")])
def test_crisis_words_raise_the_banner_and_lines_before_any_place(app, what, number):
    at = _search(app, "", what)
    assert at.error, "the banner, at once, with Where empty"
    assert number in at.error[0].value or number in _lines(at)
    assert "National crisis lines" in _lines(at) and number in _lines(at)
    assert any("Type where the caller is" in i.value for i in at.info)


def test_poisoning_words_name_poison_control_in_the_banner(app):
    at = _search(app, "80202", "swallowed pills")
    assert at.error and "1-800-222-1222" in at.error[0].value
    assert "Poison Control" in _lines(at)


def test_dv_words_get_the_dv_hotline_with_the_banner(app):
    at = _search(app, "80202", "my husband hits me")
    assert at.error and "1-800-799-7233" in at.error[0].value and "88788" in at.error[0].value


def test_unresolved_place_lists_the_national_lines(app):
    at = _search(app, "00000", "food")
    assert "National lines (place not resolved yet)" in _lines(at) and "988" in _lines(at)
    at = _search(at, "00000", "took a whole bottle of pills")
    assert at.error and "Poison Control" in _lines(at)


def test_did_you_mean_places_are_buttons_that_set_the_place_and_search(app):
    at = _search(app, "Springfield", "food")
    choice = at.button(key="place_choice_0")
    assert choice.label == "Springfield, IL"
    choice.click()
    at.run()
    assert at.text_input(key="where").value == "Springfield, IL"
    assert not any("matches" in w.value for w in at.warning), "the place is resolved now"
    assert at.query_params["where"] in ("Springfield, IL", ["Springfield, IL"])


def test_crisis_words_stay_out_of_the_url_unless_chosen(app):
    at = _search(app, "80202", "i want to kill myself")
    assert "what" not in at.query_params and at.query_params["where"] in ("80202", ["80202"])
    at.selectbox(key="need_in_url").set_value("Shown")
    at.run()
    assert at.query_params["what"] in ("i want to kill myself", ["i want to kill myself"])
    at.selectbox(key="need_in_url").set_value("Always hidden")
    at = _search(at, "80202", "detox")
    assert "what" not in at.query_params


def test_a_shared_link_with_crisis_words_drops_them_from_the_address(demo_db, monkeypatch):
    monkeypatch.setenv("RESOURCES_DB", str(demo_db))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    at.query_params["where"] = "80202"
    at.query_params["what"] = "I want to kill myself"
    at.run()
    assert at.error and "988" in at.error[0].value
    assert "what" not in at.query_params


def test_every_crisis_class_found_is_named_in_the_banner(app):
    at = _search(app, "80202", "i want to die, my husband hits me")
    banner = at.error[0].value
    assert banner.startswith("**Danger now? Call 911.**") and "1-800-799-7233" in banner
    assert "Also: **Suicide or self-harm** — call **988**" in banner
    assert "988 Suicide &amp; Crisis Lifeline</b> — 988 · text 988" in _lines(at)


def test_an_empty_directory_still_shows_the_banner_and_the_crisis_lines(tmp_path, monkeypatch):
    from resources.store import Store
    from resources.store.search_sql import rebuild_search_index

    db = tmp_path / "empty.duckdb"
    with Store.open(db) as store:
        rebuild_search_index(store.con)
    monkeypatch.setenv("RESOURCES_DB", str(db))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    at.run()
    at = _search(at, "80202", "suicidal thoughts")
    assert at.error and "988" in at.error[0].value
    assert "Crisis Text Line" in _lines(at)
