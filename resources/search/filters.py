"""Structured filters over search candidates, with a count of what each one left out.

Each filter reads structured fields first (eligibility/access taxonomy codes, ages,
language rows, accessibility, cost options) and falls back to the source's text where
there is only text; rows kept on the strength of text get a reason saying so.
Eligibility filters describe the *caller*: they remove services the caller cannot use
(a men-only shelter for a woman; an adults-only shelter for a family), not general ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

_ADULTS_ONLY = re.compile(r"adults? only|single adults|no (?:children|minors|kids)|18 (?:and|or) (?:over|older)"
                          r"|18\+|ages? 18", re.I)
_MEN_ONLY = re.compile(r"\bmen only|\bmen's|\bmale(?:s)? only|\bfor men\b|single men", re.I)
_WOMEN_ONLY = re.compile(r"women only|women's|female(?:s)? only|for women\b|single women", re.I)
_FAMILIES = re.compile(r"famil|children|kids|parents? with", re.I)
_PETS = re.compile(r"pets? (?:allowed|welcome|ok)|kennel|dogs? (?:allowed|welcome)", re.I)
_WALK_IN = re.compile(r"walk[- ]?in|no appointment|drop[- ]?in", re.I)
_APPOINTMENT = re.compile(r"by appointment|appointment (?:only|required)", re.I)
_MIN_AGE = re.compile(r"(?:ages?\s*)?(\d{1,2})\s*(?:\+|and (?:over|older)|or (?:over|older))", re.I)
_MAX_AGE = re.compile(r"(?:under|younger than|below)\s*(?:age\s*)?(\d{1,2})", re.I)
_RANGE = re.compile(r"ages?\s*(\d{1,2})\s*(?:-|–|to|through)\s*(\d{1,2})", re.I)

LANGUAGE_NAMES = {
    "en": "english", "es": "spanish", "vi": "vietnamese", "am": "amharic", "ar": "arabic",
    "so": "somali", "ru": "russian", "ase": "american sign language", "zh": "chinese",
    "fr": "french", "ko": "korean", "tl": "tagalog", "ht": "haitian creole", "pt": "portuguese",
    "ne": "nepali", "fa": "persian", "uk": "ukrainian", "hi": "hindi", "ur": "urdu",
}


def _text(frame: pd.DataFrame) -> pd.Series:
    return (frame["eligibility_description"].fillna("") + " " + frame["service_name"].fillna(""))


def _has(codes: pd.Series, code: str) -> pd.Series:
    return codes.map(lambda c: code in c if c is not None else False).astype(bool)


def _gender(frame: pd.DataFrame, gender: str) -> pd.Series:
    codes, text = frame["eligibility_codes"], _text(frame)
    other, mine = ("men", "women") if gender == "woman" else ("women", "men")
    other_re = _MEN_ONLY if gender == "woman" else _WOMEN_ONLY
    mine_re = _WOMEN_ONLY if gender == "woman" else _MEN_ONLY
    restricted = _has(codes, other) & ~_has(codes, mine)
    text_restricted = text.str.contains(other_re) & ~text.str.contains(mine_re)
    return ~(restricted | text_restricted)


def _families(frame: pd.DataFrame) -> pd.Series:
    codes, text = frame["eligibility_codes"], _text(frame)
    welcome = _has(codes, "families") | text.str.contains(_FAMILIES)
    adult_only = (_has(codes, "men") | _has(codes, "women") | text.str.contains(_ADULTS_ONLY))
    return welcome | ~adult_only


def _age_bounds(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    lo = pd.to_numeric(frame["minimum_age"], errors="coerce")
    hi = pd.to_numeric(frame["maximum_age"], errors="coerce")
    text = frame["eligibility_description"].fillna("")
    rng = text.str.extract(_RANGE).astype(float)
    lo = lo.fillna(rng[0]).fillna(text.str.extract(_MIN_AGE)[0].astype(float))
    hi = hi.fillna(rng[1]).fillna(text.str.extract(_MAX_AGE)[0].astype(float) - 1)
    return lo, hi


def _age(frame: pd.DataFrame, age: int) -> pd.Series:
    lo, hi = _age_bounds(frame)
    return ~((lo.notna() & (age < lo)) | (hi.notna() & (age > hi)))


def _language(frame: pd.DataFrame, wanted: str) -> pd.Series:
    key = wanted.strip().lower()
    name = LANGUAGE_NAMES.get(key, key)
    code = next((c for c, n in LANGUAGE_NAMES.items() if n == key), key)
    return frame["language_codes"].map(
        lambda cs: any(c in (code, name) for c in cs) if cs is not None else False).astype(bool) | \
        frame["language_names"].map(
            lambda ns: any(str(n).lower() == name for n in ns) if ns is not None else False
        ).astype(bool)


def _pets(frame: pd.DataFrame) -> pd.Series:
    return _has(frame["eligibility_codes"], "pets_allowed") | _text(frame).str.contains(_PETS)


def _walk_in(frame: pd.DataFrame) -> pd.Series:
    codes = frame["access_codes"]
    text = frame["description"].fillna("") + " " + frame["service_name"].fillna("")
    by_code = _has(codes, "walk_in")
    appointment = _has(codes, "appointment_only") | text.str.contains(_APPOINTMENT)
    return by_code | (text.str.contains(_WALK_IN) & ~appointment)


def _wheelchair(frame: pd.DataFrame) -> pd.Series:
    return frame["wheelchair"].fillna(False).astype(bool)


def _free(frame: pd.DataFrame) -> pd.Series:
    return frame["is_free"].fillna(False).astype(bool)


def _open(frame: pd.DataFrame) -> pd.Series:
    return frame["open_state"].isin(["open", "closing"])


def active_filters(req: Any) -> list[tuple[str, Callable[[pd.DataFrame], pd.Series]]]:
    """(label, predicate) for each filter the request turns on, in display order."""
    out: list[tuple[str, Callable[[pd.DataFrame], pd.Series]]] = []
    if req.open_mode in ("now", "at", "arrive"):
        label = {"now": "open now", "at": "open at the chosen time",
                 "arrive": "open on arrival"}[req.open_mode]
        out.append((label, _open))
    if req.gender:
        out.append(("serves women" if req.gender == "woman" else "serves men",
                    lambda f: _gender(f, req.gender)))
    if req.families:
        out.append(("takes families with children", _families))
    if req.age is not None:
        out.append((f"age {req.age}", lambda f: _age(f, int(req.age))))
    if req.language:
        name = LANGUAGE_NAMES.get(req.language.lower(), req.language)
        label = "ASL" if req.language.lower() == "ase" else name.title()
        out.append((f"language {label}", lambda f: _language(f, req.language)))
    if req.pets:
        out.append(("pets allowed", _pets))
    if req.wheelchair:
        out.append(("wheelchair accessible", _wheelchair))
    if req.free:
        out.append(("free", _free))
    if req.walk_in:
        out.append(("walk-in", _walk_in))
    return out


def apply(frame: pd.DataFrame, req: Any) -> tuple[pd.DataFrame, dict[str, int]]:
    """Rows passing every active filter, and per filter how many places it left out."""
    keep = pd.Series(True, index=frame.index)
    excluded: dict[str, int] = {}
    for label, predicate in active_filters(req):
        passed = predicate(frame).reindex(frame.index, fill_value=False).astype(bool)
        excluded[label] = int(frame.loc[~passed, "location_id"].nunique())
        keep &= passed
    return frame[keep], excluded


def text_filter(frame: pd.DataFrame, need_text: str, threshold: float = 70.0) -> pd.DataFrame:
    """When the need text maps to no category: keep rows whose names/descriptions match it."""
    query = need_text.strip().lower()
    if not query or frame.empty:
        return frame
    haystack = (frame["name_text"].fillna("") + " " + frame["description"].fillna("")
                .str.lower().str.slice(0, 300))
    scores = np.array([fuzz.partial_token_set_ratio(query, h) for h in haystack])
    out = frame[scores >= threshold].copy()
    out["text_score"] = scores[scores >= threshold]
    return out
