"""`make lint` stays clean: ruff and mypy on the same paths, with pyproject.toml's settings.

mypy runs in-process (``mypy.api``) without its incremental cache: a warm cache after
files changed can report stale errors on clean code (seen here; python/mypy#20105), and a
test must not fail on clean code. ruff runs as the venv's own executable.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, need

pytestmark = pytest.mark.slow

RUFF_PATHS = ["resources", "ui", "app.py", "tests", "bench"]  # as in the Makefile's lint
MYPY_PATHS = ["resources"]


def test_ruff_is_clean() -> None:
    ruff = Path(sys.executable).parent / "ruff"
    need(ruff.exists(), f"ruff next to {sys.executable} (make setup-dev)")
    proc = subprocess.run([str(ruff), "check", *RUFF_PATHS], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"ruff check {' '.join(RUFF_PATHS)}:\n{proc.stdout}{proc.stderr}"


def test_mypy_is_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    need(importlib.util.find_spec("mypy") is not None, "mypy (make setup-dev)")
    from mypy import api

    monkeypatch.chdir(REPO)  # mypy reads pyproject.toml and resolves paths from the cwd
    stdout, stderr, status = api.run(["--no-incremental", *MYPY_PATHS])
    assert status == 0, f"mypy {' '.join(MYPY_PATHS)}:\n{stdout}{stderr}"
