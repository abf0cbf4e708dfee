"""Source category words -> our need ids.

First the needs vocabulary (``resources/data/needs.yaml`` via :mod:`resources.vocab.needs`:
Open Eligibility terms, then AIRS terms); only when it knows a term not at all, the small
pattern map below (LinkSF service names such as "Family shelter" are neither OE nor AIRS).
TODO(needs vocabulary): move these patterns into needs.yaml source maps and drop them.

Patterns are matched case-insensitively against whole source terms (Open Eligibility
titles, Ohana/AIRS keywords, LinkSF category + service name). Only needs a crisis-line
specialist searches for are mapped; everything else maps to nothing (never guessed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from resources.vocab.needs import Vocabulary, load_vocabulary

NEED_PATTERNS: dict[str, str] = {
    "emergency_shelter": r"emergency shelter|homeless shelter|night shelter|^shelters?$|shelter beds?",
    "family_shelter": r"family shelter|shelters? for families",
    "dv_shelter": r"domestic violence shelter|battered women|safe housing|help escape violence|"
                  r"domestic violence emergency shelter",
    "youth_shelter": r"youth shelter|runaway|homeless youth",
    "food_pantry": r"food pantr|food bank|emergency food|groceries|food distribution",
    "hot_meals": r"free meals?|hot meals?|meal sites|soup kitchen|congregate meals",
    "detox": r"detox",
    "substance_use_treatment": r"substance (abuse|use)|alcoholism|drug abuse|addiction|"
                               r"drug/alcohol|alcohol/drug|sober living|recovery home",
    "harm_reduction": r"needle exchange|syringe|harm reduction",
    "mental_health_crisis": r"crisis intervention|mental health crisis|crisis counseling",
    "psychiatric_emergency": r"psychiatric emergency",
    "urgent_care": r"urgent care",
    "free_clinic": r"free clinic|community clinic|medical clinic|free medical|low.cost medical",
    "hospital_emergency": r"emergency room|hospital emergency",
    "dental": r"dental|dentist",
    "pharmacy": r"pharmac|prescription",
    "showers": r"shower",
    "laundry": r"laundry",
    "clothing": r"clothing|clothes",
    "legal_aid": r"legal (aid|counseling|representation|services|assistance)|^legal$",
    "benefits": r"public assistance|food stamps|calfresh|food benefits|medi-cal|"
                r"benefits (assistance|counseling)|help pay for",
    "housing_assistance": r"housing (search|assistance|counseling|services)|help find housing|"
                          r"rental assistance|transitional housing",
    "employment": r"employment|job (search|training|placement|development)",
    "transportation": r"^transportation|transportation (assistance|services)|paratransit",
    "senior_services": r"older adults|^seniors?$|senior (center|services)",
    "veterans_services": r"veteran",
    "suicide_hotline": r"suicide",
    "dv_hotline": r"domestic violence hotline|domestic violence crisis line",
    "primary_care": r"primary (medical )?care",
    "hiv_std_testing": r"\bhiv\b|\bstd\b|sexually transmitted",
    "day_center": r"drop-in center|day center|day shelter|multi-service center",
}
_COMPILED = {need: re.compile(p, re.IGNORECASE) for need, p in NEED_PATTERNS.items()}


@lru_cache(maxsize=1)
def _vocabulary() -> Vocabulary:
    return load_vocabulary()


@lru_cache(maxsize=20000)
def _needs_for_term(term: str) -> tuple[str, ...]:
    vocab = _vocabulary()
    found = vocab.needs_for_open_eligibility([term]) or vocab.needs_for_airs(terms=[term])
    if found:
        return tuple(found)
    return tuple(n for n, rx in _COMPILED.items() if rx.search(term))


def needs_for_terms(terms: Iterable[str]) -> list[str]:
    """Sorted need ids for a record's source terms (empty list when none match)."""
    found: set[str] = set()
    for term in terms:
        if isinstance(term, str) and term.strip():
            found.update(_needs_for_term(term.strip()))
    return sorted(found)


def categories_by_key(keys: pd.Series, terms: pd.Series) -> dict[str, list[str]]:
    """Need ids per key from one (key, term) pair per row; only unique terms are matched."""
    pairs = pd.DataFrame({"k": keys.astype(str), "t": terms}).dropna()
    if pairs.empty:
        return {}
    uniq = pd.Series(pairs["t"].unique())
    mapped = dict(zip(uniq, uniq.map(lambda t: _needs_for_term(str(t).strip())), strict=False))
    pairs["n"] = pairs["t"].map(mapped)
    pairs = pairs[pairs["n"].map(len) > 0].explode("n")
    return {k: sorted(set(g)) for k, g in pairs.groupby("k")["n"]}
