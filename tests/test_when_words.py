"""Day and time words in a need set When (issue 19): the declared grammar
(resources/data/when.yaml), English and Spanish, near misses, the place's time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from resources.search.when_words import WhenGrammarError, grammar_from_dict, load_when_grammar

DENVER = ZoneInfo("America/Denver")
MONDAY_10AM = datetime(2026, 12, 7, 10, 0, tzinfo=DENVER)  # a Monday


def _read(text: str, now: datetime = MONDAY_10AM) -> tuple[str, str, str] | None:
    """(the words read, the need left, the When's label), or None when nothing is read."""
    phrase = load_when_grammar().find(text)
    if phrase is None:
        return None
    return phrase.words, phrase.rest, phrase.resolve(now).label


@pytest.mark.parametrize(("text", "words", "rest", "label"), [
    ("food pantry open saturday", "open saturday", "food pantry", "Open Sat 12:00 PM"),
    ("shelter tonight, family with a dog", "tonight", "shelter, family with a dog",
     "Open Mon 8:00 PM"),
    ("detox tomorrow morning", "tomorrow morning", "detox", "Open Tue 9:00 AM"),
    ("food after 5", "after 5", "food", "Open Mon 5:00 PM"),
    ("clinic at 5:30 pm", "at 5:30 pm", "clinic", "Open Mon 5:30 PM"),
    ("food bank this weekend", "this weekend", "food bank", "Open Sat 12:00 PM"),
    ("open now shelter", "open now", "shelter", "Open now"),
    ("dinner sunday", "sunday", "dinner", "Open Sun 12:00 PM"),
    ("shelter, saturday, near the bus", "saturday", "shelter, near the bus",
     "Open Sat 12:00 PM"),
    ("pantry on friday afternoon", "on friday afternoon", "pantry", "Open Fri 2:00 PM"),
    # Spanish
    ("comida el sábado", "el sábado", "comida", "Open Sat 12:00 PM"),
    ("refugio para esta noche", "para esta noche", "refugio", "Open Mon 8:00 PM"),
    ("comida mañana", "mañana", "comida", "Open Tue 9:00 AM"),
    ("mañana por la mañana comida", "mañana por la mañana", "comida", "Open Tue 9:00 AM"),
    ("comida a las 5 de la tarde", "a las 5 de la tarde", "comida", "Open Mon 5:00 PM"),
    ("clínica ahora", "ahora", "clínica", "Open now"),
    ("despensa este fin de semana", "este fin de semana", "despensa", "Open Sat 12:00 PM"),
])
def test_day_and_time_words_are_read_and_taken_out_of_the_need(text, words, rest, label):
    assert _read(text) == (words, rest, label)


@pytest.mark.parametrize("text", [
    "Saturday Market Food Bank",  # a name that starts with a day: left alone (documented)
    "Morning Star Shelter", "Sunday dinner program", "5 kids need food", "open 24 hours",
    "after school program", "next to the bus station", "food bank 80202", "shelter for 2 adults",
    "night shelter", "overnight shelter", "ages 5 to 12",
])
def test_near_misses_set_no_when(text):
    assert _read(text) is None


def test_the_time_is_worked_out_in_the_places_zone():
    grammar = load_when_grammar()
    # 06:15 UTC on Monday is still Sunday night in Denver and already Monday in New York
    utc_now = datetime(2026, 12, 7, 6, 15, tzinfo=ZoneInfo("UTC"))
    phrase = grammar.find("food pantry open tomorrow")
    assert phrase is not None
    denver = phrase.resolve(utc_now.astimezone(DENVER))
    new_york = phrase.resolve(utc_now.astimezone(ZoneInfo("America/New_York")))
    assert denver.at is not None and denver.at.date().isoformat() == "2026-12-07"
    assert new_york.at is not None and new_york.at.date().isoformat() == "2026-12-08"
    assert denver.at.tzinfo == DENVER and (denver.at.hour, denver.at.minute) == (9, 0)


def test_a_time_already_past_means_now_or_the_next_one():
    late = datetime(2026, 12, 7, 22, 30, tzinfo=DENVER)
    assert _read("shelter tonight", late) == ("tonight", "shelter", "Open now")
    assert _read("food after 5", late) == ("after 5", "food", "Open now")
    # "this morning" said in the afternoon: the next morning
    assert _read("clinic in the morning", datetime(2026, 12, 7, 15, 0, tzinfo=DENVER)) == \
        ("in the morning", "clinic", "Open Tue 9:00 AM")
    # said on a Saturday, "saturday" is today
    saturday = datetime(2026, 12, 12, 9, 0, tzinfo=DENVER)
    assert _read("pantry open saturday", saturday) == ("open saturday", "pantry",
                                                       "Open Sat 12:00 PM")


def test_a_bad_grammar_file_names_every_problem():
    with pytest.raises(WhenGrammarError) as err:
        grammar_from_dict({"now": ["now"], "leads": ["now", True],
                           "days": {"sat": {"weekday": 9, "words": ["sat"]},
                                    "x": {"offset": 1, "time": "25:00", "words": ["x"]}},
                           "parts": {"dusk": {"time": "18:00", "words": ["dusk"]}},
                           "pm_hours": [13]})
    text = str(err.value)
    for part in ("leads", "days.sat", "days.x.time", "parts.dusk.until", "pm_hours"):
        assert part in text, part


def test_taking_day_words_out_never_hides_crisis_words():
    from resources.vocab.needs import load_vocabulary
    from tests.crisis_cases import TRIGGER

    grammar, vocab = load_when_grammar(), load_vocabulary()
    checked = 0
    for kind, phrases in TRIGGER.items():
        for text in phrases:
            phrase = grammar.find(text)
            if phrase is None:
                continue
            checked += 1
            signal = vocab.crisis_signal(phrase.rest)
            assert signal is not None and kind in signal.kinds, (text, phrase.rest)
    assert checked >= 2  # "my brother is ODing right now" ...
