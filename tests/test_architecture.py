"""The layers of docs/architecture.md, enforced: every import points down (import-linter's
contract in pyproject.toml), and every package of the engine sits in exactly one layer."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _contract() -> dict:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]
    (layers,) = [c for c in config["contracts"] if c["id"] == "layers"]
    return layers


def test_every_import_points_down():
    lint = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(lint), "--no-cache"], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "Contracts: 1 kept, 0 broken." in done.stdout


def test_every_package_of_the_engine_is_in_one_layer():
    named = [m.strip() for layer in _contract()["layers"] for m in layer.split("|")]
    assert len(named) == len(set(named))
    top = {f"resources.{p.stem if p.is_file() else p.name}"
           for p in (REPO / "resources").iterdir()
           if (p.suffix == ".py" and p.stem != "__init__")
           or (p.is_dir() and (p / "__init__.py").exists())}
    assert top <= set(named), f"not in a layer: {sorted(top - set(named))}"
    assert "ui" in named


def test_every_module_imports():
    """A moved module named by its old path fails here, not first in a browser."""
    import importlib
    import pkgutil

    import resources
    import ui

    broken = []
    for package in (resources, ui):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if module.name.endswith("__main__"):
                continue
            try:
                importlib.import_module(module.name)
            except ImportError as exc:
                broken.append(f"{module.name}: {exc}")
    assert broken == []


# Imports of our own modules inside a function, outside resources/cli/ (whose commands import
# their modules when they run, to keep a one-off command fast): each needs a reason here.
FUNCTION_IMPORTS_ALLOWED = {
    ("resources/coordinator/auth.py", "resources.coordinator._users_file"):
        "pydantic is imported only when a users file is read (not by every page or search)",
    ("resources/store/__init__.py", "resources.store.pg"):
        "psycopg and sqlglot are imported only for a postgresql:// store (make run and a "
        "DuckDB search never load them)",
}


def _function_imports() -> set[tuple[str, str, int]]:
    """(file, module, line) of each ``import resources...`` inside a function."""
    import ast

    found = set()
    for path in sorted((REPO / "resources").rglob("*.py")):
        rel = path.relative_to(REPO).as_posix()
        if rel.startswith("resources/cli/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for sub in ast.walk(node):
                names = ([sub.module or ""] if isinstance(sub, ast.ImportFrom) and not sub.level
                         else [a.name for a in sub.names] if isinstance(sub, ast.Import) else [])
                if isinstance(sub, ast.ImportFrom) and sub.level:  # relative: ours
                    names = [f"(relative) {sub.module or ''}"]
                found |= {(rel, name, sub.lineno) for name in names
                          if name.startswith(("resources", "(relative)"))}
    return found


def test_no_import_of_ours_inside_a_function_without_a_reason():
    found = _function_imports()
    unexplained = sorted(f"{f}:{line}: {m}" for f, m, line in found
                         if (f, m) not in FUNCTION_IMPORTS_ALLOWED)
    assert unexplained == [], "move these to the module's top (or break the cycle they " \
        "dodge), or add them to FUNCTION_IMPORTS_ALLOWED with a reason:\n" + \
        "\n".join(unexplained)
    stale = set(FUNCTION_IMPORTS_ALLOWED) - {(f, m) for f, m, _ in found}
    assert not stale, f"allowed but no longer there: {sorted(stale)}"
