"""Matching beyond the need vocabulary (issue 17): the full-text signal, population words,
contradicting words. The figures are in bench/quality.py; these are the behaviours."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from resources.geo.places import Gazetteer
from resources.pipeline.load import load_path
from resources.search.engine import SearchEngine, SearchRequest
from resources.search.matching import MatchingRulesError, load_rules, rules_from_dict
from resources.search.text_index import QueryTextIndex, TextIndex
from resources.store import Store
from resources.store.text_sql import text_matches
from resources.vocab.needs import load_vocabulary
from tests.coord_helpers import MINI, add_row, copy_source

HERE = "39.74, -104.99"  # the mini fixture's campus
AT = datetime(2026, 11, 30, 11, 0, tzinfo=ZoneInfo("America/Denver"))


def _place(src: Path, n: int, org: str, name: str, description: str, eligibility: str,
           lat: float, lon: float) -> None:
    """A service at its own place, with no category a loader could map."""
    add_row(src / "organizations.csv", id=f"org-{n}", name=org, description="")
    add_row(src / "locations.csv", id=f"loc-{n}", location_type="physical",
            organization_id=f"org-{n}", name=org, latitude=str(lat), longitude=str(lon))
    add_row(src / "services.csv", id=f"svc-{n}", organization_id=f"org-{n}", name=name,
            description=description, status="active", eligibility_description=eligibility)
    add_row(src / "service_at_location.csv", id=f"sal-{n}", service_id=f"svc-{n}",
            location_id=f"loc-{n}")


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    """The mini fixture (no categories at all) with a few more uncategorized places: what
    a directory whose categories the vocabulary does not map looks like to the engine."""
    src = copy_source(MINI, tmp_path_factory.mktemp("m") / "mini")
    _place(src, 10, "Covenant Youth Center", "Youth Emergency Shelter",
           "Overnight shelter beds for runaway and homeless youth.", "Ages 12-17.",
           39.7400, -104.9300)  # 3.2 mi east
    _place(src, 11, "Grace Women's House", "Women's Overnight Shelter",
           "Emergency shelter beds for single women.", "Women 18 and over.",
           39.7420, -104.9850)
    _place(src, 12, "Office of the Chief Medical Examiner", "Forensic Odontology",
           "Forensic dentistry: dental identification of remains for the coroner.", "",
           39.7410, -104.9890)
    _place(src, 13, "Eastside Community Dental Clinic", "Dental Clinic",
           "Cleanings, fillings and emergency dental care for adults and children.", "",
           39.7500, -104.9500)  # 2.2 mi
    store = Store.open(":memory:")
    load_path(store, src, source_id="mini")
    return SearchEngine(store, load_vocabulary(), Gazetteer.build())


def _names(engine: SearchEngine, need: str) -> list[str]:
    response = engine.search(SearchRequest(need=need, place=HERE), now=AT)
    return [s.name for r in response.results for s in r.services]


def test_a_service_with_no_category_is_found_by_what_it_says(engine: SearchEngine) -> None:
    # no service in the fixture has a category: "shelter" still finds the night shelter
    for need in ("shelter", "shleter", "night shelter", "overnight beds"):
        assert "Harbor Light Night Shelter" in _names(engine, need)[:3], need
    response = engine.search(SearchRequest(need="shelter", place=HERE), now=AT)
    first = response.results[0]
    assert "its description matches the words" in first.reasons


def test_teen_runaway_ranks_a_youth_shelter_above_adult_and_womens_shelters(
        engine: SearchEngine) -> None:
    names = _names(engine, "teen runaway needs a place to stay")
    assert names[0] == "Youth Emergency Shelter"  # 3.2 mi away, the others within 0.3 mi
    response = engine.search(SearchRequest(need="jóvenes sin hogar", place=HERE), now=AT)
    assert response.results[0].services[0].name == "Youth Emergency Shelter"
    assert any(r.startswith("serves youth") for r in response.results[0].reasons)


def test_women_words_rank_a_womens_shelter_first(engine: SearchEngine) -> None:
    assert _names(engine, "shelter for women")[0] == "Women's Overnight Shelter"
    assert _names(engine, "refugio para mujeres")[0] == "Women's Overnight Shelter"


def test_dentist_never_puts_forensic_dentistry_first(engine: SearchEngine) -> None:
    names = _names(engine, "dentist")
    assert names[0] == "Dental Clinic", names  # 2.2 mi; the examiner's office is next door
    response = engine.search(SearchRequest(need="dentist", place=HERE), now=AT)
    examiner = next(r for r in response.results if r.services[0].name == "Forensic Odontology")
    assert any("points to something else" in r for r in examiner.reasons)
    # asked for in its own words, it is not contradicted
    assert _names(engine, "forensic dentistry")[0] == "Forensic Odontology"


@pytest.mark.parametrize("kind", [TextIndex, QueryTextIndex])
def test_bm25_in_memory_and_per_query_equals_the_fts_extension(engine: SearchEngine,
                                                               kind: type) -> None:
    index = kind(engine.store)
    for query in ("shelter", "dental care", "overnight shelter beds", "food pantry groceries"):
        reference = text_matches(engine.store.con, query)
        hits = index.hits(query)
        assert len(hits) == len(reference) > 0, query
        np.testing.assert_allclose(hits.at(reference["service_key"].to_numpy()),
                                   reference["bm25"].to_numpy(), rtol=1e-9)
    typo = index.hits("shleter")  # read as the nearest indexed stem, at its closeness
    assert len(typo) and typo.words == ("shelter",)


def test_one_off_search_answers_as_the_app_does(engine: SearchEngine) -> None:
    one_off = SearchEngine(engine.store, engine.vocab, engine.gazetteer, whole_index=False)
    for need in ("dentist", "overnight shelter", "shleter", "mental health"):
        req = SearchRequest(need=need, place=HERE)
        assert _names(one_off, need) == _names(engine, need), need
        assert ([r.reasons for r in one_off.search(req, now=AT).results]
                == [r.reasons for r in engine.search(req, now=AT).results]), need


def test_population_words_are_read_in_english_and_spanish() -> None:
    rules = load_rules()
    ids = lambda q: [p.id for p in rules.populations_in(q)]  # noqa: E731
    assert ids("teen runaway needs a place to stay") == ["youth"]
    assert ids("Jóvenes sin hogar") == ["youth"]
    assert ids("bed for me and my kids") == ["families"]
    assert ids("veterano con familia") == ["families", "veterans"]
    assert ids("ayuda para mujeres") == ["women"]
    assert ids("food") == []
    # "women" never reads as "men", "menu" never as "men"
    assert ids("menu for women") == ["women"]


def test_rules_name_only_needs_that_exist_and_bad_rules_are_all_reported() -> None:
    vocab = load_vocabulary()
    import yaml

    from resources.search.matching import default_rules_path

    data = yaml.safe_load(default_rules_path().read_text(encoding="utf-8"))
    rules_from_dict(data, need_ids=[n.id for n in vocab.needs])  # every need id exists
    with pytest.raises(MatchingRulesError) as err:
        rules_from_dict({"populations": {"kids": {"query": ["kid"], "fits": ["(unclosed"]},
                                         "old": {"query": "senior"}},
                         "contradictions": [{"needs": ["dentl"], "words": ["forensic"]}]},
                        need_ids=[n.id for n in vocab.needs])
    text = str(err.value)
    assert "bad regex" in text and "old.query" in text and "'dentl'" in text


def test_contradicting_words_are_declared_per_need_family() -> None:
    rules = load_rules()
    dental = rules.contradicting(["dental"], "dentist")
    assert dental is not None and dental.search("forensic odontology")
    assert not dental.search("community dental clinic")
    mental = rules.contradicting(["walk_in_mental_health"], "mental health")
    assert mental is not None and mental.search("children's hearing and speech center")
    assert rules.contradicting(["dental"], "forensic dentistry") is None  # asked for
    assert rules.contradicting(["food_pantry"], "dentist") is not None  # pet food
    assert rules.contradicting(["employment"], "job") is None  # no rule for that need


@pytest.mark.parametrize("whole", [True, False])
def test_an_empty_directory_answers_no_results_without_an_error(whole: bool) -> None:
    from resources.store.search_sql import rebuild_search_index

    store = Store.open(":memory:")
    rebuild_search_index(store.con)  # a full-text index of no documents (NULL statistics)
    engine = SearchEngine(store, load_vocabulary(), Gazetteer.build(), whole_index=whole)
    assert len(engine.text.hits("shelter")) == 0
    response = engine.search(SearchRequest(need="shelter", place=HERE), now=AT)
    assert response.status == "empty_directory" and response.results == []
