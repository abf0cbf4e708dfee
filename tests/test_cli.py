"""The command line is one click group: every command has --help, takes the shared --db,
and is the one the README lists (and the README lists no command that does not exist)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from resources.cli import COMMANDS, cli, main

REPO = Path(__file__).resolve().parent.parent


def _commands(group: click.Group, ctx: click.Context, prefix: tuple[str, ...] = ()):
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, ctx, (*prefix, name))


def every_command() -> list[tuple[str, ...]]:
    with click.Context(cli) as ctx:
        return [path for path, _ in _commands(cli, ctx)]


@pytest.mark.parametrize("path", every_command(), ids=" ".join)
def test_every_command_has_help(path):
    done = CliRunner().invoke(cli, [*path, "--help"], prog_name="resources")
    assert done.exit_code == 0, done.output
    assert done.output.startswith(f"Usage: resources {' '.join(path)}")
    assert "--help" in done.output


@pytest.mark.parametrize("path", [p for p in every_command() if "--db" in CliRunner().invoke(
    cli, [*p, "--help"]).output], ids=" ".join)
def test_db_is_the_same_option_before_or_after_the_command(path, tmp_path):
    """`resources --db X CMD` and `resources CMD --db X` name the same store."""
    missing = tmp_path / "no-such-folder" / "store.duckdb"
    before = main(["--db", str(missing), *path, "--help"])
    after = main([*path, "--db", str(missing), "--help"])
    assert before == after == 0


def test_info_reads_the_store_named_by_db(demo_db, capsys):
    assert main(["--db", str(demo_db), "info", "--json"]) == 0
    group_level = capsys.readouterr().out
    assert main(["info", "--db", str(demo_db), "--json"]) == 0
    assert capsys.readouterr().out == group_level and '"service"' in group_level


def test_a_usage_error_is_exit_2_with_the_reason(capsys):
    assert main(["search", "food", "--open-now", "--arrive"]) == 2
    assert "one at most" in capsys.readouterr().err
    assert main(["no-such-command"]) == 2


def test_the_readme_lists_every_command_and_no_other():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"(?:^|[`\s/])resources (?:--db \S+ )?([a-z][a-z-]+)", readme, re.M))
    assert set(COMMANDS) <= named, f"not in the README: {sorted(set(COMMANDS) - named)}"
    assert named <= set(COMMANDS), f"the README names no such command: {named - set(COMMANDS)}"
