"""All SQL lives in ``resources/store/``: nothing else runs or holds SQL text.

A second backend (PostgreSQL/PostGIS for multi-site deployments) then needs new store
modules only; loaders, the engine, the CLI and the pages call the store's Python API.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORE = ROOT / "resources" / "store"

# Methods that run SQL on a DuckDB connection or cursor (DuckDB's ``.query`` alias is left
# out: pandas has a ``DataFrame.query``; SQL passed to it is still caught as SQL text).
_SQL_METHODS = {"execute", "executemany", "sql"}
# ``Store.df(sql, params)`` / ``Store.scalar(sql, params)`` take SQL text as first argument.
_SQL_TEXT_METHODS = {"df", "scalar"}
# ``pa.scalar("text", type)`` is pyarrow's scalar constructor, not ``Store.scalar``.
_NOT_A_STORE = {"pa", "pyarrow", "np", "numpy"}
# Registering a frame as a named view is only useful to SQL that names it.
_VIEW_METHODS = {"register", "unregister"}
_STATEMENT = re.compile(
    r"\bSELECT\b[\s\S]*\bFROM\b"
    r"|\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b"
    r"|\bUPDATE\s+\S+(?:\s+\w+)?\s+SET\b"
    r"|\bDELETE\s+FROM\b"
    r"|\b(?:CREATE|DROP|ALTER)\s+(?:OR\s+REPLACE\s+)?(?:TEMP\w*\s+)?"
    r"(?:TABLE|VIEW|INDEX|SEQUENCE|MACRO)\b"
    r"|\b(?:BEGIN\s+TRANSACTION|CHECKPOINT|ROLLBACK|ATTACH)\b"
)


def python_files() -> list[Path]:
    files = sorted((ROOT / "resources").rglob("*.py")) + sorted((ROOT / "ui").rglob("*.py"))
    files.append(ROOT / "app.py")
    return [f for f in files if STORE not in f.parents]


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of docstring nodes (prose may mention SQL; it never runs)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def _stringy(node: ast.AST | None) -> bool:
    """A string built in place: a literal, an f-string, ``"...".format(...)`` or ``a + b``."""
    if node is None:
        return False
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "format"
    return isinstance(node, ast.BinOp) or _text(node) is not None


def _text(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):  # f-string: the literal parts, "{}" for each value
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def violations(path: Path) -> list[str]:
    """``path:line: why`` for every SQL call or SQL statement text in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docstrings = _docstrings(tree)
    name = path.relative_to(ROOT)
    in_fstrings = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
                   for v in node.values}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method = node.func.attr
            first = node.args[0] if node.args else None
            if method in _SQL_METHODS:
                found.append(f"{name}:{node.lineno}: calls .{method}(...)")
            elif (method in _SQL_TEXT_METHODS and _stringy(first)
                  and not (isinstance(node.func.value, ast.Name)
                           and node.func.value.id in _NOT_A_STORE)):
                found.append(f"{name}:{node.lineno}: passes SQL to .{method}(...)")
            elif method in _VIEW_METHODS and _text(first) is not None:
                found.append(f"{name}:{node.lineno}: registers a view with .{method}(...)")
        if id(node) in docstrings or id(node) in in_fstrings:
            continue
        text = _text(node)
        if text is not None and _STATEMENT.search(text):
            found.append(f"{name}:{node.lineno}: SQL text {text.strip()[:60]!r}")
    return found


def test_sql_only_in_the_store_package():
    problems = [v for path in python_files() for v in violations(path)]
    assert not problems, "SQL outside resources/store/:\n" + "\n".join(problems)


def test_the_check_finds_sql(tmp_path, monkeypatch):
    """The check itself works: it flags each kind of SQL use, and not prose or docstrings."""
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""SELECT x FROM y in a docstring is prose."""\n'
        "con.execute('CHECKPOINT')\n"
        "store.df(query.format(x), [1])\n"
        "con.register('_rows', frame)\n"
        "q = f'SELECT {cols} FROM \"{table}\" WHERE id = ?'\n"
        "u = 'UPDATE edit SET value = ?'\n"
        "d = 'DELETE FROM edit'\n"
        "i = 'INSERT INTO audit_log VALUES (?)'\n"
        "label = 'Select a record from the list'\n"
        "frame = relation.df()\n"
        "sep = pa.scalar('-tax', pa.large_string())\n"
        "n = store.scalar('SELECT count(*) FROM service')\n"
    )
    lines = sorted({int(v.split(":")[1]) for v in violations(sample)})
    assert lines == [2, 3, 4, 5, 6, 7, 8, 12]
