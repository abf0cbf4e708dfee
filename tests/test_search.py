"""The search engine on the demo directory: a specialist's queries, filters, statuses."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from resources.geo.places import Gazetteer
from resources.pipeline.load import load_path
from resources.search.engine import SearchEngine, SearchRequest
from resources.store import Store
from resources.vocab.needs import load_vocabulary
from tests.search_cases import CASES, REAL_CASES, precision_at_5, relevant, request_for

DENVER = ZoneInfo("America/Denver")
FRIDAY_NIGHT = datetime(2026, 11, 27, 21, 30, tzinfo=DENVER)
MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=DENVER)


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def engine(request, demo_db):
    """The session's demo store (built once per session, read only here), on each backend:
    the DuckDB file, and the same sources loaded into PostgreSQL."""
    location = str(demo_db) if request.param == "duckdb" else request.getfixturevalue("pg_demo")
    store = Store.open(location, read_only=True)
    yield SearchEngine(store, load_vocabulary(), Gazetteer.build())
    store.close()


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.need}@{c.place}")
def test_specialist_query(engine, case):
    request, at = request_for(case)
    response = engine.search(request, now=at)
    assert response.status == case.expect_status, response.message
    assert len(response.results) >= case.min_results, response.message
    if case.expect_status == "ok":
        assert precision_at_5(response.results, case) >= case.p_at_5, [
            (r.name, r.categories) for r in response.results[:5]]
        assert relevant(response.results[0], case)
    if case.crisis:
        assert response.crisis is not None and response.crisis.kind == case.crisis


def test_never_offers_inactive_closed_or_private(engine):
    store = engine.store
    hidden = set(store.df(
        "SELECT id FROM service WHERE status IN ('inactive', 'temporarily closed') "
        "OR do_not_refer OR is_private")["id"])
    assert len(hidden) >= 10
    seen = set()
    for need in ["shelter", "food", "emergency room", "crisis", "detox", "clothing", "legal aid"]:
        for place in ["80202", "80219", "80220", "80211"]:
            resp = engine.search(SearchRequest(need=need, place=place, limit=50),
                                 now=FRIDAY_NIGHT)
            seen |= {s.service_id for r in resp.results for s in r.services}
    assert seen and not (seen & hidden)


def test_open_now_at_night_lists_only_open_places_with_closing_time(engine):
    resp = engine.search(SearchRequest(need="shelter", place="80202", open_mode="now"),
                         now=FRIDAY_NIGHT)
    assert resp.results
    for r in resp.results:
        assert r.open_state in ("open", "closing")
        assert r.open_label.startswith(("Open", "Closing"))


def test_overnight_shelter_open_after_midnight(engine):
    after_midnight = datetime(2026, 11, 28, 1, 30, tzinfo=DENVER)
    resp = engine.search(SearchRequest(need="emergency shelter", place="80202", open_mode="now",
                                       limit=20), now=after_midnight)
    labels = [r.open_label for r in resp.results]
    assert any("7 AM" in lab or "Open 24 hours" in lab for lab in labels), labels


def test_unknown_hours_never_shown_as_open(engine):
    resp = engine.search(SearchRequest(need="food", place="80205", limit=50), now=MONDAY_MORNING)
    unknown = [s for r in resp.results for s in r.services if s.open_state == "unknown"]
    assert unknown, "the demo has services without hours"
    assert all(s.open_label in ("Hours not listed — call", "By appointment")
               or "unclear" in s.open_label.lower() or "unknown" in s.open_label.lower()
               for s in unknown)


def test_open_on_arrival_uses_travel_time(engine):
    near_closing = datetime(2026, 11, 30, 16, 40, tzinfo=DENVER)
    walk = engine.search(SearchRequest(need="food pantry", place="80205", open_mode="arrive",
                                       travel_mode="walk", limit=30), now=near_closing)
    drive = engine.search(SearchRequest(need="food pantry", place="80205", open_mode="arrive",
                                        travel_mode="drive", limit=30), now=near_closing)
    assert walk.results, walk.message
    assert len(drive.results) >= len(walk.results)
    for r in walk.results:
        assert r.arrival is not None and r.arrival >= near_closing


def test_filters_report_what_they_excluded(engine):
    resp = engine.search(SearchRequest(need="shelter", place="80202", gender="woman",
                                       open_mode="now", language="am", within_miles=3),
                         now=FRIDAY_NIGHT)
    assert resp.excluded and set(resp.excluded) >= {"open now", "serves women",
                                                    "language Amharic"}
    # what is left passes every filter: a women's shelter that speaks Amharic, open now
    assert resp.status == "ok" and resp.results, resp.message


def test_women_are_not_sent_to_mens_shelters(engine):
    resp = engine.search(SearchRequest(need="shelter", place="80202", gender="woman", limit=30),
                         now=FRIDAY_NIGHT)
    assert resp.results, resp.message
    for r in resp.results:
        assert not any("Men's" in s.name for s in r.services), r.name


def test_approximate_points_are_marked(engine):
    store = engine.store
    approx = store.df("SELECT l.id FROM location l WHERE geo_precision = 'zip'")["id"]
    assert len(approx) >= 3
    found = []
    for need in ["shelter", "food", "clinic", "legal aid", "clothing", "dental"]:
        for place in ["80202", "80211", "80236"]:
            resp = engine.search(SearchRequest(need=need, place=place, limit=40),
                                 now=FRIDAY_NIGHT)
            found += [r for r in resp.results if r.location_id in set(approx)]
    assert found and all(r.precision == "zip" for r in found)


def test_results_carry_phones_reasons_and_provenance(engine):
    resp = engine.search(SearchRequest(need="detox", place="80202"), now=FRIDAY_NIGHT)
    top = resp.results[0]
    assert top.phones and top.phones[0].number.startswith("(")
    assert any("mi" in reason for reason in top.reasons)
    assert any(reason.startswith("matches via category") for reason in top.reasons)
    assert top.source_id == "demo-denver" and top.last_verified
    data = top.as_dict()
    assert data["coordinates"]["lat"] == top.lat and data["services"]


def test_ranking_is_deterministic(engine):
    a = engine.search(SearchRequest(need="food", place="80205"), now=MONDAY_MORNING)
    b = engine.search(SearchRequest(need="food", place="80205"), now=MONDAY_MORNING)
    assert a.results, a.message
    assert [r.location_id for r in a.results] == [r.location_id for r in b.results]


def test_empty_directory_says_how_to_load(tmp_path):
    store = Store.open(tmp_path / "empty.duckdb")
    from resources.store.search_sql import rebuild_search_index

    rebuild_search_index(store.con)
    engine = SearchEngine(store, load_vocabulary(), Gazetteer.build())
    resp = engine.search(SearchRequest(need="food", place="80202"))
    assert resp.status == "empty_directory" and "resources load" in resp.message


@pytest.fixture(scope="module")
def real_engine(shared, tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("real") / "real.duckdb")
    load_path(store, shared / "dc-211-airs-export" / "211.csv")
    load_path(store, shared / "hifld-hospitals" / "Hospitals.csv")
    yield SearchEngine(store, load_vocabulary(), Gazetteer.build())
    store.close()


@pytest.mark.shared_data
@pytest.mark.parametrize("case", REAL_CASES, ids=lambda c: f"{c.need}@{c.place}")
def test_specialist_query_on_real_directories(real_engine, case):
    request, at = request_for(case)
    response = real_engine.search(request, now=at)
    assert response.status == "ok", response.message
    assert len(response.results) >= case.min_results, response.message
    assert precision_at_5(response.results, case) >= case.p_at_5, [
        (r.name, r.categories) for r in response.results[:5]]


def test_searches_from_several_threads_at_once(engine):
    """Streamlit serves sessions (and reruns) in threads over one cached store."""
    import threading

    errors: list[str] = []

    def work(need: str) -> None:
        try:
            for _ in range(3):
                resp = engine.search(SearchRequest(need=need, place="80202"), now=FRIDAY_NIGHT)
                assert resp.status == "ok" and resp.results, resp.message
        except Exception as exc:  # noqa: BLE001 - collected and reported below
            errors.append(repr(exc))

    threads = [threading.Thread(target=work, args=(n,)) for n in ("shelter", "food", "detox")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_a_chosen_time_without_zone_is_read_at_the_callers_place(engine):
    """The Find page's "At…" date and time are the caller's wall clock (it used to attach
    America/Denver to every place: 9 AM in DC was searched as 11 AM there)."""
    naive = FRIDAY_NIGHT.replace(tzinfo=None)
    a = engine.search(SearchRequest(need="shelter", place="80202", open_mode="at", at=naive))
    b = engine.search(SearchRequest(need="shelter", place="80202", open_mode="at",
                                    at=FRIDAY_NIGHT))
    assert a.at == FRIDAY_NIGHT and a.at.utcoffset() == FRIDAY_NIGHT.utcoffset()
    assert a.results, a.message
    assert [r.open_label for r in a.results] == [r.open_label for r in b.results]


def test_the_phone_to_call_comes_first():
    """A caller's number (intake, hotline) before an office one; text lines after voice;
    a fax never first."""
    from types import SimpleNamespace

    from resources.search.engine import _phones

    row = SimpleNamespace(**{"service_phones": [
        {"number": "(202) 555-0100", "type": "voice", "description": "Administrative Number"},
        {"number": "(202) 555-0101", "type": "fax", "description": ""},
        {"number": "(202) 555-0102", "type": "voice", "description": "Intake Number"},
        {"number": "(202) 555-0103", "type": "text", "description": ""},
        {"number": "(202) 555-0104", "type": "voice", "description": ""},
    ], "location_phones": [{"number": "(202) 555-0104", "type": "voice"}]})
    assert [p.number[-4:] for p in _phones([row])] == ["0102", "0104", "0100", "0103", "0101"]


def test_a_one_off_search_reads_only_the_rows_around_the_place(engine):
    """The CLI's engine never holds the whole index; it gives the very same answers."""
    one_off = SearchEngine(engine.store, engine.vocab, engine.gazetteer, whole_index=False)
    now = datetime(2026, 11, 27, 22, 30, tzinfo=UTC)
    requests = [SearchRequest(need="shelter", place="80202"),
                SearchRequest(need="food", place="80216", open_mode="now"),
                SearchRequest(need="detox", place="39.74, -104.99", within_miles=3),
                SearchRequest(need="somewhere to sleep tonight", place="Aurora, CO",
                              open_mode="arrive", travel_mode="walk"),
                SearchRequest(need="clinic", place="80202", language="es", limit=5)]
    for req in requests:
        whole, part = engine.search(req, now=now), one_off.search(req, now=now)
        assert whole.status == part.status and whole.message == part.message
        assert [r.as_dict() for r in whole.results] == [r.as_dict() for r in part.results]
        assert whole.results, (req.need, whole.message)
    assert one_off.candidates._index is None  # never read whole
    assert len(one_off.candidates.around(39.74, -104.99, 1000)) < len(engine.candidates.get())
    empty = one_off.candidates.around(0.0, 0.0, 1000)  # the Gulf of Guinea: no rows
    assert len(empty) == 0 and len(empty.nearest(0.0, 0.0, 1000)) == 0
