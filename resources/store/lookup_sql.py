"""The lookup (ART) indexes of the HSDS tables (:data:`schema.LOOKUP_INDEXES`): which are
there, made when missing, suspended around a bulk write.

DuckDB keeps an ART index up to date row by row. Inserting into an indexed table costs
little, but deleting many indexed rows in a transaction is very slow (measured at 1M
locations: replacing a source's 1.7M phone rows took 4.7 s without the phone indexes and
over 4 minutes with them, even with the indexes dropped inside the same transaction). So a
write of :data:`BULK_ROWS` rows or more drops the indexes of the tables it touches first (in
its own, committed, statement) and builds them after its transaction, one bulk pass each
(about 2 s per index of 3M rows). Meanwhile a reader of that file sees the same rows, only
slower; the publish path writes on a private copy anyway (:mod:`resources.publish`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import duckdb

from resources.store.schema import LOOKUP_INDEXES, lookup_ddl, lookup_index_name

BULK_ROWS = 5000  # rows written or deleted from which the indexes are rebuilt in bulk


def present(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Names of the indexes of the current database."""
    return {r[0] for r in con.execute(
        "SELECT index_name FROM duckdb_indexes() WHERE database_name = current_database()"
    ).fetchall()}


def missing(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The declared lookup indexes this store lacks (a store written before them)."""
    have = present(con)
    return [lookup_index_name(t, c) for t, cols in LOOKUP_INDEXES.items() for c in cols
            if lookup_index_name(t, c) not in have]


def ensure(con: duckdb.DuckDBPyConnection, tables: Iterable[str] | None = None) -> int:
    """Build the lookup indexes of ``tables`` (default: all) that are missing; how many."""
    todo = set(missing(con))
    built = 0
    for table in LOOKUP_INDEXES if tables is None else tables:
        for column, sql in zip(LOOKUP_INDEXES.get(table, ()), lookup_ddl(table), strict=True):
            if lookup_index_name(table, column) in todo:
                con.execute(sql)
                built += 1
    return built


def drop(con: duckdb.DuckDBPyConnection, tables: Iterable[str]) -> None:
    for table in tables:
        for column in LOOKUP_INDEXES.get(table, ()):
            con.execute(f"DROP INDEX IF EXISTS {lookup_index_name(table, column)}")


def source_rows(con: duckdb.DuckDBPyConnection, source_id: str) -> dict[str, int]:
    """Rows ``source_id`` has now in each indexed table (what replacing it deletes)."""
    sql = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM \"{t}\" WHERE source_id = $s"
                             for t in LOOKUP_INDEXES)
    return {t: int(n) for t, n in con.execute(sql, {"s": source_id}).fetchall() if n}


@contextmanager
def suspended(con: duckdb.DuckDBPyConnection, rows: dict[str, int]) -> Iterator[None]:
    """Around a write of ``rows`` (table -> rows written or deleted), outside a transaction:
    for :data:`BULK_ROWS` or more, the touched tables' lookup indexes are dropped first and
    built again after (also when the write fails: the rolled-back data is indexed again).
    Every missing lookup index is made at the end, so a store written before them gets them."""
    tables = [t for t, n in rows.items() if n and t in LOOKUP_INDEXES]
    if sum(rows.get(t, 0) for t in tables) >= BULK_ROWS:
        drop(con, tables)
    try:
        yield
    finally:
        ensure(con)
