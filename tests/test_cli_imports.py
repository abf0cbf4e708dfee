"""A one-off `resources search --json` (another program calling the command line) imports
only what a search runs: not the loaders, the route solver or the coordinator tools, and
(once the packaged data files have been checked) not pydantic."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PROBE = """
import contextlib, io, json, sys
from resources.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(["--db", sys.argv[1], "search", "food pantry", "--near", "80204", "--json"])
heavy = sorted(m for m in sys.modules if m.startswith(
    ("resources.loaders", "resources.routes", "resources.cli.coord", "ortools", "pydantic",
     "psycopg", "sqlglot")))
print(json.dumps({"code": code, "results": len(json.loads(out.getvalue())["results"]),
                  "heavy": heavy}))
"""


def _probe(demo_db: Path, cache: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, str(demo_db)], capture_output=True,
                          text=True, cwd=REPO, check=True,
                          env={"PYTHONPATH": str(REPO), "RESOURCES_CACHE": str(cache),
                               "PATH": "/usr/bin:/bin"})
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_search_command_imports_no_loader_solver_or_coordinator_code(demo_db: Path, tmp_path):
    first = _probe(demo_db, tmp_path)        # a cold cache: the data files are checked
    assert first["code"] == 0 and first["results"] > 0
    assert [m for m in first["heavy"] if not m.startswith("pydantic")] == []
    again = _probe(demo_db, tmp_path)        # checked files are not checked again
    assert again["code"] == 0 and again["results"] == first["results"]
    assert again["heavy"] == []
