"""docs/deploy.md's backup and restore, run as written: the shell lines under its
``backup-postgres`` and ``backup-duckdb`` markers, on a throwaway cluster and a DuckDB file;
the restored directory holds what the live one held."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pg
from coord_helpers import MINI

from resources.pipeline.load import load_path
from resources.store import Store

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "deploy.md"


def _block(marker: str) -> list[str]:
    """The command lines of the fenced block right after ``<!-- marker: ...-->``."""
    text = DOC.read_text(encoding="utf-8")
    found = re.search(rf"<!-- {marker}:[^\n]*-->\n```sh\n(.*?)```", text, re.S)
    assert found, f"docs/deploy.md has no {marker} block"
    return [line for line in found[1].splitlines() if line.strip()]


def _run(lines: list[str], env: dict[str, str], cwd: Path) -> None:
    path = os.pathsep.join([str(Path(sys.executable).parent), str(pg.pg_bin() or ""),
                            os.environ.get("PATH", "")])
    full = {**os.environ, **env, "PATH": path,
            "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    for line in lines:
        done = subprocess.run(["bash", "-euc", line], env=full, cwd=cwd, capture_output=True,
                              text=True, check=False, timeout=300)
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"


def _directory(location: str) -> tuple[dict[str, int], list[str]]:
    with Store.open(location, read_only=True) as store:
        return store.counts(), store.sources()["id"].tolist()


def test_the_postgresql_backup_and_restore_of_deploy_md_work_as_written(pg_cluster, tmp_path):
    live = pg_cluster.new_database("deploy_live")
    with Store.open(live) as store:
        load_path(store, MINI, source_id="mini")
        version = store.directory_version()
    restored = pg_cluster.url("resources_restored")
    _run(_block("backup-postgres"), {"RESOURCES_DB": live, "BACKUP": str(tmp_path / "d.dump"),
                                     "RESTORED_DB": restored}, tmp_path)
    assert _directory(restored) == _directory(live)
    assert _directory(restored)[0]["service"] == 3
    with Store.open(restored, read_only=True) as store:
        assert store.directory_version() == version
    with Store.open(restored) as store:  # the triggers came back too: a load bumps it
        load_path(store, MINI, source_id="again")
        assert store.directory_version() == version + 1


def test_the_duckdb_backup_and_restore_of_deploy_md_work_as_written(tmp_path):
    db = tmp_path / "resources.duckdb"
    with Store.open(db) as store:
        load_path(store, MINI, source_id="mini")
    before = _directory(str(db))
    _run(_block("backup-duckdb")[:2], {"RESOURCES_DB": str(db),
                                       "BACKUP": str(tmp_path / "backup.duckdb")}, tmp_path)
    with Store.open(db) as store:  # a change after the backup ...
        load_path(store, MINI, source_id="later")
    assert _directory(str(db)) != before
    _run(_block("backup-duckdb")[2:], {"RESOURCES_DB": str(db),
                                       "BACKUP": str(tmp_path / "backup.duckdb")}, tmp_path)
    assert _directory(str(db)) == before  # ... is gone after the restore
