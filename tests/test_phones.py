"""One phone module: numbers read, checked and shown the same way by the loaders, the
record editor, the cards and the slip."""

from __future__ import annotations

import pandas as pd
import pytest

from resources.phones import display, is_short_code, problem, us_numbers


@pytest.mark.parametrize(("given", "shown"), [
    ("(202) 408- 9584", "(202) 408-9584"),
    ("202.842.1731", "(202) 842-1731"),
    ("(202) 797-8806 xt 2109", "(202) 797-8806 x2109"),
    ("303-555-0165 Extension 12", "(303) 555-0165 x12"),
    ("988", "988"),
    ("1-800-799-7233", "1-800-799-7233"),
    ("(202) 727-2832, Ask for the Lead", "(202) 727-2832, Ask for the Lead"),
])
def test_display_writes_a_us_number_one_way_and_anything_else_as_given(given, shown):
    assert display(given) == shown


def test_short_codes_are_dialable_numbers():
    assert all(is_short_code(n) for n in ("211", "311", "911", "988"))
    assert not is_short_code("123") and not is_short_code("303-555-0165")


@pytest.mark.parametrize("ok", ["211", "988", "303-555-0165", "1 (303) 555-0165"])
def test_a_dialable_number_has_no_problem(ok):
    assert problem(ok) is None


@pytest.mark.parametrize("bad", ["555-0165", "call us", "12", "303-555-01655-1"])
def test_a_number_that_cannot_be_dialled_says_so(bad):
    assert "is not a phone number" in (problem(bad) or "")


def test_loaders_and_cards_agree_on_ten_digit_numbers():
    raw = pd.Series(["303.555.0165", "1-303-555-0166 x7", "211", None])
    number, extension = us_numbers(raw)
    assert list(number) == ["(303) 555-0165", "(303) 555-0166", "211", None]
    assert list(extension) == [None, "7", None, None]
    assert [display(n) for n in number[:3]] == list(number[:3])
