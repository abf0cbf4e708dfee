"""Crisis detection, declared as data: the caller's words -> the crisis classes they signal.

``resources/data/crisis.yaml`` lists the classes most urgent first (overdose or poisoning,
medical emergency, violence or danger now, child in danger, suicide), each with English and
Spanish phrases, what to show (the banner, the first number to call, the national lines of
:mod:`resources.vocab.national_lines`) and the near misses that must not raise it.
``load_crisis()`` validates the file against the national lines and reports every problem at
once; :meth:`CrisisDetector.detect` answers in well under a millisecond.

Matching reuses the needs matcher (:mod:`resources.vocab.needs`): whole words, light stemming,
typos, all content words in any order. Three kinds of evidence per class:

* ``phrases``: a crisis on their own ("took a whole bottle of pills", "mi esposo me pega");
* ``words``: a crisis unless a ``not_when`` context is also there ("suicide" yes,
  "suicide prevention training" no). ``not_when`` never voids a phrase, so "i want to kill
  myself, is there a suicide prevention class" still raises the banner;
* ``patterns``: regular expressions over the lowercased text with its punctuation ("OD'd").

A class whose matched words all lie inside another class's match is dropped ("going to kill
myself" is suicide, not "going to kill me").
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resources.datafile import check, repeated
from resources.errors import DataFileError, data_path, read_yaml
from resources.vocab.national_lines import NationalLines, load_national_lines
from resources.vocab.terms import (
    MIN_SCORE,
    CrisisSignal,
    _make_term,
    _rank,
    _Term,
    _TermIndex,
    normalize,
)

CALLS = ("911", "988")
LANGS = ("en", "es")
_GROUP = re.compile(r"\(([^()]*)\)")
_REQUIRED_CLASSES = ("suicide", "overdose", "violence", "medical", "child_danger")


class CrisisError(DataFileError):
    """The crisis file is unusable; ``problems`` lists every problem found."""

    what = "the crisis classes"


@dataclass(frozen=True, slots=True)
class CrisisClass:
    id: str
    label: str
    call: str
    banner: str
    lines: tuple[str, ...]
    needs: tuple[str, ...]  # need ids listed first under the banner
    phrases: tuple[str, ...]  # expanded: one entry per alternative
    words: tuple[str, ...]
    not_when: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class _Found:
    kind: str
    score: float
    positions: frozenset[int]  # token positions matched; empty for a pattern
    term: str


class CrisisDetector:
    """The crisis classes with their precomputed indexes. Immutable; build once."""

    def __init__(self, classes: Sequence[CrisisClass], lines: NationalLines) -> None:
        self.classes = tuple(classes)
        self.by_id: Mapping[str, CrisisClass] = {c.id: c for c in self.classes}
        self.lines = lines
        self._order = {c.id: i for i, c in enumerate(self.classes)}
        self._phrases = _index(self.classes, "phrases")
        self._words = _index(self.classes, "words")
        self._voids = _index(self.classes, "not_when")

    def detect(self, text: str) -> CrisisSignal | None:
        """The crisis classes the words signal, most urgent first; None when none."""
        if not isinstance(text, str) or not text.strip():
            return None
        text = text[:500]
        found = [*_found(self._phrases, text)]
        voided = {f.kind for f in _found(self._voids, text)}
        found += [f for f in _found(self._words, text) if f.kind not in voided]
        plain = _plain(text)
        found += [_Found(c.id, 100.0, frozenset(), p.pattern)
                  for c in self.classes for p in c.patterns if p.search(plain)]
        best: dict[str, _Found] = {}
        for f in found:
            if f.kind not in best or f.score > best[f.kind].score:
                best[f.kind] = f
        kept = [f for f in best.values()
                if not any(o.kind != f.kind and f.positions and f.positions < o.positions
                           for o in best.values())]
        if not kept:
            return None
        kept.sort(key=lambda f: self._order[f.kind])
        top = self.by_id[kept[0].kind]
        kinds = tuple(f.kind for f in kept)
        call = "911" if any(self.by_id[k].call == "911" for k in kinds) else "988"
        lines = tuple(dict.fromkeys(x for k in kinds for x in self.by_id[k].lines))
        needs = tuple(dict.fromkeys(n for k in kinds for n in self.by_id[k].needs))
        return CrisisSignal(top.id, kinds, kept[0].term, call, top.label, top.banner, lines,
                            needs)

    def line_records(self, signal: CrisisSignal | None) -> list[dict[str, Any]]:
        """The national lines to show with the banner (or, without crisis words, the lines
        listed while the place is unresolved)."""
        return self.lines.records(signal.lines) if signal else self.lines.unresolved()


def _index(classes: Iterable[CrisisClass], attr: str) -> _TermIndex:
    terms: list[_Term] = [t for c in classes for s in getattr(c, attr)
                          if (t := _make_term(s, c.id, "phrase"))]
    return _TermIndex.build(terms)


def _found(index: _TermIndex, text: str) -> list[_Found]:
    return [_Found(owner, score, hit.positions, hit.term.text)
            for owner, score, hit in _rank(index.find(text)) if score >= MIN_SCORE]


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def expand(phrase: str) -> list[str]:
    """``(a|b) c (d|)`` -> ["a c d", "a c", "b c d", "b c"], normalised (:func:`normalize`:
    each part once, not each of the thousands of combinations)."""
    parts = _GROUP.split(phrase)  # text, group, text, group, ... text
    choices = [[normalize(p)] if i % 2 == 0 else [normalize(a) for a in p.split("|")]
               for i, p in enumerate(parts)]
    return list(dict.fromkeys(" ".join(" ".join(c).split())
                              for c in itertools.product(*choices)))


# ---------------------------------------------------------------- loading and validation


def default_crisis_path() -> Path:
    return data_path("crisis.yaml")


def load_crisis(path: str | Path | None = None,
                lines: NationalLines | None = None) -> CrisisDetector:
    """Read and validate crisis.yaml; raise one :class:`CrisisError` listing all problems."""
    data, source = read_yaml(path, "crisis.yaml", CrisisError)
    return crisis_from_dict(data, lines or load_national_lines(), source=source)


def crisis_from_dict(data: Any, lines: NationalLines, *, source: str = "<dict>") -> CrisisDetector:
    """The crisis classes of a parsed file, checked by
    :class:`resources.vocab.schemas.CrisisFile` (every problem at once)."""
    raw = data.get("classes") if isinstance(data, dict) else None
    ids = [r.get("id") for r in raw if isinstance(r, dict)] if isinstance(raw, list) else []
    missing = [f"required class {r!r} is missing" for r in _REQUIRED_CLASSES
               if raw and r not in ids]
    check(data, source, CrisisError, "resources.vocab.schemas:CrisisFile",
          context={"lines": list(lines.by_id), "duplicates": repeated(ids)}, more=missing)
    return CrisisDetector([_class(r) for r in data["classes"]], lines)


def _class(raw: dict[str, Any]) -> CrisisClass:
    texts = {key: [s for lang in LANGS for s in (raw.get(key) or {}).get(lang) or ()]
             for key in ("phrases", "words", "not_when")}
    expanded = {key: _expanded(vals) for key, vals in texts.items()}
    return CrisisClass(raw["id"], raw["label"].strip(), raw["call"],
                       " ".join(raw["banner"].split()), tuple(raw.get("lines") or ()),
                       tuple(raw.get("needs") or ()), expanded["phrases"], expanded["words"],
                       expanded["not_when"], tuple(re.compile(p) for p in raw.get("patterns")
                                                   or ()))


def _expanded(texts: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for text in texts for v in expand(text) if v))
