"""A search on a PostgreSQL store answers what the same directory answers in DuckDB.

The demo sources (data/raw) are loaded into a fresh PostgreSQL database in the order the
demo build loads them into its DuckDB file; the same searches, in the engine and on the
command line, must return the same services in the same order, with the same hotlines.
"""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from resources.cli import main
from resources.geo.places import Gazetteer
from resources.search.engine import SearchEngine, SearchRequest, SearchResponse
from resources.store import Store
from resources.vocab.needs import load_vocabulary

AT = datetime(2026, 3, 4, 10, 30, tzinfo=ZoneInfo("America/Denver"))  # a Wednesday morning

REQUESTS = [
    SearchRequest(need="food pantry", place="80204"),
    SearchRequest(need="food pantry", place="80204", open_mode="at", at=AT),
    SearchRequest(need="shelter tonight", place="Denver, CO", limit=15),
    SearchRequest(need="free dental care", place="80218", language="es"),
    SearchRequest(need="help paying rent", place="80211", within_miles=3),
    SearchRequest(need="suicide", place="80204"),  # crisis: the hotlines panel
    SearchRequest(need="wheelchair accessible clinic", place="80203", wheelchair=True),
]


def _shape(response: SearchResponse) -> dict[str, object]:
    def row(r):  # type: ignore[no-untyped-def]
        return (r.location_id, [s.service_id for s in r.services], r.open_state,
                round(r.distance_miles, 4), r.address, [p.number for p in r.phones])

    return {
        "status": response.status,
        "results": [row(r) for r in response.results],
        "hotlines": [h["service_id"] for h in response.hotlines],
        "nearest_outside": [row(r) for r in response.nearest_outside],
        "excluded": response.excluded,
    }


@pytest.mark.parametrize("whole_index", [True, False], ids=["app", "one-off"])
def test_the_same_searches_give_the_same_results_on_both_backends(demo_db, pg_demo,
                                                                 whole_index):
    vocabulary, gazetteer = load_vocabulary(), Gazetteer.load()
    answers = {}
    for name, location in (("duckdb", str(demo_db)), ("postgres", pg_demo)):
        with Store.open(location, read_only=True) as store:
            engine = SearchEngine(store, vocabulary, gazetteer, whole_index=whole_index)
            answers[name] = [_shape(engine.search(r)) for r in REQUESTS]
    assert all(a["results"] for a in answers["duckdb"][:3])  # the searches find something
    assert answers["duckdb"][5]["hotlines"]
    for request, duck, pg in zip(REQUESTS, answers["duckdb"], answers["postgres"], strict=True):
        assert pg == duck, request


def test_the_search_command_answers_the_same_on_both_backends(demo_db, pg_demo, capsys):
    out = {}
    for name, location in (("duckdb", str(demo_db)), ("postgres", pg_demo)):
        assert main(["search", "food pantry", "--near", "80204", "--db", location,
                     "--json"]) == 0
        answer = json.loads(capsys.readouterr().out)
        out[name] = [(r["location_id"], [s["service_id"] for s in r["services"]])
                     for r in answer["results"]]
    assert out["duckdb"] and out["postgres"] == out["duckdb"]
