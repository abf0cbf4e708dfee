"""Crisis words through the engine and the CLI: the signal and the national lines on every
store (empty, without a hotline list, with one), with no place and with an unknown place."""

from __future__ import annotations

import json

import pytest

from resources.cli import main
from resources.geo.places import Gazetteer
from resources.pipeline.load import load_path
from resources.search.engine import SearchEngine, SearchRequest
from resources.store import Store
from resources.store.search_sql import rebuild_search_index
from resources.vocab.national_lines import number_key
from resources.vocab.needs import load_vocabulary

VOCAB = load_vocabulary()
GAZ = Gazetteer.build()


def _summaries(resp) -> str:
    return " | ".join(str(h.get("phone_summary")) for h in resp.hotlines)


@pytest.fixture(scope="module")
def demo_engine(demo_db):
    with Store.open(demo_db, read_only=True) as store:
        yield SearchEngine(store, VOCAB, GAZ)


def test_empty_store_still_gives_the_crisis_lines(tmp_path):
    with Store.open(tmp_path / "empty.duckdb") as store:
        rebuild_search_index(store.con)
        resp = SearchEngine(store, VOCAB, GAZ).search(
            SearchRequest(need="suicidal thoughts", place="80202"))
    assert resp.status == "empty_directory"
    assert resp.crisis is not None and resp.crisis.call == "988"
    assert "988" in _summaries(resp) and "text HOME to 741741" in _summaries(resp)


@pytest.mark.shared_data
def test_a_directory_without_a_hotline_list_offers_988_for_suicidal_thoughts(shared, tmp_path):
    """Issue 17: "suicidal thoughts" was flagged but offered no 988 on a store without a
    hotline list (here the real DC 211 export)."""
    with Store.open(tmp_path / "dc.duckdb") as store:
        load_path(store, shared / "dc-211-airs-export" / "211.csv")
        resp = SearchEngine(store, VOCAB, GAZ).search(
            SearchRequest(need="suicidal thoughts", place="20001"))
    assert resp.status == "ok" and resp.crisis is not None
    assert resp.hotlines[0]["name"] == "988 Suicide & Crisis Lifeline"


def test_poisoning_words_get_the_banner_and_poison_control_not_shelters(demo_engine):
    resp = demo_engine.search(SearchRequest(need="took a whole bottle of pills", place="80202"))
    assert resp.crisis is not None and resp.crisis.kind == "overdose"
    assert resp.hotlines[0]["name"].startswith("Emergency")
    assert "1-800-222-1222" in _summaries(resp)
    assert not any("shelter" in c for r in resp.results[:3] for c in r.categories)


def test_a_loaded_hotline_list_adds_lines_and_never_repeats_a_national_number(demo_engine):
    resp = demo_engine.search(SearchRequest(need="i want to kill myself", place="80202"))
    names = [h["name"] for h in resp.hotlines]
    assert names[:3] == ["988 Suicide & Crisis Lifeline", "Crisis Text Line",
                         "Emergency (police, fire, ambulance)"]
    assert "Veterans Crisis Line" in names  # a number of its own (text 838255): kept
    assert any(n.startswith("DEMO") for n in names), "local lines of the loaded list"
    shown = [frozenset(number_key(p["number"]) for p in h["phones"]
                       if p.get("type") not in ("tty", "textphone")) for h in resp.hotlines]
    assert len(shown) == len(set(shown)), names
    assert names.count("988 Suicide & Crisis Lifeline") == 1


@pytest.mark.parametrize("place", ["", "00000", "Springfield"])
def test_crisis_words_without_a_resolved_place_get_the_signal_and_lines(demo_engine, place):
    resp = demo_engine.search(SearchRequest(need="my kid drank bleach", place=place))
    assert resp.status in ("place_not_found", "place_ambiguous")
    assert resp.crisis is not None and resp.crisis.kind == "overdose"
    assert "1-800-222-1222" in _summaries(resp) and "911" in _summaries(resp)


def test_an_unresolved_place_lists_the_national_lines_without_crisis_words(demo_engine):
    resp = demo_engine.search(SearchRequest(need="food", place="Springfield"))
    assert resp.status == "place_ambiguous" and resp.crisis is None
    assert "988" in _summaries(resp) and "text HOME to 741741" in _summaries(resp)


def test_cli_search_without_near_prints_the_crisis_lines(demo_db, capsys):
    assert main(["--db", str(demo_db), "search", "quiero matarme"]) == 3
    out = capsys.readouterr().out
    assert out.startswith("!! Suicide or self-harm: call 988")
    assert "988 Suicide & Crisis Lifeline: 988" in out and "text HOME to 741741" in out


def test_cli_search_with_an_unknown_place_prints_the_crisis_lines(demo_db, capsys):
    assert main(["--db", str(demo_db), "search", "mi esposo me pega", "--near", "00000",
                 "--json"]) == 3
    out = json.loads(capsys.readouterr().out)
    assert out["crisis"] == "violence" and out["crisis_call"] == "911"
    assert any("1-800-799-7233" in h["phone_summary"] for h in out["hotlines"])
