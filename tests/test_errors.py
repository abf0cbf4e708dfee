"""One error base class, one handler: every error a person can act on is a ResourcesError,
and the command line prints it as one line with exit code 2 (never a traceback)."""

from __future__ import annotations

import pytest

from resources.api.tokens import TokenError
from resources.cli import main
from resources.coordinator.auth import AuthError
from resources.coordinator.edits import EditError
from resources.coordinator.publish import PublishError
from resources.coordinator.review import ReviewError
from resources.errors import DataFileError, LoadError, ResourcesError
from resources.routes import RoutingError
from resources.store import StoreError


@pytest.mark.parametrize("error", [LoadError, DataFileError, StoreError, EditError, AuthError,
                                   PublishError, ReviewError, RoutingError, TokenError])
def test_every_error_a_person_can_act_on_is_a_resources_error(error):
    assert issubclass(error, ResourcesError)


def test_a_store_that_cannot_open_is_one_line_and_exit_2(tmp_path, capsys):
    not_a_store = tmp_path / "notes.duckdb"
    not_a_store.write_text("not a database", encoding="utf-8")
    code = main(["--db", str(not_a_store), "info"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("resources: ") and "Traceback" not in err


def test_an_unknown_user_is_one_line_and_exit_2(tmp_path, capsys):
    users = tmp_path / "users.toml"
    code = main(["user", "--users", str(users), "remove", "nobody"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("resources: ") and "nobody" in err
