"""Two coordinators editing one PostgreSQL directory at once (issue 23): an edit locks its
record, so the second waits for the first and reads what it wrote; when the second had seen
an older value it is told and nothing is lost."""

from __future__ import annotations

import threading
import uuid

import pytest

from resources.coordinator import audit
from resources.coordinator.edits import EditConflictError, current_values, save
from resources.coordinator.publish import change, open_live


@pytest.fixture
def url(pg_cluster, pg_mini) -> str:  # type: ignore[no-untyped-def]
    """A private copy of the coordinator fixtures' directory on PostgreSQL."""
    return str(pg_cluster.new_database(f"c_{uuid.uuid4().hex[:16]}", template=pg_mini))


def _values(url: str, rid: str) -> dict:  # type: ignore[type-arg]
    with open_live(url) as live:
        return current_values(live.con, "service", rid)


def _first_holds(url: str, first, second):  # type: ignore[no-untyped-def]
    """Run ``first`` and, while its transaction is still open (its record locked), ``second``
    in another thread; returns (second's result or error, whether second waited)."""
    inside, release = threading.Event(), threading.Event()
    out: dict[str, object] = {}

    def hold(store):  # type: ignore[no-untyped-def]
        done = first(store)
        inside.set()
        assert release.wait(30)
        return done

    a = threading.Thread(target=lambda: change(url, hold, records=("service", ["mini/svc-1"])))
    a.start()
    assert inside.wait(60)

    def run_second() -> None:
        try:
            out["result"] = change(url, second, records=("service", ["mini/svc-1"]))
        except Exception as exc:  # noqa: BLE001 - handed to the test
            out["error"] = exc

    b = threading.Thread(target=run_second)
    b.start()
    b.join(1.5)
    waited = b.is_alive()  # blocked on the first one's row lock
    release.set()
    a.join(60)
    b.join(60)
    return out, waited


def test_the_second_coordinator_is_told_and_nothing_is_lost(url):
    opened = _values(url, "mini/svc-1")  # both coordinators open the record
    out, waited = _first_holds(
        url,
        lambda s: save(s, "service", "mini/svc-1", {"name": "Harbor Light (Ana)"}, "ana",
                       seen=opened),
        lambda s: save(s, "service", "mini/svc-1", {"name": "Harbor Light (Ben)"}, "ben",
                       seen=opened))
    assert waited
    error = out.get("error")
    assert isinstance(error, EditConflictError), out
    assert "Harbor Light (Ana)" in str(error) and "was not saved" in str(error)
    assert _values(url, "mini/svc-1")["name"] == "Harbor Light (Ana)"
    with open_live(url) as live:
        log = audit.entries(live.con, record_id="mini/svc-1", action="edit")
        named = live.scalar("SELECT service_name FROM search_index "
                            "WHERE service_id = 'mini/svc-1' LIMIT 1")
    assert list(log["user_name"]) == ["ana"]
    assert named == "Harbor Light (Ana)"


def test_two_coordinators_editing_one_record_at_once_both_land(url):
    out, waited = _first_holds(
        url,
        lambda s: save(s, "service", "mini/svc-1", {"name": "Harbor Light (Ana)"}, "ana"),
        lambda s: save(s, "service", "mini/svc-1", {"phones": ["720-555-0144"]}, "ben"))
    assert waited and "error" not in out, out
    values = _values(url, "mini/svc-1")
    assert values["name"] == "Harbor Light (Ana)"
    assert [p["number"] for p in values["phones"]] == ["720-555-0144"]
    with open_live(url) as live:
        log = audit.entries(live.con, record_id="mini/svc-1", action="edit")
        row = live.con.execute("SELECT service_name, service_phones FROM search_index "
                               "WHERE service_id = 'mini/svc-1' LIMIT 1").fetchone()
    assert sorted(log["user_name"]) == ["ana", "ben"]
    assert row is not None and row[0] == "Harbor Light (Ana)" and "720-555-0144" in str(row[1])


def test_import_and_the_audit_log_from_the_command_line(url, capsys):
    from coord_helpers import MINI

    from resources.cli import main

    assert main(["import", "--db", url, str(MINI), "--source", "mini", "--user", "gus",
                 "--yes"]) == 0
    capsys.readouterr()
    assert main(["audit", "--db", url, "--by", "gus"]) == 0
    out = capsys.readouterr().out
    assert "gus" in out and "import" in out
