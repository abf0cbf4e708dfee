"""One outreach shift, as typed by a person: places and times as text, stops as lines.

The CLI (``resources route``) and the Route page both call :func:`plan_outreach`; it resolves
the start and end, reads the times in the start's local zone, builds the stops with their
windows (:mod:`resources.routes.stops`) and runs the planner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from .model import Itinerary, Mode, Place, RoutePlan, RoutingError
from .solver import plan_route
from .stops import (
    DEFAULT_VISIT_MINUTES,
    Sources,
    StopBuilder,
    parse_stop_specs,
    resolve_point,
    zone_at,
)
from .travel import MatrixProvider

MODES = ("walk", "transit", "drive")


@dataclass(frozen=True)
class OutreachRequest:
    """``at`` without a UTC offset is local time at the start; ``end_at`` may be a clock time
    (the start's date, or the next day when it is not after the start)."""

    start: str
    at: datetime
    stops: tuple[str, ...]
    end: str | None = None
    return_to_start: bool = False
    end_at: datetime | time | None = None
    mode: Mode = "walk"
    speed_kmh: float | None = None
    visit_minutes: int = DEFAULT_VISIT_MINUTES
    staff: int = 1


def parse_when(text: str, what: str = "--at") -> datetime | time:
    """An ISO date-time (``2026-11-27T09:00``, offset optional) or a clock time (``17:30``)."""
    raw = text.strip()
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        pass
    try:
        return time.fromisoformat(raw)
    except ValueError:
        raise RoutingError(
            [f"{what} {text!r} is not a time like 2026-11-27T09:00 or 17:30"]
        ) from None


def _local(dt: datetime, start: Place) -> datetime:
    zone = zone_at(start)
    return dt.replace(tzinfo=zone) if dt.tzinfo is None else dt.astimezone(zone)


def _end_time(value: datetime | time | None, start_time: datetime, start: Place
              ) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return _local(value, start)
    end = datetime.combine(start_time.date(), value, tzinfo=start_time.tzinfo)
    return end if end > start_time else end + timedelta(days=1)


def build_plan(req: OutreachRequest, src: Sources) -> RoutePlan:
    """The shift: resolved places, local times, mode. Every problem reported at once."""
    problems: list[str] = []
    start = end = None
    try:
        start = resolve_point(req.start, src, "start")
    except RoutingError as exc:
        problems += exc.problems
    if req.end and req.return_to_start:
        problems.append("give an end place or return to the start, not both")
    elif req.end:
        try:
            end = resolve_point(req.end, src, "end")
        except RoutingError as exc:
            problems += exc.problems
    if req.mode not in MODES:
        problems.append(f"mode {req.mode!r}: use walk, transit or drive")
    if req.speed_kmh is not None and not 0 < req.speed_kmh <= 150:
        problems.append(f"speed {req.speed_kmh:g} km/h: give 1 to 150")
    if problems or start is None:
        raise RoutingError(problems)
    start_time = _local(req.at, start)
    return RoutePlan(
        start=start, start_time=start_time, end=end, return_to_start=req.return_to_start,
        end_time=_end_time(req.end_at, start_time, start), mode=req.mode,
        speeds_kmh={req.mode: req.speed_kmh} if req.speed_kmh else {}, vehicles=req.staff,
    )


def plan_outreach(req: OutreachRequest, src: Sources, *,
                  matrix_provider: MatrixProvider | None = None) -> Itinerary:
    """Plan the shift. Raises :class:`RoutingError` (every problem listed) for bad input;
    stops that cannot be visited are in ``Itinerary.unreachable`` with a reason."""
    problems: list[str] = []
    plan = None
    try:
        plan = build_plan(req, src)
    except RoutingError as exc:
        problems += exc.problems
    try:
        specs = parse_stop_specs(req.stops)
    except RoutingError as exc:
        problems += exc.problems
        specs = []
    if not req.stops:
        problems.append("no stops: give at least one service id or place")
    if problems or plan is None:
        raise RoutingError(problems)
    stops = StopBuilder(src, plan.start_time, plan.end_time, req.visit_minutes).build(specs)
    return plan_route(plan, stops, matrix_provider=matrix_provider)
