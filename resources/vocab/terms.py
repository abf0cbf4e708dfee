"""The matcher under the needs vocabulary and the crisis classes: text normalized
(:func:`normalize`), terms indexed (:class:`_TermIndex`: exact n-grams, typo-corrected
tokens, unordered content words) and hits ranked (:func:`_rank`). Both
:mod:`resources.vocab.needs` and :mod:`resources.vocab.crisis` build on it, so neither
imports the other to match words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import numpy as np
from rapidfuzz import fuzz, process

MatchKind = Literal["exact", "synonym", "misspelling", "spanish", "phrase", "fuzzy"]
CrisisKind = str  # a class id of resources/data/crisis.yaml (overdose, suicide ...)


MIN_SCORE = 60.0
"""Matches below this score are not returned."""
FUZZY_CUTOFF_SHORT = 88.0
"""fuzz.ratio needed to correct a 4-5 letter token: one missing letter (detx -> detox)."""
FUZZY_CUTOFF_LONG = 84.0
"""fuzz.ratio needed for 6+ letters: a swap in 7 letters (shleter) passes, one substituted
letter in 6 (dinner/winner, 83.3) does not; food/foot is 75 and never corrected."""

_BASE: Mapping[str, float] = MappingProxyType(
    {"exact": 100.0, "synonym": 92.0, "spanish": 92.0, "phrase": 92.0, "misspelling": 90.0}
)
_WORD_BONUS = 2.0  # per content word beyond the first: longer terms are more specific
_WORD_BONUS_CAP = 6.0
_UNORDERED_PENALTY = 8.0  # content words present but not as a contiguous phrase
_SUBSUMED_PENALTY = 15.0  # words are a strict subset of another need's match
_EVIDENCE_BONUS = 2.0  # per extra distinct term for the same need, capped below
_EVIDENCE_CAP = 4.0

_STOP = frozenset(
    [
        "i",
        "im",
        "me",
        "my",
        "a",
        "an",
        "the",
        "to",
        "for",
        "of",
        "and",
        "or",
        "is",
        "am",
        "are",
        "was",
        "be",
        "in",
        "on",
        "at",
        "with",
        "it",
        "its",
        "some",
        "so",
        "please",
        "just",
        "y",
        "de",
        "la",
        "el",
        "los",
        "las",
        "un",
        "una",
        "en",
        "con",
        "para",
        "por",
        "que",
        "mi",
        "mis",
        "se",
        "lo",
    ]
)


_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_NORMAL = re.compile(r"[a-z0-9]+( [a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class CrisisSignal:
    """What :mod:`resources.vocab.crisis` found in the caller's words (classes of crisis.yaml)."""

    kind: CrisisKind  # the most urgent class found
    kinds: tuple[CrisisKind, ...]  # every class found, most urgent first
    term: str  # crisis phrase that matched
    call: str  # "911" if any class needs emergency services, else "988"
    label: str = ""  # the most urgent class's label ("Overdose or poisoning")
    banner: str = ""  # its banner text (Markdown)
    lines: tuple[str, ...] = ()  # national line ids to show, in order (national_lines.yaml)
    needs: tuple[str, ...] = ()  # need ids whose services are listed first under the banner


@dataclass(frozen=True, slots=True)
class _Term:
    text: str  # as written
    key: str  # stemmed, normalised tokens joined by spaces
    content: frozenset[str]  # stemmed non-stop words
    n_tokens: int
    owner: str  # need id, or crisis kind
    kind: MatchKind


@dataclass(frozen=True, slots=True)
class _Hit:
    owner: str
    term: _Term
    positions: frozenset[int]
    score: float
    how: MatchKind




# ---------------------------------------------------------------- text helpers


def normalize(text: str) -> str:
    """Lowercase, strip accents and apostrophes, keep letters and digits, collapse spaces."""
    if _NORMAL.fullmatch(text):  # already normal (terms built from normal parts): as is
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = plain.replace("'", "").replace("\u2019", "")
    return " ".join(_NON_ALNUM.sub(" ", plain).split())


def _stem(token: str) -> str:
    """A deliberately tiny stemmer: hits/hit, hitting/hit, beaten stays, clinics/clinic."""
    if len(token) > 5 and token.endswith("ing"):
        token = token[:-3]
        if len(token) > 2 and token[-1] == token[-2]:
            token = token[:-1]
    elif len(token) > 4 and token.endswith("ies"):
        token = token[:-3] + "y"
    elif len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        token = token[:-1]
    return token


def _make_term(text: str, owner: str, kind: MatchKind) -> _Term | None:
    tokens = normalize(text).split()
    if not tokens:
        return None
    stems = [_stem(t) for t in tokens]
    content = frozenset(s for t, s in zip(tokens, stems, strict=True) if t not in _STOP)
    return _Term(text, " ".join(stems), content, len(tokens), owner, kind)


# ---------------------------------------------------------------- term index


@dataclass(frozen=True)
class _TermIndex:
    """Everything the matcher needs, precomputed once."""

    by_key: Mapping[str, tuple[_Term, ...]]
    by_content_word: Mapping[str, tuple[_Term, ...]]  # multi-word terms, per content word
    words: tuple[str, ...]  # vocabulary words for typo correction (raw, normalised)
    anagrams: Mapping[str, tuple[str, ...]]  # sorted letters -> words, for swapped letters
    word_set: frozenset[str]
    max_tokens: int

    @classmethod
    def build(cls, terms: Iterable[_Term]) -> _TermIndex:
        by_key: dict[str, list[_Term]] = {}
        by_word: dict[str, list[_Term]] = {}
        words: set[str] = set()
        max_tokens = 1
        for term in terms:
            bucket = by_key.setdefault(term.key, [])
            if any(t.owner == term.owner for t in bucket):
                continue  # same words listed twice for one need (e.g. "hospital" en/es)
            bucket.append(term)
            max_tokens = max(max_tokens, term.n_tokens)
            words.update(t for t in normalize(term.text).split() if t not in _STOP)
            if len(term.content) >= 2:
                for w in term.content:
                    by_word.setdefault(w, []).append(term)
        return cls(
            by_key=MappingProxyType({k: tuple(v) for k, v in by_key.items()}),
            by_content_word=MappingProxyType({k: tuple(v) for k, v in by_word.items()}),
            words=tuple(sorted(words)),
            word_set=frozenset(words),
            anagrams=_anagrams(words),
            max_tokens=max_tokens,
        )

    def correct(self, tokens: list[str]) -> tuple[list[str], dict[int, float]]:
        """Replace unknown tokens by the closest vocabulary word; return ratios used."""
        todo = [
            i
            for i, t in enumerate(tokens)
            if len(t) >= 4
            and t not in _STOP
            and t not in self.word_set
            and not t.isdigit()
            and _stem(t) not in self.word_set
        ]
        if not todo or not self.words:
            return tokens, {}
        scores = process.cdist(
            [tokens[i] for i in todo],
            self.words,
            scorer=fuzz.ratio,
            score_cutoff=FUZZY_CUTOFF_LONG,
            dtype=np.float32,
        )
        out = list(tokens)
        used: dict[int, float] = {}
        for row, i in enumerate(todo):
            j = int(np.argmax(scores[row]))
            best = float(scores[row, j])
            cutoff = FUZZY_CUTOFF_SHORT if len(tokens[i]) <= 5 else FUZZY_CUTOFF_LONG
            if best >= cutoff:
                out[i] = self.words[j]
                used[i] = best
            elif (swapped := self._swap(tokens[i])) is not None:
                out[i] = swapped
                used[i] = FUZZY_CUTOFF_LONG
        return out, used

    def _swap(self, token: str) -> str | None:
        """A vocabulary word that differs by two adjacent letters swapped (pantyr -> pantry)."""
        if len(token) < 5:
            return None
        for word in self.anagrams.get("".join(sorted(token)), ()):
            diff = [k for k, (a, b) in enumerate(zip(token, word, strict=True)) if a != b]
            if len(diff) == 2 and diff[1] == diff[0] + 1:
                return word
        return None

    def find(self, text: str) -> list[_Hit]:
        tokens, fixed = self.correct(normalize(text).split())
        if not tokens:
            return []
        stems = [_stem(t) for t in tokens]
        hits: list[_Hit] = []
        seen: set[tuple[str, str]] = set()
        for n in range(min(self.max_tokens, len(stems)), 0, -1):
            for start in range(len(stems) - n + 1):
                span = range(start, start + n)
                for term in self.by_key.get(" ".join(stems[start : start + n]), ()):
                    ratio = min((fixed[i] for i in span if i in fixed), default=100.0)
                    hits.append(_score(term, frozenset(span), ratio, ordered=True))
                    seen.add((term.owner, term.key))
        stem_pos: dict[str, set[int]] = {}
        for i, (tok, s) in enumerate(zip(tokens, stems, strict=True)):
            if tok not in _STOP:
                stem_pos.setdefault(s, set()).add(i)
        candidates = {t for s in stem_pos for t in self.by_content_word.get(s, ())}
        for term in candidates:
            if (term.owner, term.key) in seen or not term.content <= stem_pos.keys():
                continue
            pos = frozenset(i for w in term.content for i in stem_pos[w])
            ratio = min((fixed[i] for i in pos if i in fixed), default=100.0)
            hits.append(_score(term, pos, ratio, ordered=False))
        return hits


def _anagrams(words: Iterable[str]) -> Mapping[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for w in words:
        if len(w) >= 5:
            out.setdefault("".join(sorted(w)), []).append(w)
    return MappingProxyType({k: tuple(v) for k, v in out.items()})


def _score(term: _Term, positions: frozenset[int], ratio: float, *, ordered: bool) -> _Hit:
    extra = min(_WORD_BONUS_CAP, _WORD_BONUS * max(0, len(term.content) - 1))
    score = min(100.0, _BASE[term.kind] + extra)
    if not ordered:
        score -= _UNORDERED_PENALTY
    how: MatchKind = term.kind
    if ratio < 100.0:
        score *= ratio / 100.0
        how = "fuzzy"
    return _Hit(term.owner, term, positions, score, how)


def _rank(hits: list[_Hit]) -> list[tuple[str, float, _Hit]]:
    """Best hit per owner, demoting hits that are inside another owner's longer hit."""
    adjusted: list[tuple[float, _Hit]] = []
    for h in hits:
        inside = any(
            o.owner != h.owner and h.positions < o.positions and o.score >= h.score - 10
            for o in hits
        )
        adjusted.append((h.score - (_SUBSUMED_PENALTY if inside else 0.0), h))
    best: dict[str, tuple[float, _Hit]] = {}
    terms: dict[str, set[str]] = {}
    for score, h in adjusted:
        terms.setdefault(h.owner, set()).add(h.term.key)
        if h.owner not in best or score > best[h.owner][0]:
            best[h.owner] = (score, h)
    ranked = []
    for owner, (score, h) in best.items():
        bonus = min(_EVIDENCE_CAP, _EVIDENCE_BONUS * (len(terms[owner]) - 1))
        ranked.append((owner, round(min(100.0, score + bonus), 1), h))
    return ranked
