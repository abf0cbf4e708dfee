"""Writing one source's batch: all or nothing, replacing what that source had before.

Ids are namespaced per source (``<source_id>/<original id>``) so two sources never mix
their records; the original id stays in ``source_record_id``. Each record gets a
``record_hash`` of its HSDS fields so a re-load can report added / changed / removed.
"""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import numpy as np
import pandas as pd

from resources.records import Batch, Issue, LoadResult, SourceMeta, TableDiff
from resources.store.schema import DIFFED_TABLES, HSDS_TABLES, ID_COLUMNS, all_columns

_SYSTEM_COLS = {"source_id", "source_record_id", "source_row", "record_hash", "geom"}


def namespaced(source_id: str, values: pd.Series) -> pd.Series:
    """``<source_id>/<value>`` for every non-empty value (empty stays NULL)."""
    text = values.astype("string").str.strip()
    text = text.mask(text == "")
    return (source_id + "/" + text).astype(object).where(text.notna(), None)


def _prepare(table: str, frame: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """Align a loader frame to the table's columns, namespace ids, add provenance + hash."""
    cols = [c.name for c in HSDS_TABLES[table]]
    out = pd.DataFrame(index=frame.index)
    for name in cols:
        out[name] = frame[name] if name in frame.columns else None
    if "source_record_id" in frame.columns:
        out["source_record_id"] = frame["source_record_id"].astype("string")
    else:
        out["source_record_id"] = frame["id"].astype("string") if "id" in frame else None
    out["source_row"] = frame["source_row"] if "source_row" in frame.columns else None
    hashed = out[cols].astype("string").fillna("\x00")
    out["record_hash"] = pd.util.hash_pandas_object(hashed, index=False).to_numpy(np.uint64)
    for name in cols:
        if name in ID_COLUMNS:
            out[name] = namespaced(source_id, out[name])
    out["source_id"] = source_id
    if "geom" in frame.columns:
        out["geom"] = frame["geom"]
    return out.reset_index(drop=True)


def _select_list(table: str, frame: pd.DataFrame) -> tuple[str, str]:
    """Column list and SELECT expressions casting each column to the table's type."""
    targets, exprs = [], []
    for col in all_columns(table):
        if col.name == "geom":
            targets.append('"geom"')
            exprs.append(_geom_expr(table, frame))
            continue
        targets.append(f'"{col.name}"')
        if col.name not in frame.columns or frame[col.name].isna().all():
            exprs.append(f"CAST(NULL AS {col.type})")
        else:
            exprs.append(f'CAST("{col.name}" AS {col.type})')
    return ", ".join(targets), ", ".join(exprs)


def _geom_expr(table: str, frame: pd.DataFrame) -> str:
    if table == "location":
        return (
            "CASE WHEN latitude IS NOT NULL AND longitude IS NOT NULL "
            "THEN ST_Point(CAST(longitude AS DOUBLE), CAST(latitude AS DOUBLE)) END"
        )
    if "geom" not in frame.columns or frame["geom"].isna().all():
        return "CAST(NULL AS GEOMETRY)"
    sample = frame["geom"].dropna().iloc[0]
    if isinstance(sample, bytes | bytearray | memoryview):
        return "ST_GeomFromWKB(geom)"
    return "ST_GeomFromText(geom)"


def delete_source(con: duckdb.DuckDBPyConnection, source_id: str) -> None:
    for table in HSDS_TABLES:
        con.execute(f'DELETE FROM "{table}" WHERE source_id = ?', [source_id])
    con.execute("DELETE FROM load_issue WHERE source_id = ?", [source_id])
    con.execute("DELETE FROM source WHERE id = ?", [source_id])


def _old_hashes(con: duckdb.DuckDBPyConnection, table: str, source_id: str) -> pd.DataFrame:
    return con.execute(
        f'SELECT source_record_id, record_hash FROM "{table}" WHERE source_id = ?', [source_id]
    ).df()


def _diff(table: str, old: pd.DataFrame, new: pd.DataFrame) -> TableDiff:
    old_map = dict(zip(old["source_record_id"], old["record_hash"], strict=False))
    new_map = dict(zip(new["source_record_id"], new["record_hash"], strict=False)) if len(new) else {}
    added = sum(1 for k in new_map if k not in old_map)
    removed = sum(1 for k in old_map if k not in new_map)
    changed = sum(1 for k, h in new_map.items() if k in old_map and int(old_map[k]) != int(h))
    return TableDiff(table, added, changed, removed, len(new_map) - added - changed)


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


def write_source(store, meta: SourceMeta, batch: Batch, after=None) -> LoadResult:  # type: ignore[no-untyped-def]
    """Replace source ``meta.id`` with ``batch`` in one transaction; report the diff.

    ``after(store, source_id) -> (counts, issues)`` runs inside the same transaction (the
    derived tables: hours, coverage, search index), so a reader never sees new records with
    an old index, and a failure anywhere leaves the previous data whole."""
    con = store.con
    loaded_at = datetime.now(UTC)
    prepared = {
        t: _prepare(t, f, meta.id) for t, f in batch.tables.items() if t in HSDS_TABLES and len(f)
    }
    diffs: list[TableDiff] = []
    with store.transaction():
        olds = {t: _old_hashes(con, t, meta.id) for t in DIFFED_TABLES}
        delete_source(con, meta.id)
        for table, frame in prepared.items():
            targets, exprs = _select_list(table, frame)
            con.register("_incoming", frame)
            try:
                con.execute(f'INSERT INTO "{table}" ({targets}) SELECT {exprs} FROM _incoming')
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
        for table in DIFFED_TABLES:
            new = prepared.get(table, pd.DataFrame({"source_record_id": [], "record_hash": []}))
            d = _diff(table, olds[table], new)
            diffs.append(d)
            con.execute(
                "INSERT INTO load_history VALUES (?, ?, ?, ?, ?, ?, ?)",
                [meta.id, loaded_at, meta.sha256, table, d.added, d.changed, d.removed],
            )
        derived, more_issues = after(store, meta.id) if after else ({}, [])
    counts = {t: len(f) for t, f in prepared.items()}
    return LoadResult(meta, loaded_at, counts, diffs, [*batch.issues, *more_issues],
                      batch.rows_read, derived)
