"""Plan an outreach shift with Google OR-Tools routing.

Time is whole seconds from ``plan.start_time``. Each stop's cumul on the "Time" dimension is the
moment its visit starts; its domain is the union of its windows (``SetRange`` + ``RemoveInterval``
for the gaps), shortened by the visit length so the visit ends before closing. Every stop is in
a disjunction with a penalty larger than any route, so the solver visits as many stops as it can
and drops the rest; each dropped stop is then explained in plain words.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from ._schedule import (
    Problem,
    RouteTimes,
    build_itinerary,
    compile_problem,
    explain_alone,
    explain_crowded,
)
from ._validate import validate
from .model import Itinerary, RoutePlan, Stop, Unreachable
from .travel import MatrixProvider


def default_time_limit(n_stops: int) -> float:
    """Search budget in seconds: 0.3 s up to 10 stops, 1.5 s at 25, at most 4 s."""
    if n_stops <= 10:
        return 0.3
    return min(4.0, 0.3 + (n_stops - 10) * 0.08)


def solution_limit(n_stops: int) -> int:
    """The deterministic early stop: a number of solutions. On a 2-core machine it is reached
    well inside :func:`default_time_limit` (25 stops: ~0.7 s; 50 stops: ~1.3 s), so the same
    input gives the same plan; the time limit is only a safety net."""
    return max(150, 450 - 8 * max(0, n_stops - 25))


def plan_route(
    plan: RoutePlan,
    stops: Sequence[Stop],
    *,
    matrix_provider: MatrixProvider | None = None,
    time_limit_s: float | None = None,
) -> Itinerary:
    """Order ``stops`` into one route per vehicle, respecting opening windows.

    Raises :class:`RoutingError` only for invalid input; stops that cannot be visited are
    returned in ``Itinerary.unreachable`` with a reason.
    """
    t_begin = time.perf_counter()
    validate(plan, stops)
    p = compile_problem(plan, stops, matrix_provider)
    unreachable: list[Unreachable] = []
    candidates: list[int] = []
    for k in range(p.n):
        reason = explain_alone(p, k)
        if reason is None and not p.start_intervals(k):
            reason = "no opening during the shift"
        if reason is None:
            candidates.append(k)
        else:
            unreachable.append(Unreachable(p.stops[k], reason))
    limit = default_time_limit(p.n) if time_limit_s is None else time_limit_s
    routes, visited, warnings = _solve(p, candidates, limit)
    for k in candidates:
        if k not in visited:
            unreachable.append(Unreachable(p.stops[k], explain_crowded(p, k)))
    order = {s.id: i for i, s in enumerate(stops)}
    unreachable.sort(key=lambda u: order[u.stop.id])
    return build_itinerary(
        p,
        routes,
        unreachable,
        solve_seconds=time.perf_counter() - t_begin,
        warnings=warnings,
    )


def _solve(
    p: Problem, candidates: list[int], time_limit_s: float
) -> tuple[list[RouteTimes], set[int], list[str]]:
    plan = p.plan
    nv = plan.vehicles
    empty = [RouteTimes([], []) for _ in range(nv)]
    # Model nodes: 0 = start, 1..m = candidate stops, m+1 = end (or 0 when returning).
    nodes = [0] + [k + 1 for k in candidates]
    if not plan.return_to_start:
        nodes.append(p.end_node)
    m = len(candidates)
    end_model = 0 if plan.return_to_start else m + 1
    sub = p.seconds[[*nodes]][:, nodes]
    svc = [p.service[i] for i in nodes]
    travel = [[int(x) for x in row] for row in sub]
    transit = [[travel[i][j] + svc[i] for j in range(len(nodes))] for i in range(len(nodes))]

    manager = pywrapcp.RoutingIndexManager(len(nodes), nv, [0] * nv, [end_model] * nv)
    routing = pywrapcp.RoutingModel(manager)
    cost_cb = routing.RegisterTransitMatrix(travel)
    routing.SetArcCostEvaluatorOfAllVehicles(cost_cb)
    time_cb = routing.RegisterTransitMatrix(transit)
    horizon = p.horizon
    routing.AddDimension(time_cb, horizon, horizon, False, "Time")
    tdim = routing.GetDimensionOrDie("Time")
    for v in range(nv):
        tdim.CumulVar(routing.Start(v)).SetRange(0, 0)
        if p.end_limit is not None:
            tdim.CumulVar(routing.End(v)).SetMax(p.end_limit)
    penalty = 10 * (nv + 1) * (horizon + int(p.seconds.max()) + 1)
    for mi, k in enumerate(candidates, start=1):
        index = manager.NodeToIndex(mi)
        allowed = p.start_intervals(k)
        cumul = tdim.CumulVar(index)
        cumul.SetRange(allowed[0][0], allowed[-1][1])
        for (_, hi), (lo, _) in zip(allowed, allowed[1:], strict=False):
            cumul.RemoveInterval(hi + 1, lo - 1)
        routing.AddDisjunction([index], penalty)
    solver = routing.solver()
    break_vars = []
    if plan.breaks:
        visit_transit = [svc[manager.IndexToNode(i)] for i in range(routing.Size())]
        for v in range(nv):
            ivs = []
            for b, brk in enumerate(plan.breaks):
                lo = int((brk.earliest - plan.start_time).total_seconds())
                hi = int((brk.latest - plan.start_time).total_seconds())
                iv = solver.FixedDurationIntervalVar(lo, hi, brk.minutes * 60, False, f"b{v}_{b}")
                ivs.append(iv)
                break_vars.append((v, iv))
            tdim.SetBreakIntervalsOfVehicle(ivs, v, visit_transit)
    for v in range(nv):
        routing.AddVariableMinimizedByFinalizer(tdim.CumulVar(routing.End(v)))

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
    params.solution_limit = solution_limit(m)
    solution = routing.SolveWithParameters(params)
    warnings: list[str] = []
    if solution is None:
        warnings.append("no feasible route even without stops: check the end time and the breaks")
        return empty, set(), warnings
    routes: list[RouteTimes] = []
    visited: set[int] = set()
    for v in range(nv):
        rt = RouteTimes([], [])
        index = solution.Value(routing.NextVar(routing.Start(v)))
        while not routing.IsEnd(index):
            k = candidates[manager.IndexToNode(index) - 1]
            rt.order.append(k)
            rt.starts.append(solution.Min(tdim.CumulVar(index)))
            visited.add(k)
            index = solution.Value(routing.NextVar(index))
        for bv, iv in break_vars:
            if bv == v and solution.PerformedValue(iv):
                rt.breaks.append((solution.StartValue(iv), solution.DurationValue(iv)))
        routes.append(rt)
    return routes, visited, warnings
