"""The loader pipeline every format shares.

    read (file -> raw rows) -> map columns -> convert types -> clean -> write (SQL, one transaction)

A format subclasses :class:`Loader` and implements :meth:`Loader.read` returning a
:class:`~resources.records.Batch` in HSDS table/column names; :meth:`Loader.load` runs
the shared stages (types, ids, references, points) and writes the batch atomically.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

import pyarrow as pa

from resources.loaders._clean import (
    LoadError,
    check_references,
    clean_text,
    coerce_types,
    drop_private_columns,
    fix_ordinals,
    require_ids,
    sha256_of,
)
from resources.loaders._geo import settle_points
from resources.loaders._levels import areas_of_places, lone_places_as_services
from resources.loaders._privacy import settle_privacy
from resources.records import Batch, LoadResult, SourceMeta
from resources.store import Store
from resources.store.schema import HSDS_TABLES
from resources.store.write import AfterLoad, write_source

# (table, column, referenced table): checked after reading; a miss is a warning.
REFERENCES = [
    ("service", "organization_id", "organization"),
    ("service_at_location", "service_id", "service"),
    ("service_at_location", "location_id", "location"),
    ("address", "location_id", "location"),
    ("phone", "service_id", "service"),
    ("phone", "location_id", "location"),
    ("schedule", "service_id", "service"),
    ("schedule", "location_id", "location"),
    ("language", "service_id", "service"),
    ("service_area", "service_id", "service"),
]


def source_id_for(path: Path) -> str:
    """Default source id: the file or folder name, lower-case, safe characters only."""
    stem = path.name if path.is_dir() else path.stem
    return re.sub(r"[^a-z0-9._-]+", "-", stem.lower()).strip("-") or "source"


class Loader:
    """Base class of every format loader."""

    kind: ClassVar[str] = ""
    description: ClassVar[str] = ""

    @classmethod
    def detect(cls, path: Path) -> bool:
        """True when ``path`` looks like this format (cheap: names, headers, first bytes)."""
        return False

    def read(self, path: Path) -> Batch:
        raise NotImplementedError

    def normalize(self, batch: Batch) -> Batch:
        """The shared stages after :meth:`read`: ids, types, free text, references, points,
        privacy."""
        issues = batch.issues
        lone = lone_places_as_services(batch)
        areas_of_places(batch)
        if batch.service_rows is None:  # the loader's service rows, and the lone places
            batch.service_rows = batch.count("service")
        elif lone:
            batch.service_rows += lone
        for table in list(batch.tables):
            if table not in HSDS_TABLES:
                continue
            frame = require_ids(table, batch.tables[table], issues)
            frame = coerce_types(table, frame, issues)
            batch.tables[table] = clean_text(table, frame, issues)
        known: dict[str, pa.Array] = {}  # each target's ids, once: tables unchanged here
        for table, column, target in REFERENCES:
            check_references(batch, table, column, target, issues, known)
        settle_points(batch, issues)
        settle_privacy(batch, issues)
        fix_ordinals(batch)
        for table in list(batch.tables):
            batch.tables[table] = drop_private_columns(batch.tables[table])
        return batch

    def read_normalized(self, path: Path) -> Batch:
        """:meth:`read` then :meth:`normalize`; whatever goes wrong is one :class:`LoadError`
        line for the user, never a traceback (an unexpected exception names itself as a
        loader bug; the fuzz test in tests/test_loader_fuzz.py keeps them out)."""
        try:
            return self.normalize(self.read(path))
        except LoadError:
            raise
        except OSError as exc:
            raise LoadError(f"{path.name} cannot be read: {exc.strerror or exc}") from exc
        except Exception as exc:  # noqa: BLE001 - the last guard before the user
            first = (str(exc).splitlines() or [""])[0][:200]
            raise LoadError(f"{path.name} could not be loaded ({type(exc).__name__}: {first}); "
                            "this is a loader bug: please report it with the file") from exc

    def finish(self, store: Store, batch: Batch) -> None:
        """Last step before the write, with the store at hand (e.g. reference layers)."""

    def load(self, store: Store, path: str | Path, *, source_id: str | None = None,
             strict: bool = False, title: str = "", after: AfterLoad | None = None) -> LoadResult:
        """Read, normalize and write ``path`` as one source (replacing its previous load);
        ``after`` derives from the new tables in the same transaction (the pipeline passes
        :func:`resources.pipeline.refresh.after_load`: see :func:`resources.pipeline.load.load_path`)."""
        path = Path(path)
        if not path.exists():
            raise LoadError(f"{path} does not exist")
        batch = self.read_normalized(path)
        self.finish(store.reference(), batch)
        if strict and batch.errors:
            raise LoadError(
                f"{path.name}: {len(batch.errors)} rows rejected; nothing loaded (--strict)",
                batch.errors,
            )
        meta = SourceMeta(
            id=source_id or source_id_for(path), kind=self.kind, path=str(path),
            sha256=sha256_of(path), title=title, notes=batch.notes,
        )
        return write_source(store, meta, batch, after=after)
