"""Users file, password hashing, roles, and the `resources user` command."""

from __future__ import annotations

import io
import sys

import pytest

from resources import cli
from resources.auth import (
    AuthError,
    add_user,
    authenticate,
    can,
    hash_password,
    load_users,
    remove_user,
    verify_password,
)


def test_password_hashes_are_salted_and_verified():
    one, two = hash_password("correct horse"), hash_password("correct horse")
    assert one != two and one.startswith("scrypt$")
    assert verify_password("correct horse", one) and not verify_password("wrong", one)
    assert not verify_password("x", "plain-text")


def test_roles_are_ordered():
    assert can("admin", "coordinator") and can("coordinator", "coordinator")
    assert not can("specialist", "coordinator") and not can("nobody", "specialist")


def test_users_file_round_trip_and_problems(tmp_path):
    path = tmp_path / "users.toml"
    add_user("Alice", "coordinator", "a long password", path)
    add_user("bob", "specialist", "another password", path)
    text = path.read_text()
    assert "a long password" not in text and (path.stat().st_mode & 0o777) == 0o600
    assert authenticate("alice", "a long password", path).role == "coordinator"
    assert authenticate("alice", "wrong password!", path) is None
    assert authenticate("nobody", "a long password", path) is None
    remove_user("bob", path)
    assert set(load_users(path)) == {"alice"}
    with pytest.raises(AuthError, match="at least 10") as err:
        add_user("Bad Name", "boss", "short", path)
    assert "role must be one of" in str(err.value) and "name:" in str(err.value)
    path.write_text('[users.eve]\nrole = "root"\npassword = "hunter2"\n')
    with pytest.raises(AuthError, match="role must be.*password must be a hash"):
        load_users(path)


def test_cli_user_add_reads_the_password_from_stdin(tmp_path, monkeypatch, capsys):
    path = tmp_path / "users.toml"
    monkeypatch.setattr(sys, "stdin", io.StringIO("from stdin secret\n"))
    assert cli.main(["user", "--users", str(path), "add", "carol", "--role", "coordinator",
                     "--password-stdin"]) == 0
    assert authenticate("carol", "from stdin secret", path).role == "coordinator"
    assert cli.main(["user", "--users", str(path), "list"]) == 0
    assert "carol\tcoordinator" in capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert cli.main(["user", "--users", str(path), "add", "dan", "--role", "admin"]) == 2
    assert "at least 10" in capsys.readouterr().err
