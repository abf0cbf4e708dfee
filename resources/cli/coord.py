"""Coordinator commands of `resources`: import (preview, publish), export, user, audit.

Errors a person can act on are :class:`~resources.errors.ResourcesError`: one line on stderr
and exit code 2 (resources/cli/__init__.py).
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import click

from resources.cli import db_option
from resources.coordinator.auth import (
    ALIASES,
    ROLES,
    AuthError,
    add_user,
    load_users,
    remove_user,
    users_path,
)


@click.command("import")
@db_option
@click.argument("kind_or_path")
@click.argument("path", required=False)
@click.option("--source", help="source id (default: file or folder name)")
@click.option("--yes", is_flag=True, help="publish without asking")
@click.option("--user", help="name recorded in the audit log (default: login name)")
@click.option("--show", type=int, default=30, show_default=True, help="changes to print")
def import_file(db: str, kind_or_path: str, path: str | None, source: str | None, yes: bool,
                user: str | None, show: int) -> int:
    """Preview a file against the live store, then publish it atomically: import [KIND] PATH."""
    from resources.coordinator.publish import preview_import, publish
    from resources.loaders import LOADERS, LoadError

    kind, target = (kind_or_path, path) if path else (None, kind_or_path)
    if kind is not None and kind not in LOADERS:
        raise LoadError(f"Unknown format {kind!r}; supported: {', '.join(LOADERS)}")
    preview = preview_import(db, target, kind=kind, source_id=source)
    print(preview.summary())
    frame = preview.change_frame()
    if len(frame):
        print(frame.head(show).to_string(index=False))
    if not yes:
        if not sys.stdin.isatty():
            print("not published (preview only): add --yes to publish", file=sys.stderr)
            return 1
        if input("Publish? [y/N] ").strip().lower() not in ("y", "yes"):
            print("discarded")
            return 1
    result = publish(db, preview, user or getpass.getuser())
    print(f"published {preview.meta.id!r} to {db}; search index "
          f"{result.refreshed.get('search_index')} rows; {len(result.conflicts)} edit conflicts")
    return 0


@click.group()
@db_option
def export(db: str) -> None:
    """Export the directory: export hsds OUT_DIR."""


@export.command("hsds")
@db_option
@click.argument("out_dir")
@click.option("--source", "sources", multiple=True, help="only this source (repeatable)")
@click.option("--include-private", is_flag=True,
              help="also private (confidential) services, locations, addresses and phones "
                   "(coordinators only)")
@click.option("--validate", metavar="SPEC_DIR",
              help="check against the HSDS 3.0 JSON Schemas in SPEC_DIR/schema")
def export_hsds(db: str, out_dir: str, sources: tuple[str, ...],
                include_private: bool, validate: str | None) -> int:
    """HSDS 3.0 tabular datapackage (CSV + datapackage.json)."""
    from resources.coordinator.export_hsds import export_hsds, validate_export
    from resources.store import Store

    with Store.open(db, read_only=True) as store:
        result = export_hsds(store, out_dir, sources=list(sources) or None,
                             include_private=include_private)
    print(f"wrote {sum(result.counts.values())} records in {len(result.counts)} files to "
          f"{result.folder}" + (" (ids keep their source prefix)" if result.ids_namespaced
                                else "") + f"; {result.left_out_text()}")
    if validate:
        problems = validate_export(result.folder, validate)
        for problem in problems:
            print(f"  invalid: {problem}")
        print("valid HSDS 3.0" if not problems else f"{len(problems)} problems")
        return 0 if not problems else 1
    return 0


@click.group()
@click.option("--users", help="users file (default: $RESOURCES_USERS or config/users.toml)")
def user(users: str | None) -> None:
    """Users of the coordinator pages: user add|list|remove."""


def _users_file() -> Path:
    """The group's ``--users``, else the setting, else the default."""
    group = click.get_current_context().parent
    given = group.params.get("users") if group is not None else None
    return Path(given) if given else users_path()


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice([*ROLES, *ALIASES]), required=True, help="the role")
@click.option("--password-stdin", is_flag=True, help="read the password from stdin")
def user_add(name: str, role: str, password_stdin: bool) -> int:
    """Add or update a user (password prompted, or read from stdin)."""
    path = _users_file()
    if password_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"Password for {name}: ")
        if getpass.getpass("Again: ") != password:
            raise AuthError("the two passwords differ")
    saved = add_user(name, role, password, path)
    print(f"{saved.name} ({saved.role}) saved in {path}")
    return 0


@user.command("list")
def user_list() -> int:
    """Names and roles."""
    for name, (role, _) in sorted(load_users(_users_file()).items()):
        print(f"{name}\t{role}")
    return 0


@user.command("remove")
@click.argument("name")
def user_remove(name: str) -> int:
    """Remove a user."""
    path = _users_file()
    remove_user(name, path)
    print(f"removed {name} from {path}")
    return 0


@click.command()
@db_option
@click.option("--csv", "csv_path", help="write to this file instead of stdout")
@click.option("--record", help="only this record id")
@click.option("--by", help="only this user")
def audit(db: str, csv_path: str | None, record: str | None, by: str | None) -> int:
    """The audit log as CSV."""
    from resources.coordinator import audit as audit_log
    from resources.store import Store

    with Store.open(db, read_only=True) as store:
        text = audit_log.to_csv(store.con, record_id=record, user=by)
    if csv_path:
        Path(csv_path).write_text(text)
        print(f"audit log written to {csv_path}")
    else:
        sys.stdout.write(text)
    return 0
