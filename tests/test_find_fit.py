"""Fit for the caller (issue 19), in the engine: the need's words about the caller become
chips (ranking preferences or filters) and its day and time words set When, on the demo
directory (Denver)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from resources.geo.places import Gazetteer
from resources.search.engine import SearchEngine, SearchRequest, SearchResponse
from resources.search.matching import load_rules
from resources.store import Store
from resources.vocab.needs import load_vocabulary

DENVER = ZoneInfo("America/Denver")
MONDAY_10AM = datetime(2026, 12, 7, 10, 0, tzinfo=DENVER)


@pytest.fixture(scope="module")
def engine(demo_db: Path) -> SearchEngine:
    store = Store.open(demo_db, read_only=True)
    yield SearchEngine(store, load_vocabulary(), Gazetteer.build())
    store.close()


def _search(engine: SearchEngine, need: str, **kw: object) -> SearchResponse:
    return engine.search(SearchRequest(need=need, place="80202", **kw), now=MONDAY_10AM)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "chips"), [
    ("shelter tonight, family with a dog", ["families", "pets"]),
    ("refugio para mi perro y mis hijos", ["families", "pets"]),
    ("teen runaway", ["youth"]), ("veterano", ["veterans"]), ("senior meals", ["seniors"]),
    ("shelter for women", ["women"]), ("men's shelter", ["men"]),
    ("wheelchair user needs a shelter", ["wheelchair"]),
    ("spanish speaking food pantry", ["spanish"]), ("clínica en español", ["spanish"]),
    ("refugio, silla de ruedas", ["wheelchair"]),
    # near misses: not about the caller
    ("family planning clinic", []), ("need a wheelchair", []), ("spanish classes", []),
    ("hot dog stand", []), ("minor injury clinic", []), ("pet food", []), ("food", []),
    ("salvation army shelter", []),
])
def test_words_about_the_caller_become_chips_in_english_and_spanish(text, chips):
    assert [c.id for c in load_rules().chips(text)] == chips


def _has(result, words: str) -> bool:
    return any(words in r for r in result.reasons)


def test_family_with_a_dog_puts_family_and_pets_shelters_first_and_says_why(engine):
    resp = _search(engine, "shelter tonight, family with a dog", limit=60)
    assert [c.label for c in resp.chips] == ["Family with children", "Pets"]
    assert resp.when is not None and resp.when.label == "Open Mon 8:00 PM"
    assert resp.need_searched == "shelter, family with a dog"
    fits_both = [_has(r, "pets allowed") and _has(r, "takes families with children")
                 for r in resp.results]
    assert all(fits_both[:5]), "the first five take families and pets"
    family = [f for f, r in zip(fits_both, resp.results, strict=True)
              if _has(r, "category Family shelter")]
    assert family == sorted(family, reverse=True), "family shelters taking pets first"
    # a men-only shelter says it excludes the family, in its own words, and comes after
    # every place that does not exclude the caller
    men = [i for i, r in enumerate(resp.results) if _has(r, "may not serve families")]
    assert men and any("“Men only”" in x for x in resp.results[men[0]].reasons)
    others = [i for i, r in enumerate(resp.results) if not any("may not" in x for x in r.reasons)]
    assert max(others) < min(men)


def test_removing_a_chip_searches_without_it(engine):
    resp = _search(engine, "shelter tonight, family with a dog", ignore_chips=("pets",))
    assert [c.id for c in resp.chips] == ["families"]
    assert not any(_has(r, "pets allowed") for r in resp.results)


def test_condition_words_filter_and_say_so(engine):
    resp = _search(engine, "spanish speaking food pantry")
    assert [c.label for c in resp.chips] == ["Speaks Spanish"]
    assert resp.results and all("Spanish" in r.languages for r in resp.results)
    assert resp.excluded.get("language Spanish", 0) > 0
    wheel = _search(engine, "shelter, wheelchair user")
    assert "wheelchair accessible" in wheel.excluded


def test_food_pantry_open_saturday_answers_pantries_open_on_the_coming_saturday(engine):
    resp = _search(engine, "food pantry open saturday")
    assert resp.when is not None and resp.when.label == "Open Sat 12:00 PM"
    assert resp.at == datetime(2026, 12, 12, 12, 0, tzinfo=DENVER)
    assert resp.need_searched == "food pantry"
    assert resp.results and all(r.open_state in ("open", "closing") for r in resp.results)
    assert resp.excluded["open at the chosen time"] > 0  # pantries closed on Saturdays
    anytime = _search(engine, "food pantry")
    assert anytime.when is None and {r.location_id for r in anytime.results} != \
        {r.location_id for r in resp.results}


def test_a_name_starting_with_a_day_sets_no_when(engine):
    resp = _search(engine, "Saturday Market Food Bank")
    assert resp.when is None and resp.need_searched == "Saturday Market Food Bank"


def test_a_time_the_specialist_chose_wins_over_the_words(engine):
    chosen = datetime(2026, 12, 8, 9, 0)
    resp = _search(engine, "food pantry open saturday", open_mode="at", at=chosen)
    assert resp.when is None and resp.at == chosen.replace(tzinfo=DENVER)


def test_a_service_that_excludes_the_caller_says_so_in_its_own_words():
    import pyarrow as pa

    from resources.search.matching import population_fit, population_fits, population_reasons

    rules = load_rules()
    pops = rules.populations_in("family with a dog")
    text = pa.array(["Families with children welcome. Pets allowed (kennels on site).",
                     "Single adults only. No pets.", "Open to everyone.", None])
    fits = population_fits(text, [[], [], [], None], pops)
    assert fits.tolist() == [[1, 1], [-1, -1], [0, 0], [0, 0]]
    assert population_fit(text, [[], [], [], None], pops).tolist() == [1, -1, 0, 0]
    reasons = population_reasons(fits, text, pops)
    assert reasons[0] == ["takes families with children", "pets allowed"]
    assert reasons[1] == ["may not serve families with children: “Single adults only”",
                          "may not take pets: “No pets”"]
    assert reasons[2] == reasons[3] == []


def test_the_cli_says_what_it_read_from_the_words(engine):
    from resources.cli.search import response_json, response_text

    resp = _search(engine, "food pantry open saturday, spanish speaking")
    assert "read from the words: Open Sat 12:00 PM (“open saturday”) · Speaks Spanish" \
        in response_text(resp)
    out = response_json(resp)
    assert out["when"]["at"] == "2026-12-12T12:00:00-07:00"
    assert [c["id"] for c in out["chips"]] == ["spanish"]
