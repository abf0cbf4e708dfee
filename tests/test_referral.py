"""The referral slip's text and printable page (issue 19, "The referral slip"): absolute times
in the place's zone, SMS-length blocks, one eligibility line, the 988 line, no private
address, a printable page with ``lang`` stamped in the place's zone."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from resources.hours import evaluate, parse
from resources.search.engine import Phone, Result, ServiceSummary
from resources.search.referral import (
    SMS_SERVICE_LIMIT,
    absolute_hours,
    slip_text,
    sms_block,
)
from ui.slip_page import slip_html

DENVER = ZoneInfo("America/Denver")
# Saturday 2026-12-12, 10:00 in Denver (17:00 UTC): the night shelter opens at 8 PM today
SAT_MORNING = datetime(2026, 12, 12, 17, 0, tzinfo=UTC)


def _result(hours: str, at: datetime, *, name: str = "Night Shelter", eligibility: str = "",
            address: str = "2101 Champa St, Denver, CO 80205", precision: str = "exact",
            alert: str = "") -> Result:
    """A result whose badge comes from the real hours engine at ``at`` (Denver)."""
    status = evaluate(parse(hours, "osm"), at, DENVER)
    svc = ServiceSummary("s1", name, ["shelter"], status.state, status.label,
                         status.next_change, eligibility, hours, alert=alert)
    return Result(
        rank=1, location_id="l1", name=name, organization="Org", services=[svc],
        distance_miles=1.24, lat=39.75, lon=-104.99, precision=precision,
        open_state=status.state, open_label=status.label,
        phones=[Phone("303-555-0151", "voice")], address=address, eligibility=eligibility,
        languages=["English"], last_verified="2026-11-01", stale=False, source_id="demo",
        categories=["shelter"], reasons=[], score=1.0)


def test_hours_on_the_slip_name_the_day_not_just_the_clock():
    r = _result("Mo-Su 20:00-07:00", SAT_MORNING)
    assert r.open_label == "Opens 8 PM"  # the card's words: relative to now
    assert absolute_hours(r, SAT_MORNING) == "Opens Sat 8 PM"


def test_open_and_closing_soon_become_absolute_closing_times():
    at = datetime(2026, 12, 12, 2, 50, tzinfo=UTC)  # Fri 19:50 in Denver, closes at 20:00
    r = _result("Mo-Fr 09:00-20:00", at)
    assert r.open_label.startswith("Closing in")
    assert absolute_hours(r, at) == "Open · closes Fri 8 PM"
    at = datetime(2026, 12, 11, 18, 0, tzinfo=UTC)  # Fri 11:00
    assert absolute_hours(_result("Mo-Fr 09:00-20:00", at), at) == "Open · closes Fri 8 PM"


def test_an_opening_more_than_a_week_away_carries_its_date():
    at = datetime(2026, 12, 12, 17, 0, tzinfo=UTC)
    r = _result("Dec 28 09:00-12:00", at)
    assert absolute_hours(r, at) == "Opens Mon Dec 28 9 AM"


def test_unknown_hours_say_so():
    r = _result("by appointment, call ahead", SAT_MORNING)
    assert "call" in absolute_hours(r, SAT_MORNING).lower()
    assert not re.search(r"\bOpen\b", absolute_hours(r, SAT_MORNING))


def test_sms_text_has_stamp_absolute_hours_phone_address_eligibility_and_988():
    r = _result("Mo-Su 20:00-07:00", SAT_MORNING, eligibility="Men 18+; no pets")
    text = slip_text([r], at=SAT_MORNING, zone=DENVER)
    assert "hours as of Sat Dec 12 2026 10:00 AM MST" in text
    assert "Opens Sat 8 PM" in text
    assert "Call (303) 555-0151" in text and "2101 Champa St, Denver, CO 80205" in text
    assert "Who: Men 18+; no pets" in text
    assert "988" in text and "911" in text


def test_each_place_fits_in_320_characters_with_hours_phone_and_address_kept():
    long = "; ".join(f"Requirement number {i} for people who need this service" for i in range(30))
    r = _result("Mo-Su 20:00-07:00", SAT_MORNING, name="A very long service name " * 6,
                eligibility=long, alert="Entrance moved to the back of the building " * 5)
    block = sms_block(1, r, SAT_MORNING)
    assert len(block) <= SMS_SERVICE_LIMIT
    assert "Opens Sat 8 PM" in block and "(303) 555-0151" in block and "Champa St" in block
    assert "Who: Requirement number 0" in block and block.count("\n") >= 4


@pytest.mark.parametrize("address", ["2101 Champa St, Denver, CO 80205", ""])
def test_a_confidential_place_never_gives_its_street(address):
    r = _result("24/7", SAT_MORNING, precision="area", address=address)
    text = slip_text([r], at=SAT_MORNING, zone=DENVER)
    page = slip_html([r], at=SAT_MORNING, zone=DENVER)
    assert "Champa" not in text and "Champa" not in page
    assert "Confidential location" in text and "Confidential location" in page


def test_no_eligibility_listed_is_said_not_left_out():
    r = _result("24/7", SAT_MORNING)
    assert "Who: not listed — ask when you call" in slip_text([r], at=SAT_MORNING, zone=DENVER)


def test_printable_page_has_a_language_and_a_stamp_in_the_place_zone():
    r = _result("Mo-Su 20:00-07:00", SAT_MORNING, eligibility="Adults")
    page = slip_html([r], at=SAT_MORNING, zone=DENVER)
    assert page.startswith("<!doctype html><html lang='en'>")
    assert "Hours as of Sat Dec 12 2026 10:00 AM MST" in page and "17:00" not in page
    assert "Opens Sat 8 PM" in page and "988" in page and "<h2>Night Shelter</h2>" in page
    assert "<script" not in page


@pytest.fixture(scope="module")
def demo_engine(demo_db):
    from resources.geo.places import Gazetteer
    from resources.search.engine import SearchEngine
    from resources.store import Store
    from resources.vocab.needs import load_vocabulary

    store = Store.open(str(demo_db), read_only=True)
    yield SearchEngine(store, load_vocabulary(), Gazetteer.build())
    store.close()


_CLOCK = re.compile(r"\b\d{1,2}(:\d\d)? [AP]M\b")
_DAY = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\w{3} \d{1,2} )?\d{1,2}(:\d\d)? [AP]M\b")


@pytest.mark.parametrize("need", ["shelter", "food", "detox", "clinic", "showers"])
@pytest.mark.parametrize("mode", ["now", "arrive", "any"])
def test_every_demo_result_makes_a_short_slip_with_absolute_hours(demo_engine, need, mode):
    """Each place of a real search (the demo directory, Saturday morning in Denver): at most
    320 characters, and every clock time on its hours line carries its day."""
    from resources.search.engine import SearchRequest

    resp = demo_engine.search(SearchRequest(need=need, place="80205", open_mode=mode),
                              now=SAT_MORNING)
    assert resp.results
    for r in resp.results:
        block = sms_block(r.rank, r, resp.at)
        assert len(block) <= SMS_SERVICE_LIMIT, block
        hours = block.split("\n")[1]
        assert len(_CLOCK.findall(hours)) == len(_DAY.findall(hours)), hours
        assert "Call " in block and "Who: " in block


def test_a_record_with_only_a_name_still_makes_a_slip_that_says_what_is_missing():
    r = _result("", SAT_MORNING, name="<b>Bare</b> & Co", address="")
    r.phones = []
    block = sms_block(1, r, SAT_MORNING)
    assert "no phone listed" in block and "address not listed" in block
    assert "Who: not listed" in block and "call" in block.split("\n")[1].lower()
    page = slip_html([r], at=SAT_MORNING, zone=DENVER)
    assert "&lt;b&gt;Bare&lt;/b&gt; &amp; Co" in page and "<b>Bare</b>" not in page


def test_a_result_kept_for_later_reads_the_same_hours_a_day_later():
    from datetime import timedelta

    from resources.search.referral import with_absolute_hours

    r = with_absolute_hours(_result("Mo-Su 20:00-07:00", SAT_MORNING), SAT_MORNING)
    later = SAT_MORNING + timedelta(days=1)
    assert absolute_hours(r, later) == "Opens Sat 8 PM"
    assert r.services[0].open_label == "Opens Sat 8 PM" and r.services[0].next_change is None
