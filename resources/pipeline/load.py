"""Load a directory file and derive from it: the one entry point the CLI, the app, the demo
and the imports call.

A loader (:mod:`resources.loaders`) only reads and normalizes records; this module hands
them to the store together with :func:`~resources.pipeline.refresh.after_load`, so the new
records and what derives from them (service areas, hours, the search and hotline indexes)
land in one transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from resources.loaders import MappedCSVLoader, detect_kind, get_loader
from resources.pipeline.refresh import after_load
from resources.records import LoadResult
from resources.store import Store


def load_path(store: Store, path: str | Path, kind: str | None = None,
              *, mapping: str | Path | None = None, **options: Any) -> LoadResult:
    """Load ``path`` (format detected unless ``kind`` is given) as one source.

    ``mapping``: the YAML mapping of a ``mapped-csv`` file (implies that kind).
    """
    if mapping is not None and kind is None:
        kind = MappedCSVLoader.kind
    loader = get_loader(kind or detect_kind(path), mapping)
    return loader.load(store, path, after=after_load, **options)
