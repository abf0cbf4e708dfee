"""Needs vocabulary and need matcher: loose words in, need ids out, in well under 2 ms.

Build a :class:`Vocabulary` once (``load_vocabulary()``; the app caches it with
``st.cache_resource``) and pass it around; nothing here keeps module-level mutable state.

Matching, in order (docs/needs.md has the details and the scores):

1. normalise: lowercase, strip accents, drop apostrophes, non-alphanumerics to spaces;
2. correct typos token by token: a token (4+ letters, not a stop word) that is not a
   vocabulary word is replaced by the closest vocabulary word if ``fuzz.ratio`` clears
   :data:`FUZZY_CUTOFF_SHORT` (4-5 letters) / :data:`FUZZY_CUTOFF_LONG`; one batched
   ``process.cdist`` over the precomputed word list;
3. look every contiguous n-gram (light stemming: hits/hit, hitting/hit) up in a dict of terms;
4. multi-word terms whose content words all occur, in any order, also match (a little lower);
5. a match whose words are a strict subset of another need's match is demoted (``bed`` in
   "bed for me and my kids" is weaker than the family-shelter phrase).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process, utils

from resources.datafile import check, repeated, texts
from resources.errors import DataFileError, data_path, read_yaml
from resources.vocab.crisis import load_crisis
from resources.vocab.terms import (
    MIN_SCORE,
    CrisisSignal,
    MatchKind,
    _make_term,
    _rank,
    _Term,
    _TermIndex,
    normalize,
)

REQUIRED_IDS: tuple[str, ...] = (
    "emergency_shelter",
    "family_shelter",
    "dv_shelter",
    "youth_shelter",
    "warming_center",
    "food_pantry",
    "hot_meals",
    "detox",
    "substance_use_treatment",
    "harm_reduction",
    "mental_health_crisis",
    "walk_in_mental_health",
    "psychiatric_emergency",
    "urgent_care",
    "free_clinic",
    "hospital_emergency",
    "dental",
    "pharmacy",
    "showers",
    "laundry",
    "clothing",
    "legal_aid",
    "benefits",
    "housing_assistance",
    "employment",
    "transportation",
    "senior_services",
    "veterans_services",
    "suicide_hotline",
    "dv_hotline",
)

_LIST_FIELDS = (
    "synonyms",
    "misspellings",
    "spanish",
    "phrases",
    "related",
    "hotline_topics",
    "airs_codes",
    "airs_terms",
    "open_eligibility",
    "osm_tags",
    "hifld_types",
)
_TERM_FIELDS: tuple[tuple[str, MatchKind], ...] = (
    ("synonyms", "synonym"),
    ("spanish", "spanish"),
    ("phrases", "phrase"),
    ("misspellings", "misspelling"),
)


class VocabularyError(DataFileError):
    """The vocabulary file is unusable; ``problems`` lists every problem found."""

    what = "the needs vocabulary"


@dataclass(frozen=True, slots=True)
class Need:
    id: str
    label: str
    group: str
    synonyms: tuple[str, ...] = ()
    misspellings: tuple[str, ...] = ()
    spanish: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    hotline_topics: tuple[str, ...] = ()
    safety: bool = False
    airs_codes: tuple[str, ...] = ()
    airs_terms: tuple[str, ...] = ()
    open_eligibility: tuple[str, ...] = ()
    osm_tags: tuple[str, ...] = ()
    hifld_types: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NeedMatch:
    need_id: str
    label: str
    score: float  # 0..100
    how: MatchKind
    term: str  # the vocabulary term that matched, as written in needs.yaml


# ---------------------------------------------------------------- the vocabulary


@dataclass(frozen=True)
class Vocabulary:
    """The loaded needs vocabulary with its precomputed indexes. Immutable; build once."""

    needs: tuple[Need, ...]
    groups: tuple[str, ...]
    by_id: Mapping[str, Need] = field(repr=False)
    _terms: _TermIndex = field(repr=False)
    _order: Mapping[str, int] = field(repr=False)
    _airs_codes: Mapping[str, tuple[str, ...]] = field(repr=False)
    _airs_terms: Mapping[str, tuple[str, ...]] = field(repr=False)
    _oe_terms: Mapping[str, tuple[str, ...]] = field(repr=False)
    _hifld: Mapping[str, tuple[str, ...]] = field(repr=False)
    _osm_rules: tuple[tuple[frozenset[tuple[str, str]], str], ...] = field(repr=False)
    # the crisis classes (resources.vocab.crisis, crisis.yaml): None only for a hand-built vocabulary
    crisis_detector: Any = field(default=None, repr=False)

    @classmethod
    def from_needs(
        cls, needs: Sequence[Need], groups: Sequence[str], crisis_detector: Any = None
    ) -> Vocabulary:
        terms: list[_Term] = []
        for need in needs:
            for text in (need.label, need.id.replace("_", " ")):
                t = _make_term(text, need.id, "exact")
                if t:
                    terms.append(t)
            for attr, kind in _TERM_FIELDS:
                terms.extend(t for s in getattr(need, attr) if (t := _make_term(s, need.id, kind)))
        order = {n.id: i for i, n in enumerate(needs)}
        return cls(
            needs=tuple(needs),
            groups=tuple(groups),
            by_id=MappingProxyType({n.id: n for n in needs}),
            _terms=_TermIndex.build(terms),
            _order=MappingProxyType(order),
            _airs_codes=_invert(needs, "airs_codes", str.upper),
            _airs_terms=_invert(needs, "airs_terms", normalize),
            _oe_terms=_invert(needs, "open_eligibility", normalize),
            _hifld=_invert(needs, "hifld_types", normalize),
            _osm_rules=tuple((_parse_osm_rule(rule), n.id) for n in needs for rule in n.osm_tags),
            crisis_detector=crisis_detector,
        )

    # -- matching
    def match(self, text: str, *, limit: int = 5) -> list[NeedMatch]:
        if not isinstance(text, str) or not text.strip():
            return []
        ranked = _rank(self._terms.find(text[:500]))
        ranked.sort(key=lambda r: (-r[1], self._order[r[0]]))
        return [
            NeedMatch(owner, self.by_id[owner].label, score, h.how, h.term.text)
            for owner, score, h in ranked[:limit]
            if score >= MIN_SCORE
        ]

    def crisis_signal(self, text: str) -> CrisisSignal | None:
        """The crisis classes in the words (resources/data/crisis.yaml), or None."""
        if self.crisis_detector is None:
            return None
        return self.crisis_detector.detect(text)

    def expand(self, need_ids: Iterable[str]) -> list[str]:
        """The given needs plus their ``related`` needs (one level), in a stable order."""
        out: list[str] = []
        for nid in need_ids:
            for x in (nid, *self.by_id[nid].related):
                if x not in out:
                    out.append(x)
        return out

    def label(self, need_id: str) -> str:
        need = self.by_id.get(need_id)
        return need.label if need else need_id.replace("_", " ")

    def hotline_topics(self, need_ids: Iterable[str]) -> list[str]:
        """Hotline topics that fit these needs (for "which hotlines cover this caller")."""
        out: list[str] = []
        for nid in need_ids:
            for topic in (self.by_id[nid].hotline_topics if nid in self.by_id else ()):
                if topic not in out:
                    out.append(topic)
        return out

    def is_safety(self, need_ids: Iterable[str]) -> bool:
        return any(self.by_id[n].safety for n in need_ids if n in self.by_id)

    # -- source category maps
    def needs_for_airs(self, codes: Iterable[str] = (), terms: Iterable[str] = ()) -> list[str]:
        found: set[str] = set()
        for raw in codes:
            for code in _split_multi(raw):
                found.update(self._longest_airs(code.upper()))
        for raw in terms:
            for term in _split_multi(raw):
                leaf = term.rsplit(" - ", 1)[-1]
                found.update(self._airs_terms.get(normalize(leaf), ()))
        return self._ordered(found)

    def _longest_airs(self, code: str) -> tuple[str, ...]:
        while code:
            if code in self._airs_codes:
                return self._airs_codes[code]
            cut = max(code.rfind("."), code.rfind("-"))
            code = code[:cut] if cut > 0 else ""
        return ()

    def needs_for_open_eligibility(self, terms: Iterable[str]) -> list[str]:
        found = {n for t in terms for n in self._oe_terms.get(normalize(t), ())}
        return self._ordered(found)

    def needs_for_osm(self, tags: Mapping[str, str]) -> list[str]:
        have = {
            (k.strip(), v.strip())
            for k, vals in tags.items()
            if isinstance(vals, str)
            for v in vals.split(";")
        }
        matched = [(cond, nid) for cond, nid in self._osm_rules if cond <= have]
        kept = {nid for cond, nid in matched if not any(cond < other for other, _ in matched)}
        return self._ordered(kept)

    def needs_for_hifld(self, type_value: str) -> list[str]:
        return list(self._hifld.get(normalize(type_value or ""), ()))

    def categories_for(self, source_kind: str, value: Any) -> list[str]:
        """One entry point for loaders: source_kind is airs, open_eligibility, osm or hifld."""
        kind = source_kind.lower()
        if kind == "airs":
            return self.needs_for_airs([value], [value])
        if kind == "open_eligibility":
            return self.needs_for_open_eligibility([value])
        if kind == "osm":
            if isinstance(value, str):
                value = dict(part.split("=", 1) for part in value.split("+") if "=" in part)
            return self.needs_for_osm(value)
        if kind == "hifld":
            return self.needs_for_hifld(value)
        raise ValueError(
            f"unknown source kind {source_kind!r} (airs, open_eligibility, osm, hifld)"
        )

    def _ordered(self, ids: Iterable[str]) -> list[str]:
        return sorted(set(ids), key=self._order.__getitem__)


def _split_multi(raw: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;*]", raw or "") if p.strip()]


def _invert(needs: Sequence[Need], attr: str, key: Any) -> Mapping[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for n in needs:
        for v in getattr(n, attr):
            ids = out.setdefault(key(v), [])
            if n.id not in ids:
                ids.append(n.id)
    return MappingProxyType({k: tuple(v) for k, v in out.items()})


def _parse_osm_rule(rule: str) -> frozenset[tuple[str, str]]:
    return frozenset((k.strip(), v.strip()) for k, v in (p.split("=", 1) for p in rule.split("+")))


# ---------------------------------------------------------------- loading and validation


def default_vocabulary_path() -> Path:
    return data_path("needs.yaml")


def load_vocabulary(path: str | Path | None = None) -> Vocabulary:
    """Read and validate needs.yaml; raise one :class:`VocabularyError` listing all problems."""
    data, source = read_yaml(path, "needs.yaml", VocabularyError)
    return vocabulary_from_dict(data, source=source)


def vocabulary_from_dict(data: Any, *, source: str = "<dict>", crisis_detector: Any = None) -> Vocabulary:
    """The vocabulary from parsed needs.yaml, checked by
    :class:`resources.vocab.schemas.NeedsFile` (every problem at once); its crisis classes
    are ``crisis_detector``, by default the package's crisis.yaml (:func:`load_crisis`)."""
    doc = data if isinstance(data, dict) else {}
    given = doc.get("needs")
    raw: list[Any] = given if isinstance(given, list) else []
    ids = [r.get("id") for r in raw if isinstance(r, dict)]
    context = {"groups": texts(doc.get("groups")), "topics": texts(doc.get("hotline_topics")),
               "ids": texts(ids), "duplicates": repeated(ids)}
    missing = [f"required need id {m!r} is missing" for m in REQUIRED_IDS if raw and m not in ids]
    check(data, source, VocabularyError, "resources.vocab.schemas:NeedsFile", context=context,
          more=missing)
    needs = [Need(id=r["id"], label=r["label"].strip(), group=r["group"],
                  safety=bool(r.get("safety", False)),
                  **{f: tuple(r.get(f) or ()) for f in _LIST_FIELDS}) for r in raw]
    if crisis_detector is None:
        crisis_detector = load_crisis()
    unknown = [f"crisis class {c.id}: need {n!r} is not in the needs vocabulary"
               for c in crisis_detector.classes for n in c.needs if n not in ids]
    if unknown:
        raise VocabularyError(source, unknown)
    return Vocabulary.from_needs(needs, list(doc.get("groups") or ()), crisis_detector)


# ---------------------------------------------------------------- public functions


def match_needs(text: str, vocab: Vocabulary, *, limit: int = 5) -> list[NeedMatch]:
    """Needs implied by loose text, best first (score 0-100); [] when nothing fits."""
    return vocab.match(text, limit=limit)


def is_crisis_text(text: str, vocab: Vocabulary) -> CrisisSignal | None:
    """A crisis signal (resources/data/crisis.yaml: suicide -> 988; overdose or poisoning,
    medical emergency, violence, child in danger -> 911), or None."""
    return vocab.crisis_signal(text)


def categories_for(vocab: Vocabulary, source_kind: str, value: Any) -> list[str]:
    return vocab.categories_for(source_kind, value)


def needs_for_airs(vocab: Vocabulary, codes: list[str], terms: list[str]) -> list[str]:
    return vocab.needs_for_airs(codes, terms)


def needs_for_open_eligibility(vocab: Vocabulary, terms: list[str]) -> list[str]:
    return vocab.needs_for_open_eligibility(terms)


def needs_for_osm(vocab: Vocabulary, tags: Mapping[str, str]) -> list[str]:
    return vocab.needs_for_osm(tags)


def needs_for_hifld(vocab: Vocabulary, type_value: str) -> list[str]:
    return vocab.needs_for_hifld(type_value)


def text_score(query: str, names: Sequence[str]) -> np.ndarray:
    """Score candidate names/descriptions 0-100 against a query (float32, one per name).

    Scorer: ``fuzz.token_set_ratio``. A query whose words are all in a name scores 100
    whatever the order or extra words ("food pantry" vs "Capital Area Food Bank - Pantry"),
    the remainder is compared with an edit-distance ratio so typos still score, and it is
    about twice as fast as WRatio (STACK.md). Names go in as the rows of ``process.cdist`` so
    ``workers=-1`` splits them over all cores. Use it on a pre-filtered candidate set.
    """
    if len(names) == 0:
        return np.zeros(0, dtype=np.float32)
    q = normalize(query or "")
    if not q:
        return np.zeros(len(names), dtype=np.float32)
    cleaned = [n if isinstance(n, str) else "" for n in names]
    scores = process.cdist(
        cleaned,
        [q],
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        dtype=np.float32,
        workers=-1,
    )
    return scores[:, 0]
