"""An itinerary as plain records: the page's tables and the CLI's ``--json``."""

from __future__ import annotations

import json
from typing import Any

from ._schedule import fmt_time
from .export import maps_links
from .model import Itinerary

OPEN_TEXT = {"open": "open", "closed": "opens while you wait", "unknown": "call ahead"}
#: A free place without a window (an encampment) has no hours to call about.
PLACE_OPEN_TEXT = {**OPEN_TEXT, "unknown": "any time"}


def visit_records(it: Itinerary) -> list[dict[str, Any]]:
    """One record per visit, in visiting order (staff after staff), times as local clock."""
    ref = it.plan.start_time
    out = []
    for r in it.routes:
        for i, v in enumerate(r.visits, start=1):
            out.append({
                "staff": r.vehicle + 1, "stop": i, "name": v.stop.name, "kind": v.stop.kind,
                "arrive": fmt_time(v.arrival, ref),
                "wait_min": round(v.wait_minutes),
                "leave": fmt_time(v.departure, ref),
                "open_on_arrival": (PLACE_OPEN_TEXT if v.stop.kind == "place"
                                    else OPEN_TEXT)[v.open_on_arrival],
                "travel_min": round(v.travel_minutes_from_prev, 1),
                "km": round(v.distance_km_from_prev, 2),
                "hours": v.stop.hours_label or "", "address": v.stop.address or "",
                "phone": v.stop.phone or "", "id": v.stop.id,
            })
    return out


def unreachable_records(it: Itinerary) -> list[dict[str, str]]:
    return [{"name": u.stop.name, "reason": u.reason, "hours": u.stop.hours_label or "",
             "phone": u.stop.phone or "", "id": u.stop.id} for u in it.unreachable]


def to_json(it: Itinerary) -> str:
    """The itinerary as JSON: ISO times with offsets, totals, reasons, map links."""
    plan = it.plan
    visits = []
    for r in it.routes:
        for i, v in enumerate(r.visits, start=1):
            s = v.stop
            visits.append({
                "staff": r.vehicle + 1, "stop_number": i, "id": s.id, "name": s.name,
                "kind": s.kind, "lat": s.lat, "lon": s.lon, "address": s.address,
                "phone": s.phone, "hours": s.hours_label,
                "arrive": v.arrival.isoformat(timespec="minutes"),
                "wait_min": round(v.wait_minutes, 1),
                "start": v.start_service.isoformat(timespec="minutes"),
                "leave": v.departure.isoformat(timespec="minutes"),
                "open_on_arrival": v.open_on_arrival,
                "travel_min": round(v.travel_minutes_from_prev, 1),
                "distance_km": round(v.distance_km_from_prev, 2),
            })
    start, end = plan.start_place, plan.end_place
    doc = {
        "start": {"label": start.label, "lat": start.lat, "lon": start.lon,
                  "time": plan.start_time.isoformat(timespec="minutes")},
        "end": None if end is None else {"label": end.label, "lat": end.lat, "lon": end.lon},
        "end_time": plan.end_time.isoformat(timespec="minutes") if plan.end_time else None,
        "mode": plan.mode,
        "visits": visits,
        "unreachable": [{"id": u.stop.id, "name": u.stop.name, "reason": u.reason,
                         "hours": u.stop.hours_label} for u in it.unreachable],
        "totals": {"stops": len(it.visits), "travel_min": round(it.travel_minutes, 1),
                   "distance_km": round(it.distance_km, 2),
                   "shift_end": it.shift_end.isoformat(timespec="minutes")},
        "travel_source": it.travel_source,
        "warnings": it.warnings,
        "maps_links": maps_links(it),
    }
    return json.dumps(doc, indent=1, ensure_ascii=False)
