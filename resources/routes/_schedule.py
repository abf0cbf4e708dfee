"""The compiled problem (seconds from the plan's start) shared by the solver and the baseline,
the itinerary builder, and the plain-language reasons for stops that cannot be visited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from .model import (
    Itinerary,
    OpenStatus,
    Place,
    RoutePlan,
    Stop,
    TakenBreak,
    Unreachable,
    VehicleRoute,
    Visit,
    Window,
)
from .travel import GreatCircleProvider, MatrixProvider

DAY = 86_400


@dataclass
class Problem:
    """Nodes: 0 = start, 1..n = stops, n+1 = end (a zero-cost dummy for an open route).

    ``windows[k]`` are the open intervals of stop ``k`` in seconds from the start (``None`` =
    unknown hours); ``starts[k]`` the intervals in which its visit may *start* inside the shift.
    """

    plan: RoutePlan
    stops: list[Stop]
    seconds: np.ndarray  # int64 travel seconds between nodes
    km: np.ndarray
    service: list[int]  # per node
    windows: list[list[tuple[int, int]] | None]
    horizon: int
    end_limit: int | None
    source: str
    warnings: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.stops)

    @property
    def end_node(self) -> int:
        return self.n + 1

    def clock(self, sec: float) -> str:
        return fmt_time(self.plan.start_time + timedelta(seconds=sec), self.plan.start_time)

    def at(self, sec: float) -> datetime:
        return self.plan.start_time + timedelta(seconds=sec)

    def start_intervals(self, k: int) -> list[tuple[int, int]]:
        """Where the visit to stop ``k`` may start: inside a window, finished before it closes."""
        svc = self.service[k + 1]
        wins = self.windows[k]
        if wins is None:
            return [(0, self.horizon)]
        out = []
        for o, c in wins:
            lo, hi = max(o, 0), min(c - svc, self.horizon)
            if hi >= lo:
                out.append((lo, hi))
        return _merge(out)


def fmt_time(dt: datetime, ref: datetime) -> str:
    local = dt.astimezone(ref.tzinfo)
    days = (local.date() - ref.date()).days
    suffix = "" if days == 0 else f" ({days:+d} day{'s' if abs(days) > 1 else ''})"
    return local.strftime("%H:%M") + suffix


def _merge(iv: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(iv):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def compile_problem(
    plan: RoutePlan, stops: Sequence[Stop], provider: MatrixProvider | None
) -> Problem:
    provider = provider or GreatCircleProvider(plan.speeds_kmh or {}, plan.circuity)
    start = plan.start_place
    end = plan.end_place
    points = [(start.lat, start.lon)] + [(s.lat, s.lon) for s in stops]
    points.append((end.lat, end.lon) if end is not None else (start.lat, start.lon))
    tm = provider.matrix(points, plan.mode)
    seconds = np.rint(np.nan_to_num(tm.seconds, nan=0.0)).astype(np.int64)
    km = np.nan_to_num(np.asarray(tm.km, dtype=float), nan=0.0)
    np.fill_diagonal(seconds, 0)
    np.fill_diagonal(km, 0.0)
    n = len(stops)
    if end is None:  # open route: finishing "at the end" costs nothing
        seconds[:, n + 1] = 0
        km[:, n + 1] = 0.0
    t0 = plan.start_time
    windows: list[list[tuple[int, int]] | None] = []
    for s in stops:
        if s.windows is None:
            windows.append(None)
        else:
            ws = [
                (int((o - t0).total_seconds()), int((c - t0).total_seconds())) for o, c in s.windows
            ]
            windows.append(sorted(ws))
    service = [0] + [int(round(s.visit_minutes * 60)) for s in stops] + [0]
    end_limit = int((plan.end_time - t0).total_seconds()) if plan.end_time else None
    if end_limit is not None:
        horizon = end_limit
    else:
        closes = [c for ws in windows if ws for _, c in ws]
        horizon = max([DAY, *closes]) + int(seconds.max()) + max(service) + 3600
    return Problem(
        plan,
        list(stops),
        seconds,
        km,
        service,
        windows,
        horizon,
        end_limit,
        tm.source,
        list(tm.warnings),
    )


def explain_alone(p: Problem, k: int) -> str | None:
    """Why stop ``k`` cannot be visited even as the only stop of the shift (``None`` if it can)."""
    stop = p.stops[k]
    node = k + 1
    arrive = int(p.seconds[0, node])
    svc = p.service[node]
    back = int(p.seconds[node, p.end_node])
    wins = p.windows[k]
    if wins is not None and not wins:
        return "no opening on this day"
    wins_ = [(0, p.horizon + svc)] if wins is None else wins
    fits_window = [(o, c) for o, c in wins_ if max(arrive, o) + svc <= c]
    if not fits_window:
        if wins is None:
            return f"visit of {stop.visit_minutes:g} min does not fit in the shift"
        last_close = max(c for _, c in wins_)
        if last_close <= arrive:
            return f"closes {p.clock(last_close)}, earliest arrival {p.clock(arrive)}"
        late = [c for o, c in wins_ if c > arrive]
        return (
            f"visit of {stop.visit_minutes:g} min does not fit before closing "
            f"{p.clock(min(late))} (earliest arrival {p.clock(arrive)})"
        )
    limit = p.end_limit if p.end_limit is not None else p.horizon
    finish = min(max(arrive, o) + svc for o, _ in fits_window)
    if finish + back > limit:
        end_label = _end_label(p)
        opens = min(max(arrive, o) for o, _ in fits_window)
        detail = (
            f"opens {p.clock(opens)}" if opens > arrive else f"earliest arrival {p.clock(arrive)}"
        )
        tail = f", back at {end_label} {p.clock(finish + back)}" if back else ""
        return f"end time {p.clock(limit)} too early: {detail}, visit done {p.clock(finish)}{tail}"
    return None


def _end_label(p: Problem) -> str:
    end = p.plan.end_place
    return (end.label or "the end point") if end is not None else "the last stop"


def explain_crowded(p: Problem, k: int) -> str:
    wins = p.windows[k]
    hours = (
        "hours unknown"
        if wins is None
        else "open " + ", ".join(f"{p.clock(o)}-{p.clock(c)}" for o, c in wins)
    )
    return (
        "fits on its own but not together with the other stops in this shift "
        f"({hours}; earliest arrival {p.clock(int(p.seconds[0, k + 1]))}): "
        "add staff, lengthen the shift or drop another stop"
    )


@dataclass
class RouteTimes:
    """A vehicle's order (stop indices) with the service start of each, in seconds."""

    order: list[int]
    starts: list[int]
    breaks: list[tuple[int, int]] = field(default_factory=list)  # (start, duration)


def build_itinerary(
    p: Problem,
    routes: list[RouteTimes],
    unreachable: list[Unreachable],
    *,
    solve_seconds: float = 0.0,
    warnings: Sequence[str] = (),
) -> Itinerary:
    start = p.plan.start_place
    end: Place | None = p.plan.end_place
    out: list[VehicleRoute] = []
    for v, rt in enumerate(routes):
        breaks = sorted(rt.breaks)
        used: set[int] = set()
        visits: list[Visit] = []
        prev_node, dep = 0, 0
        for k, svc_start in zip(rt.order, rt.starts, strict=True):
            node = k + 1
            travel = int(p.seconds[prev_node, node])
            brk_travel, brk_wait = _breaks_in_leg(breaks, used, dep, dep + travel, svc_start)
            arrival = dep + travel + brk_travel
            wait = svc_start - arrival - brk_wait
            visits.append(
                _visit(p, k, arrival, wait, svc_start, travel, prev_node, brk_travel + brk_wait)
            )
            prev_node, dep = node, svc_start + p.service[node]
        travel = int(p.seconds[prev_node, p.end_node]) if end is not None else 0
        # Only a break that starts before reaching the end belongs to the route; one the solver
        # placed after the route is over is not reported.
        brk_travel, _ = _breaks_in_leg(breaks, used, dep, dep + travel, dep + travel + 1)
        breaks = [b for i, b in enumerate(breaks) if i in used]
        finish = dep + travel + brk_travel
        out.append(
            VehicleRoute(
                vehicle=v,
                visits=visits,
                start=start,
                end=end,
                departure=p.plan.start_time,
                finish=p.at(finish),
                end_travel_minutes=travel / 60.0,
                end_distance_km=float(p.km[prev_node, p.end_node]) if end is not None else 0.0,
                breaks=[TakenBreak(p.at(s), p.at(s + d)) for s, d in breaks],
            )
        )
    return Itinerary(
        plan=p.plan,
        routes=out,
        unreachable=unreachable,
        warnings=[*p.warnings, *warnings],
        travel_source=p.source,
        solve_seconds=solve_seconds,
    )


def _breaks_in_leg(
    breaks: list[tuple[int, int]], used: set[int], dep: int, travel_end: int, next_start: int
) -> tuple[int, int]:
    """Break seconds taken on the way (before arriving) and while waiting in this leg."""
    on_way = waiting = 0
    for i, (s, d) in enumerate(breaks):
        if i in used or s < dep or s >= next_start:
            continue
        used.add(i)
        if s < travel_end + on_way:
            on_way += d
        else:
            waiting += d
    return on_way, waiting


def _visit(
    p: Problem, k: int, arrival: int, wait: int, svc_start: int, travel: int, prev: int, brk: int
) -> Visit:
    stop = p.stops[k]
    status: OpenStatus = "unknown"
    used: Window | None = None
    if stop.windows is not None:
        wins = p.windows[k] or []
        status = "open" if any(o <= arrival < c for o, c in wins) else "closed"
        for (o, c), raw in zip(wins, sorted(stop.windows), strict=True):
            if o <= svc_start < c:
                used = raw
                break
    return Visit(
        stop=stop,
        arrival=p.at(arrival),
        wait_minutes=wait / 60.0,
        start_service=p.at(svc_start),
        departure=p.at(svc_start + p.service[k + 1]),
        travel_minutes_from_prev=travel / 60.0,
        distance_km_from_prev=float(p.km[prev, k + 1]),
        open_on_arrival=status,
        window_used=used,
        break_minutes=brk / 60.0,
    )
