"""Fit for the caller on the Find page (issue 19, AppTest): chips from the need's words,
day and time words that set When, At… beside When in the place's zone and in the URL."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO
from tests.find_helpers import _search

DENVER = ZoneInfo("America/Denver")


def _cards(at: AppTest) -> list[str]:
    return [h.value for h in at.get("html") if "class='rf-card'" in h.value]


def _chips(at: AppTest) -> dict[str, str]:
    return {b.key.removeprefix("chip_x_"): b.label for b in at.button
            if (b.key or "").startswith("chip_x_")}


def _param(at: AppTest, name: str) -> object:
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def test_words_about_the_caller_show_as_chips_and_one_can_be_removed(app):
    at = _search(app, "80202", "shelter, family with a dog")
    assert _chips(at) == {"families": "Family with children ✕", "pets": "Pets ✕"}
    first = _cards(at)[0]
    assert "pets allowed" in first and "takes families with children" in first
    at.button(key="chip_x_pets").click()
    at.run()
    assert _chips(at) == {"families": "Family with children ✕"}
    assert not any("pets allowed" in c for c in _cards(at))
    assert _param(at, "drop") == "pets" and at.text_input(key="what").value == \
        "shelter, family with a dog"  # the words stay; only the chip is gone
    at = _search(at, "80202", "shelter for my dog")  # a new need: chips start afresh
    assert "pets" in _chips(at) and "drop" not in at.query_params


def test_day_words_leave_the_need_and_set_when_at_the_place(app):
    at = _search(app, "80202", "food pantry open saturday")
    assert at.text_input(key="what").value == "food pantry"
    assert at.session_state["open_mode"] == "At…"
    day, clock = at.session_state["_at_set"]
    today = datetime.now(DENVER).date()
    assert day.weekday() == 5 and 0 <= (day - today).days <= 6 and clock == time(12, 0)
    assert _param(at, "open") == "at" and _param(at, "at") == f"{day.isoformat()}T12:00"
    assert _chips(at) == {"when": "Open Sat 12:00 PM ✕"}
    assert any("America/Denver" in c.value for c in at.caption)
    at.button(key="chip_x_when").click()
    at.run()
    assert at.session_state["open_mode"] == "Any time" and "at" not in at.query_params
    assert not _chips(at)


def test_at_starts_now_at_the_place_and_searches_only_once_set(app):
    at = _search(app, "80202", "food")
    before = len(_cards(at))
    at.button_group(key="open_mode").set_value("At…").run()
    assert not at.exception
    now = datetime.now(DENVER)
    # At… starts at the next quarter hour at the place: after 23:45 that is tomorrow
    assert at.date_input(key="at_date").value in (now.date(),
                                                 (now + timedelta(minutes=15)).date())
    assert "at" not in at.query_params, "nothing is searched at a time not set yet"
    assert any("then Set" in c.value for c in at.caption) and len(_cards(at)) == before
    at.date_input(key="at_date").set_value(date(2026, 12, 13))  # a Sunday
    at.time_input(key="at_time").set_value(time(7, 0))
    at.button(key="at_set").click()
    at.run()
    assert _param(at, "at") == "2026-12-13T07:00"
    assert any("open Sun Dec 13, 7:00 AM (America/Denver)" in c.value for c in at.caption)


def test_a_shared_link_with_a_time_reproduces_the_search(demo_db: Path, monkeypatch):
    monkeypatch.setenv("RESOURCES_DB", str(demo_db))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    for k, v in {"where": "80202", "what": "food pantry", "open": "at",
                 "at": "2026-12-12T12:00"}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    assert at.session_state["open_mode"] == "At…"
    assert at.date_input(key="at_date").value == date(2026, 12, 12)
    assert any("open Sat Dec 12, 12:00 PM (America/Denver)" in c.value for c in at.caption)
    assert _cards(at) and _param(at, "at") == "2026-12-12T12:00"


@pytest.mark.parametrize("text", ["Mo-Fr 09:00-17:00", "x" * 300])
def test_eligibility_opens_to_its_full_text(text):
    from ui.find import ELIGIBILITY_CHARS, eligibility_html

    out = eligibility_html(text)
    assert text in out  # all of it is in the card
    assert ("<details" in out) == (len(text) > ELIGIBILITY_CHARS)


def test_condition_words_filter_and_a_name_with_a_day_stays_a_name(app):
    at = _search(app, "80202", "spanish speaking food pantry")
    assert _chips(at) == {"spanish": "Speaks Spanish ✕"}
    cards = _cards(at)
    assert cards and all("Spanish" in c for c in cards)
    at = _search(at, "80202", "Saturday Market Food Bank")
    assert at.text_input(key="what").value == "Saturday Market Food Bank"
    assert at.session_state["open_mode"] == "Any time" and not _chips(at)


def test_a_hand_edited_time_in_the_link_waits_for_set(demo_db: Path, monkeypatch):
    monkeypatch.setenv("RESOURCES_DB", str(demo_db))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    for k, v in {"where": "80202", "what": "food", "open": "at", "at": "saturday-ish"}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception and at.session_state["open_mode"] == "At…"
    assert any("then Set" in c.value for c in at.caption) and _cards(at)
