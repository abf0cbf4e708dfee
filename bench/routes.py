"""Benchmark: OR-Tools planner vs the nearest-neighbour baseline on seeded Denver instances.

Run: ``PYTHONPATH=. python bench/routes.py`` (about half a minute). For each case it prints the
solve time, stops visited and total travel minutes of both, and fails (exit 1) if the planner
visits fewer stops, or as many stops with more travel, than the baseline, or if 25 stops take
2 s or more.
"""

from __future__ import annotations

import math
import random
import sys
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from resources.routes import Place, RoutePlan, Stop, nearest_neighbour, plan_route
from resources.routes.model import StopKind

TZ = ZoneInfo("America/Denver")
DAY = datetime(2025, 3, 12, tzinfo=TZ)
CENTER = (39.7392, -104.9903)  # Denver Civic Center

# (label, share, windows as (open, close) hours from midnight of the day, visit minutes)
KINDS: list[tuple[str, float, list[list[tuple[float, float]]], tuple[int, int]]] = [
    ("Day shelter", 0.25, [[(7, 19)], [(8, 17)], [(6, 14)]], (10, 25)),
    ("Clinic", 0.20, [[(9, 12), (13, 16)], [(8, 12)], [(12.5, 17)]], (15, 30)),
    ("Drop-in", 0.20, [[(10, 14)], [(9, 11), (15, 18)], [(11, 15.5)]], (10, 20)),
    ("Meal site", 0.10, [[(11, 13)], [(16.5, 18.5)], [(7, 9)]], (10, 15)),
    ("Overnight shelter", 0.05, [[(19, 31)]], (10, 20)),
    ("Encampment", 0.20, [], (10, 30)),
]


def make_stops(n: int, seed: int, radius_km: float) -> list[Stop]:
    rng = random.Random(seed)
    stops = []
    for i in range(n):
        r = radius_km * math.sqrt(rng.random())
        a = rng.random() * 2 * math.pi
        lat = CENTER[0] + r * math.cos(a) / 111.0
        lon = CENTER[1] + r * math.sin(a) / (111.0 * math.cos(math.radians(CENTER[0])))
        label, _, options, (vlo, vhi) = rng.choices(KINDS, weights=[k[1] for k in KINDS])[0]
        if options:
            wins = [
                (DAY + timedelta(hours=o), DAY + timedelta(hours=c)) for o, c in rng.choice(options)
            ]
        else:
            wins = None
        kind: StopKind = "place" if label == "Encampment" else "service"
        stops.append(
            Stop(f"{i:02d}", f"{label} {i}", lat, lon, rng.randint(vlo, vhi), wins, kind=kind)
        )
    return stops


CASES = [  # (stops, vehicles, mode, radius km, shift start h, shift end h)
    (10, 1, "drive", 8.0, 8, 16),
    (25, 1, "drive", 10.0, 8, 18),
    (25, 2, "drive", 10.0, 8, 16),
    (50, 2, "drive", 12.0, 8, 18),
    (50, 3, "drive", 12.0, 8, 16),
]


def main() -> int:
    failures = []
    header = (
        f"{'case':<26}{'solve s':>8}{'visits':>8}{'travel min':>12}"
        f"{'NN s':>8}{'NN visits':>10}{'NN travel':>11}{'ours on NN stops':>18}"
    )
    print(header)
    print("-" * len(header))
    t_all = time.perf_counter()
    for n, vehicles, mode, radius, h0, h1 in CASES:
        for seed in (1, 2, 3):
            stops = make_stops(n, seed * 100 + n, radius)
            plan = RoutePlan(
                start=Place(*CENTER, "Outreach office"),
                start_time=DAY + timedelta(hours=h0),
                end_time=DAY + timedelta(hours=h1),
                return_to_start=True,
                mode=mode,  # type: ignore[arg-type]
                vehicles=vehicles,
            )
            t0 = time.perf_counter()
            ours = plan_route(plan, stops)
            t_ours = time.perf_counter() - t0
            t0 = time.perf_counter()
            nn = nearest_neighbour(plan, stops)
            t_nn = time.perf_counter() - t0
            # Same stops as the baseline visited: travel compared like for like.
            same = plan_route(plan, [v.stop for v in nn.visits])
            name = f"{n} stops {vehicles} staff seed {seed}"
            print(
                f"{name:<26}{t_ours:>8.2f}{len(ours.visits):>8}{ours.travel_minutes:>12.1f}"
                f"{t_nn:>8.3f}{len(nn.visits):>10}{nn.travel_minutes:>11.1f}"
                f"{same.travel_minutes:>12.1f} ({len(same.visits)})"
            )
            if len(ours.visits) < len(nn.visits):
                failures.append(f"{name}: fewer visits than the baseline")
            elif len(ours.visits) == len(nn.visits) and ours.travel_minutes > nn.travel_minutes:
                failures.append(f"{name}: more travel than the baseline")
            if len(same.visits) < len(nn.visits) or same.travel_minutes > nn.travel_minutes:
                failures.append(f"{name}: worse than the baseline on the baseline's stops")
            if n <= 25 and t_ours >= 2.0:
                failures.append(f"{name}: {t_ours:.2f} s >= 2 s")
            if n == 25 and seed == 1:
                again = plan_route(plan, stops)
                key = [[(v.stop.id, v.start_service) for v in r.visits] for r in ours.routes]
                key2 = [[(v.stop.id, v.start_service) for v in r.visits] for r in again.routes]
                if key != key2:
                    failures.append(f"{name}: a second run gave a different plan")
    print(f"\ntotal {time.perf_counter() - t_all:.1f} s")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
