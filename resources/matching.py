"""What a query's words say beyond the need: who the caller is, and what contradicts it.

Both rule sets are data (``resources/data/matching.yaml``), read and checked once:

- **populations**: words naming the caller ("teen", "veteran", "mis hijos") become
  eligibility *preferences*: a service whose text or taxonomy target-population terms say it
  serves them fits (+1), one that says it serves someone else conflicts (-1), the rest are
  neutral (0). Ranking adds the preference (:mod:`resources.ranking`); nothing is filtered.
  Taxonomy target-population codes (AIRS `Y` codes) refine eligibility this way; they
  never add a need.
- **contradictions**: per need family, words that mean a service is not that need although
  its words or categories overlap (forensic dentistry for "dentist", a hearing program for
  "mental health"). Ranking demotes those services.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from resources._errors import DataFileError, data_path, read_yaml
from resources.needs import normalize


class MatchingRulesError(DataFileError):
    """matching.yaml is invalid (every problem listed)."""

    what = "the matching rules"


@dataclass(frozen=True)
class Population:
    id: str
    label: str
    query: re.Pattern[str]
    fits: re.Pattern[str]
    codes: tuple[str, ...]
    conflicts: re.Pattern[str] | None


@dataclass(frozen=True)
class Contradiction:
    needs: frozenset[str]
    words: tuple[tuple[str, re.Pattern[str]], ...]


@dataclass(frozen=True)
class MatchingRules:
    populations: tuple[Population, ...]
    contradictions: tuple[Contradiction, ...]

    def populations_in(self, query: str) -> list[Population]:
        """The populations a query names (in the file's order)."""
        text = normalize(query)
        return [p for p in self.populations if text and p.query.search(text)]

    def contradicting(self, need_ids: Iterable[str], query: str) -> re.Pattern[str] | None:
        """One pattern for every word contradicting these needs; a contradiction whose
        words the query itself uses does not apply ("forensic dentistry" asks for the
        examiner, "training for crisis counselors" for training)."""
        wanted = set(need_ids)
        text = normalize(query)
        words = [src for c in self.contradictions if c.needs & wanted
                 and not any(pattern.search(text) for _, pattern in c.words)
                 for src, _ in c.words]
        return re.compile("|".join(f"(?:{w})" for w in dict.fromkeys(words))) if words else None


# what a population rule reads (names, description, eligibility, taxonomy term names), and
# what a contradiction reads (names and description)
SERVICE_TEXT = ("name_text", "description", "eligibility_description", "terms_text")
NAME_AND_DESCRIPTION = ("name_text", "description")


def population_fit(text: pa.Array, codes: Sequence[Any],
                   populations: Sequence[Population]) -> np.ndarray:
    """Per row: +1 serves one of the populations (its text or its taxonomy codes say so),
    -1 says it serves someone else, 0 neither. ``text``: each row's SERVICE_TEXT joined;
    ``codes``: each row's taxonomy term codes."""
    out = np.zeros(len(text))
    if not populations or not len(text):
        return out
    fits = np.zeros(len(text), dtype=bool)
    conflicts = np.zeros(len(text), dtype=bool)
    for pop in populations:
        fits |= _search(text, pop.fits)
        if pop.codes:
            fits |= np.array([_has_code(cs, pop.codes) for cs in codes], dtype=bool)
        if pop.conflicts is not None:
            conflicts |= _search(text, pop.conflicts)
    out[conflicts] = -1.0
    out[fits] = 1.0
    return out


def contradicted(text: pa.Array, pattern: re.Pattern[str] | None) -> np.ndarray:
    """Rows whose text (NAME_AND_DESCRIPTION joined) holds a contradicting word."""
    if pattern is None or not len(text):
        return np.zeros(len(text), dtype=bool)
    return _search(text, pattern)


def _search(text: pa.Array, pattern: re.Pattern[str]) -> np.ndarray:
    """RE2 (Arrow's regex engine: linear time, no look-around), case-insensitive, straight
    over the index's Arrow columns (no Python string per row)."""
    found = pc.match_substring_regex(text, pattern.pattern, ignore_case=True)
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)


def _has_code(codes: Any, wanted: tuple[str, ...]) -> bool:
    if codes is None or not wanted:
        return False
    for code in codes:
        c = str(code).upper()
        if any(c == w or c.startswith(w + ".") or c.startswith(w + "-") for w in wanted):
            return True
    return False


# -- reading the rules -------------------------------------------------------------------
def default_rules_path() -> Path:
    return data_path("matching.yaml")


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> MatchingRules:
    """Read and check matching.yaml; one :class:`MatchingRulesError` lists every problem."""
    data, source = read_yaml(path, "matching.yaml", MatchingRulesError)
    return rules_from_dict(data, source=source)


def rules_from_dict(data: Any, *, source: str = "<dict>",
                    need_ids: Iterable[str] | None = None) -> MatchingRules:
    problems: list[str] = []
    if not isinstance(data, dict):
        raise MatchingRulesError(source, ["top level must map populations/contradictions"])
    known = set(need_ids) if need_ids is not None else None
    pops = [p for pid, raw in (data.get("populations") or {}).items()
            if (p := _population(str(pid), raw, problems))]
    contras = [c for i, raw in enumerate(data.get("contradictions") or [])
               if (c := _contradiction(i, raw, known, problems))]
    if problems:
        raise MatchingRulesError(source, problems)
    return MatchingRules(tuple(pops), tuple(contras))


def _compile(where: str, patterns: Any, problems: list[str], *,
             words: bool = False) -> re.Pattern[str] | None:
    if not isinstance(patterns, list) or not all(isinstance(p, str) and p for p in patterns):
        problems.append(f"{where}: must be a list of non-empty strings")
        return None
    if not patterns:
        return None
    parts = [r"\b" + re.escape(normalize(p)) + r"\b" if words else p for p in patterns]
    joined = "|".join(f"(?:{p})" for p in parts)
    try:
        pc.match_substring_regex(pa.array([""]), joined)  # RE2 is what searches rows
        return re.compile(joined)
    except (re.error, pa.ArrowInvalid) as exc:
        problems.append(f"{where}: bad regex (RE2 syntax: {str(exc).splitlines()[0]})")
        return None


def _population(pid: str, raw: Any, problems: list[str]) -> Population | None:
    if not isinstance(raw, dict):
        problems.append(f"population {pid}: must be a mapping")
        return None
    query = _compile(f"population {pid}.query", raw.get("query"), problems, words=True)
    fits = _compile(f"population {pid}.fits", raw.get("fits"), problems)
    conflicts = _compile(f"population {pid}.conflicts", raw.get("conflicts") or [], problems)
    codes = raw.get("codes") or []
    if not isinstance(codes, list):
        problems.append(f"population {pid}.codes: must be a list")
        codes = []
    if query is None or fits is None:
        problems.append(f"population {pid}: needs non-empty `query` and `fits`")
        return None
    return Population(pid, str(raw.get("label") or pid), query, fits,
                      tuple(str(c).upper() for c in codes), conflicts)


def _contradiction(i: int, raw: Any, known: set[str] | None,
                   problems: list[str]) -> Contradiction | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("needs"), list):
        problems.append(f"contradictions[{i}]: must map `needs` and `words`")
        return None
    needs = frozenset(str(n) for n in raw["needs"])
    if known is not None:
        for n in sorted(needs - known):
            problems.append(f"contradictions[{i}]: need {n!r} does not exist")
    words = []
    for w in raw.get("words") or []:
        pattern = _compile(f"contradictions[{i}].words", [w], problems)
        if pattern is not None:
            words.append((str(w), pattern))
    return Contradiction(needs, tuple(words))
