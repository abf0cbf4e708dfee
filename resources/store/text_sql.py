"""The full-text index of the search index: one document per service, BM25 by DuckDB's fts.

Built after every search-index rebuild (:func:`rebuild_text_index`); read by
:class:`resources.search.text_index.TextIndex`, which keeps its posting tables in memory.
"""

from __future__ import annotations

from typing import Any

import duckdb
import numpy as np
import pandas as pd

# One document per service (``service_key``, the index's dense service number): its
# names (service, alternate, organization, every location; the service name twice, so a
# name outweighs a passing mention) and what it says about itself (description, taxonomy
# terms as the source wrote them, eligibility). DuckDB's fts extension indexes it
# (tokenize, strip accents, English stop words, Porter stems) for BM25 ranking.
TEXT_SQL = """
CREATE OR REPLACE TABLE search_text AS
SELECT service_key,
       concat_ws(' ', any_value(service_name), string_agg(DISTINCT name_text, ' ')) AS names,
       concat_ws(' ', any_value(description), any_value(terms_text),
                 any_value(eligibility_description)) AS about
FROM search_index GROUP BY service_key ORDER BY service_key;
"""
TEXT_INDEX_SQL = ("PRAGMA create_fts_index('search_text', 'service_key', 'names', 'about', "
                  "stemmer = 'porter', stopwords = 'english', strip_accents = 1, lower = 1, "
                  "overwrite = 1)")
TEXT_SCHEMA = "fts_main_search_text"  # where the fts extension keeps the index's tables
TEXT_TABLES = ("search_postings",)  # ours, made from the fts index (and it from search_text)


# The index's postings per (term, service), ordered by term: a query reading only its own
# words' postings skips every other row group by its min/max term (a single search from the
# command line reads a few thousand rows, not the whole index).
POSTINGS_SQL = f"""
CREATE OR REPLACE TABLE search_postings AS
SELECT t.termid, d.name::BIGINT AS key, d.len::DOUBLE AS len, count(*)::DOUBLE AS tf
FROM {TEXT_SCHEMA}.terms t JOIN {TEXT_SCHEMA}.docs d USING (docid)
GROUP BY ALL ORDER BY t.termid, key;
"""


def rebuild_text_index(con: duckdb.DuckDBPyConnection) -> None:
    """Recreate ``search_text``, its fts index and ``search_postings`` from ``search_index``."""
    con.execute(TEXT_SQL)
    con.execute(TEXT_INDEX_SQL)
    con.execute(POSTINGS_SQL)


def has_postings(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute("SELECT count(*) FROM information_schema.tables "
                      "WHERE table_catalog = current_database() "
                      "AND table_name = 'search_postings'").fetchone()
    return bool(row and row[0])


def has_text_index(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute("SELECT count(*) FROM information_schema.tables "
                      "WHERE table_catalog = current_database() AND table_schema = ? "
                      "AND table_name = 'docs'", [TEXT_SCHEMA]).fetchone()
    return bool(row and row[0])


def text_matches(con: duckdb.DuckDBPyConnection, query: str) -> pd.DataFrame:
    """``service_key``, ``bm25`` of every service whose text holds a word of the query
    (the fts extension's own BM25; the reference :class:`resources.search.text_index.TextIndex`
    answers in memory, tested equal)."""
    return con.execute(
        f"SELECT service_key, {TEXT_SCHEMA}.match_bm25(service_key, ?) AS bm25 "
        "FROM search_text WHERE bm25 IS NOT NULL ORDER BY bm25 DESC, service_key",
        [query]).df()


def text_index_vocabulary(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """``num_docs``, ``avgdl``, ``terms`` (termid, term, df) and ``stopwords`` of the fts
    index: what reading a query needs, without the postings."""
    stats = con.execute(f"SELECT num_docs, avgdl FROM {TEXT_SCHEMA}.stats").fetchone() or (0, 1)
    return {
        "num_docs": float(stats[0] or 0), "avgdl": float(stats[1] or 1),  # empty: NULLs
        "terms": con.execute(f"SELECT termid, term, df FROM {TEXT_SCHEMA}.dict").fetchall(),
        "stopwords": {str(w) for (w,) in con.execute(
            f"SELECT sw FROM {TEXT_SCHEMA}.stopwords").fetchall()},
    }


def text_postings(con: duckdb.DuckDBPyConnection, termids: list[int],
                  ordered: bool = True) -> dict[str, np.ndarray]:
    """``termid``, ``key`` (service key), ``len`` (document length), ``tf`` of these terms'
    postings; ``ordered``: from ``search_postings`` (see :func:`has_postings`)."""
    wanted = ", ".join(str(int(t)) for t in termids) or "NULL"  # constants: row groups skipped
    if ordered:
        sql = f"SELECT termid, key, len, tf FROM search_postings WHERE termid IN ({wanted})"
    else:  # a store built before search_postings: the same rows from the fts tables
        sql = (f"SELECT t.termid, d.name::BIGINT AS key, d.len::DOUBLE AS len, "
               f"count(*)::DOUBLE AS tf FROM {TEXT_SCHEMA}.terms t JOIN {TEXT_SCHEMA}.docs d "
               f"USING (docid) WHERE t.termid IN ({wanted}) GROUP BY ALL")
    post = con.execute(sql).fetchnumpy()
    return {
        "termid": np.asarray(post["termid"], dtype=np.int64),
        "key": np.asarray(post["key"], dtype=np.int64),
        "len": np.asarray(post["len"], dtype=np.float64),
        "tf": np.asarray(post["tf"], dtype=np.float64),
    }


def text_index_tables(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The fts index's tables as arrays: ``num_docs``, ``avgdl``; ``docid``, ``key``,
    ``len`` per document; ``termid``, ``post_docid``, ``tf`` per (term, document), ordered
    by term then document; ``terms`` (termid, term, df) and ``stopwords``."""
    stats = con.execute(f"SELECT num_docs, avgdl FROM {TEXT_SCHEMA}.stats").fetchone() or (0, 1)
    docs = con.execute(f"SELECT docid, name::BIGINT AS key, len FROM {TEXT_SCHEMA}.docs "
                       "ORDER BY docid").fetchnumpy()
    post = con.execute(f"SELECT termid, docid, count(*)::INTEGER AS tf FROM {TEXT_SCHEMA}.terms "
                       "GROUP BY ALL ORDER BY termid, docid").fetchnumpy()
    return {
        "num_docs": float(stats[0] or 0), "avgdl": float(stats[1] or 1),  # empty: NULLs
        "docid": np.asarray(docs["docid"], dtype=np.int64),
        "key": np.asarray(docs["key"], dtype=np.int64),
        "len": np.asarray(docs["len"], dtype=np.float64),
        "termid": np.asarray(post["termid"], dtype=np.int64),
        "post_docid": np.asarray(post["docid"], dtype=np.int64),
        "tf": np.asarray(post["tf"], dtype=np.float64),
        "terms": con.execute(f"SELECT termid, term, df FROM {TEXT_SCHEMA}.dict").fetchall(),
        "stopwords": {str(w) for (w,) in con.execute(
            f"SELECT sw FROM {TEXT_SCHEMA}.stopwords").fetchall()},
    }


def porter_stems(con: duckdb.DuckDBPyConnection, words: list[str]) -> dict[str, str]:
    """Each word's Porter stem, by the fts extension's own stemmer."""
    rows = con.execute("SELECT t, stem(t, 'porter') FROM unnest(?::VARCHAR[]) u(t)",
                       [words]).fetchall()
    return {str(t): str(s) for t, s in rows}
