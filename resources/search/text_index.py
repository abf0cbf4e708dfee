"""The text signal of a search: BM25 over what each service says it does, in memory.

The store's full-text index is built by DuckDB's fts extension after every load
(:data:`resources.store.text_sql.TEXT_INDEX_SQL`: one document per service, its names and
its description, taxonomy terms and eligibility; accents stripped, English stop words out,
Porter stems). :class:`TextIndex` reads that index's tables once per store into posting
arrays, so a query costs a few numpy operations over the postings of its own words instead
of a scan of every document (what the extension's ``match_bm25`` macro does; it stays the
reference, :func:`resources.store.text_sql.text_matches`, tested equal). A single search
(the command line) reads only its own words' postings instead (:class:`QueryTextIndex`).

Query words go through the extension's own tokenizer and stemmer. A word the index does not
hold (a typo: "shleter") is replaced by the closest indexed stem when one is close enough
(rapidfuzz ratio >= 85, words of four letters or more), its weight scaled by that ratio.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from resources.store import Store
from resources.store.text_sql import (
    has_postings,
    has_text_index,
    porter_stems,
    text_index_tables,
    text_index_vocabulary,
    text_postings,
)

K1, B = 1.2, 0.75  # the fts extension's BM25 defaults (and its log10 in the idf)
TYPO_CUTOFF = 85.0
TYPO_MIN_LENGTH = 4
ALSO_WEIGHT = 0.5  # a word the caller did not type (a need's label) counts half


# the fts extension's tokenize macro: lower(strip_accents(s)), these characters to spaces,
# split on white space
_SEPARATORS = re.compile(r"[0-9!@#$%^&*()_+={}\[\]:;<>,.?~\\/|'\"`-]+")


def tokenize(text: str) -> list[str]:
    """Words as the fts extension's ``tokenize`` macro reads them."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text)
                    if not unicodedata.combining(c)).lower()
    return [t for t in _SEPARATORS.sub(" ", plain).split() if t]


@dataclass(frozen=True)
class TextHits:
    """BM25 of the services whose text holds a word of the query (``keys`` sorted)."""

    keys: np.ndarray
    scores: np.ndarray
    words: tuple[str, ...] = ()  # the indexed stems the query was read as
    # BM25 of a document of average length holding each of those words once: a service
    # matching the query this well or better has a text match of 1
    ideal: float = 1.0

    def __len__(self) -> int:
        return len(self.keys)

    def at(self, keys: np.ndarray) -> np.ndarray:
        """The BM25 of each of these service keys (0 where the text does not match)."""
        keys = np.asarray(keys, dtype=np.int64)
        if not len(self.keys) or not len(keys):
            return np.zeros(len(keys))
        slot = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return np.where(self.keys[slot] == keys, self.scores[slot], 0.0)

    def match(self, keys: np.ndarray) -> np.ndarray:
        """How well each service's text matches the query, 0..1 (BM25 / ``ideal``): a
        service holding only a common word of a long query scores low."""
        return np.minimum(self.at(keys) / self.ideal, 1.0) if self.ideal > 0 else self.at(keys)

    def holds(self, keys: np.ndarray, min_match: float = 0.0) -> np.ndarray:
        """Services whose text matches the query (at least ``min_match``, 0..1)."""
        return self.match(keys) >= min_match if min_match > 0 else self.at(keys) > 0


NO_HITS = TextHits(np.empty(0, dtype=np.int64), np.empty(0))


class _Bm25:
    """BM25 as the fts extension computes it, over its index's vocabulary; where the
    postings come from is the subclass's business."""

    def __init__(self, store: Store, stats: tuple[float, float],
                 terms: list[tuple[int, str, float]], stopwords: set[str]):
        self.store = store
        self.num_docs, self.avgdl = stats
        self._terms = {str(t): (int(i), float(df)) for i, t, df in terms}
        self._vocabulary = list(self._terms)
        self._stems: dict[str, str] = {}
        self._lock = threading.Lock()
        self._stopwords = stopwords

    def _scores(self, terms: dict[int, tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
        """(service keys sorted, BM25) for ``termid -> (weight, idf)``."""
        raise NotImplementedError

    def _term_scores(self, tf: np.ndarray, length: np.ndarray, weight: float,
                     idf: float) -> np.ndarray:
        norm = K1 * (1.0 - B + B * length / self.avgdl)
        return weight * idf * tf * (K1 + 1.0) / (tf + norm)

    def stems(self, query: str) -> list[str]:
        """The query's words as the index reads them: tokenized as the extension's
        ``tokenize`` macro does, stop words out, Porter-stemmed by the extension (each word
        once per index: later queries find it cached)."""
        tokens = [t for t in tokenize(query) if t not in self._stopwords]
        missing = [t for t in dict.fromkeys(tokens) if t not in self._stems]
        if missing:
            stems = porter_stems(self.store.con, missing)
            with self._lock:
                self._stems.update(stems)
        return list(dict.fromkeys(self._stems[t] for t in tokens))

    def read(self, query: str) -> list[tuple[str, float]]:
        """(indexed stem, weight) for each query word the index can answer: 1.0 for a word
        it holds, the closeness of the nearest stem for a typo, nothing for the rest."""
        out: list[tuple[str, float]] = []
        if not query.strip():
            return out
        for stem in self.stems(query):
            if stem in self._terms:
                out.append((stem, 1.0))
            elif len(stem) >= TYPO_MIN_LENGTH and self._vocabulary:
                hit = process.extractOne(stem, self._vocabulary, scorer=fuzz.ratio,
                                         score_cutoff=TYPO_CUTOFF)
                if hit is not None:
                    out.append((str(hit[0]), float(hit[1]) / 100.0))
        return out

    def hits(self, query: str, also: str = "") -> TextHits:
        """BM25 (the extension's formula) of every service holding a word of the query;
        words of ``also`` (what the query was understood as: the labels of its needs) count
        at ``ALSO_WEIGHT`` in a score but whole in the ideal, so a service matching only
        the labels, none of the caller's own words, has a text match of at most one half."""
        own = self.read(query)
        weights: dict[str, float] = {}  # what a word adds to a score
        full: dict[str, float] = {}  # what it adds to the ideal: a label word counts whole
        for stem, weight in self.read(also):
            weights[stem], full[stem] = weight * ALSO_WEIGHT, weight
        for stem, weight in own:
            weights[stem] = full[stem] = max(weights.get(stem, 0.0), weight)
        if not weights or not self.num_docs:
            return NO_HITS
        # a word of the caller's that neither the index nor the need vocabulary understood
        # (no ``also``) still counts in the ideal, as the rarest word would: a service
        # matching one word of three is a weak match
        unread = 0 if also.strip() else len(self.stems(query)) - len(own)
        ideal = unread * math.log10((self.num_docs + 0.5) / 0.5 + 1.0) * (K1 + 1.0) / (1.0 + K1)
        terms: dict[int, tuple[float, float]] = {}
        for stem, weight in weights.items():
            termid, df = self._terms[stem]
            idf = math.log10((self.num_docs - df + 0.5) / (df + 0.5) + 1.0)
            terms[termid] = (weight, idf)
            ideal += full[stem] * idf * (K1 + 1.0) / (1.0 + K1)
        keys, scores = self._scores(terms)
        return TextHits(keys, scores, tuple(weights), ideal)


class TextIndex(_Bm25):
    """The store's full-text index as posting arrays (a term's documents and counts), read
    once: what the app keeps for every search."""

    def __init__(self, store: Store):
        tables = text_index_tables(store.con)
        super().__init__(store, (tables["num_docs"], tables["avgdl"]), tables["terms"],
                         tables["stopwords"])
        self._docids = tables["docid"]
        self._doc_keys = tables["key"]
        self._doc_len = tables["len"]
        termids = tables["termid"]
        self._post_doc = np.searchsorted(self._docids, tables["post_docid"])
        self._post_tf = tables["tf"]
        ids = np.array([i for i, _, _ in tables["terms"]], dtype=np.int64)
        self._start = dict(zip(ids.tolist(), np.searchsorted(termids, ids, "left").tolist(),
                               strict=True))
        self._end = dict(zip(ids.tolist(), np.searchsorted(termids, ids, "right").tolist(),
                             strict=True))

    @classmethod
    def from_store(cls, store: Store) -> TextIndex | None:
        """None when the store has no full-text index (built before it existed)."""
        return cls(store) if has_text_index(store.con) else None

    def _scores(self, terms: dict[int, tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
        total = np.zeros(len(self._docids))
        for termid, (weight, idf) in terms.items():
            lo, hi = self._start[termid], self._end[termid]
            docs, tf = self._post_doc[lo:hi], self._post_tf[lo:hi]
            total[docs] += self._term_scores(tf, self._doc_len[docs], weight, idf)
        found = np.flatnonzero(total > 0)
        keys = self._doc_keys[found]
        order = np.argsort(keys, kind="stable")
        return keys[order], total[found][order]


class QueryTextIndex(_Bm25):
    """The same BM25, reading from the store only the postings of the words asked: what a
    single search pays (the command line), instead of reading the whole index first."""

    def __init__(self, store: Store):
        tables = text_index_vocabulary(store.con)
        super().__init__(store, (tables["num_docs"], tables["avgdl"]), tables["terms"],
                         tables["stopwords"])
        self._ordered = has_postings(store.con)

    @classmethod
    def from_store(cls, store: Store) -> QueryTextIndex | None:
        return cls(store) if has_text_index(store.con) else None

    def _scores(self, terms: dict[int, tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
        post = text_postings(self.store.con, list(terms), self._ordered)
        contrib = np.zeros(len(post["key"]))
        for termid, (weight, idf) in terms.items():
            rows = post["termid"] == termid
            contrib[rows] = self._term_scores(post["tf"][rows], post["len"][rows], weight, idf)
        keys, slot = np.unique(post["key"], return_inverse=True)
        scores = np.bincount(slot, weights=contrib, minlength=len(keys))
        found = scores > 0
        return keys[found], scores[found]


class LazyTextIndex:
    """Built on first use, once, even when two threads search at the same moment;
    ``whole``: the postings in memory (:class:`TextIndex`), else read per query
    (:class:`QueryTextIndex`)."""

    def __init__(self, store: Store, whole: bool = True):
        self.store = store
        self.whole = whole
        self._index: _Bm25 | None = None
        self._built = False
        self._lock = threading.Lock()

    def get(self) -> _Bm25 | None:
        if not self._built:
            with self._lock:
                if not self._built:
                    kind = TextIndex if self.whole else QueryTextIndex
                    self._index = kind.from_store(self.store)
                    self._built = True
        return self._index

    def hits(self, query: str, also: str = "") -> TextHits:
        index = self.get() if query.strip() else None
        return index.hits(query, also) if index is not None else NO_HITS
