"""Input validation: collect every problem with a route request, then raise once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from .model import DEFAULT_SPEEDS_KMH, RoutePlan, RoutingError, Stop

MODES = ("walk", "transit", "drive")


def _aware(dt: object) -> bool:
    return isinstance(dt, datetime) and dt.tzinfo is not None and dt.utcoffset() is not None


def _bad_point(lat: object, lon: object) -> bool:
    try:
        return not (-90.0 <= float(lat) <= 90.0 and -180.0 <= float(lon) <= 180.0)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def validate(plan: RoutePlan, stops: Sequence[Stop]) -> None:
    """Raise :class:`RoutingError` listing every problem, or return quietly."""
    problems: list[str] = []
    if not _aware(plan.start_time):
        problems.append("plan.start_time must be a timezone-aware datetime")
    if plan.end_time is not None:
        if not _aware(plan.end_time):
            problems.append("plan.end_time must be a timezone-aware datetime")
        elif _aware(plan.start_time) and plan.end_time <= plan.start_time:
            problems.append(
                f"plan.end_time {plan.end_time.isoformat()} is not after start_time "
                f"{plan.start_time.isoformat()}"
            )
    for name, place in (("start", plan.start), ("end", plan.end)):
        if place is None:
            continue
        if not isinstance(place, tuple) or len(place) not in (2, 3):
            problems.append(f"plan.{name} must be (lat, lon, label)")
        elif _bad_point(place[0], place[1]):
            problems.append(f"plan.{name} has an invalid coordinate {place[:2]}")
    if plan.return_to_start and plan.end is not None:
        problems.append("give either plan.end or return_to_start=True, not both")
    if plan.mode not in MODES:
        problems.append(f"plan.mode {plan.mode!r} is not one of {', '.join(MODES)}")
    speeds = {**DEFAULT_SPEEDS_KMH, **plan.speeds_kmh}
    for mode, speed in speeds.items():
        if not isinstance(speed, int | float) or speed <= 0:
            problems.append(f"speed for {mode!r} must be a positive number of km/h, got {speed!r}")
    if not isinstance(plan.circuity, int | float) or plan.circuity < 1.0:
        problems.append(f"plan.circuity must be >= 1.0, got {plan.circuity!r}")
    if not isinstance(plan.vehicles, int) or plan.vehicles < 1:
        problems.append(f"plan.vehicles must be a whole number >= 1, got {plan.vehicles!r}")
    for i, brk in enumerate(plan.breaks or []):
        if not (_aware(brk.earliest) and _aware(brk.latest)):
            problems.append(f"break {i + 1}: earliest/latest must be timezone-aware datetimes")
        elif brk.latest < brk.earliest:
            problems.append(f"break {i + 1}: latest is before earliest")
        elif _aware(plan.start_time) and brk.earliest < plan.start_time:
            problems.append(f"break {i + 1}: earliest is before the shift starts")
        if not isinstance(brk.minutes, int) or brk.minutes <= 0:
            problems.append(f"break {i + 1}: minutes must be a positive whole number")
    problems.extend(_stop_problems(stops))
    if problems:
        raise RoutingError(problems)


def _stop_problems(stops: Sequence[Stop]) -> list[str]:
    problems: list[str] = []
    dupes = [sid for sid, n in Counter(s.id for s in stops).items() if n > 1]
    if dupes:
        problems.append(f"duplicate stop ids: {', '.join(map(str, sorted(dupes)))}")
    for s in stops:
        label = f"stop {s.id!r} ({s.name})"
        if _bad_point(s.lat, s.lon):
            problems.append(f"{label}: invalid coordinate ({s.lat}, {s.lon})")
        if not isinstance(s.visit_minutes, int | float) or s.visit_minutes < 0:
            problems.append(f"{label}: visit_minutes must be >= 0, got {s.visit_minutes!r}")
        if s.kind not in ("service", "place"):
            problems.append(f"{label}: kind must be 'service' or 'place', got {s.kind!r}")
        for j, w in enumerate(s.windows or []):
            if not (isinstance(w, tuple | list) and len(w) == 2):
                problems.append(f"{label}: window {j + 1} must be (opens, closes)")
            elif not (_aware(w[0]) and _aware(w[1])):
                problems.append(f"{label}: window {j + 1} needs timezone-aware datetimes")
            elif w[1] <= w[0]:
                problems.append(f"{label}: window {j + 1} closes before it opens")
    return problems
