"""Every environment variable is declared once (resources/settings.py), documented in
docs/settings.md, and read nowhere else."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from resources import settings

REPO = Path(__file__).resolve().parent.parent


def test_every_setting_is_documented():
    doc = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [n for n in settings.names() if f"`{n}`" not in doc]
    assert settings.names() and missing == []


def _reads_environment(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb"):
            return True
        if isinstance(node, ast.ImportFrom) and node.module == "os" and any(
                a.name in ("environ", "getenv") for a in node.names):
            return True
    return False


def test_no_other_module_reads_the_environment():
    files = [*(REPO / "resources").rglob("*.py"), *(REPO / "ui").rglob("*.py"), REPO / "app.py"]
    readers = [str(f.relative_to(REPO)) for f in files
               if f.name != "settings.py" and _reads_environment(ast.parse(f.read_text()))]
    assert readers == []


def test_an_undeclared_name_is_a_bug_not_a_silent_none():
    with pytest.raises(KeyError):
        settings.text("RESOURCES_NO_SUCH_THING")


def test_a_bad_number_is_one_clear_error(monkeypatch):
    monkeypatch.setenv("RESOURCES_API_THREADS", "forty")
    with pytest.raises(settings.SettingError, match="RESOURCES_API_THREADS must be a whole"):
        settings.integer("RESOURCES_API_THREADS")
    monkeypatch.setenv("RESOURCES_API_THREADS", "8")
    assert settings.integer("RESOURCES_API_THREADS") == 8


def test_an_empty_value_counts_as_unset(monkeypatch, tmp_path):
    monkeypatch.setenv("RESOURCES_CACHE", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert settings.cache_dir() == tmp_path / "resources"
