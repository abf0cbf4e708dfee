"""Outreach route planner: the cases outreach staff would recognize, on Denver coordinates."""

from __future__ import annotations

import csv
import importlib
import io
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import gpxpy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resources.routes import (
    Break,
    GreatCircleProvider,
    OSRMProvider,
    Place,
    RoutePlan,
    RoutingError,
    Stop,
    maps_links,
    nearest_neighbour,
    plan_route,
    provider_from_settings,
    to_csv,
    to_gpx,
    to_html,
    to_text,
)
from resources.routes.export import CSV_COLUMNS, route_lines

try:
    from tests.osrm_double import DoubleState, osrm_double
except ImportError:  # pragma: no cover - `pytest` without the repo root on sys.path
    _double = importlib.import_module("osrm_double")
    DoubleState, osrm_double = _double.DoubleState, _double.osrm_double  # type: ignore[misc]

TZ = ZoneInfo("America/Denver")
DAY = datetime(2025, 3, 12, tzinfo=TZ)  # a Wednesday
OFFICE = Place(39.7392, -104.9903, "Outreach office (Civic Center)")


def at(h: int, m: int = 0, day: int = 0) -> datetime:
    return DAY + timedelta(days=day, hours=h, minutes=m)


def stop(sid: str, lat: float, lon: float, windows=None, visit: int = 15, **kw) -> Stop:
    return Stop(sid, kw.pop("name", sid), lat, lon, visit, windows, **kw)


# Realistic places around downtown Denver (approximate coordinates).
MISSION = (39.7551, -104.9866)  # Lawrence St shelter
STFRANCIS = (39.7547, -104.9829)  # day shelter, Curtis St
STOUT = (39.7510, -104.9850)  # health center, Stout St
DH = (39.7275, -104.9913)  # hospital, Bannock St
GATHERING = (39.7400, -104.9650)  # drop-in, High St
PLATTE = (39.7560, -105.0090)  # encampment by the South Platte
CIVIC = (39.7377, -104.9868)  # Civic Center Park


def walk_plan(**kw: Any) -> RoutePlan:
    base: dict[str, Any] = {"start": OFFICE, "start_time": at(9), "end_time": at(17), **kw}
    return RoutePlan(**base)


def ids(it) -> list[str]:
    return [v.stop.id for v in it.visits]


def test_stop_that_closes_early_is_scheduled_first():
    stops = [
        stop("mission", *MISSION, [(at(8), at(18))]),
        stop("gathering", *GATHERING, [(at(8), at(18))]),
        stop("stout", *STOUT, [(at(8), at(9, 45))], name="Stout St clinic (closes 09:45)"),
    ]
    it = plan_route(walk_plan(), stops)
    assert ids(it)[0] == "stout"
    assert sorted(ids(it)) == ["gathering", "mission", "stout"]
    assert it.unreachable == []
    first = it.visits[0]
    assert first.departure <= at(9, 45)


def test_infeasible_stop_reported_with_reason_and_rest_planned():
    stops = [
        stop("mission", *MISSION, [(at(9), at(17))]),
        stop("dh", *DH, [(at(7), at(9, 10))], name="Morning clinic"),
        stop("civic", *CIVIC, None, kind="place"),
    ]
    it = plan_route(walk_plan(), stops)
    assert sorted(ids(it)) == ["civic", "mission"]
    [(s, reason)] = it.unreachable
    assert s.id == "dh"
    assert reason.startswith("closes 09:10, earliest arrival 09:")


def test_reasons_a_person_understands():
    stops = [
        stop("closed", *MISSION, []),
        stop("long", *STOUT, [(at(9), at(9, 50))], visit=60),
        stop("late", *GATHERING, [(at(16, 50), at(20))]),
    ]
    it = plan_route(walk_plan(), stops)
    reasons = {u.stop.id: u.reason for u in it.unreachable}
    assert reasons["closed"] == "no opening on this day"
    assert reasons["long"].startswith("visit of 60 min does not fit before closing 09:50")
    assert reasons["late"].startswith("end time 17:00 too early")
    assert it.visits == []


def test_overnight_shelter_window_across_midnight():
    plan = RoutePlan(start=OFFICE, start_time=at(18), end_time=at(2, day=1))
    stops = [
        stop("shelter", *MISSION, [(at(19), at(7, day=1))], name="Overnight shelter"),
        stop("clinic", *DH, [(at(8), at(17))], name="Day clinic"),
        stop("latenight", *PLATTE, [(at(23, 30), at(1, 30, day=1))], name="Late outreach van"),
        stop("nextday", *GATHERING, [(at(8, day=1), at(17, day=1))]),
    ]
    it = plan_route(plan, stops)
    assert sorted(ids(it)) == ["latenight", "shelter"]
    by_id = {v.stop.id: v for v in it.visits}
    assert at(19) <= by_id["shelter"].start_service <= at(7, day=1)
    late = by_id["latenight"]
    assert at(23, 30) <= late.start_service
    assert late.departure <= at(1, 30, day=1)
    reasons = {u.stop.id: u.reason for u in it.unreachable}
    assert reasons["clinic"].startswith("closes 17:00, earliest arrival 18:")
    assert reasons["nextday"].startswith("end time 02:00 (+1 day) too early")
    assert it.shift_end <= at(2, day=1)


def test_shelter_reached_at_2330_is_open():
    plan = RoutePlan(start=OFFICE, start_time=at(23, 15))
    stops = [stop("shelter", *MISSION, [(at(19), at(7, day=1))])]
    [v] = plan_route(plan, stops).visits
    assert v.open_on_arrival == "open"
    assert v.window_used == (at(19), at(7, day=1))
    assert v.wait_minutes == 0


def test_split_shift_visited_inside_a_window_never_in_the_gap():
    windows = [(at(9), at(9, 20)), (at(13), at(16))]
    stops = [
        stop("split", *GATHERING, windows, visit=30),
        stop("mission", *MISSION, [(at(9), at(17))]),
    ]
    it = plan_route(walk_plan(), stops)
    v = next(v for v in it.visits if v.stop.id == "split")
    assert v.start_service >= at(13)
    assert v.departure <= at(16)
    assert v.window_used == windows[1]


def test_waiting_when_arriving_early():
    stops = [stop("stout", *STOUT, [(at(10), at(12))])]
    [v] = plan_route(walk_plan(), stops).visits
    assert v.arrival < at(10)
    assert v.start_service == at(10)
    assert v.open_on_arrival == "closed"
    expected = (at(10) - v.arrival).total_seconds() / 60
    assert v.wait_minutes == pytest.approx(expected)


def test_multiple_vehicles_split_stops():
    # Two stops open at the same 20 minutes, far apart: one staff member cannot do both.
    stops = [
        stop("platte", *PLATTE, [(at(9, 40), at(10, 0))], visit=15),
        stop("gathering", *GATHERING, [(at(9, 40), at(10, 0))], visit=15),
    ]
    one = plan_route(walk_plan(), stops)
    assert len(one.visits) == 1 and len(one.unreachable) == 1
    assert "not together with the other stops" in one.unreachable[0].reason
    two = plan_route(walk_plan(vehicles=2), stops)
    assert two.unreachable == []
    assert sorted(len(r.visits) for r in two.routes) == [1, 1]


def test_end_time_respected():
    stops = [
        stop(sid, *pt, None, visit=45)
        for sid, pt in [("a", MISSION), ("b", STOUT), ("c", DH), ("d", GATHERING), ("e", PLATTE)]
    ]
    plan = walk_plan(end_time=at(12), return_to_start=True)
    it = plan_route(plan, stops)
    assert it.shift_end <= at(12)
    assert 0 < len(it.visits) < 5
    assert all("not together" in u.reason for u in it.unreachable)


def test_return_to_start():
    stops = [stop("mission", *MISSION), stop("platte", *PLATTE)]
    it = plan_route(walk_plan(return_to_start=True), stops)
    [route] = it.routes
    assert route.end == OFFICE
    assert route.end_travel_minutes > 0
    last = route.visits[-1]
    assert route.finish == last.departure + timedelta(minutes=route.end_travel_minutes)
    open_route = plan_route(walk_plan(), stops).routes[0]
    assert open_route.end is None and open_route.finish == open_route.visits[-1].departure


def test_fixed_end_point():
    end = Place(*PLATTE, "Encampment by the river")
    it = plan_route(walk_plan(end=end), [stop("mission", *MISSION), stop("dh", *DH)])
    assert it.routes[0].end == end
    assert ids(it) == ["dh", "mission"]  # the end pulls the route north


def test_unknown_hours_said_in_output():
    it = plan_route(walk_plan(), [stop("civic", *CIVIC, None, kind="place")])
    assert it.visits[0].open_on_arrival == "unknown"
    assert it.unknown_hours[0].id == "civic"
    assert "hours unknown" in to_text(it)


def test_break_is_taken_between_visits():
    stops = [stop(sid, *pt, None, visit=40) for sid, pt in [("a", MISSION), ("b", STOUT)]]
    brk = Break(at(9, 30), at(10, 30), 30)
    it = plan_route(walk_plan(breaks=[brk]), stops)
    [b] = it.routes[0].breaks
    assert at(9, 30) <= b.start <= at(10, 30) and b.end - b.start == timedelta(minutes=30)
    for v in it.visits:  # no visit overlaps the break
        assert v.departure <= b.start or v.start_service >= b.end
    assert sum(v.break_minutes for v in it.visits) + 0 <= 30


def test_invalid_input_collects_every_problem():
    naive = datetime(2025, 3, 12, 9)
    bad = [
        Stop("x", "x", 91.0, -104.9, 10, [(at(12), at(11))]),
        Stop("x", "dup", 39.7, -104.9, -5),
    ]
    with pytest.raises(RoutingError) as exc:
        plan_route(RoutePlan(start=OFFICE, start_time=naive, vehicles=0, mode="fly"), bad)
    problems = exc.value.problems
    assert len(problems) >= 6
    text = str(exc.value)
    for needle in ("timezone-aware", "vehicles", "mode", "duplicate", "closes before", "coord"):
        assert needle in text


def test_no_stops_gives_empty_plan():
    it = plan_route(walk_plan(), [])
    assert it.visits == [] and it.unreachable == [] and it.travel_minutes == 0


def test_deterministic():
    stops = [
        stop(f"s{i}", 39.72 + 0.005 * (i % 5), -105.0 + 0.007 * (i // 5), [(at(9), at(16))])
        for i in range(15)
    ]
    a = plan_route(walk_plan(), stops)
    b = plan_route(walk_plan(), stops)
    assert ids(a) == ids(b)
    assert [v.arrival for v in a.visits] == [v.arrival for v in b.visits]


def test_baseline_respects_windows_and_solver_is_not_worse():
    stops = [
        stop("mission", *MISSION, [(at(9), at(17))]),
        stop("stfrancis", *STFRANCIS, [(at(8), at(10))]),
        stop("split", *STOUT, [(at(9), at(9, 20)), (at(13), at(16))]),
        stop("platte", *PLATTE, None, kind="place"),
    ]
    ours, nn = plan_route(walk_plan(), stops), nearest_neighbour(walk_plan(), stops)
    assert len(ours.visits) >= len(nn.visits)
    for v in nn.visits:
        assert v.window_used is not None or v.stop.windows is None


# --- exports -------------------------------------------------------------------------------


@pytest.fixture
def itinerary():
    stops = [
        stop("mission", *MISSION, [(at(9), at(17))], name="Lawrence St shelter",
             address="2222 Lawrence St, Denver, CO", phone="303-555-0101"),
        stop("stout", *STOUT, [(at(10), at(12))], name="Stout St clinic"),
        stop("platte", *PLATTE, None, kind="place", name="River camp"),
        stop("dh", *DH, [(at(7), at(9, 5))], name="Early clinic"),
    ]  # fmt: skip
    return plan_route(walk_plan(return_to_start=True), stops)


def test_gpx_parses_with_stops_in_order_and_times(itinerary):
    gpx = gpxpy.parse(to_gpx(itinerary))
    names = [w.name for w in gpx.waypoints]
    assert names == [f"{i}. {v.stop.name}" for i, v in enumerate(itinerary.visits, start=1)]
    assert [w.time for w in gpx.waypoints] == [v.arrival for v in itinerary.visits]
    assert all(w.description and "arrive" in w.description for w in gpx.waypoints)
    [rte] = gpx.routes
    assert len(rte.points) == len(itinerary.visits) + 2  # start, stops, back at start
    [trk] = gpx.tracks
    assert len(trk.segments[0].points) == len(itinerary.visits) + 2
    assert 'version="1.1"' in to_gpx(itinerary)


def test_csv_columns(itinerary):
    rows = list(csv.DictReader(io.StringIO(to_csv(itinerary))))
    assert list(rows[0].keys()) == CSV_COLUMNS
    visits = [r for r in rows if r["status"] == "visit"]
    assert [r["stop_id"] for r in visits] == ids(itinerary)
    assert [int(r["stop_number"]) for r in visits] == list(range(1, len(visits) + 1))
    [bad] = [r for r in rows if r["status"] == "unreachable"]
    assert bad["stop_id"] == "dh" and bad["reason"].startswith("closes 09:05")


def test_printable_text_and_html(itinerary):
    text = to_text(itinerary)
    assert "Lawrence St shelter" in text and "303-555-0101" in text
    assert "Not in this plan" in text and "Early clinic" in text
    page = to_html(itinerary)
    assert page.startswith("<!doctype html>") and "<script" not in page
    assert "2222 Lawrence St" in page


def test_maps_link_is_a_string_in_order(itinerary):
    [[url]] = maps_links(itinerary)
    assert url.startswith("https://www.google.com/maps/dir/?api=1&origin=39.739200,-104.990300")
    assert "travelmode=walking" in url
    order = [f"{v.stop.lat:.6f},{v.stop.lon:.6f}" for v in itinerary.visits]
    assert "waypoints=" + "%7C".join(order) in url


def test_maps_links_split_long_routes():
    stops = [stop(f"s{i}", 39.74 + 0.002 * i, -104.99, None, visit=5) for i in range(12)]
    it = plan_route(walk_plan(), stops)
    [urls] = maps_links(it)
    assert len(urls) == 2


# --- travel models -------------------------------------------------------------------------


def test_great_circle_matrix():
    m = GreatCircleProvider().matrix([OFFICE[:2], MISSION], "walk")
    # ~1.8 km straight, x1.3 circuity at 4.5 km/h ~ 31 min
    assert 2.0 < m.km[0, 1] < 2.6
    assert m.seconds[0, 1] == pytest.approx(m.km[0, 1] / 4.5 * 3600)
    assert m.seconds[1, 0] == m.seconds[0, 1] and m.seconds[0, 0] == 0


def test_speeds_and_mode_configurable():
    stops = [stop("platte", *PLATTE)]
    walk = plan_route(walk_plan(), stops).visits[0].travel_minutes_from_prev
    drive = plan_route(walk_plan(mode="drive"), stops).visits[0].travel_minutes_from_prev
    fast = plan_route(walk_plan(speeds_kmh={"walk": 9.0}), stops).visits[0]
    assert drive < walk
    assert fast.travel_minutes_from_prev == pytest.approx(walk / 2, abs=0.05)


def test_osrm_client_against_local_double():
    stops = [stop("mission", *MISSION), stop("platte", *PLATTE)]
    with osrm_double() as (url, state):
        provider = OSRMProvider(url, timeout_s=2)
        it = plan_route(walk_plan(), stops, matrix_provider=provider)
        lines, warnings = route_lines(it, provider)
    assert it.warnings == [] and it.travel_source.startswith("osrm foot")
    assert state.requests[0].startswith("/table/v1/foot/-104.990300,39.739200;")
    assert state.requests[0].endswith("?annotations=duration,distance")
    gc = GreatCircleProvider(circuity=1.5).matrix([OFFICE[:2], MISSION, PLATTE], "walk")
    first = it.visits[0]
    assert first.distance_km_from_prev == pytest.approx(gc.km[0, 1 + ids(it).index(first.stop.id)])
    # the double charges 600 s per straight km
    assert first.travel_minutes_from_prev == pytest.approx(
        gc.km[0, 1 + ids(it).index(first.stop.id)] / 1.5 * 10, abs=0.02
    )
    assert warnings == []
    assert len(lines[0]) == 2 * 2 + 1  # start->a->b, with a midpoint per leg
    assert "overview=full&geometries=geojson" in state.requests[-1]
    assert gpxpy.parse(to_gpx(it, lines)).tracks[0].segments[0].points[1].latitude != MISSION[0]


@pytest.mark.parametrize("answer", ["bad-code", "http-500"])
def test_osrm_failure_falls_back_with_warning(answer):
    stops = [stop("mission", *MISSION)]
    with osrm_double(DoubleState(answer=answer)) as (url, _):
        it = plan_route(walk_plan(), stops, matrix_provider=OSRMProvider(url, timeout_s=2))
    assert it.travel_source.startswith("great-circle")
    assert any("failed" in w and "great-circle" in w for w in it.warnings)
    assert ids(it) == ["mission"]


def test_osrm_server_down_falls_back():
    with osrm_double() as (url, _):
        pass  # the server is stopped: nothing listens on that port now
    provider = OSRMProvider(url, timeout_s=1)
    it = plan_route(walk_plan(), [stop("mission", *MISSION)], matrix_provider=provider)
    assert it.travel_source.startswith("great-circle") and it.warnings
    line, warns = provider.line([OFFICE[:2], MISSION], "walk")
    assert line == [OFFICE[:2], MISSION] and warns


def test_osrm_missing_pair_estimated_and_transit_not_sent():
    with osrm_double(DoubleState(answer="null-pair")) as (url, state):
        it = plan_route(walk_plan(), [stop("mission", *MISSION)], matrix_provider=OSRMProvider(url))
        transit = plan_route(
            walk_plan(mode="transit"),
            [stop("mission", *MISSION)],
            matrix_provider=OSRMProvider(url),
        )
        n_requests = len(state.requests)
    assert any("no path" in w for w in it.warnings)
    assert n_requests == 1  # transit never asked the engine
    assert any("transit" in w for w in transit.warnings)


def test_routing_engine_only_when_configured():
    assert isinstance(provider_from_settings(None), GreatCircleProvider)
    assert isinstance(provider_from_settings(""), GreatCircleProvider)
    assert isinstance(provider_from_settings("http://127.0.0.1:9"), OSRMProvider)


# --- property ------------------------------------------------------------------------------


@st.composite
def instances(draw):
    n = draw(st.integers(1, 6))
    stops = []
    for i in range(n):
        lat = draw(st.floats(39.70, 39.78))
        lon = draw(st.floats(-105.03, -104.94))
        visit = draw(st.integers(0, 40))
        kind = draw(st.sampled_from(["none", "one", "two"]))
        windows = None
        if kind != "none":
            o1 = draw(st.integers(0, 10 * 60))
            l1 = draw(st.integers(10, 4 * 60))
            windows = [(at(8, o1), at(8, o1 + l1))]
            if kind == "two":
                gap = draw(st.integers(1, 120))
                l2 = draw(st.integers(10, 4 * 60))
                windows.append((at(8, o1 + l1 + gap), at(8, o1 + l1 + gap + l2)))
        stops.append(Stop(f"s{i}", f"Stop {i}", lat, lon, visit, windows))
    vehicles = draw(st.integers(1, 2))
    end_h = draw(st.sampled_from([None, 13, 17]))
    plan = RoutePlan(
        start=OFFICE,
        start_time=at(9),
        end_time=at(end_h) if end_h else None,
        return_to_start=draw(st.booleans()),
        vehicles=vehicles,
    )
    return plan, stops


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_property_visits_inside_windows_and_times_add_up(inst):
    plan, stops = inst
    for it in (plan_route(plan, stops, time_limit_s=0.2), nearest_neighbour(plan, stops)):
        seen = [v.stop.id for v in it.visits] + [u.stop.id for u in it.unreachable]
        assert sorted(seen) == sorted(s.id for s in stops)  # nothing silently dropped
        for route in it.routes:
            prev = plan.start_time
            for v in route.visits:
                assert v.arrival == prev + timedelta(minutes=v.travel_minutes_from_prev)
                assert v.start_service == v.arrival + timedelta(minutes=v.wait_minutes)
                assert v.wait_minutes >= 0
                if v.stop.windows is not None:
                    assert any(o <= v.start_service and v.departure <= c for o, c in v.stop.windows)
                prev = v.departure
            if plan.end_time is not None:
                assert route.finish <= plan.end_time


def test_break_window_after_the_route_does_not_extend_it():
    it = plan_route(
        walk_plan(breaks=[Break(at(15), at(16), 30)]), [stop("mission", *MISSION, None)]
    )
    [route] = it.routes
    assert route.breaks == []
    assert route.finish == route.visits[-1].departure


def test_break_during_travel_delays_arrival():
    brk = Break(at(9, 5), at(9, 5), 60)
    [v] = plan_route(walk_plan(breaks=[brk]), [stop("dh", *DH, None)]).visits
    assert v.break_minutes == 60
    assert v.arrival == at(9) + timedelta(minutes=v.travel_minutes_from_prev + 60)
