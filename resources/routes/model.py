"""Data model of the outreach route planner.

Every time given to the planner is an aware ``datetime``. Inside the solver everything is
expressed in whole seconds from ``RoutePlan.start_time``, so a window that crosses midnight
(an overnight shelter open 19:00-07:00) is just an interval like ``[3600, 50400]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, NamedTuple

from resources.errors import ResourcesError

Mode = Literal["walk", "transit", "drive"]
StopKind = Literal["service", "place"]
OpenStatus = Literal["open", "closed", "unknown"]
Window = tuple[datetime, datetime]

#: Effective door-to-door speeds (km/h) used by the great-circle travel model.
DEFAULT_SPEEDS_KMH: dict[str, float] = {"walk": 4.5, "transit": 15.0, "drive": 35.0}
#: Street distance / straight-line distance; 1.3 is a common urban value.
DEFAULT_CIRCUITY = 1.3


class RoutingError(ResourcesError, ValueError):
    """Invalid input to the planner. ``problems`` lists every problem found, not just the first.

    Infeasibility (a stop that cannot be reached in time) is never an error: it is reported in
    ``Itinerary.unreachable``.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) with the route request:\n{lines}")

    def cli_message(self) -> str:
        return "; ".join(self.problems)


class Place(NamedTuple):
    """A point that is not a stop: where the shift starts or ends."""

    lat: float
    lon: float
    label: str = ""


class Break(NamedTuple):
    """A staff break of ``minutes`` that must start between ``earliest`` and ``latest``."""

    earliest: datetime
    latest: datetime
    minutes: int


@dataclass(frozen=True)
class Stop:
    """A place to visit: a service (shelter, clinic, drop-in) or a place (encampment site).

    ``windows`` are the open intervals on the day of the plan (several for a split shift, an
    interval may run past midnight). ``None`` means the hours are unknown or not a constraint:
    the stop is planned anyway and marked ``"unknown"`` in the output. An empty list means
    "closed that day" and the stop is reported as unreachable.
    """

    id: str
    name: str
    lat: float
    lon: float
    visit_minutes: int = 15
    windows: list[Window] | None = None
    kind: StopKind = "service"
    phone: str | None = None
    address: str | None = None
    hours_label: str | None = None


@dataclass(frozen=True)
class RoutePlan:
    """What the outreach shift looks like.

    ``end`` is where the shift finishes; ``None`` with ``return_to_start=False`` means the route
    ends at the last stop. ``end_time`` is the latest arrival at the end (or at the last stop,
    finished). ``speeds_kmh`` override :data:`DEFAULT_SPEEDS_KMH` per mode.
    """

    start: Place | tuple[float, float, str]
    start_time: datetime
    end: Place | tuple[float, float, str] | None = None
    return_to_start: bool = False
    end_time: datetime | None = None
    mode: Mode = "walk"
    speeds_kmh: dict[str, float] = field(default_factory=dict)
    circuity: float = DEFAULT_CIRCUITY
    vehicles: int = 1
    breaks: list[Break] | None = None

    @property
    def speed_kmh(self) -> float:
        speeds = {**DEFAULT_SPEEDS_KMH, **self.speeds_kmh}
        return speeds.get(self.mode, 0.0)

    @property
    def start_place(self) -> Place:
        return Place(*self.start)

    @property
    def end_place(self) -> Place | None:
        if self.return_to_start:
            return self.start_place
        return Place(*self.end) if self.end is not None else None


@dataclass(frozen=True)
class Visit:
    """One stop on a route, with times in the plan's time zone.

    ``arrival`` = previous departure + travel (+ a break taken on the way, ``break_minutes``);
    ``start_service`` = arrival + ``wait_minutes`` (+ a break taken while waiting).
    """

    stop: Stop
    arrival: datetime
    wait_minutes: float
    start_service: datetime
    departure: datetime
    travel_minutes_from_prev: float
    distance_km_from_prev: float
    open_on_arrival: OpenStatus
    window_used: Window | None
    break_minutes: float = 0.0


class Unreachable(NamedTuple):
    """A stop left out of the plan, with a reason a person understands."""

    stop: Stop
    reason: str


@dataclass(frozen=True)
class TakenBreak:
    start: datetime
    end: datetime


@dataclass(frozen=True)
class VehicleRoute:
    """The ordered visits of one staff member (``vehicle`` counts from 0)."""

    vehicle: int
    visits: list[Visit]
    start: Place
    end: Place | None
    departure: datetime
    finish: datetime
    end_travel_minutes: float
    end_distance_km: float
    breaks: list[TakenBreak] = field(default_factory=list)

    @property
    def travel_minutes(self) -> float:
        return sum(v.travel_minutes_from_prev for v in self.visits) + self.end_travel_minutes

    @property
    def distance_km(self) -> float:
        return sum(v.distance_km_from_prev for v in self.visits) + self.end_distance_km


@dataclass(frozen=True)
class Itinerary:
    """The answer: one route per vehicle, the stops left out (with reasons) and totals."""

    plan: RoutePlan
    routes: list[VehicleRoute]
    unreachable: list[Unreachable]
    warnings: list[str] = field(default_factory=list)
    travel_source: str = "great-circle"
    solve_seconds: float = 0.0

    @property
    def visits(self) -> list[Visit]:
        """All visits, route after route (the only route when there is one vehicle)."""
        return [v for r in self.routes for v in r.visits]

    @property
    def travel_minutes(self) -> float:
        return sum(r.travel_minutes for r in self.routes)

    @property
    def distance_km(self) -> float:
        return sum(r.distance_km for r in self.routes)

    @property
    def shift_end(self) -> datetime:
        """When the last staff member finishes (at the end point, or the last stop)."""
        return max((r.finish for r in self.routes), default=self.plan.start_time)

    @property
    def unknown_hours(self) -> list[Stop]:
        """Visited stops whose hours were not known: call ahead."""
        return [v.stop for v in self.visits if v.open_on_arrival == "unknown"]
