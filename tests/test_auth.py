"""Users file, password hashing, roles, and the `resources user` command."""

from __future__ import annotations

import io
import sys

import pytest

from resources import cli
from resources.coordinator.auth import (
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


def test_session_token_survives_only_while_valid(tmp_path, monkeypatch):
    from resources.coordinator.auth import SESSION_HOURS, User, issue_token, user_from_token

    monkeypatch.delenv("RESOURCES_SECRET", raising=False)
    users = tmp_path / "users.toml"
    add_user("cora.m", "coordinator", "long enough pw", users)
    now = 1_800_000_000.0
    token = issue_token(User("cora.m", "coordinator"), now, users)
    assert (tmp_path / "session.key").stat().st_mode & 0o777 == 0o600
    assert "long enough pw" not in token
    assert user_from_token(token, now + 60, users) == User("cora.m", "coordinator")
    # expired, tampered, or the user's role changed / removed: no session
    assert user_from_token(token, now + SESSION_HOURS * 3600 + 1, users) is None
    name, role, expiry, sig = token.split(":")
    assert user_from_token(f"{name}:admin:{expiry}:{sig}", now, users) is None
    assert user_from_token(f"{name}:{role}:{int(expiry) + 9999}:{sig}", now, users) is None
    assert user_from_token("garbage", now, users) is None
    add_user("cora.m", "specialist", "long enough pw", users)
    assert user_from_token(token, now + 60, users) is None
    remove_user("cora.m", users)
    assert user_from_token(token, now + 60, users) is None


def test_a_token_signed_with_another_key_is_refused(tmp_path, monkeypatch):
    from resources.coordinator.auth import User, issue_token, user_from_token

    users = tmp_path / "users.toml"
    add_user("cora", "coordinator", "long enough pw", users)
    monkeypatch.setenv("RESOURCES_SECRET", "server one")
    token = issue_token(User("cora", "coordinator"), 1e9, users)
    assert user_from_token(token, 1e9 + 1, users) is not None
    monkeypatch.setenv("RESOURCES_SECRET", "server two")
    assert user_from_token(token, 1e9 + 1, users) is None


def test_throttle_per_user_and_per_address():
    from resources.coordinator.auth import Throttle

    t = Throttle(limit=3, window=600)
    for i in range(3):
        assert t.wait_seconds("cora", "10.0.0.1", 100 + i) == 0
        t.failed("cora", "10.0.0.1", 100 + i)
    # the name is paused from any address, and the address for any name
    assert t.wait_seconds("cora", "10.0.0.9", 110) == pytest.approx(592)
    assert t.wait_seconds("dan", "10.0.0.1", 110) == pytest.approx(592)
    assert t.wait_seconds("dan", "10.0.0.9", 110) == 0
    # the pause ends a window after the last failure
    assert t.wait_seconds("cora", "10.0.0.9", 702.5) == 0
    # a good password clears the user's count, not the address's
    t2 = Throttle(limit=2, window=600)
    t2.failed("eve", "addr", 1)
    t2.succeeded("eve", "addr")
    t2.failed("eve", "other", 2)
    assert t2.wait_seconds("eve", "other", 3) == 0


def test_every_problem_of_the_users_file_is_reported_at_once(tmp_path):
    path = tmp_path / "users.toml"
    path.write_text('[users.eve]\nrole = "root"\npassword = "scrypt$x"\n'
                    '[users.mallory]\nrole = "editor"\n'
                    '[users.trent]\nrole = "approver"\npassword = "scrypt$y"\n')
    with pytest.raises(AuthError) as err:
        load_users(path)
    message = str(err.value)
    assert "user 'eve': role must be one of" in message
    assert "user 'mallory': password must be a hash" in message
    assert "trent" not in message
