"""Stops for the route planner from the demo directory: windows from the real demo hours."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from resources.geo.places import Gazetteer
from resources.hours import parse_osm
from resources.routes import Place, RoutePlan, RoutingError, Stop, plan_route
from resources.routes.stops import (
    Sources,
    StopBuilder,
    daily_windows,
    parse_stop_spec,
    service_windows,
)
from resources.search.engine import SearchEngine
from resources.store import Store
from resources.vocab.needs import load_vocabulary
from tests import route_cases as rc

WED = rc.WEDNESDAY


def at(h: int, m: int = 0, day: int = 0, base: datetime = WED) -> datetime:
    return base + timedelta(days=day, hours=h, minutes=m)


@pytest.fixture(scope="module")
def src(demo_db: Path) -> Iterator[Sources]:
    store = Store.open(demo_db, read_only=True)
    yield Sources.from_engine(SearchEngine(store, load_vocabulary(), Gazetteer.build()))
    store.close()


def build_one(src: Sources, sid: str, start: datetime, end: datetime | None,
              minutes: int | None = None) -> Stop:
    text = rc.stop_id(sid) + (f"@{minutes}" if minutes else "")
    return StopBuilder(src, start, end).build([parse_stop_spec(text)])[0]


def alone_at_site(stop: Stop, start: datetime, end: datetime | None = None):  # type: ignore[no-untyped-def]
    """Plan a shift that starts at the stop's own door (no travel)."""
    plan = RoutePlan(start=Place(stop.lat, stop.lon, "door"), start_time=start, end_time=end)
    return plan_route(plan, [stop])


def test_overnight_shelter_window_runs_across_midnight(src: Sources) -> None:
    sid = rc.overnight_shelters()[0]
    stop = build_one(src, sid, at(18), at(8, day=1))
    opens_tonight = [(o, c) for o, c in stop.windows or [] if o.date() == WED.date()]
    assert opens_tonight, stop.windows
    o, c = opens_tonight[0]
    assert c.date() == (WED + timedelta(days=1)).date() and c > o
    assert (c - o) >= timedelta(hours=8)  # one night, not cut at midnight
    assert "(+1 day)" in (stop.hours_label or "")


def test_overnight_shelter_reached_after_midnight_is_open(src: Sources) -> None:
    sid = rc.overnight_shelters()[0]
    start = at(1, day=1)  # Thursday 01:00: last night's opening is still running
    stop = build_one(src, sid, start, at(5, day=1))
    visit = alone_at_site(stop, start, at(5, day=1)).visits[0]
    assert visit.open_on_arrival == "open"
    assert visit.wait_minutes == 0


def test_split_shift_is_never_visited_in_the_gap(src: Sources) -> None:
    sid = rc.split_shifts()[0]
    stop = build_one(src, sid, at(7), at(18), minutes=30)
    assert [(o.time(), c.time()) for o, c in stop.windows or []] == [
        (time(8), time(12)), (time(13), time(17))]
    visit = alone_at_site(stop, at(11, 50), at(18)).visits[0]  # 30 min no longer fit before 12
    assert (visit.open_on_arrival, visit.start_service) == ("open", at(13))
    assert round(visit.wait_minutes) == 70
    visit = alone_at_site(stop, at(12, 10), at(18)).visits[0]  # arrives in the lunch gap
    assert (visit.open_on_arrival, visit.start_service) == ("closed", at(13))


def test_unknown_hours_are_planned_and_marked_call_ahead(src: Sources) -> None:
    sid = rc.no_hours()[0]
    stop = build_one(src, sid, at(9), at(17))
    assert stop.windows is None
    assert stop.hours_label == "hours unknown — call ahead"
    it = alone_at_site(stop, at(9), at(17))
    assert it.visits[0].open_on_arrival == "unknown"
    assert it.unknown_hours == [stop]


def test_weekday_service_on_sunday_has_no_opening(src: Sources) -> None:
    sid = rc.weekday_only()[0]
    sunday = rc.SUNDAY
    stop = build_one(src, sid, at(9, base=sunday), at(17, base=sunday))
    assert stop.windows == []
    assert stop.hours_label == "no opening on this day"
    it = alone_at_site(stop, at(9, base=sunday), at(17, base=sunday))
    assert not it.visits
    assert [(u.stop.id, u.reason) for u in it.unreachable] == [(stop.id, "no opening on this day")]


def test_morning_only_service_after_it_closed_says_when_it_closed(src: Sources) -> None:
    sid = rc.early_closers()[0]
    stop = build_one(src, sid, at(14), at(17))
    assert stop.windows, "the morning opening is kept so the reason can name it"
    it = alone_at_site(stop, at(14), at(17))
    assert it.unreachable[0].reason.startswith("closes ")
    assert "earliest arrival 14:00" in it.unreachable[0].reason


def test_service_details_come_from_the_directory(src: Sources) -> None:
    sid = rc.weekday_only()[0]
    stop = build_one(src, sid, at(9), at(17))
    assert stop.kind == "service"
    assert stop.name.startswith(rc.name_of(sid))
    assert stop.phone and stop.phone.startswith("(")
    assert stop.address and "CO" in stop.address
    assert stop.visit_minutes == 15


def test_free_places_coordinates_zip_and_windows(src: Sources) -> None:
    specs = [parse_stop_spec("River camp=39.7560,-105.0090@20[22:00-02:00]"),
             parse_stop_spec("80204@10")]
    camp, zip_stop = StopBuilder(src, at(20), at(3, day=1)).build(specs)
    assert (camp.name, camp.kind, camp.visit_minutes) == ("River camp", "place", 20)
    assert camp.windows == [(at(22), at(2, day=1))]
    assert zip_stop.windows is None and zip_stop.visit_minutes == 10
    assert "ZIP centre" in zip_stop.name


@pytest.mark.parametrize(
    ("text", "target", "minutes", "windows"),
    [
        ("demo-denver/abc", "demo-denver/abc", None, None),
        ("demo-denver/abc+demo-denver/loc@45", "demo-denver/abc+demo-denver/loc", 45, None),
        ("39.75, -104.99 @ 30", "39.75, -104.99", 30, None),
        ("Camp=39.75,-104.99[9-12,13:30-16]", "39.75,-104.99", None,
         ((time(9), time(12)), (time(13, 30), time(16)))),
        ("1645 Dayton St, Aurora, CO 80045@25", "1645 Dayton St, Aurora, CO 80045", 25, None),
    ],
)
def test_stop_syntax(text: str, target: str, minutes: int | None, windows: object) -> None:
    spec = parse_stop_spec(text)
    assert (spec.target, spec.minutes, spec.windows) == (target, minutes, windows)


@pytest.mark.parametrize("text", ["", "camp@0", "39.7,-104.9[9-]", "39.7,-104.9[25:00-26:00]"])
def test_bad_stop_syntax_is_an_error(text: str) -> None:
    with pytest.raises(RoutingError):
        parse_stop_spec(text)


def test_every_bad_stop_is_reported_at_once(src: Sources) -> None:
    closed = rc.not_offered()[0]
    specs = [parse_stop_spec(t) for t in (
        "demo-denver/no-such-service", f"{rc.SOURCE}/{closed}", "Denver, CO", "Nowhere Land",
        rc.stop_id(rc.split_shifts()[0]) + "[09:00-10:00]")]
    with pytest.raises(RoutingError) as err:
        StopBuilder(src, at(9), at(17)).build(specs)
    problems = err.value.problems
    assert len(problems) == 5, problems
    assert "no service with this id" in problems[0]
    assert "not offered" in problems[1]
    assert "whole city" in problems[2]
    assert "not found" in problems[3]
    assert "[windows] are for free places" in problems[4]


def test_service_with_two_sites_asks_which(src: Sources) -> None:
    rows = src.store.df("SELECT service_id FROM search_index GROUP BY 1 HAVING count(*) > 1")
    sid = rows["service_id"].iloc[0]
    with pytest.raises(RoutingError, match="offered at 2 sites: give one of"):
        StopBuilder(src, at(9), at(17)).build([parse_stop_spec(sid)])


def test_osm_hours_give_windows_too() -> None:
    hours = parse_osm("Mo-Fr 09:00-12:00,13:00-17:00")
    windows, label = service_windows(hours, rc.TZ, at(8), at(18))
    assert [(o.hour, c.hour) for o, c in windows or []] == [(9, 12), (13, 17)]
    assert label == "open 09:00-12:00, 13:00-17:00"


def test_daily_windows_follow_an_overnight_shift() -> None:
    """A 20:00-08:00 shift: the 06:00-07:00 window is the next morning's."""
    windows = daily_windows([(time(6), time(7))], at(20), at(8, day=1))
    assert windows == [(at(6, day=1), at(7, day=1))]
