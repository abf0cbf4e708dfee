"""A coordinator's edit reaches the specialist: the next search, the slip, the route and the
CLI show the new hours, the alert (until its last day) and the bed count, and only what the
edit touched is rebuilt (the same rows a whole rebuild would write)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from resources.cli.search import response_text
from resources.coordinator import beds
from resources.coordinator.edits import EditError, save, validate
from resources.coordinator.publish import change, open_live
from resources.geo.places import Gazetteer
from resources.pipeline.refresh import after_load
from resources.search.engine import SearchEngine, SearchRequest
from resources.search.referral import slip_text
from resources.store import Store
from resources.vocab.needs import load_vocabulary
from ui.slip_page import slip_html

DENVER = ZoneInfo("America/Denver")
# Monday 18:40 in Denver: the fixture's night shelter (source schedule: every night
# 19:00-07:00) is closed and "Opens 7 PM"
EVENING = datetime(2026, 12, 7, 18, 40, tzinfo=DENVER)
SHELTER = "mini/svc-1"


@pytest.fixture(scope="module")
def engine_parts():
    return load_vocabulary(), Gazetteer.build()


def _find(db, parts, at=EVENING, service_id=SHELTER):
    vocab, gaz = parts
    with open_live(db) as live:
        response = SearchEngine(live, vocab, gaz).search(
            SearchRequest(need="", place="80204"), now=at)
    for result in response.results:
        for svc in result.services:
            if svc.service_id == service_id:
                return response, result, svc
    raise AssertionError(f"{service_id} not in the results: "
                         f"{[r.name for r in response.results]}")


def _edit(db, table, rid, changes):
    return change(db, lambda s: save(s, table, rid, changes, "carol"), records=(table, [rid]))


def test_hours_edit_replaces_the_source_schedule_at_once(live_db, engine_parts):
    _, _, before = _find(live_db, engine_parts)
    assert before.open_state == "closed" and "7 PM" in before.open_label
    _edit(live_db, "service", SHELTER, {"hours_text": "Mo-Su 17:00-08:00"})
    _, _, after = _find(live_db, engine_parts)
    # the coordinator's hours win over the source's structured schedule rows
    assert after.open_state == "open", after.open_label
    assert "8 AM" in after.open_label
    # and the open-now filter (SQL over the hours tables) agrees with the card
    vocab, gaz = engine_parts
    with open_live(live_db) as live:
        open_now = SearchEngine(live, vocab, gaz).search(
            SearchRequest(need="", place="80204", open_mode="now"), now=EVENING)
    assert SHELTER in {s.service_id for r in open_now.results for s in r.services}


def test_location_hours_edit_replaces_location_wide_rows_only(live_db, engine_parts):
    # the shelter's own schedule rows are about the service: a location edit leaves them
    _edit(live_db, "location", "mini/loc-1", {"hours_text": "Mo-Fr 09:00-10:00"})
    _, _, svc = _find(live_db, engine_parts)
    assert "7 PM" in svc.open_label


def test_alert_is_shown_through_its_last_day_only(live_db, engine_parts):
    last_day = EVENING.date() + timedelta(days=2)
    _edit(live_db, "service", SHELTER, {"alert": "Entrance moved to the back",
                                        "alert_until": last_day.isoformat()})
    response, result, svc = _find(live_db, engine_parts)
    assert svc.alert == "Entrance moved to the back" and svc.alert_until == last_day.isoformat()
    assert "Alert: Entrance moved to the back (until" in slip_text([result])
    assert "Entrance moved to the back" in slip_html([result])
    assert "Alert: Entrance moved to the back" in response_text(response)
    on_last_day = EVENING + timedelta(days=2)
    assert _find(live_db, engine_parts, at=on_last_day)[2].alert
    day_after = EVENING + timedelta(days=3)
    assert _find(live_db, engine_parts, at=day_after)[2].alert == ""


def test_clearing_the_alert_clears_its_end_date(live_db):
    _edit(live_db, "service", SHELTER, {"alert": "Closed for cleaning at noon",
                                        "alert_until": "2099-01-01"})
    _edit(live_db, "service", SHELTER, {"alert": ""})
    from resources.coordinator.edits import current_values

    with open_live(live_db) as live:
        values = current_values(live.con, "service", SHELTER)
    assert values["alert"] is None and values["alert_until"] is None


def test_an_alert_end_date_in_the_past_is_refused():
    with pytest.raises(EditError, match="Alert shown until: the date has passed"):
        validate("service", {"alert": "x", "alert_until": "2001-01-01"})


def test_beds_show_with_their_age_on_the_card_slip_and_cli(live_db, engine_parts):
    reported = datetime.now(UTC) - timedelta(minutes=25)
    change(live_db, lambda s: beds.set_beds(s, "service", SHELTER, 3, "carol", total=40,
                                            now=reported), records=("service", [SHELTER]))
    response, result, svc = _find(live_db, engine_parts)
    assert svc.beds.startswith("3 beds free (of 40) · updated 2")  # 25 or 26 min ago
    assert "min ago" in svc.beds and "carol" not in svc.beds  # who reported: not the card's
    assert "Beds: 3 beds free (of 40)" in slip_text([result])
    assert "3 beds free" in response_text(response)
    # a later report replaces it
    change(live_db, lambda s: beds.set_beds(s, "service", SHELTER, 0, "dan", total=40),
           records=("service", [SHELTER]))
    assert _find(live_db, engine_parts)[2].beds.startswith("0 beds free (of 40)")


def test_route_stop_shows_alert_and_beds(live_db):
    from resources.pipeline.hours_lookup import HoursLookup
    from resources.routes.stops import Sources, StopBuilder, parse_stop_spec

    _edit(live_db, "service", SHELTER, {"alert": "Use the side door"})
    change(live_db, lambda s: beds.set_beds(s, "service", SHELTER, 5, "carol", total=40),
           records=("service", [SHELTER]))
    with open_live(live_db) as live:
        src = Sources(live, Gazetteer.build(), HoursLookup(live))
        stop = StopBuilder(src, EVENING, EVENING + timedelta(hours=8)).build(
            [parse_stop_spec(SHELTER)])[0]
    label = stop.hours_label
    assert "alert: Use the side door" in label and "beds: 5 beds free (of 40)" in label


def _index_rows(con, service_id):
    cur = con.execute("SELECT * EXCLUDE (hours_rid) FROM search_index WHERE service_id = ? "
                      "ORDER BY sal_id", [service_id])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def test_targeted_refresh_writes_what_a_whole_rebuild_writes(live_db):
    _edit(live_db, "service", SHELTER, {"hours_text": "Mo-Su 17:00-08:00", "alert": "Side door",
                                        "phones": ["720-555-0199"], "languages": ["Somali"]})
    _edit(live_db, "location", "mini/loc-1", {"name": "Harbor Light Main Campus"})
    with open_live(live_db) as live:
        targeted = _index_rows(live.con, SHELTER)
        hours = live.con.execute(
            "SELECT parse_status, mode FROM hours_records WHERE service_id = ?",
            [SHELTER]).fetchall()
    with Store.open(live_db) as store:
        after_load(store)
        whole = _index_rows(store.con, SHELTER)
        whole_hours = store.con.execute(
            "SELECT parse_status, mode FROM hours_records WHERE service_id = ?",
            [SHELTER]).fetchall()
    assert targeted == whole and hours == whole_hours
    assert targeted[0]["location_name"] == "Harbor Light Main Campus"


def test_closing_a_service_takes_it_out_of_search_at_once(live_db, engine_parts):
    _edit(live_db, "service", SHELTER, {"status": "inactive"})
    vocab, gaz = engine_parts
    with open_live(live_db) as live:
        response = SearchEngine(live, vocab, gaz).search(
            SearchRequest(need="", place="80204"), now=EVENING)
    assert SHELTER not in {s.service_id for r in response.results for s in r.services}


def test_records_are_found_by_what_people_call_them(demo_db):
    """A coordinator types the place's name: the place and the services there are listed,
    each place before its services, with where each service is offered."""
    from resources.store.queries import find_records

    with Store.open(demo_db, read_only=True) as store:
        found = find_records(store, "yarrow house")
    rows = list(found.itertuples())
    assert [r.t for r in rows] == ["location", "service"]
    assert rows[0].name == "DEMO · Yarrow House – Emergency shelter"
    assert rows[1].name == "Low-Barrier Shelter" and "Yarrow House" in rows[1].context
    # a service is also found by its organization's name
    with Store.open(demo_db, read_only=True) as store:
        by_org = find_records(store, "Yarrow Housing Collective")
    assert "Women's Overnight Shelter" in set(by_org["name"])


def test_a_record_named_exactly_so_comes_first(live_db):
    """Two sources each have a "Harbor Light Night Shelter ..." service: the one named
    exactly what the coordinator typed is the first choice (the one opened)."""
    from resources.store.queries import find_records

    with Store.open(live_db, read_only=True) as store:
        found = find_records(store, "Harbor Light Night Shelter")
    assert found.iloc[0]["id"] == SHELTER
    assert len(found) > 1


def test_a_renamed_service_is_found_by_its_new_name(live_db, engine_parts):
    """The full-text index follows a coordinator's edit, and every other service keeps its
    own text (the edited rows keep their document number)."""
    _edit(live_db, "service", SHELTER, {"name": "Harbor Light Winter Refuge"})
    vocab, gaz = engine_parts
    with open_live(live_db) as live:
        engine = SearchEngine(live, vocab, gaz)
        found = engine.search(SearchRequest(need="winter refuge", place="80204"), now=EVENING)
        pantry = engine.search(SearchRequest(need="pantry", place="80204"), now=EVENING)
        keys = live.con.execute("SELECT service_id, service_key FROM search_index").fetchall()
    assert SHELTER in {s.service_id for r in found.results[:1] for s in r.services}
    assert "mini/svc-2" in {s.service_id for r in pantry.results[:2] for s in r.services}
    assert len({k for _, k in keys}) == len({s for s, _ in keys})  # one key per service
