"""Needs vocabulary and matcher: what a crisis-line specialist would notice."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from resources.vocab.needs import (
    REQUIRED_IDS,
    Vocabulary,
    VocabularyError,
    is_crisis_text,
    load_vocabulary,
    match_needs,
    needs_for_airs,
    needs_for_hifld,
    needs_for_open_eligibility,
    needs_for_osm,
    text_score,
    vocabulary_from_dict,
)
from tests.conftest import SHARED

DC_211 = SHARED / "dc-211-airs-export" / "211.csv"


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


def top(vocab: Vocabulary, text: str, n: int = 1) -> list[str]:
    return [m.need_id for m in match_needs(text, vocab)[:n]]


# (query, acceptable top needs, how many of the first results to look at)
QUERIES: list[tuple[str, set[str], int]] = [
    ("shleter", {"emergency_shelter"}, 1),
    ("shleter tonite", {"emergency_shelter"}, 1),
    ("shelterr", {"emergency_shelter"}, 1),
    ("somewhere to sleep tonight", {"emergency_shelter"}, 1),
    ("a place for me to sleep", {"emergency_shelter"}, 1),
    ("sleeping in my car", {"emergency_shelter"}, 1),
    ("bed for me and my kids", {"family_shelter"}, 1),
    ("my husband hits me", {"dv_shelter", "dv_hotline"}, 2),
    ("my husband is hitting me", {"dv_shelter", "dv_hotline"}, 2),
    ("mi esposo me pega", {"dv_shelter", "dv_hotline"}, 2),
    ("my parents kicked me out", {"youth_shelter"}, 1),
    ("its freezing outside", {"warming_center"}, 1),
    ("comida", {"food_pantry", "hot_meals"}, 1),
    ("food pantry", {"food_pantry"}, 1),
    ("soup kichen", {"hot_meals"}, 1),
    ("im hungry", {"hot_meals"}, 1),
    ("despensa", {"food_pantry"}, 1),
    ("detox", {"detox"}, 1),
    ("withdrawl", {"detox"}, 1),
    ("detx", {"detox"}, 1),
    ("desintoxicación", {"detox"}, 1),
    ("dope sick", {"detox"}, 1),
    ("rehab", {"substance_use_treatment"}, 1),
    ("methadon", {"substance_use_treatment"}, 1),
    ("my son is using heroin", {"substance_use_treatment"}, 1),
    ("need narcan", {"harm_reduction"}, 1),
    ("needle exchange", {"harm_reduction"}, 1),
    ("tooth ache", {"dental"}, 1),
    ("dentst", {"dental"}, 1),
    ("pharmcy", {"pharmacy"}, 1),
    ("ran out of my meds", {"pharmacy"}, 1),
    ("urgent care", {"urgent_care"}, 1),
    ("i dont have insurance", {"free_clinic"}, 1),
    ("emergency room", {"hospital_emergency"}, 1),
    ("hearing voices", {"mental_health_crisis"}, 1),
    ("psych ward", {"psychiatric_emergency"}, 1),
    ("need therapy", {"walk_in_mental_health"}, 1),
    ("i want to kill myself", {"suicide_hotline"}, 1),
    ("quiero morir", {"suicide_hotline"}, 1),
    ("ducha", {"showers"}, 1),
    ("laundy", {"laundry"}, 1),
    ("clotes", {"clothing"}, 1),
    ("ropa", {"clothing"}, 1),
    ("pañales", {"baby_supplies"}, 1),
    ("lawyr", {"legal_aid"}, 1),
    ("abogado", {"legal_aid"}, 1),
    ("medicaide", {"benefits"}, 1),
    ("cant pay my rent", {"housing_assistance"}, 1),
    ("need a job", {"employment"}, 1),
    ("trabajo", {"employment"}, 1),
    ("bus pass", {"transportation"}, 1),
    ("senior center", {"senior_services"}, 1),
    ("vetrans", {"veterans_services"}, 1),
    ("raped", {"sexual_assault"}, 1),
    ("my kid ran away", {"runaway_youth"}, 1),
    ("electric bill", {"utility_assistance"}, 1),
    ("birth certificate", {"id_documents"}, 1),
    ("necesito un lugar para dormir", {"emergency_shelter"}, 1),
]


@pytest.mark.parametrize(("query", "expected", "n"), QUERIES)
def test_lay_typo_and_spanish_queries(vocab: Vocabulary, query: str, expected: set[str], n: int):
    got = top(vocab, query, n)
    assert got, f"{query!r} matched nothing"
    assert set(got) & expected, f"{query!r} -> {match_needs(query, vocab)}"
    if len(expected) > 1 and n > 1:  # both halves of a two-need phrase come back
        assert expected <= set(top(vocab, query, n))


def test_enough_queries_are_covered():
    assert len(QUERIES) >= 40


@pytest.mark.parametrize(
    "query",
    [
        "asdfgh",
        "foot",
        "foot care",
        "close to denver",
        "xyz 123",
        "winner",
        "",
        "   ",
        "the and of",
    ],
)
def test_no_match_for_noise_and_near_misses(vocab: Vocabulary, query: str):
    assert match_needs(query, vocab) == []


def test_food_is_not_foot(vocab: Vocabulary):
    assert "food_pantry" in top(vocab, "food", 2)
    assert match_needs("sore foot", vocab) == []


def test_multi_need_query_returns_each_need(vocab: Vocabulary):
    got = top(vocab, "food and a shower", 5)
    assert "showers" in got
    assert {"food_pantry", "hot_meals"} & set(got)


def test_specific_beats_generic(vocab: Vocabulary):
    got = match_needs("dv shelter", vocab)
    assert got[0].need_id == "dv_shelter"
    assert all(m.score < got[0].score for m in got[1:])


def test_match_reports_how_and_term(vocab: Vocabulary):
    m = match_needs("shelterr", vocab)[0]
    assert (m.need_id, m.how, m.term) == ("emergency_shelter", "fuzzy", "shelter")
    assert match_needs("albergue", vocab)[0].how == "spanish"
    assert match_needs("detox", vocab)[0].how == "exact"
    assert match_needs("my husband hits me", vocab)[0].how == "phrase"


@pytest.mark.parametrize(
    ("text", "kind", "call"),
    [
        ("i want to kill myself", "suicide", "988"),
        ("I just want to die", "suicide", "988"),
        ("me quiero matar", "suicide", "988"),
        ("sucide", "suicide", "988"),
        ("my friend overdosed and is not breathing", "overdose", "911"),
        ("sobredosis", "overdose", "911"),
        ("he has a gun", "violence", "911"),
        ("he is going to kill me", "violence", "911"),
        ("me va a matar", "violence", "911"),
    ],
)
def test_crisis_signal(vocab: Vocabulary, text: str, kind: str, call: str):
    signal = is_crisis_text(text, vocab)
    assert signal is not None, text
    assert (signal.kind, signal.call) == (kind, call)


@pytest.mark.parametrize(
    "text", ["food pantry", "shelter tonight", "dental", "killer whale", "gun show", ""]
)
def test_no_crisis_signal_for_ordinary_requests(vocab: Vocabulary, text: str):
    assert is_crisis_text(text, vocab) is None


def test_safety_needs_flag_the_banner(vocab: Vocabulary):
    assert vocab.is_safety(["dv_shelter"]) and vocab.is_safety(["suicide_hotline"])
    assert not vocab.is_safety(["food_pantry", "laundry"])


def test_related_is_one_way_and_conservative(vocab: Vocabulary):
    assert vocab.expand(["family_shelter"]) == ["family_shelter", "emergency_shelter"]
    assert "dv_shelter" not in vocab.expand(["emergency_shelter"])
    assert "family_shelter" not in vocab.expand(["emergency_shelter"])


# ---------------------------------------------------------------- vocabulary file


def test_required_ids_present(vocab: Vocabulary):
    assert set(REQUIRED_IDS) <= set(vocab.by_id)
    assert len(vocab.needs) >= 40


def test_bad_yaml_reports_every_problem_once(tmp_path: Path):
    data = yaml.safe_load(Path("resources/data/needs.yaml").read_text(encoding="utf-8"))
    data["needs"][0]["id"] = "Emergency Shelter"
    data["needs"][1]["group"] = "nope"
    data["needs"][2]["related"] = ["no_such_need"]
    data["needs"][3]["osm_tags"] = ["amenity=shelter"]
    data["needs"][4]["airs_codes"] = ["food"]
    data["needs"][5]["synonyms"] = [988]
    bad = tmp_path / "needs.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(VocabularyError) as err:
        load_vocabulary(bad)
    text = "\n".join(err.value.problems)
    for fragment in (
        "snake_case",
        "group 'nope'",
        "no_such_need",
        "bus/picnic shelter",
        "not an AIRS code",
        "quote numbers",
        "emergency_shelter' is missing",
    ):
        assert fragment in text
    assert len(err.value.problems) >= 7


def test_unreadable_yaml_is_a_vocabulary_error(tmp_path: Path):
    bad = tmp_path / "needs.yaml"
    bad.write_text("needs: [unclosed", encoding="utf-8")
    with pytest.raises(VocabularyError, match="cannot read YAML"):
        load_vocabulary(bad)
    with pytest.raises(VocabularyError):
        vocabulary_from_dict(["not", "a", "mapping"])


# ---------------------------------------------------------------- source maps


def test_airs_longest_prefix_wins(vocab: Vocabulary):
    assert needs_for_airs(vocab, ["BH-1800.1500-100"], []) == ["dv_shelter"]
    assert needs_for_airs(vocab, ["BH-1800.8500"], []) == ["emergency_shelter"]
    assert needs_for_airs(vocab, ["BD-1800.2000 * YJ-2050"], []) == ["food_pantry"]
    assert needs_for_airs(vocab, ["RX-8450.1000-150"], []) == ["detox"]
    assert needs_for_airs(vocab, ["PL-7000"], []) == []


def test_airs_terms_use_the_leaf(vocab: Vocabulary):
    terms = [
        "Basic Needs - Food - Emergency Food - Food Pantries; Health Care - Specialty "
        "Medicine - Dental Care"
    ]
    assert needs_for_airs(vocab, [], terms) == ["food_pantry", "dental"]


@pytest.mark.shared_data
def test_dc_211_rows_map_to_the_right_needs(vocab: Vocabulary, shared):
    import pandas as pd

    df = pd.read_csv(DC_211, dtype=str).fillna("")
    expect = {
        "BD-1800.2000": "food_pantry",
        "BD-5000.8300": "hot_meals",
        "BH-1800.8500": "emergency_shelter",
        "BH-1800.1500-100": "dv_shelter",
        "LV-1600": "dental",
        "LH-6600": "pharmacy",
        "ND-3500": "employment",
        "BM-6500.1500": "clothing",
        "RP-1500": "mental_health_crisis",
        "LN-1500": "free_clinic",
    }
    for code, need in expect.items():
        has_code = df.TaxonomyCodes.map(
            lambda c, code=code: code in {x.strip() for x in re.split(r"[;*]", c)}
        )
        rows = df[has_code]
        assert len(rows) > 0, code
        for codes, terms in zip(rows.TaxonomyCodes, rows.TaxonomyTerms, strict=True):
            assert need in needs_for_airs(vocab, [codes], [terms]), (code, codes)
    mapped = sum(bool(needs_for_airs(vocab, [c], [])) for c in df.TaxonomyCodes)
    assert mapped > 600  # most referral records land on at least one need


def test_open_eligibility_terms(vocab: Vocabulary):
    assert needs_for_open_eligibility(vocab, ["Food Pantry", "Detox"]) == ["food_pantry", "detox"]
    assert needs_for_open_eligibility(vocab, ["Help Escape Violence"]) == ["dv_shelter"]


def test_osm_tags(vocab: Vocabulary):
    assert needs_for_osm(vocab, {"amenity": "shelter"}) == []  # a bus shelter
    assert needs_for_osm(vocab, {"amenity": "food_bank"}) == ["food_pantry"]
    assert needs_for_osm(
        vocab,
        {
            "amenity": "social_facility",
            "social_facility": "shelter",
            "social_facility:for": "abused",
        },
    ) == ["dv_shelter"]
    assert needs_for_osm(
        vocab, {"amenity": "social_facility", "social_facility:for": "homeless;senior"}
    ) == ["emergency_shelter", "senior_services"]
    psych = {"amenity": "hospital", "healthcare": "hospital", "healthcare:speciality": "psychiatry"}
    assert needs_for_osm(vocab, psych) == ["psychiatric_emergency"]
    assert needs_for_osm(vocab, {"amenity": "pharmacy"}) == ["pharmacy"]
    assert vocab.categories_for("osm", "amenity=dentist") == ["dental"]


def test_hifld_types(vocab: Vocabulary):
    assert needs_for_hifld(vocab, "GENERAL ACUTE CARE") == ["hospital_emergency"]
    assert needs_for_hifld(vocab, "PSYCHIATRIC") == ["psychiatric_emergency"]
    assert needs_for_hifld(vocab, "URGENT CARE") == ["urgent_care"]
    assert needs_for_hifld(vocab, "LONG TERM CARE") == []
    with pytest.raises(ValueError, match="unknown source kind"):
        vocab.categories_for("yelp", "x")


# ---------------------------------------------------------------- text_score


def test_text_score_ranks_names():
    names = [
        "Capital Area Food Bank - Pantry",
        "Foot Care Clinic",
        "Downtown Food Pantry",
        "Legal Aid Society",
    ]
    scores = text_score("food pantry", names)
    assert scores.shape == (4,) and scores.dtype == np.float32
    assert scores[2] == 100 and scores[0] >= 90
    assert scores[1] < 70 and scores[3] < 50
    assert text_score("x", []).shape == (0,)
    assert (text_score("", names) == 0).all()


# ---------------------------------------------------------------- invariants and speed


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_matching_never_raises_on_arbitrary_unicode(text: str):
    vocab = _VOCAB
    for m in match_needs(text, vocab):
        assert 0 <= m.score <= 100
        assert m.need_id in vocab.by_id
    is_crisis_text(text, vocab)


_VOCAB = load_vocabulary()


