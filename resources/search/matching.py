"""What a query's words say beyond the need: who the caller is, and what contradicts it.

Both rule sets are data (``resources/data/matching.yaml``), read and checked once:

- **populations**: words naming the caller ("teen", "veteran", "mis hijos") become
  eligibility *preferences*: a service whose text or taxonomy target-population terms say it
  serves them fits (+1), one that says it serves someone else conflicts (-1), the rest are
  neutral (0). Ranking adds the preference (:mod:`resources.search.ranking`); nothing is filtered.
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

from resources.datafile import check
from resources.errors import DataFileError, data_path, read_yaml
from resources.vocab.needs import normalize


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
    chip: str = ""
    unless: re.Pattern[str] | None = None
    fit_reason: str = ""
    conflict_reason: str = ""

    def reason(self, fit: float) -> str:
        """The card's reason for a service that fits (+1) or conflicts (-1)."""
        if fit > 0:
            return self.fit_reason or f"serves {self.label}"
        return self.conflict_reason or f"may not serve {self.label}"


@dataclass(frozen=True)
class ConditionFilter:
    """Words naming a yes/no fact the caller needs (wheelchair access, a language): a chip
    and a filter of the search."""

    id: str
    chip: str
    query: re.Pattern[str]
    unless: re.Pattern[str] | None
    language: str | None = None
    wheelchair: bool = False


@dataclass(frozen=True)
class Chip:
    """One thing the need's words say about the caller, shown under the search box: a
    ranking preference (``population``) or a filter (``filter``); ``words`` as read."""

    id: str
    label: str
    kind: str  # population | filter
    words: str


@dataclass(frozen=True)
class Contradiction:
    needs: frozenset[str]
    words: tuple[tuple[str, re.Pattern[str]], ...]


@dataclass(frozen=True)
class MatchingRules:
    populations: tuple[Population, ...]
    contradictions: tuple[Contradiction, ...]
    filters: tuple[ConditionFilter, ...] = ()

    def populations_in(self, query: str, ignore: Iterable[str] = ()) -> list[Population]:
        """The populations a query names (in the file's order), but those in ``ignore``
        (chips the specialist removed) and those whose ``unless`` words are there."""
        text, skip = normalize(query), set(ignore)
        return [p for p in self.populations if text and p.id not in skip
                and _named(text, p.query, p.unless)]

    def filters_in(self, query: str, ignore: Iterable[str] = ()) -> list[ConditionFilter]:
        """The condition filters a query names (wheelchair, a language)."""
        text, skip = normalize(query), set(ignore)
        return [f for f in self.filters if text and f.id not in skip
                and _named(text, f.query, f.unless)]

    def chips(self, query: str) -> list[Chip]:
        """Every population and condition the words name, as chips (none removed)."""
        text = normalize(query)
        out = [Chip(p.id, p.chip or p.label.capitalize(), "population", _words(text, p.query))
               for p in self.populations_in(query)]
        return out + [Chip(f.id, f.chip, "filter", _words(text, f.query))
                      for f in self.filters_in(query)]

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


def _named(text: str, query: re.Pattern[str], unless: re.Pattern[str] | None) -> bool:
    return bool(query.search(text)) and not (unless is not None and unless.search(text))


def _words(text: str, query: re.Pattern[str]) -> str:
    found = query.search(text)
    return found.group(0) if found else ""


def population_fits(text: pa.Array, codes: Sequence[Any],
                    populations: Sequence[Population]) -> np.ndarray:
    """Per row and population (columns in ``populations``' order): +1 the service serves
    it (its text or its taxonomy codes say so), -1 it says it serves someone else, 0
    neither. ``text``: each row's SERVICE_TEXT joined; ``codes``: its taxonomy codes."""
    out = np.zeros((len(text), len(populations)))
    for j, pop in enumerate(populations):
        fits = _search(text, pop.fits) if len(text) else np.zeros(0, dtype=bool)
        if pop.codes:
            fits |= np.array([_has_code(cs, pop.codes) for cs in codes], dtype=bool)
        if pop.conflicts is not None and len(text):
            out[_search(text, pop.conflicts), j] = -1.0
        out[fits, j] = 1.0
    return out


def population_fit(text: pa.Array, codes: Sequence[Any],
                   populations: Sequence[Population]) -> np.ndarray:
    """Per row, the mean of :func:`population_fits` over the populations the words name:
    1 when a service fits every one ("family with a dog": families and pets), less for
    each it says nothing about, below 0 when it says it serves someone else."""
    if not populations or not len(text):
        return np.zeros(len(text))
    return np.asarray(population_fits(text, codes, populations).mean(axis=1))


def population_reasons(fits: np.ndarray, text: pa.Array,
                       populations: Sequence[Population]) -> list[list[str]]:
    """Per row, the card's reasons: "pets allowed", "may not serve families with children:
    “Men only”" (the sentence of ``text``, e.g. the eligibility, that conflicts, quoted)."""
    out: list[list[str]] = [[] for _ in range(len(fits))]
    conflicting: list[int] = np.flatnonzero((fits < 0).any(axis=1)).tolist() if len(fits) \
        else []
    texts = dict(zip(conflicting, text.take(pa.array(conflicting, type=pa.int64())).to_pylist(),
                     strict=True)) if len(conflicting) else {}
    for i, row in enumerate(fits):
        for j, pop in enumerate(populations):
            if row[j] > 0:
                out[i].append(pop.reason(1))
            elif row[j] < 0:
                quote = _quote(str(texts.get(i) or ""), pop.conflicts)
                out[i].append(pop.reason(-1) + (f": “{quote}”" if quote else ""))
    return out


def _quote(text: str, pattern: re.Pattern[str] | None, limit: int = 60) -> str:
    """The sentence of ``text`` holding the pattern's first match, at most ``limit`` chars."""
    if pattern is None:
        return ""
    found = re.search(pattern.pattern, text, re.IGNORECASE)
    if found is None:
        return ""
    start = max(text.rfind(".", 0, found.start()), text.rfind(";", 0, found.start())) + 1
    ends = [e for e in (text.find(".", found.end()), text.find(";", found.end())) if e >= 0]
    sentence = text[start:min(ends) if ends else len(text)].strip()
    if len(sentence) > limit:
        sentence = sentence[:limit - 1].rstrip() + "…"
    return sentence[:1].upper() + sentence[1:]


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
    """The rules of a parsed file, checked by :class:`resources.search.schemas.MatchingFile`
    (every problem at once); ``need_ids``: the needs a contradiction may name."""
    check(data, source, MatchingRulesError, "resources.search.schemas:MatchingFile",
          context={"need_ids": None if need_ids is None else sorted(need_ids)})
    return MatchingRules(
        tuple(_population(str(pid), raw) for pid, raw in (data.get("populations") or {}).items()),
        tuple(Contradiction(frozenset(raw["needs"]),
                            tuple((w, re.compile(f"(?:{w})")) for w in raw.get("words") or []))
              for raw in data.get("contradictions") or []),
        tuple(_condition(str(fid), raw) for fid, raw in (data.get("filters") or {}).items()))


def _compile(patterns: list[str] | None, *, words: bool = False) -> re.Pattern[str] | None:
    """One pattern for a list of regexes, or of words (whole words, as normalized)."""
    if not patterns:
        return None
    parts = [r"\b" + re.escape(normalize(p)) + r"\b" if words else p for p in patterns]
    return re.compile("|".join(f"(?:{p})" for p in parts))


def _population(pid: str, raw: dict[str, Any]) -> Population:
    query, fits = _compile(raw["query"], words=True), _compile(raw["fits"])
    assert query is not None and fits is not None  # the model requires them
    return Population(pid, str(raw.get("label") or pid), query, fits,
                      tuple(str(c).upper() for c in raw.get("codes") or ()),
                      _compile(raw.get("conflicts")), str(raw.get("chip") or ""),
                      _compile(raw.get("unless")), str(raw.get("fit_reason") or ""),
                      str(raw.get("conflict_reason") or ""))


def _condition(fid: str, raw: dict[str, Any]) -> ConditionFilter:
    query, sets = _compile(raw["query"], words=True), raw["set"]
    assert query is not None  # the model requires it
    return ConditionFilter(fid, str(raw["chip"]), query, _compile(raw.get("unless")),
                           str(sets["language"]) if sets.get("language") else None,
                           bool(sets.get("wheelchair")))
