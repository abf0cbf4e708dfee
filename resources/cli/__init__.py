"""The `resources` command: a thin layer over the same engine the app uses.

Errors are one clear line on stderr and a non-zero exit (2 for bad input, 1 otherwise): every
error a person can act on is a :class:`~resources.errors.ResourcesError`, caught once, in
:func:`main`.
A command imports only what it runs (a search never imports the loaders, the route solver
or the coordinator tools), so that a one-off ``resources search ... --json`` from another
program answers in well under a second.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from resources import settings
from resources.errors import LoadError, ResourcesError
from resources.search.response_json import response_json
from resources.store import SEARCH_EXTENSIONS, Store

if TYPE_CHECKING:  # the search engine is imported lazily, where a search runs
    from resources.search.engine import SearchResponse

DEFAULT_DB = "data/resources.duckdb"


def default_db() -> str:
    return settings.text("RESOURCES_DB") or DEFAULT_DB


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=argparse.SUPPRESS,
                        help=f"store file (default: $RESOURCES_DB or {DEFAULT_DB})")


def cmd_init(args: argparse.Namespace) -> int:
    path = Path(args.db)
    if path.exists() and args.force:
        path.unlink()
    with Store.open(path):
        pass
    print(f"store ready: {path}")
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from resources.loaders import LOADERS
    from resources.pipeline.load import load_path

    kind, path = (args.kind_or_path, args.path) if args.path else (None, args.kind_or_path)
    if kind is not None and kind not in LOADERS:
        raise LoadError(f"Unknown format {kind!r}; supported: {', '.join(LOADERS)}")
    from resources.coordinator.searchability import report

    with Store.open(args.db) as store:
        result = load_path(store, path, kind, source_id=args.source, strict=args.strict,
                           mapping=args.mapping)
        searchability = report(store, result.source.id)
    if args.json:
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
        for issue in result.issues[: args.show_issues]:
            print(f"  {issue}")
        if len(result.issues) > args.show_issues:
            print(f"  ... {len(result.issues) - args.show_issues} more: "
                  f"resources info --issues {result.source.id}")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from resources.coordinator.searchability import report
    from resources.store.privacy_sql import private_counts, private_text

    with Store.open(args.db, read_only=True) as store:
        if args.issues is not None:
            frame = store.load_issues(args.issues or None, limit=args.limit)
            if args.json:
                print(frame.to_json(orient="records", date_format="iso"))
            else:
                print(frame.drop(columns=["loaded_at"]).to_string(index=False) if len(frame)
                      else "no load issues")
            return 0
        counts = store.counts()
        sources = store.sources()
        private = private_counts(store.con)
        searchability = report(store)
        if args.json:
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
            issues = store.issue_counts()
            if len(issues):
                print("\nload issues (resources info --issues SOURCE for every row):")
                print(issues.to_string(index=False))
        else:
            print("no sources loaded: `resources load PATH`")
    return 0


def cmd_build_demo(args: argparse.Namespace) -> int:
    from resources.pipeline.demo import build_demo

    for line in build_demo(Path(args.db), Path(args.raw)):
        print(line)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from datetime import datetime

    from resources.geo.places import Gazetteer
    from resources.search.engine import SearchEngine, SearchRequest
    from resources.vocab.needs import load_vocabulary

    at = None
    if args.at:
        try:
            at = datetime.fromisoformat(args.at)
        except ValueError:
            raise LoadError(f"--at {args.at!r} is not an ISO time like 2026-11-27T21:30-07:00") from None
        if at.tzinfo is None:
            raise LoadError("--at needs a UTC offset, e.g. 2026-11-27T21:30-07:00")
    mode = "at" if at else "now" if args.open_now else "arrive" if args.arrive else "any"
    request = SearchRequest(
        need=args.need, place=args.near, open_mode=mode, at=at,  # type: ignore[arg-type]
        travel_mode=args.mode, within_miles=args.within, language=args.lang,
        age=args.age, limit=args.limit, walk_in=args.walk_in, free=args.free,
        wheelchair=args.wheelchair,
    )
    # one search reads plain columns (distances are computed in Python), so spatial, the
    # costliest extension to load, stays unloaded; fts answers the text signal
    with Store.open(args.db, read_only=True, extensions=SEARCH_EXTENSIONS) as store:
        # one search: read only the rows around the place, not the whole index
        engine = SearchEngine(store, load_vocabulary(), Gazetteer.load(), whole_index=False)
        response = engine.search(request)
    if args.json:
        print(json.dumps(response_json(response), default=str, indent=1))
    else:
        print(response_text(response))
    return 0 if response.status in ("ok", "no_results") else 3


def response_text(response: SearchResponse) -> str:
    from resources.search.engine import CONFIDENTIAL_PHONE
    from resources.search.referral import notice_lines

    lines = []
    if response.crisis:
        lines.append(f"!! {response.crisis.label or 'Crisis words'}: call {response.crisis.call}"
                     f" — {response.crisis.banner.replace('**', '')}".rstrip(" —"))
    lines.append(response.message)
    read = [f"{c.label} (“{c.words}”)" for c in response.chips]
    if response.when is not None:
        read.insert(0, f"{response.when.label} (“{response.when.words}”)")
    if read:
        lines.append("read from the words: " + " · ".join(read))
    for r in response.results or response.nearest_outside:
        phone = (f"{r.phones[0].number}" + (f" ({r.phones[0].description})" if CONFIDENTIAL_PHONE
                                             in r.phones[0].description else "")
                 if r.phones else "no phone listed")
        lines.append(f"{r.rank:>2}. {r.name} — {r.open_label} — {r.distance_miles:.1f} mi — {phone}")
        lines.append(f"    {r.address}" + (" (approximate location)" if r.precision != "exact" else ""))
        lines += [f"    {line}" for line in notice_lines(r)]
        lines.append(f"    {'; '.join(r.reasons)}")
    for h in response.hotlines:
        lines.append(f"hotline: {h.get('name')}: {h.get('phone_summary') or h.get('phones') or ''}")
    return "\n".join(lines)


def _hours(argv: list[str]) -> int:
    from resources.cli.hours import hours_main

    return hours_main(argv)


PASSTHROUGH: dict[str, Callable[[list[str]], int]] = {"hours": _hours}

# commands registered by their own module (``register(sub, add_db)``), imported only when
# one of them runs or for the whole help
COMMAND_MODULES = {
    "route": "resources.cli.route",
    "import": "resources.cli.coord", "export": "resources.cli.coord",
    "user": "resources.cli.coord", "audit": "resources.cli.coord",
    "api": "resources.api.cli",
}


def _command(argv: list[str]) -> str | None:
    """The command word in ``argv`` (skipping ``--db PATH``), or None."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word == "--db":
            skip = True
        elif not word.startswith("-"):
            return word
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser for ``command`` (None: for every command, as for ``--help``)."""
    parser = argparse.ArgumentParser(
        prog="resources", description="Community resource & referral finder (HSDS store).")
    parser.add_argument("--db", default=default_db(), help="store file")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", help="create an empty store (or check an existing one)")
    _add_db(p)
    p.add_argument("--force", action="store_true", help="delete and recreate the store")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("load", help="load a directory file or folder: load [KIND] PATH")
    _add_db(p)
    p.add_argument("kind_or_path", help="format (optional) or the path")
    p.add_argument("path", nargs="?", help="the file or folder, when a format is named")
    p.add_argument("--source", help="source id (default: file or folder name)")
    p.add_argument("--strict", action="store_true", help="load nothing if any row is rejected")
    p.add_argument("--mapping", help="mapped-csv: the YAML mapping (file or shipped name)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--show-issues", type=int, default=20, help="issues to print (default 20)")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("info", help="counts per table and source, load issues")
    _add_db(p)
    p.add_argument("--issues", nargs="?", const="", default=None, metavar="SOURCE",
                   help="list load issues (of one source)")
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("build-demo", help="(re)build the demo store from data/raw")
    _add_db(p)
    p.add_argument("--raw", default="data/raw", help="folder of demo sources")
    p.set_defaults(func=cmd_build_demo)

    p = sub.add_parser("search", help='find services: search "NEED" --near PLACE')
    _add_db(p)
    p.add_argument("need", help="what the caller needs, in any words")
    p.add_argument("--near", default="",
                   help="ZIP, address, City ST, county or 'lat, lon' (without it: only the "
                        "crisis banner and national lines, exit 3)")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--at", help="open at this ISO time (with UTC offset)")
    when.add_argument("--open-now", action="store_true", help="only places open now")
    when.add_argument("--arrive", action="store_true", help="open when the caller arrives")
    p.add_argument("--mode", choices=["walk", "transit", "drive"], default="drive")
    p.add_argument("--within", type=float, help="miles (default: widen until enough)")
    p.add_argument("--lang", help="language code or name, e.g. es")
    p.add_argument("--age", type=int)
    p.add_argument("--walk-in", action="store_true")
    p.add_argument("--free", action="store_true")
    p.add_argument("--wheelchair", action="store_true")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    if command not in ("init", "load", "info", "build-demo", "search"):
        wanted = [COMMAND_MODULES[command]] if command in COMMAND_MODULES else COMMAND_MODULES.values()
        for module in dict.fromkeys(wanted):
            importlib.import_module(module).register(sub, _add_db)

    for name in PASSTHROUGH:
        sub.add_parser(name, help=f"`resources {name} --help` for its options", add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    start = 2 if argv[:1] == ["--db"] else 0  # `resources [--db PATH] hours ...`
    try:
        if len(argv) > start and argv[start] in PASSTHROUGH:  # they open no store
            return PASSTHROUGH[argv[start]](argv[start + 1:])
        args = build_parser(_command(argv)).parse_args(argv)
        return int(args.func(args))
    except ResourcesError as exc:  # the one handler: every error a person can act on
        print(f"resources: {exc.cli_message()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
