"""The `resources` command: one click group, a thin layer over the same engine the app uses.

Every command takes ``--db PATH`` (before or after its name; default ``$RESOURCES_DB`` or
``data/resources.duckdb``) and ``--help``. Errors are one clear line on stderr and a non-zero
exit (2 for bad input, 1 otherwise): every error a person can act on is a
:class:`~resources.errors.ResourcesError`, caught once, in :func:`main`.

A command's module is imported only when that command runs (:class:`LazyGroup`): a search
never imports the loaders, the route solver or the coordinator tools, so that a one-off
``resources search ... --json`` from another program answers in well under a second.
For the same reason the command modules in this package import the engine inside the command
functions (a module imported for ``--help`` stays light): the one place where an import of
ours inside a function is the rule (tests/test_architecture.py exempts ``resources/cli/``).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from resources import settings
from resources.errors import ResourcesError
from resources.search.response_json import response_json

__all__ = ["COMMANDS", "cli", "db_option", "default_db", "main", "response_json"]

DEFAULT_DB = "data/resources.duckdb"

# command -> "module:attribute", imported when the command runs (or for the whole --help)
COMMANDS = {
    "init": "resources.cli.directory:init",
    "load": "resources.cli.directory:load",
    "info": "resources.cli.directory:info",
    "build-demo": "resources.cli.directory:build_demo",
    "search": "resources.cli.search:search",
    "hours": "resources.cli.hours:hours",
    "route": "resources.cli.route:route",
    "import": "resources.cli.coord:import_file",
    "export": "resources.cli.coord:export",
    "user": "resources.cli.coord:user",
    "audit": "resources.cli.coord:audit",
    "api": "resources.cli.api:api",
}

F = TypeVar("F", bound=Callable[..., Any])


def default_db() -> str:
    return settings.text("RESOURCES_DB") or DEFAULT_DB


class LazyGroup(click.Group):
    """A group whose commands live in their own modules, imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attribute = target.split(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command), target
        return command


# the commands that work on a PostgreSQL store (``--db postgresql://...``) so far
POSTGRES_COMMANDS = ("init", "load", "info", "search", "api", "import", "audit", "export",
                     "route")


def _command_name(ctx: click.Context) -> str:
    """The top-level command of ``ctx`` (``user`` for ``resources user add``)."""
    while ctx.parent is not None and ctx.parent.parent is not None:
        ctx = ctx.parent
    return ctx.info_name or ""


def _resolve_db(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    """A command's own ``--db``, else its group's (``resources --db X export hsds``), else
    the setting, else the default. A command not yet ported to PostgreSQL refuses a
    ``postgresql://`` store in one sentence."""
    parent = ctx.parent
    while not value and parent is not None:
        value, parent = parent.params.get("db"), parent.parent
    db = value or default_db()
    name = _command_name(ctx)
    if settings.is_postgres_url(db) and name not in POSTGRES_COMMANDS:
        raise ResourcesError(f"`resources {name}` is not yet available on a PostgreSQL store "
                         f"(there: {', '.join(POSTGRES_COMMANDS)}).")
    return db


def db_option(func: F) -> F:
    """``--db PATH`` on a command (``resources search --db X ...``), over the group's."""
    return click.option("--db", metavar="PATH", callback=_resolve_db,
                        help=f"store file or postgresql:// URL (default: $RESOURCES_DB or "
                             f"{DEFAULT_DB})")(func)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", metavar="PATH", default=None,
              help=f"store file or postgresql:// URL (default: $RESOURCES_DB or {DEFAULT_DB})")
def cli(db: str | None) -> None:
    """Community resource & referral finder (HSDS store)."""


def main(argv: list[str] | None = None) -> int:
    """Run the command line on ``argv``; returns the exit code (the console script's)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        code = cli.main(args=args, prog_name="resources", standalone_mode=False)
    except ResourcesError as exc:  # the one handler: every error a person can act on
        click.echo(f"resources: {exc.cli_message()}", err=True)
        return 2
    except click.ClickException as exc:  # bad usage: the usage line and why, exit 2
        exc.show()
        return exc.exit_code
    except click.Abort:  # Ctrl-C, or end of input at a prompt
        return 130
    return int(code or 0)
