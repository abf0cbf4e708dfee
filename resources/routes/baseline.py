"""Nearest-neighbour baseline: from where you are, go to the stop you can start soonest.

Greedy and window-aware (waits for a stop to open, never starts a visit it cannot finish before
closing or before the end time). Used by the benchmark to check the solver; ignores breaks.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Sequence

from ._schedule import Problem, RouteTimes, build_itinerary, compile_problem, explain_alone
from ._schedule import explain_crowded as _crowded
from ._validate import validate
from .model import Itinerary, RoutePlan, Stop, Unreachable
from .travel import MatrixProvider


def _earliest_start(p: Problem, k: int, arrival: int) -> int | None:
    allowed = p.start_intervals(k)
    i = bisect.bisect_right([hi for _, hi in allowed], arrival - 1)
    if i == len(allowed):
        return None
    return max(arrival, allowed[i][0])


def nearest_neighbour(
    plan: RoutePlan, stops: Sequence[Stop], *, matrix_provider: MatrixProvider | None = None
) -> Itinerary:
    t_begin = time.perf_counter()
    validate(plan, stops)
    p = compile_problem(plan, stops, matrix_provider)
    unreachable: list[Unreachable] = []
    todo: set[int] = set()
    for k in range(p.n):
        reason = explain_alone(p, k)
        if reason is None:
            todo.add(k)
        else:
            unreachable.append(Unreachable(p.stops[k], reason))
    limit = p.end_limit if p.end_limit is not None else p.horizon
    routes = [RouteTimes([], []) for _ in range(plan.vehicles)]
    pos = [0] * plan.vehicles
    clock = [0] * plan.vehicles
    active = set(range(plan.vehicles))
    while todo and active:
        v = min(active, key=lambda i: (clock[i], i))
        best: tuple[int, int, int] | None = None
        for k in sorted(todo):
            node = k + 1
            start = _earliest_start(p, k, clock[v] + int(p.seconds[pos[v], node]))
            if start is None:
                continue
            if start + p.service[node] + int(p.seconds[node, p.end_node]) > limit:
                continue
            cand = (start, int(p.seconds[pos[v], node]), k)
            if best is None or cand < best:
                best = cand
        if best is None:
            active.discard(v)
            continue
        start, _, k = best
        routes[v].order.append(k)
        routes[v].starts.append(start)
        todo.discard(k)
        pos[v], clock[v] = k + 1, start + p.service[k + 1]
    unreachable += [Unreachable(p.stops[k], _crowded(p, k)) for k in sorted(todo)]
    order = {s.id: i for i, s in enumerate(stops)}
    unreachable.sort(key=lambda u: order[u.stop.id])
    return build_itinerary(p, routes, unreachable, solve_seconds=time.perf_counter() - t_begin)
