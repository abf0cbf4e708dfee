"""Writing one source's batch: all or nothing, replacing what that source had before.

Ids are namespaced per source (``<source_id>/<original id>``) so two sources never mix
their records; the original id stays in ``source_record_id``. Each record gets a
``record_hash`` of its HSDS fields so a re-load can report added / changed / removed.
Casting, namespacing and hashing happen in one ``INSERT ... SELECT`` over an Arrow table
(DuckDB scans Arrow without a per-value pass), the diff is one query per diffed table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, cast

import duckdb
import pandas as pd
import pyarrow as pa

from resources.records import Batch, Issue, LoadResult, SourceMeta, TableDiff
from resources.store import lookup_sql
from resources.store.schema import (
    DIFFED_TABLES,
    HSDS_TABLES,
    ID_COLUMNS,
    RTREE_INDEXES,
    Column,
    rtree_ddl,
)
from resources.store.searchability_sql import delete_measures, write_measures

if TYPE_CHECKING:
    from resources.store import Store
    from resources.store.pg import PgStore

# ``after(store, source_id) -> (counts, issues)``: see :func:`write_source`
AfterLoad = Callable[["Store", str], tuple[dict[str, int], list[Issue]]]


def namespaced(source_id: str, values: pd.Series) -> pd.Series:
    """``<source_id>/<value>`` for every non-empty value (empty stays NULL).

    The writer does the same in SQL (:func:`_id_expr`); this is for callers with a frame."""
    text = values.astype("string").str.strip()
    text = text.mask(text == "")
    return (source_id + "/" + text).astype(object).where(text.notna(), None)


def _arrow_column(values: pd.Series) -> pa.Array | pa.ChunkedArray:
    """A column as Arrow without a per-value pass where possible (DuckDB scans Arrow much
    faster than pandas' own string arrays); mixed object columns are read as text."""
    try:
        return pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        text = values.astype(object).map(str, na_action="ignore")
        return pa.array(text, type=pa.string(), from_pandas=True)


def _prepare(table: str, frame: pd.DataFrame) -> pa.Table:
    """The loader frame's columns the table stores, as Arrow, untouched: casting,
    namespacing ids and the record hash happen in the INSERT (see :func:`_select_list`)."""
    names = [c.name for c in HSDS_TABLES[table] if c.name in frame.columns]
    names += [c for c in ("source_record_id", "source_row", "geom") if c in frame.columns]
    columns = [_arrow_column(frame[n]) for n in names]
    return pa.table(dict(zip(names, columns, strict=True))).combine_chunks()


def _present(frame: pa.Table, name: str) -> bool:
    return name in frame.column_names and frame[name].null_count < len(frame)


def _typed(col: Column, frame: pa.Table) -> str:
    """The incoming column cast to the table's type (NULL when absent or all empty)."""
    if not _present(frame, col.name):
        return f"CAST(NULL AS {col.type})"
    return f'CAST(_incoming."{col.name}" AS {col.type})'


def _id_expr(typed: str) -> str:
    """``<source_id>/<id>``; blank ids stay NULL (the source id is parameter 1)."""
    return f"($1 || '/' || nullif(trim(CAST({typed} AS VARCHAR)), ''))"


def _select_list(table: str, frame: pa.Table) -> tuple[str, str]:
    """Column list and SELECT expressions: each column cast to the table's type, ids
    namespaced, provenance, and ``record_hash`` over the HSDS fields as the source gave
    them (before namespacing), so a re-load of the same file hashes the same."""
    hsds = HSDS_TABLES[table]
    targets, exprs = [], []
    for col in hsds:
        targets.append(f'"{col.name}"')
        if col.name == "geom":
            exprs.append(_geom_expr(table, frame))
            continue
        typed = _typed(col, frame)
        exprs.append(_id_expr(typed) if col.name in ID_COLUMNS else typed)
    record = "source_record_id" if _present(frame, "source_record_id") else "id"
    targets += ['"source_id"', '"source_record_id"', '"source_row"', '"record_hash"']
    exprs += [
        "$1",
        f'CAST(_incoming."{record}" AS VARCHAR)' if record in frame.column_names
        else "CAST(NULL AS VARCHAR)",
        'CAST(_incoming."source_row" AS INTEGER)' if "source_row" in frame.column_names
        else "CAST(NULL AS INTEGER)",
        "hash(" + ", ".join(_typed(c, frame) for c in hsds if c.name != "geom") + ")",
    ]
    return ", ".join(targets), ", ".join(exprs)


def _geom_expr(table: str, frame: pa.Table) -> str:
    if table == "location":
        lat, lon = (_typed(Column(n, "DOUBLE"), frame) for n in ("latitude", "longitude"))
        return f"CASE WHEN {lat} IS NOT NULL AND {lon} IS NOT NULL THEN ST_Point({lon}, {lat}) END"
    if not _present(frame, "geom"):
        return "CAST(NULL AS GEOMETRY)"
    if pa.types.is_binary(frame["geom"].type) or pa.types.is_large_binary(frame["geom"].type):
        return "ST_GeomFromWKB(geom)"
    return "ST_GeomFromText(geom)"


# Writing this many geometries or more into a table with an R-tree: drop the index and
# build it again in bulk (DuckDB maintains an R-tree row by row on INSERT/UPDATE: about 5x
# slower for 20,000+ polygons; a bulk build of the whole index is one fast pass).
BULK_GEOMETRIES = 5000


@contextmanager
def bulk_geometry(con: duckdb.DuckDBPyConnection, tables: Iterable[str],
                  rows: int = BULK_GEOMETRIES) -> Iterator[None]:
    """Suspend the R-tree of ``tables`` while ``rows`` geometries are written (when that is
    at least :data:`BULK_GEOMETRIES`); rebuilt on exit (inside the caller's transaction, so
    a reader never sees the table without its index)."""
    tables = [t for t in tables if t in RTREE_INDEXES] if rows >= BULK_GEOMETRIES else []
    for table in tables:
        con.execute(f"DROP INDEX IF EXISTS {RTREE_INDEXES[table]}")
    try:
        yield
    finally:
        for table in tables:
            con.execute(rtree_ddl(table))


def remove_source(store: Store, source_id: str) -> None:
    """Delete everything of ``source_id`` in one transaction (its lookup-index rows
    suspended meanwhile, :mod:`lookup_sql`)."""
    if store.backend == "postgres":
        cast("PgStore", store).remove_source(source_id)
        return
    with lookup_sql.suspended(store.con, lookup_sql.source_rows(store.con, source_id)), \
            store.transaction():
        delete_source(store.con, source_id)


def delete_source(con: duckdb.DuckDBPyConnection, source_id: str) -> None:
    for table in HSDS_TABLES:
        con.execute(f'DELETE FROM "{table}" WHERE source_id = ?', [source_id])
    con.execute("DELETE FROM load_issue WHERE source_id = ?", [source_id])
    con.execute("DELETE FROM source WHERE id = ?", [source_id])
    delete_measures(con, source_id)


_KEYED = """
    SELECT source_record_id AS k, arg_max(record_hash, rowid) AS h
    FROM "{table}" WHERE source_id = ? GROUP BY 1
"""


def _keep_old_hashes(con: duckdb.DuckDBPyConnection, table: str, source_id: str) -> None:
    """Before the delete: the source's record keys and hashes (last row wins per key)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE _old_{table} AS " + _KEYED.format(table=table),
                [source_id])


def _diff(con: duckdb.DuckDBPyConnection, table: str, source_id: str) -> TableDiff:
    """Added / changed / removed / unchanged keys of ``table`` against the kept hashes."""
    row = con.execute(
        f"""WITH new AS ({_KEYED.format(table=table)})
            SELECT count(*) FILTER (o.k IS NULL),
                   count(*) FILTER (n.k IS NOT NULL AND o.k IS NOT NULL AND n.h <> o.h),
                   count(*) FILTER (n.k IS NULL),
                   count(*) FILTER (n.k IS NOT NULL AND o.k IS NOT NULL AND n.h = o.h)
            FROM new n FULL JOIN _old_{table} o ON n.k IS NOT DISTINCT FROM o.k""", [source_id]).fetchone()
    con.execute(f"DROP TABLE IF EXISTS _old_{table}")
    added, changed, removed, same = (int(v) for v in row) if row else (0, 0, 0, 0)
    return TableDiff(table, added, changed, removed, same)


def _issue_frame(source_id: str, issues: list[Issue], loaded_at: datetime) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_id": source_id,
            "file": [i.file for i in issues],
            "row_number": pd.array([i.row for i in issues], dtype="Int64"),
            "record_id": [i.record_id for i in issues],
            "field": [i.field for i in issues],
            "value": [None if i.value is None else str(i.value)[:500] for i in issues],
            "problem": [i.problem for i in issues],
            "severity": [i.severity for i in issues],
            "loaded_at": loaded_at,
        }
    )


def write_source(
    store: Store, meta: SourceMeta, batch: Batch, after: AfterLoad | None = None
) -> LoadResult:
    """Replace source ``meta.id`` with ``batch`` in one transaction; report the diff. A bulk
    write rebuilds the lookup indexes after the transaction (:mod:`lookup_sql`).

    ``after(store, source_id) -> (counts, issues)`` runs inside the same transaction (the
    derived tables: hours, coverage, search index), so a reader never sees new records with
    an old index, and a failure anywhere leaves the previous data whole.

    A PostgreSQL store runs this same function on a DuckDB workbench and copies what it
    changed back in one PostgreSQL transaction (:meth:`resources.store.pg.PgStore.write_source`)."""
    if store.backend == "postgres":
        return cast("PgStore", store).write_source(meta, batch, after)
    con = store.con
    loaded_at = datetime.now(UTC)
    prepared = {t: _prepare(t, f) for t, f in batch.tables.items()
                if t in HSDS_TABLES and len(f)}
    diffs: list[TableDiff] = []
    geoms = sum(f.num_rows for t, f in prepared.items() if t in RTREE_INDEXES)
    touched = lookup_sql.source_rows(con, meta.id)
    for table, frame in prepared.items():
        touched[table] = touched.get(table, 0) + frame.num_rows
    with lookup_sql.suspended(con, touched), store.transaction(), \
            bulk_geometry(con, RTREE_INDEXES, geoms):
        for table in DIFFED_TABLES:
            _keep_old_hashes(con, table, meta.id)
        delete_source(con, meta.id)
        for table, frame in prepared.items():
            targets, exprs = _select_list(table, frame)
            con.register("_incoming", frame)
            try:
                con.execute(f'INSERT INTO "{table}" ({targets}) SELECT {exprs} FROM _incoming',
                            [meta.id])
            finally:
                con.unregister("_incoming")
        if batch.issues:
            issues = _issue_frame(meta.id, batch.issues, loaded_at)
            con.register("_issues", issues)
            con.execute("INSERT INTO load_issue SELECT * FROM _issues")
            con.unregister("_issues")
        rejected = len({i.row for i in batch.issues if i.severity == "error" and i.row is not None})
        flagged = len({(i.file, i.row) for i in batch.issues
                       if i.severity == "warning" and i.row is not None})
        con.execute(
            "INSERT INTO source VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [meta.id, meta.kind, meta.path, meta.sha256, loaded_at, batch.rows_read, flagged,
             rejected, meta.title, meta.notes],
        )
        write_measures(con, meta.id, {"service_rows": batch.service_rows})
        for table in DIFFED_TABLES:
            d = _diff(con, table, meta.id)
            diffs.append(d)
            con.execute(
                "INSERT INTO load_history VALUES (?, ?, ?, ?, ?, ?, ?)",
                [meta.id, loaded_at, meta.sha256, table, d.added, d.changed, d.removed],
            )
        derived, more_issues = after(store, meta.id) if after else ({}, [])
    counts = {t: f.num_rows for t, f in prepared.items()}
    return LoadResult(meta, loaded_at, counts, diffs, [*batch.issues, *more_issues],
                      batch.rows_read, derived)
