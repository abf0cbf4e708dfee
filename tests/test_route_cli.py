"""`resources route` end to end on the demo store: what outreach staff would type and read."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import gpxpy
import pytest

from resources.cli import main
from tests import route_cases as rc


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "route", *args])
    out, err = capsys.readouterr()
    return code, out, err


def point(sid: str) -> str:
    lat, lon = rc.site_point(sid)
    return f"{lat:.6f},{lon:.6f}"


def distinct_neighbours(sid: str, pool: list[str], n: int) -> list[str]:
    """The ``n`` services of ``pool`` nearest to ``sid``'s site, on other sites."""
    others = [s for s in pool if rc.km_between(sid, s) > 0.3]
    return sorted(others, key=lambda s: rc.km_between(sid, s))[:n]


def test_stop_that_closes_early_is_scheduled_first(capsys, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    early = rc.early_closers()[0]  # Mon-Fri 07:00-11:00
    a, b = distinct_neighbours(early, rc.all_day(), 2)
    assert rc.km_between(early, a) < 4, "the demo changed: pick a nearer shelter"
    # Leave from shelter A's door at 10:15: A is 0 min away, but the 11:00 closer must go first.
    code, out, _ = run(capsys, demo_db, "--start", point(a), "--at", "2026-12-02T10:15",
                       "--mode", "drive", "--visit", "30", "--json",
                       "--stop", rc.stop_id(a), rc.stop_id(b), rc.stop_id(early))
    assert code == 0
    doc = json.loads(out)
    order = [v["id"] for v in doc["visits"]]
    assert order[0] == rc.stop_id(early)
    assert sorted(order) == sorted([rc.stop_id(a), rc.stop_id(b), rc.stop_id(early)])
    first = doc["visits"][0]
    assert first["open_on_arrival"] == "open" and first["leave"] <= "2026-12-02T11:00-07:00"
    assert doc["unreachable"] == []


def test_infeasible_stops_are_reported_with_their_reason(capsys, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    early, weekday = rc.early_closers()[0], rc.weekday_only()[0]
    shelter = rc.all_day()[0]
    code, out, _ = run(capsys, demo_db, "--start", "80204", "--at", "2026-12-06T13:00",
                       "--end-at", "18:00", "--return", "--mode", "drive",
                       "--stop", rc.stop_id(early), rc.stop_id(weekday), rc.stop_id(shelter))
    assert code == 0
    assert "Not in this plan:" in out
    # Sunday: both weekday services have no opening; the 24/7 shelter is visited
    assert f"{rc.name_of(early)}" in out.split("Not in this plan:")[1]
    assert out.count("no opening on this day") >= 2
    code, out, _ = run(capsys, demo_db, "--start", "80204", "--at", "2026-12-02T13:00",
                       "--mode", "drive", "--json", "--stop", rc.stop_id(early),
                       rc.stop_id(shelter))
    doc = json.loads(out)
    assert [u["id"] for u in doc["unreachable"]] == [rc.stop_id(early)]
    assert doc["unreachable"][0]["reason"].startswith("closes 11:00, earliest arrival 13:")
    assert [v["id"] for v in doc["visits"]] == [rc.stop_id(shelter)]


def test_overnight_round_across_midnight(capsys, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    s1, s2 = rc.overnight_shelters()[:2]
    camp = "Underpass camp=39.7530,-105.0000@20[23:30-01:00]"
    code, out, _ = run(capsys, demo_db, "--start", "39.7392,-104.9903", "--at",
                       "2026-12-02T23:00", "--end-at", "03:00", "--return", "--mode", "drive",
                       "--visit", "30", "--json", "--stop", rc.stop_id(s1), rc.stop_id(s2), camp)
    assert code == 0
    doc = json.loads(out)
    assert doc["unreachable"] == []
    assert {v["open_on_arrival"] for v in doc["visits"]} == {"open"}
    assert any(v["arrive"].startswith("2026-12-03T0") for v in doc["visits"]), "past midnight"
    camp_visit = next(v for v in doc["visits"] if v["kind"] == "place")
    assert camp_visit["start"] >= "2026-12-02T23:30" and camp_visit["leave"] <= "2026-12-03T01:00"
    assert doc["totals"]["shift_end"] <= "2026-12-03T03:00-07:00"


def test_gpx_export_opens_in_gpxpy_with_stops_in_order(capsys, demo_db: Path,  # type: ignore[no-untyped-def]
                                                        tmp_path: Path) -> None:
    stops = [rc.stop_id(s) for s in rc.all_day()[:3]] + ["Camp=39.7560,-105.0090@15"]
    common = ["--start", "80205", "--at", "2026-12-02T09:00", "--mode", "drive", "--stop", *stops]
    _, out, _ = run(capsys, demo_db, *common, "--json")
    expected = [v["name"] for v in json.loads(out)["visits"]]
    gpx_file = tmp_path / "shift.gpx"
    code, out, _ = run(capsys, demo_db, *common, "--gpx", "--out", str(gpx_file))
    assert code == 0 and "written to" in out
    gpx = gpxpy.parse(gpx_file.read_text(encoding="utf-8"))
    assert [w.name for w in gpx.waypoints] == [f"{i}. {n}" for i, n in enumerate(expected, 1)]
    assert [p.name for p in gpx.routes[0].points][1:] == [w.name for w in gpx.waypoints]
    times = [w.time for w in gpx.waypoints]
    assert times == sorted(times)


def test_csv_and_printable_html(capsys, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    stops = [rc.stop_id(rc.all_day()[0]), rc.stop_id(rc.weekday_only()[0])]
    args = ["--start", "80205", "--at", "2026-12-06T10:00", "--stop", *stops]
    code, out, _ = run(capsys, demo_db, *args, "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert [r["status"] for r in rows] == ["visit", "unreachable"]
    assert rows[1]["reason"] == "no opening on this day"
    code, out, _ = run(capsys, demo_db, *args, "--html")
    assert out.startswith("<!doctype html>") and "Not in this plan" in out and "<script" not in out


@pytest.mark.parametrize(
    ("stop", "message"),
    [
        ("demo-denver/no-such-service", "no service with this id in the directory"),
        ("Nowhere Land", "not found"),
        ("Denver, CO", "is a whole city"),
    ],
)
def test_bad_stop_is_one_clear_line_and_exit_2(capsys, demo_db: Path, stop: str,  # type: ignore[no-untyped-def]
                                               message: str) -> None:
    code, out, err = run(capsys, demo_db, "--start", "80205", "--at", "2026-12-02T09:00",
                         "--stop", stop)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and err.startswith("resources: ")


def test_bad_time_is_exit_2(capsys, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, demo_db, "--start", "80205", "--at", "tomorrow morning",
                       "--stop", "80206")
    assert code == 2 and "not a time like" in err
