"""Import with preview, and publishing without downtime (copy, load, refresh, atomic swap)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from coord_helpers import MINI, add_row, copy_source, drop_rows, edit_csv

from resources.coordinator import audit
from resources.coordinator.publish import (
    PublishError,
    import_path,
    open_live,
    preview_import,
    publish,
    writing,
)
from resources.store.search_sql import candidates

REPO = Path(__file__).resolve().parent.parent


def test_preview_of_a_new_source_reports_and_changes_nothing(tmp_path):
    db = tmp_path / "live.duckdb"
    preview = preview_import(db, MINI, source_id="mini")
    assert not db.exists()
    assert preview.is_new_source and preview.rows_read > 0
    assert [r for r, _ in preview.changes["service"].added] == ["svc-1", "svc-2", "svc-3"]
    # loc-3 has no coordinates: placed at its ZIP centroid, listed as approximate
    assert list(preview.approximate_points["record"]) == ["loc-3"]
    assert "approximate (ZIP centroid) 1" in preview.summary()


def test_preview_diff_on_a_changed_real_file(tmp_path, shared):
    """The HSDS 3.0 official examples, loaded, then a modified copy previewed."""
    db = tmp_path / "live.duckdb"
    src = copy_source(shared / "hsds3-spec" / "examples" / "csv", tmp_path / "hsds-example")
    import_path(db, src, "tester", source_id="example")
    services = src / "services.csv"
    import pandas as pd

    sid = pd.read_csv(services, dtype=str)["id"].iloc[0]
    edit_csv(services, {"id": sid}, name="Renamed Counselling", status="inactive")
    pid = pd.read_csv(src / "phones.csv", dtype=str)["id"].iloc[0]
    edit_csv(src / "phones.csv", {"id": pid}, number="+44 1234 567890")
    drop_rows(src / "addresses.csv", "location_id",
              pd.read_csv(src / "addresses.csv", dtype=str)["location_id"].iloc[0])
    add_row(services, id="new-service-1", name="Brand New Service", status="active",
            organization_id=pd.read_csv(services, dtype=str)["organization_id"].iloc[0])

    before = (db.stat().st_mtime_ns, db.read_bytes())
    preview = preview_import(db, src, source_id="example")
    assert (db.stat().st_mtime_ns, db.read_bytes()) == before  # preview writes nothing
    svc = preview.changes["service"]
    assert svc.added == [("new-service-1", "Brand New Service")]
    fields = {(c.record_id, c.field): (c.before, c.after) for c in svc.changed}
    assert fields[(sid, "name")][1] == "Renamed Counselling"
    assert fields[(sid, "status")] == ("active", "inactive")
    assert {c.field for c in preview.changes["phone"].changed} == {"number"}
    assert len(preview.changes["address"].removed) == 1
    frame = preview.change_frame()
    assert set(frame["change"]) == {"added", "changed", "removed"}

    result = publish(db, preview, "tester")
    with open_live(db) as live:
        assert live.scalar("SELECT name FROM service WHERE id = ?", [f"example/{sid}"]) == (
            "Renamed Counselling")
        log = audit.entries(live.con, action="import")
    assert result.load.diffs and len(log) == 2 and set(log["user_name"]) == {"tester"}


def test_publish_refuses_a_stale_preview(tmp_path):
    db = tmp_path / "live.duckdb"
    preview = preview_import(db, MINI, source_id="mini")  # made before anything was loaded
    publish(db, preview, "a")
    before = db.read_bytes()
    with pytest.raises(PublishError, match="preview the file again"):
        publish(db, preview, "b")
    assert db.read_bytes() == before


def _versioned(tmp_path: Path, version: str, extra: bool) -> Path:
    src = copy_source(MINI, tmp_path / f"mini-{version}")
    for sid in ("svc-1", "svc-2", "svc-3"):
        edit_csv(src / "services.csv", {"id": sid}, description=f"version {version}")
    if extra:
        add_row(src / "services.csv", id="svc-4", organization_id="org-1",
                name="Harbor Light Family Rooms", status="active", description=f"version {version}")
        add_row(src / "service_at_location.csv", id="sal-4", service_id="svc-4", location_id="loc-1")
    return src


def test_searches_during_imports_see_old_or_new_never_a_mix(tmp_path):
    db = tmp_path / "live.duckdb"
    v1, v2 = _versioned(tmp_path, "1", False), _versioned(tmp_path, "2", True)
    import_path(db, v1, "tester", source_id="mini")
    expected = {"1": 3, "2": 4}  # located services (loc-3 at its ZIP centroid) per version
    answers: list[tuple[str, int]] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader() -> None:
        store, mtime = None, None
        try:
            while not stop.is_set():
                now = db.stat().st_mtime_ns
                if now != mtime:  # what the app does: re-open when the file changes
                    store, mtime = open_live(db), now
                found = candidates(store.con, 39.75, -104.985, 10_000)
                found = found[found["source_id"] == "mini"]
                versions = set(found["description"])
                assert len(versions) == 1, f"mixed answer: {versions}"
                version = versions.pop().removeprefix("version ")
                assert len(found) == expected[version], (version, len(found))
                answers.append((version, len(found)))
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for src in (v2, v1):
            import_path(db, src, "tester", source_id="mini")
            time.sleep(0.2)
    finally:
        stop.set()
        thread.join(30)
    assert not errors, errors[0]
    seen = {v for v, _ in answers}
    assert seen == {"1", "2"} and len(answers) > 10


_CRASHING_WRITER = textwrap.dedent("""
    import sys, time
    from resources.coordinator.publish import writing
    with writing(sys.argv[1]) as store:
        store.con.execute("DELETE FROM service")
        store.con.execute("CHECKPOINT")
        print("READY", flush=True)
        time.sleep(120)
""")


def test_a_killed_import_leaves_the_old_data(live_db, tmp_path):
    db = live_db
    before = db.read_bytes()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-c", _CRASHING_WRITER, str(db)],
                            stdout=subprocess.PIPE, text=True, env=env, cwd=REPO)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "READY"
        assert list(tmp_path.glob("live.duckdb.publish-*"))  # the half-done copy exists
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()
    assert db.read_bytes() == before
    with open_live(db) as live:
        assert live.scalar("SELECT count(*) FROM service") == 5
    # the next writer gets the lock (released by the kernel) and removes the leftover copy
    with writing(db, timeout=5) as store:
        assert store.scalar("SELECT count(*) FROM service") == 5
    assert not list(tmp_path.glob("live.duckdb.publish-*"))


def test_a_failed_change_publishes_nothing(live_db, tmp_path):
    db = live_db
    before = db.read_bytes()
    with pytest.raises(RuntimeError), writing(db) as store:
        store.con.execute("DELETE FROM service")
        raise RuntimeError("boom")
    assert db.read_bytes() == before
    assert not list(tmp_path.glob("live.duckdb.publish-*"))
