"""Imports with a preview, and every write to the live store without downtime.

**Preview.** :func:`preview_import` reads and normalizes a file with its loader, writes it
into a scratch in-memory store under the same source id, re-applies that source's local
edits there, and compares it field by field with the live store's records of that source
(matched by ``source_record_id``). Nothing live changes.

**Publish.** The live store file is never written in place. :func:`writing` takes the
publish lock (``<db>.lock``, one writer at a time across processes), copies the live file to
a staging file next to it, yields a writable :class:`Store` on the copy, then checkpoints,
fsyncs and ``os.replace``-s the copy over the live file. Readers that opened the old file
keep reading it (the old inode lives while it is open); new readers open the new one (the
app re-opens by mtime). A reader never sees a mix, and a crash at any point before the
rename leaves the old file untouched (the stale staging file is removed by the next writer).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from resources.coordinator import audit
from resources.coordinator.edits import Conflict, apply_edits
from resources.coordinator.quality import hours_not_understood
from resources.coordinator.searchability import Searchability, report
from resources.errors import ResourcesError
from resources.loaders import detect_kind, get_loader
from resources.loaders._clean import LoadError, sha256_of
from resources.loaders.base import source_id_for
from resources.pipeline.refresh import after_edit, after_load
from resources.records import Batch, Issue, LoadResult, SourceMeta
from resources.store import Store, StoreError, edits_sql, is_postgres, lookup_sql, publish_sql
from resources.store.coord_sql import ensure_coord_tables, has_table
from resources.store.schema import HSDS_TABLES
from resources.store.write import write_source

LOG = logging.getLogger(__name__)

T = TypeVar("T")
DIFF_TABLES = ("organization", "service", "location", "address", "phone", "schedule")
_NOT_COMPARED = {"source_id", "source_record_id", "source_row", "record_hash", "geom"}


class PublishError(ResourcesError):
    """The change was not published (the live store is unchanged); the message says why."""


# -- the lock and the copy-and-swap ---------------------------------------------------------------
@contextlib.contextmanager
def _publish_lock(db: Path, timeout: float) -> Iterator[None]:
    lock_path = db.with_name(db.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise PublishError(
                        f"another import or edit is being published to {db}; "
                        "try again in a moment") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _staging_files(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f"{db.name}.publish-*"))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def writing(db: str | Path, *, timeout: float = 60.0) -> Iterator[Store]:
    """A writable copy of the live store, swapped in atomically when the block succeeds.

    On a PostgreSQL store: the store itself, in ONE transaction committed when the block
    succeeds (rolled back otherwise); readers see the directory before or after, never a
    mix. Two coordinators write at once; an edit locks its record
    (:meth:`Store.lock_record`), a load or a re-derive takes the directory's lock."""
    if is_postgres(db):
        with Store.open(str(db)) as live:
            try:
                with live.transaction():
                    live.set_lock_timeout(timeout)
                    yield live
            except StoreError as exc:
                if "lock timeout" in str(exc):
                    raise PublishError(f"another coordinator is writing to {live.path}; try "
                                       "again in a moment") from exc
                raise
        return
    db = Path(db)
    with _publish_lock(db, timeout):
        for leftover in _staging_files(db):  # from a writer that crashed: never published
            leftover.unlink(missing_ok=True)
        staging = db.with_name(f"{db.name}.publish-{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
        old_mtime = db.stat().st_mtime_ns if db.exists() else 0
        if db.exists():
            shutil.copyfile(db, staging)
        store = Store.open(staging)
        try:
            ensure_coord_tables(store.con)
            yield store
            lookup_sql.ensure(store.con)  # a store written before the lookup indexes
            store.checkpoint()
        except BaseException:
            store.close()
            for path in (staging, staging.with_name(staging.name + ".wal")):
                path.unlink(missing_ok=True)
            raise
        store.close()
        _fsync(staging)
        stamp = max(time.time_ns(), old_mtime + 1_000_000)  # the app re-opens by mtime
        os.utime(staging, ns=(stamp, stamp))
        os.replace(staging, db)
        _fsync(db.parent)


def change(db: str | Path, action: Callable[[Store], T], *, source_id: str | None = None,
           records: tuple[str, list[str]] | None = None, timeout: float = 60.0) -> T:
    """Run ``action`` on a writable copy, refresh derived tables, publish. Returns its result.

    ``records`` (table, ids): the action changed only these services or locations, so only
    what derives from them is rebuilt (:func:`resources.pipeline.refresh.after_edit`); otherwise
    everything of ``source_id`` (or all) is."""
    with writing(db, timeout=timeout) as store:
        result = action(store)
        if records is not None:
            after_edit(store, records[0], records[1])
        else:
            refresh(store, source_id)
    return result


def refresh(store: Store, source_id: str | None = None) -> dict[str, Any]:
    """:func:`resources.pipeline.refresh.after_load` (hours, coverage, search index); its counts."""
    counts, _issues = after_load(store, source_id)  # the issues are also in load_issue
    return dict(counts)


def open_live(db: str | Path) -> Store:
    """A read-only snapshot of the live store (what searches see right now); on PostgreSQL
    the database (each statement reads what is committed)."""
    return Store.open(db, read_only=True)


# -- preview ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FieldChange:
    table: str
    record_id: str  # source_record_id
    name: str | None
    field: str
    before: Any
    after: Any


@dataclass
class TableChanges:
    table: str
    added: list[tuple[str, str | None]] = field(default_factory=list)    # (record id, name)
    removed: list[tuple[str, str | None]] = field(default_factory=list)
    changed: list[FieldChange] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed_records(self) -> int:
        return len({c.record_id for c in self.changed})


@dataclass
class Preview:
    """What publishing would do; holds the normalized batch that :func:`publish` writes."""

    meta: SourceMeta
    batch: Batch
    counts: dict[str, int]
    changes: dict[str, TableChanges]
    missing_points: pd.DataFrame
    approximate_points: pd.DataFrame
    hours_not_understood: pd.DataFrame
    conflicts: list[Conflict]
    live_loaded_at: str | None
    is_new_source: bool
    searchability: Searchability | None = None  # of the previewed source

    @property
    def issues(self) -> list[Issue]:
        return self.batch.issues

    @property
    def rows_read(self) -> int:
        return self.batch.rows_read

    @property
    def rows_rejected(self) -> int:
        return len({(i.file, i.row) for i in self.issues if i.severity == "error"})

    @property
    def rows_flagged(self) -> int:
        return len({(i.file, i.row) for i in self.issues
                    if i.severity == "warning" and i.row is not None})

    def issue_frame(self) -> pd.DataFrame:
        return pd.DataFrame([i.__dict__ for i in self.issues],
                            columns=["severity", "file", "row", "field", "value", "problem",
                                     "record_id"])

    def change_frame(self) -> pd.DataFrame:
        rows = []
        for t in self.changes.values():
            rows += [{"table": t.table, "change": "added", "record": r, "name": n,
                      "field": None, "before": None, "after": None} for r, n in t.added]
            rows += [{"table": t.table, "change": "removed", "record": r, "name": n,
                      "field": None, "before": None, "after": None} for r, n in t.removed]
            rows += [{"table": c.table, "change": "changed", "record": c.record_id,
                      "name": c.name, "field": c.field, "before": _show(c.before),
                      "after": _show(c.after)} for c in t.changed]
        return pd.DataFrame(rows, columns=["table", "change", "record", "name", "field",
                                           "before", "after"])

    def summary(self) -> str:
        verb = "new source" if self.is_new_source else "replaces the loaded source"
        lines = [f"Preview of {self.meta.path} as source {self.meta.id!r} ({self.meta.kind}, "
                 f"{verb})",
                 f"  rows read {self.rows_read}; rows rejected {self.rows_rejected}; "
                 f"rows flagged {self.rows_flagged}",
                 f"  locations without coordinates {len(self.missing_points)}; approximate "
                 f"(ZIP centroid) {len(self.approximate_points)}; hours not understood "
                 f"{len(self.hours_not_understood)}"]
        for t in self.changes.values():
            lines.append(f"  {t.table}: {len(t.added)} added, {t.changed_records} changed, "
                         f"{len(t.removed)} removed, {t.unchanged} unchanged")
        if self.conflicts:
            lines.append(f"  {len(self.conflicts)} local edits conflict with the new file "
                         "(local value kept; resolve them on the Records page)")
        if self.searchability is not None:
            lines += ["  " + line for line in self.searchability.lines()]
        return "\n".join(lines)


def _show(value: Any) -> str | None:
    return None if value is None else str(value)


def _norm(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp | datetime):
        return value.isoformat()
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list | tuple):
        return tuple(_norm(v) for v in value)
    return value


def _label(row: dict[str, Any]) -> str | None:
    for col in ("name", "number", "address_1", "description"):
        if _norm(row.get(col)) is not None:
            return str(row[col])
    return None


def diff_table(table: str, old: pd.DataFrame, new: pd.DataFrame) -> TableChanges:
    """Added / removed records and changed fields, matched by ``source_record_id``."""
    out = TableChanges(table)
    cols = [c.name for c in HSDS_TABLES[table] if c.name not in _NOT_COMPARED]
    olds = {r["source_record_id"]: r for r in old.to_dict("records")}
    news = {r["source_record_id"]: r for r in new.to_dict("records")}
    out.added = [(k, _label(r)) for k, r in news.items() if k not in olds]
    out.removed = [(k, _label(r)) for k, r in olds.items() if k not in news]
    for key, row in news.items():
        if key not in olds:
            continue
        before = olds[key]
        fields = [FieldChange(table, key, _label(row), c, _norm(before.get(c)), _norm(row.get(c)))
                  for c in cols if _norm(before.get(c)) != _norm(row.get(c))]
        out.changed += fields
        out.unchanged += not fields
    return out


def preview_import(db: str | Path, path: str | Path, *, kind: str | None = None,
                   source_id: str | None = None, title: str = "") -> Preview:
    """Read ``path`` and report what publishing it would change; the live store is untouched."""
    path = Path(path)
    kind = kind or detect_kind(path)
    loader = get_loader(kind)
    batch = loader.read_normalized(path)
    meta = SourceMeta(id=source_id or source_id_for(path), kind=kind, path=str(path),
                      sha256=sha256_of(path), title=title)
    live = open_live(db) if is_postgres(db) or Path(db).exists() else None
    scratch = Store.open(":memory:")
    try:
        load = write_source(scratch, meta, batch)
        live_loaded_at = None
        if live is not None:
            live_loaded_at = publish_sql.loaded_at(live.con, meta.id)
            if has_table(live.con, "edit"):
                edits_sql.add_edits(scratch.con, edits_sql.source_edits(live.con, meta.id))
        conflicts = apply_edits(scratch, meta.id)
        try:  # hours status is a nicety in the preview: say so in the log if it fails
            refresh(scratch, meta.id)
        except Exception:  # noqa: BLE001 - the preview itself must still be shown
            LOG.exception("preview of %s: derived tables (hours, index) not refreshed", meta.id)
        changes = {}
        for table in DIFF_TABLES:
            old = (publish_sql.source_records(live.con, table, meta.id) if live is not None
                   else None)
            new = publish_sql.source_records(scratch.con, table, meta.id)
            changes[table] = diff_table(table, old if old is not None else new.iloc[0:0], new)
        missing = publish_sql.locations_without_point(scratch.con, meta.id)
        approx = publish_sql.locations_with_approximate_point(scratch.con, meta.id)
        hours = hours_not_understood(scratch.con, meta.id)
        searchable = next(iter(report(scratch, meta.id)), None)
    finally:
        scratch.close()
        if live is not None:
            live.close()
    return Preview(meta, batch, load.counts, changes, missing, approx, hours, conflicts,
                   live_loaded_at, live_loaded_at is None, searchable)


@dataclass
class PublishResult:
    load: LoadResult
    conflicts: list[Conflict]
    refreshed: dict[str, Any]


def publish(db: str | Path, preview: Preview, user: str, *, timeout: float = 120.0) -> PublishResult:
    """Publish a previewed import: load, re-apply edits, refresh, swap in atomically.

    Refuses (nothing changes) when the source was re-published since the preview was made.
    """
    with writing(db, timeout=timeout) as store:
        store.lock_directory()  # one publish at a time: the check below holds until commit
        now_loaded = publish_sql.loaded_at(store.con, preview.meta.id)
        if _norm(now_loaded) != _norm(preview.live_loaded_at):
            raise PublishError(
                f"source {preview.meta.id!r} was published by someone else after this preview "
                "was made; preview the file again")
        if store.backend == "postgres":  # load, re-apply edits, derive: one workbench
            conflicts: list[Conflict] = []

            def after(bench: Store, source_id: str) -> tuple[dict[str, int], list[Issue]]:
                conflicts.extend(apply_edits(bench, source_id))
                return after_load(bench, source_id)

            load = write_source(store, preview.meta, preview.batch, after)
            refreshed: dict[str, Any] = dict(load.derived)
        else:
            load = write_source(store, preview.meta, preview.batch)
            conflicts = apply_edits(store, preview.meta.id)
            refreshed = refresh(store, preview.meta.id)
        audit.record(store.con, user, "import", table="source", record_id=preview.meta.id,
                     after={"path": preview.meta.path, "sha256": preview.meta.sha256,
                            "counts": load.counts},
                     note=f"{preview.rows_read} rows read, {preview.rows_rejected} rejected, "
                          f"{len(conflicts)} edit conflicts")
    return PublishResult(load, conflicts, refreshed)


def import_path(db: str | Path, path: str | Path, user: str, **options: Any) -> PublishResult:
    """Preview and publish in one step (CLI ``resources import --yes``)."""
    return publish(db, preview_import(db, path, **options), user)


def save_upload(files: list[tuple[str, bytes]], folder: Path | None = None) -> Path:
    """Write uploaded files to a new temporary folder; a single .zip is extracted there.

    Returns what to load: the one file, or the folder (e.g. an HSDS CSV datapackage).
    """
    import zipfile

    folder = folder or Path(tempfile.mkdtemp(prefix="resources-upload-"))
    problems = []
    for name, data in files:
        safe = Path(name).name
        if not safe or safe.startswith("."):
            problems.append(f"{name!r} is not a usable file name")
            continue
        (folder / safe).write_bytes(data)
    if problems:
        raise LoadError("upload not usable: " + "; ".join(problems))
    saved = sorted(p for p in folder.iterdir() if p.is_file())
    if len(saved) == 1 and saved[0].suffix.lower() == ".zip":
        target = folder / saved[0].stem
        with zipfile.ZipFile(saved[0]) as archive:
            for member in archive.infolist():
                member_name = Path(member.filename).name
                if member.is_dir() or not member_name or member_name.startswith("."):
                    continue
                (target / member_name).parent.mkdir(parents=True, exist_ok=True)
                (target / member_name).write_bytes(archive.read(member))
        return target
    return saved[0] if len(saved) == 1 else folder


__all__ = ["Preview", "PublishError", "PublishResult", "StoreError", "change", "import_path",
           "open_live", "preview_import", "publish", "refresh", "save_upload", "writing"]
