"""What coordinators and outreach staff take out of a PostgreSQL store is what the same
directory gives in DuckDB: the HSDS 3.0 export (the same files, private records left out
the same way) and an outreach route (issue 23)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from resources.cli import main
from resources.coordinator.export_hsds import export_hsds
from resources.pipeline.load import load_path
from resources.store import Store
from tests import route_cases as rc


def _files(folder: Path) -> dict[str, str]:
    """Each file's text (datapackage.json without the time it was written)."""
    return {f.name: re.sub(r'"created": "[^"]*"', "", f.read_text(encoding="utf-8"))
            for f in sorted(folder.iterdir())}


def test_the_export_is_the_same_on_both_backends(demo_db, pg_demo, tmp_path, capsys):
    with Store.open(demo_db, read_only=True) as store:
        expected = export_hsds(store, tmp_path / "duckdb")
    assert main(["export", "--db", pg_demo, "hsds", str(tmp_path / "postgres")]) == 0
    assert "records in" in capsys.readouterr().out
    got, want = _files(tmp_path / "postgres"), _files(tmp_path / "duckdb")
    assert sum(expected.counts.values()) > 1000 and "services.csv" in want
    assert got.keys() == want.keys()
    for name in want:
        assert got[name] == want[name], name


def test_a_real_airs_files_public_export_is_the_same_on_both_backends(pg_fresh, shared,
                                                                     tmp_path):
    """The DC 211 export marks addresses and phones private: the public export of a
    PostgreSQL store leaves out exactly what the DuckDB export leaves out."""
    dc = shared / "dc-211-airs-export" / "211.csv"
    with Store.open(":memory:") as duck:
        load_path(duck, dc, source_id="dc")
        want = export_hsds(duck, tmp_path / "duckdb")
    with Store.open(pg_fresh) as store:
        load_path(store, dc, source_id="dc")
        private = store.scalar("SELECT count(*) FROM address WHERE is_private")
        got = export_hsds(store, tmp_path / "postgres")
    assert private > 0 and got.left_out_private == want.left_out_private > 0
    assert got.counts == want.counts
    assert _files(tmp_path / "postgres") == _files(tmp_path / "duckdb")


def test_an_outreach_route_is_the_same_on_both_backends(demo_db, pg_demo, capsys):
    """`resources route` plans the same shift over the same directory on either store."""
    early = rc.early_closers()[0]
    args = ["route", "--start", "80204", "--at", "2026-12-02T09:00", "--mode", "drive",
            "--json", "--stop", rc.stop_id(early), *[rc.stop_id(s) for s in rc.all_day()[:3]]]
    plans = []
    for db in (str(demo_db), pg_demo):
        assert main(["--db", db, *args]) == 0
        plans.append(json.loads(capsys.readouterr().out))
    assert len(plans[0]["visits"]) == 4 and plans[1] == plans[0]
