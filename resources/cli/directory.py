"""``resources init | load | info | build-demo``: the store and what is loaded in it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from resources.cli import db_option
from resources.errors import LoadError
from resources.store import Store, StoreError, is_postgres


@click.command()
@db_option
@click.option("--force", is_flag=True, help="delete and recreate the store")
def init(db: str, force: bool) -> int:
    """Create an empty store (or check an existing one; a PostgreSQL one is upgraded)."""
    if is_postgres(db):
        if force:
            raise StoreError("`resources init --force` is not available on a PostgreSQL store: "
                             "drop and create the database instead.")
        with Store.open(db, upgrade=True) as store:
            print(f"store ready: {store.path}")
        return 0
    path = Path(db)
    if path.exists() and force:
        path.unlink()
    with Store.open(path):
        pass
    print(f"store ready: {path}")
    return 0


@click.command()
@db_option
@click.argument("kind_or_path")
@click.argument("path", required=False)
@click.option("--source", help="source id (default: file or folder name)")
@click.option("--strict", is_flag=True, help="load nothing if any row is rejected")
@click.option("--mapping", help="mapped-csv: the YAML mapping (file or shipped name)")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@click.option("--show-issues", type=int, default=20, show_default=True, help="issues to print")
def load(db: str, kind_or_path: str, path: str | None, source: str | None, strict: bool,
         mapping: str | None, as_json: bool, show_issues: int) -> int:
    """Load a directory file or folder: load [KIND] PATH (format detected unless named)."""
    from resources.coordinator.searchability import report
    from resources.loaders import LOADERS
    from resources.pipeline.load import load_path

    kind, target = (kind_or_path, path) if path else (None, kind_or_path)
    if kind is not None and kind not in LOADERS:
        raise LoadError(f"Unknown format {kind!r}; supported: {', '.join(LOADERS)}")
    with Store.open(db) as store:
        result = load_path(store, target, kind, source_id=source, strict=strict, mapping=mapping)
        searchability = report(store, result.source.id)
    if as_json:
        print(json.dumps({
            "source": result.source.id, "kind": result.source.kind,
            "rows_read": result.rows_read, "counts": result.counts,
            "searchability": [r.as_dict() for r in searchability],
            "diff": [d.__dict__ for d in result.diffs],
            "issues": [i.__dict__ for i in result.issues],
        }, default=str))
    else:
        print(result.summary())
        for line in (line for r in searchability for line in r.lines()):
            print(line)
        for issue in result.issues[:show_issues]:
            print(f"  {issue}")
        if len(result.issues) > show_issues:
            print(f"  ... {len(result.issues) - show_issues} more: "
                  f"resources info --issues {result.source.id}")
    return 0


@click.command()
@db_option
@click.option("--issues", is_flag=False, flag_value="", default=None, metavar="SOURCE",
              help="list load issues (of one source)")
@click.option("--limit", type=int, default=None, help="issues to list")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def info(db: str, issues: str | None, limit: int | None, as_json: bool) -> int:
    """Counts per table and source, the searchability report, load issues."""
    from resources.coordinator.searchability import report
    from resources.store.privacy_sql import private_counts, private_text

    with Store.open(db, read_only=True) as store:
        if issues is not None:
            frame = store.load_issues(issues or None, limit=limit)
            if as_json:
                print(frame.to_json(orient="records", date_format="iso"))
            else:
                print(frame.drop(columns=["loaded_at"]).to_string(index=False) if len(frame)
                      else "no load issues")
            return 0
        counts = store.counts()
        sources = store.sources()
        private = private_counts(store.con)
        searchability = report(store)
        if as_json:
            print(json.dumps({"counts": counts, "private": private, "sources": json.loads(
                sources.to_json(orient="records", date_format="iso")),
                "searchability": [r.as_dict() for r in searchability]}))
            return 0
        print(f"store: {store.path}")
        print("records: " + ", ".join(f"{t} {n}" for t, n in counts.items() if n) or "empty")
        print("private records (coordinators only): " + private_text(private))
        if len(sources):
            print("\nsources:")
            print(sources[["id", "kind", "loaded_at", "rows_read", "rows_flagged",
                           "rows_rejected"]].to_string(index=False))
            print("\nper source:")
            print(store.counts_by_source().fillna(0).to_string(index=False))
            print()
            for line in (line for r in searchability for line in r.lines()):
                print(line)
            issue_counts = store.issue_counts()
            if len(issue_counts):
                print("\nload issues (resources info --issues SOURCE for every row):")
                print(issue_counts.to_string(index=False))
        else:
            print("no sources loaded: `resources load PATH`")
    return 0


@click.command("build-demo")
@db_option
@click.option("--raw", default="data/raw", show_default=True, help="folder of demo sources")
def build_demo(db: str, raw: str) -> int:
    """(Re)build the demo store from data/raw."""
    from resources.pipeline.demo import build_demo as build

    for line in build(Path(db), Path(raw)):
        print(line)
    return 0
