"""The text signal of a search: BM25 over what each service says it does, in memory.

The store's full-text index is built by DuckDB's fts extension after every load
(:data:`resources.store.search_sql.TEXT_INDEX_SQL`: one document per service, its names and
its description, taxonomy terms and eligibility; accents stripped, English stop words out,
Porter stems). :class:`TextIndex` reads that index's tables once per store into posting
arrays, so a query costs a few numpy operations over the postings of its own words instead
of a scan of every document (what the extension's ``match_bm25`` macro does; it stays the
reference, :func:`resources.store.search_sql.text_matches`, tested equal).

Query words go through the extension's own tokenizer and stemmer. A word the index does not
hold (a typo: "shleter") is replaced by the closest indexed stem when one is close enough
(rapidfuzz ratio >= 85, words of four letters or more), its weight scaled by that ratio.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from resources.store import Store
from resources.store.search_sql import TEXT_SCHEMA, has_text_index

K1, B = 1.2, 0.75  # the fts extension's BM25 defaults (and its log10 in the idf)
TYPO_CUTOFF = 85.0
TYPO_MIN_LENGTH = 4


@dataclass(frozen=True)
class TextHits:
    """BM25 of the services whose text holds a word of the query (``keys`` sorted)."""

    keys: np.ndarray
    scores: np.ndarray
    words: tuple[str, ...] = ()  # the indexed stems the query was read as

    def __len__(self) -> int:
        return len(self.keys)

    def at(self, keys: np.ndarray) -> np.ndarray:
        """The BM25 of each of these service keys (0 where the text does not match)."""
        keys = np.asarray(keys, dtype=np.int64)
        if not len(self.keys) or not len(keys):
            return np.zeros(len(keys))
        slot = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return np.where(self.keys[slot] == keys, self.scores[slot], 0.0)

    def holds(self, keys: np.ndarray) -> np.ndarray:
        return self.at(keys) > 0


NO_HITS = TextHits(np.empty(0, dtype=np.int64), np.empty(0))


class TextIndex:
    """The store's full-text index as posting arrays (a term's documents and counts)."""

    def __init__(self, store: Store):
        con = store.con
        self.store = store
        self.num_docs, self.avgdl = (float(v) for v in con.execute(
            f"SELECT num_docs, avgdl FROM {TEXT_SCHEMA}.stats").fetchone() or (0, 1))
        docs = con.execute(f"SELECT docid, name::BIGINT AS key, len FROM {TEXT_SCHEMA}.docs "
                           "ORDER BY docid").fetchnumpy()
        self._docids = np.asarray(docs["docid"], dtype=np.int64)
        self._doc_keys = np.asarray(docs["key"], dtype=np.int64)
        self._doc_len = np.asarray(docs["len"], dtype=np.float64)
        post = con.execute(f"SELECT termid, docid, count(*)::INTEGER AS tf FROM {TEXT_SCHEMA}.terms "
                           "GROUP BY ALL ORDER BY termid, docid").fetchnumpy()
        termids = np.asarray(post["termid"], dtype=np.int64)
        self._post_doc = np.searchsorted(self._docids, np.asarray(post["docid"], dtype=np.int64))
        self._post_tf = np.asarray(post["tf"], dtype=np.float64)
        terms = con.execute(f"SELECT termid, term, df FROM {TEXT_SCHEMA}.dict").fetchall()
        self._terms = {str(t): (int(i), float(df)) for i, t, df in terms}
        self._vocabulary = list(self._terms)
        ids = np.array([i for i, _, _ in terms], dtype=np.int64)
        self._start = dict(zip(ids.tolist(), np.searchsorted(termids, ids, "left").tolist(),
                               strict=True))
        self._end = dict(zip(ids.tolist(), np.searchsorted(termids, ids, "right").tolist(),
                             strict=True))
        self._stopwords = {str(w) for (w,) in con.execute(
            f"SELECT sw FROM {TEXT_SCHEMA}.stopwords").fetchall()}

    @classmethod
    def from_store(cls, store: Store) -> TextIndex | None:
        """None when the store has no full-text index (built before it existed)."""
        return cls(store) if has_text_index(store.con) else None

    def stems(self, query: str) -> list[str]:
        """The query's words as the index reads them: tokenized and stemmed by the
        extension, stop words out, each once."""
        rows = self.store.con.execute(
            f"SELECT DISTINCT t, stem(t, 'porter') FROM unnest({TEXT_SCHEMA}.tokenize(?)) u(t) "
            "WHERE t <> ''", [query]).fetchall()
        return sorted({str(s) for t, s in rows if t not in self._stopwords})

    def read(self, query: str) -> list[tuple[str, float]]:
        """(indexed stem, weight) for each query word the index can answer: 1.0 for a word
        it holds, the closeness of the nearest stem for a typo, nothing for the rest."""
        out = []
        for stem in self.stems(query):
            if stem in self._terms:
                out.append((stem, 1.0))
            elif len(stem) >= TYPO_MIN_LENGTH and self._vocabulary:
                hit = process.extractOne(stem, self._vocabulary, scorer=fuzz.ratio,
                                         score_cutoff=TYPO_CUTOFF)
                if hit is not None:
                    out.append((str(hit[0]), float(hit[1]) / 100.0))
        return out

    def hits(self, query: str) -> TextHits:
        """BM25 (the extension's formula) of every service holding a word of the query."""
        words = self.read(query)
        if not words or not self.num_docs:
            return NO_HITS
        total = np.zeros(len(self._docids))
        for stem, weight in dict(words).items():
            termid, df = self._terms[stem]
            lo, hi = self._start[termid], self._end[termid]
            docs, tf = self._post_doc[lo:hi], self._post_tf[lo:hi]
            idf = math.log10((self.num_docs - df + 0.5) / (df + 0.5) + 1.0)
            norm = K1 * (1.0 - B + B * self._doc_len[docs] / self.avgdl)
            total[docs] += weight * idf * tf * (K1 + 1.0) / (tf + norm)
        found = np.flatnonzero(total > 0)
        keys = self._doc_keys[found]
        order = np.argsort(keys, kind="stable")
        return TextHits(keys[order], total[found][order], tuple(dict(words)))


class LazyTextIndex:
    """Built on first use, once, even when two threads search at the same moment."""

    def __init__(self, store: Store):
        self.store = store
        self._index: TextIndex | None = None
        self._built = False
        self._lock = threading.Lock()

    def get(self) -> TextIndex | None:
        if not self._built:
            with self._lock:
                if not self._built:
                    self._index = TextIndex.from_store(self.store)
                    self._built = True
        return self._index

    def hits(self, query: str) -> TextHits:
        index = self.get() if query.strip() else None
        return index.hits(query) if index is not None else NO_HITS
