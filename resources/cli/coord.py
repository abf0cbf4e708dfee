"""Coordinator subcommands of `resources`: import (preview, publish), export, user, audit.

:func:`register` adds them to the main parser (resources/cli/__init__.py). Errors a person can act
on are one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from resources.coordinator.auth import (
    ALIASES,
    ROLES,
    AuthError,
    add_user,
    load_users,
    remove_user,
    users_path,
)


def cmd_import(args: argparse.Namespace) -> int:
    from resources.coordinator.publish import preview_import, publish
    from resources.loaders import LOADERS, LoadError

    kind, path = (args.kind_or_path, args.path) if args.path else (None, args.kind_or_path)
    if kind is not None and kind not in LOADERS:
        raise LoadError(f"Unknown format {kind!r}; supported: {', '.join(LOADERS)}")
    preview = preview_import(args.db, path, kind=kind, source_id=args.source)
    print(preview.summary())
    frame = preview.change_frame()
    if len(frame):
        print(frame.head(args.show).to_string(index=False))
    if not args.yes:
        if not sys.stdin.isatty():
            print("not published (preview only): add --yes to publish", file=sys.stderr)
            return 1
        if input("Publish? [y/N] ").strip().lower() not in ("y", "yes"):
            print("discarded")
            return 1
    result = publish(args.db, preview, args.user or getpass.getuser())
    print(f"published {preview.meta.id!r} to {args.db}; search index "
          f"{result.refreshed.get('search_index')} rows; {len(result.conflicts)} edit conflicts")
    return 0


def cmd_export_hsds(args: argparse.Namespace) -> int:
    from resources.coordinator.export_hsds import export_hsds, validate_export
    from resources.store import Store

    with Store.open(args.db, read_only=True) as store:
        result = export_hsds(store, args.out_dir, sources=args.source or None,
                             include_private=args.include_private)
    print(f"wrote {sum(result.counts.values())} records in {len(result.counts)} files to "
          f"{result.folder}" + (" (ids keep their source prefix)" if result.ids_namespaced
                                else "") + f"; {result.left_out_text()}")
    if args.validate:
        problems = validate_export(result.folder, args.validate)
        for problem in problems:
            print(f"  invalid: {problem}")
        print("valid HSDS 3.0" if not problems else f"{len(problems)} problems")
        return 0 if not problems else 1
    return 0


def cmd_user(args: argparse.Namespace) -> int:
    path = Path(args.users) if args.users else users_path()
    if args.user_command == "list":
        for name, (role, _) in sorted(load_users(path).items()):
            print(f"{name}\t{role}")
        return 0
    if args.user_command == "remove":
        remove_user(args.name, path)
        print(f"removed {args.name} from {path}")
        return 0
    if args.password_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"Password for {args.name}: ")
        if getpass.getpass("Again: ") != password:
            raise AuthError("the two passwords differ")
    user = add_user(args.name, args.role, password, path)
    print(f"{user.name} ({user.role}) saved in {path}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from resources.coordinator import audit
    from resources.store import Store

    with Store.open(args.db, read_only=True) as store:
        text = audit.to_csv(store.con, record_id=args.record, user=args.by)
    if args.csv:
        Path(args.csv).write_text(text)
        print(f"audit log written to {args.csv}")
    else:
        sys.stdout.write(text)
    return 0


def register(sub: argparse._SubParsersAction,
             add_db: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("import", help="preview a file against the live store, then publish it "
                                      "atomically: import [KIND] PATH")
    add_db(p)
    p.add_argument("kind_or_path")
    p.add_argument("path", nargs="?")
    p.add_argument("--source", help="source id (default: file or folder name)")
    p.add_argument("--yes", action="store_true", help="publish without asking")
    p.add_argument("--user", help="name recorded in the audit log (default: login name)")
    p.add_argument("--show", type=int, default=30, help="changes to print (default 30)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="export the directory: export hsds OUT_DIR")
    add_db(p)
    fmt = p.add_subparsers(dest="format", required=True)
    h = fmt.add_parser("hsds", help="HSDS 3.0 tabular datapackage (CSV + datapackage.json)")
    add_db(h)
    h.add_argument("out_dir")
    h.add_argument("--source", action="append", help="only this source (repeatable)")
    h.add_argument("--include-private", action="store_true",
                   help="also private (confidential) services, locations, addresses "
                   "and phones (coordinators only)")
    h.add_argument("--validate", metavar="SPEC_DIR",
                   help="check against the HSDS 3.0 JSON Schemas in SPEC_DIR/schema")
    h.set_defaults(func=cmd_export_hsds)

    p = sub.add_parser("user", help="users of the coordinator pages: user add|list|remove")
    p.add_argument("--users", help="users file (default: $RESOURCES_USERS or config/users.toml)")
    users = p.add_subparsers(dest="user_command", required=True)
    a = users.add_parser("add", help="add or update a user (password prompted or from stdin)")
    a.add_argument("name")
    a.add_argument("--role", choices=(*ROLES, *ALIASES), required=True)
    a.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    users.add_parser("list", help="names and roles")
    r = users.add_parser("remove")
    r.add_argument("name")
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("audit", help="the audit log as CSV")
    add_db(p)
    p.add_argument("--csv", help="write to this file instead of stdout")
    p.add_argument("--record", help="only this record id")
    p.add_argument("--by", help="only this user")
    p.set_defaults(func=cmd_audit)
