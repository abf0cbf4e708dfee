"""Crisis classes (resources/data/crisis.yaml) and the built-in national lines: what a
specialist on a live call would notice — the banner's class, its first number, its lines."""

from __future__ import annotations

import time

import pytest

from resources.vocab.crisis import CrisisError, crisis_from_dict, expand, load_crisis
from resources.vocab.national_lines import (
    NationalLinesError,
    load_national_lines,
    merge_lines,
    national_lines_from_dict,
    number_key,
)
from tests.crisis_cases import NEAR_MISS, TRIGGER

DETECTOR = load_crisis()
LINES = load_national_lines()


@pytest.mark.parametrize(("kind", "text"), [(k, t) for k, ts in TRIGGER.items() for t in ts])
def test_crisis_phrase_raises_its_class(kind: str, text: str):
    signal = DETECTOR.detect(text)
    assert signal is not None, f"{text!r} raised no banner"
    assert kind in signal.kinds, f"{text!r}: {signal.kinds}"


@pytest.mark.parametrize(("kind", "text"), [(k, t) for k, ts in NEAR_MISS.items() for t in ts])
def test_near_miss_raises_nothing(kind: str, text: str):
    signal = DETECTOR.detect(text)
    assert signal is None, f"{text!r} raised {signal and signal.kinds} ({signal and signal.term})"


def test_every_class_has_ten_cases_and_near_misses_in_both_languages():
    spanish = ("me ", "mi ", "se ", "no ", "tiene", "quiero", "sobredosis", "dolor", "abusaron")
    for cls in DETECTOR.classes:
        cases = TRIGGER[cls.id]
        assert len(cases) >= 10, cls.id
        assert any(c.startswith(spanish) or " le " in c for c in cases), f"{cls.id}: no Spanish"
        assert len(NEAR_MISS[cls.id]) >= 8, cls.id


@pytest.mark.parametrize(
    ("text", "kind", "call", "first_line"),
    [
        ("my kid drank bleach", "overdose", "911", "emergency-911"),
        ("no puede respirar", "medical", "911", "emergency-911"),
        ("mi esposo me pega", "violence", "911", "emergency-911"),
        ("my daughter is missing", "child_danger", "911", "emergency-911"),
        ("suicidal thoughts", "suicide", "988", "988-lifeline"),
    ],
)
def test_each_class_says_what_to_call_first(text: str, kind: str, call: str, first_line: str):
    signal = DETECTOR.detect(text)
    assert signal is not None
    assert (signal.kind, signal.call, signal.lines[0]) == (kind, call, first_line)
    assert signal.banner and call in signal.banner


def test_poisoning_brings_poison_control_and_dv_brings_the_dv_hotline():
    poison = DETECTOR.line_records(DETECTOR.detect("swallowed pills"))
    assert "1-800-222-1222" in " ".join(r["phone_summary"] for r in poison)
    dv = DETECTOR.line_records(DETECTOR.detect("mi esposo me pega"))
    assert any("1-800-799-7233" in r["phone_summary"] and "text START to 88788"
               in r["phone_summary"] for r in dv)
    suicide = DETECTOR.line_records(DETECTOR.detect("quiero matarme"))
    assert [r["name"] for r in suicide][:2] == ["988 Suicide & Crisis Lifeline", "Crisis Text Line"]
    assert "text HOME to 741741" in suicide[1]["phone_summary"]
    child = DETECTOR.line_records(DETECTOR.detect("he beats the children"))
    assert any("1-800-422-4453" in r["phone_summary"] for r in child)


def test_most_urgent_class_first_and_every_class_kept():
    signal = DETECTOR.detect("my friend overdosed and is not breathing")
    assert signal is not None and signal.kinds[:2] == ("overdose", "medical")
    both = DETECTOR.detect("i want to die, my husband hits me")
    assert both is not None and both.kinds == ("violence", "suicide") and both.call == "911"
    assert {"national-dv-hotline", "988-lifeline"} <= set(both.lines)


def test_a_class_inside_another_match_is_dropped():
    signal = DETECTOR.detect("i am going to kill myself")
    assert signal is not None and signal.kinds == ("suicide",), signal.kinds


def test_detection_is_fast():
    texts = [t for ts in TRIGGER.values() for t in ts] + [t for ts in NEAR_MISS.values()
                                                         for t in ts]
    start = time.perf_counter()
    for t in texts:
        DETECTOR.detect(t)
    per_call = (time.perf_counter() - start) / len(texts) * 1000
    assert per_call < 5, f"{per_call:.2f} ms per text"


def test_expand_alternatives():
    assert expand("(took|ate) (a bottle|) pills") == ["took a bottle pills", "took pills",
                                                      "ate a bottle pills", "ate pills"]


def test_bad_crisis_file_reports_every_problem_at_once():
    data = {"classes": [
        {"id": "Suicide", "label": "x", "call": 988, "banner": "b", "lines": ["nope"],
         "phrases": {"en": ["(a|b"]}},
        {"id": "overdose", "label": "", "call": "911", "banner": "b", "lines": [],
         "phrases": {"fr": ["x"]}, "patterns": ["("], "colour": "red"},
    ]}
    with pytest.raises(CrisisError) as err:
        crisis_from_dict(data, LINES)
    text = str(err.value)
    for part in ("id must be snake_case", "call must be one of", "line 'nope' is not in",
                 "unbalanced", "classes[1].label: is required", "at least one national line",
                 "must map languages", "not a regular expression", "classes[1].colour: unknown field"):
        assert part in text, part


def test_bad_national_lines_file_reports_every_problem_at_once():
    with pytest.raises(NationalLinesError) as err:
        national_lines_from_dict({"lines": [
            {"id": "Poison Control", "name": "P", "say": "s", "phones": [{"number": 988}]},
            {"id": "x", "name": "", "say": "s", "phones": [{"number": "1", "type": "fax"}]},
        ]})
    text = str(err.value)
    for part in ("lowercase slug", "quoted string", "lines[1].name: is required", "type must be"):
        assert part in text, part


def test_national_lines_are_real_public_numbers():
    numbers = {line.id: {p.number for p in line.phones} for line in LINES.lines}
    assert numbers["poison-control"] == {"1-800-222-1222"}
    assert numbers["988-lifeline"] == {"988"}
    assert numbers["crisis-text-line"] == {"741741"}
    assert "1-800-799-7233" in numbers["national-dv-hotline"]
    assert "88788" in numbers["national-dv-hotline"]
    assert numbers["childhelp-hotline"] == {"1-800-422-4453"}
    assert not any("555" in n for ns in numbers.values() for n in ns)


def test_store_lines_add_local_lines_and_never_remove_national_ones():
    national = LINES.records(["988-lifeline", "crisis-text-line"])
    store = [
        {"name": "988 Suicide & Crisis Lifeline (loaded)", "phones": [
            {"number": "988", "type": "voice"}, {"number": "988", "type": "text"},
            {"number": "711 then 988", "type": "tty"}]},
        {"name": "Veterans Crisis Line", "phones": [{"number": "988", "type": "voice"},
                                                    {"number": "838255", "type": "text"}]},
        {"name": "DEMO Colorado Peer Warmline", "phones": [{"number": "(303) 555-0142"}]},
    ]
    merged = [r["name"] for r in merge_lines(national, store)]
    assert merged == ["988 Suicide & Crisis Lifeline", "Crisis Text Line",
                      "Veterans Crisis Line", "DEMO Colorado Peer Warmline"]
    assert number_key("+1 (800) 222-1222") == number_key("1-800-222-1222") == "8002221222"


def test_no_ordinary_need_in_the_vocabulary_raises_a_crisis():
    """Every way needs.yaml says a need without `safety: true` ("desintoxicacion", "mom
    kicked me out", "overdose kit") is a request for a service, not a crisis."""
    from resources.vocab.needs import load_vocabulary

    vocab = load_vocabulary()
    raised = [(n.id, t, s.kinds) for n in vocab.needs if not n.safety
              for t in (n.label, *n.synonyms, *n.spanish, *n.phrases, *n.misspellings)
              if (s := vocab.crisis_signal(t))]
    assert not raised, raised
