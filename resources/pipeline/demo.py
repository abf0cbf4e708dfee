"""Build the demo store from ``data/raw`` (every source there, format detected).

The store is built in a temporary file next to the target and renamed over it when
complete, so a running app never sees a half-built store.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from resources.loaders import LoadError, detect_kind
from resources.pipeline.load import load_path
from resources.store import Store

SKIP = {"README.md", ".gitkeep"}


def demo_sources(raw: Path) -> list[Path]:
    return sorted(p for p in raw.iterdir() if p.name not in SKIP and not p.name.startswith("."))


def build_demo(db: Path, raw: Path) -> Iterator[str]:
    """Yield progress lines; raise LoadError if any demo source fails (nothing replaced)."""
    tmp = db.with_name(db.name + ".tmp")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    problems = []
    with Store.open(tmp) as store:
        for path in demo_sources(raw):
            try:
                kind = detect_kind(path)
                result = load_path(store, path, kind)
            except LoadError as exc:
                problems.append(f"{path.name}: {exc}")
                continue
            yield result.summary().splitlines()[0] + f"; {sum(result.counts.values())} records"
        store.checkpoint()
    if problems:
        tmp.unlink(missing_ok=True)
        raise LoadError("demo store not built:\n" + "\n".join(problems))
    os.replace(tmp, db)
    yield f"demo store ready: {db}"
