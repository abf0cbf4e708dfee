"""Exports of an itinerary: GPX 1.1, CSV, printable text/HTML, and map links (never fetched)."""

from __future__ import annotations

import csv
import html
import io
import urllib.parse
from collections.abc import Sequence

import gpxpy.gpx

from ._schedule import fmt_time
from .model import Itinerary, Place, VehicleRoute, Visit
from .travel import LatLon, MatrixProvider

CSV_COLUMNS = [
    "vehicle",
    "stop_number",
    "status",
    "stop_id",
    "name",
    "kind",
    "address",
    "phone",
    "lat",
    "lon",
    "arrive",
    "wait_min",
    "start",
    "leave",
    "travel_min",
    "distance_km",
    "open_on_arrival",
    "window",
    "hours_label",
    "reason",
]

GOOGLE_MODES = {"walk": "walking", "transit": "transit", "drive": "driving"}
#: Google Maps URLs accept at most 9 waypoints in most browsers: longer routes get several links.
MAX_WAYPOINTS = 9


def _route_points(route: VehicleRoute) -> list[LatLon]:
    pts = [(route.start.lat, route.start.lon)]
    pts += [(v.stop.lat, v.stop.lon) for v in route.visits]
    if route.end is not None:
        pts.append((route.end.lat, route.end.lon))
    return pts


def route_lines(
    itinerary: Itinerary, provider: MatrixProvider
) -> tuple[list[list[LatLon]], list[str]]:
    """The drawn line of each route (street geometry from a routing engine, else straight)."""
    lines, warnings = [], []
    for r in itinerary.routes:
        line, warns = provider.line(_route_points(r), itinerary.plan.mode)
        lines.append(line)
        warnings.extend(warns)
    return lines, warnings


def _desc(it: Itinerary, v: Visit) -> str:
    ref = it.plan.start_time
    parts = [
        f"arrive {fmt_time(v.arrival, ref)}",
        f"wait {v.wait_minutes:.0f} min" if v.wait_minutes >= 0.5 else "",
        f"leave {fmt_time(v.departure, ref)}",
        _status_text(v),
        v.stop.address or "",
        v.stop.phone or "",
    ]
    return "; ".join(p for p in parts if p)


def _status_text(v: Visit) -> str:
    return {
        "open": "open on arrival",
        "closed": "opens while you wait",
        "unknown": "hours unknown: call ahead",
    }[v.open_on_arrival]


def to_gpx(itinerary: Itinerary, lines: Sequence[Sequence[LatLon]] | None = None) -> str:
    """GPX 1.1: numbered waypoints in visiting order, one ``rte`` and one ``trk`` per route."""
    gpx = gpxpy.gpx.GPX()
    gpx.creator = "resources outreach route planner"
    n = 0
    for r in itinerary.routes:
        who = f"Route {r.vehicle + 1}" if len(itinerary.routes) > 1 else "Route"
        rte = gpxpy.gpx.GPXRoute(name=who)
        rte.points.append(
            gpxpy.gpx.GPXRoutePoint(r.start.lat, r.start.lon, name=r.start.label or "Start")
        )
        for i, v in enumerate(r.visits, start=1):
            n += 1
            name = f"{i}. {v.stop.name}"
            if len(itinerary.routes) > 1:
                name = f"{r.vehicle + 1}.{name}"
            wp = gpxpy.gpx.GPXWaypoint(
                v.stop.lat, v.stop.lon, time=v.arrival, name=name, description=_desc(itinerary, v)
            )
            wp.type = v.stop.kind
            gpx.waypoints.append(wp)
            rte.points.append(
                gpxpy.gpx.GPXRoutePoint(v.stop.lat, v.stop.lon, time=v.arrival, name=name)
            )
        if r.end is not None:
            rte.points.append(
                gpxpy.gpx.GPXRoutePoint(
                    r.end.lat, r.end.lon, time=r.finish, name=r.end.label or "End"
                )
            )
        gpx.routes.append(rte)
        trk = gpxpy.gpx.GPXTrack(name=who)
        seg = gpxpy.gpx.GPXTrackSegment()
        drawn = lines[r.vehicle] if lines is not None else _route_points(r)
        seg.points.extend(gpxpy.gpx.GPXTrackPoint(lat, lon) for lat, lon in drawn)
        trk.segments.append(seg)
        gpx.tracks.append(trk)
    return gpx.to_xml(version="1.1")


def _window_text(it: Itinerary, v: Visit) -> str:
    if v.window_used is None:
        return ""
    ref = it.plan.start_time
    return f"{fmt_time(v.window_used[0], ref)}-{fmt_time(v.window_used[1], ref)}"


def to_csv(itinerary: Itinerary) -> str:
    """One row per visit in order, then one row per unreachable stop with its reason."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    for r in itinerary.routes:
        for i, v in enumerate(r.visits, start=1):
            s = v.stop
            w.writerow(
                {
                    "vehicle": r.vehicle + 1,
                    "stop_number": i,
                    "status": "visit",
                    "stop_id": s.id,
                    "name": s.name,
                    "kind": s.kind,
                    "address": s.address or "",
                    "phone": s.phone or "",
                    "lat": f"{s.lat:.6f}",
                    "lon": f"{s.lon:.6f}",
                    "arrive": v.arrival.isoformat(timespec="minutes"),
                    "wait_min": f"{v.wait_minutes:.1f}",
                    "start": v.start_service.isoformat(timespec="minutes"),
                    "leave": v.departure.isoformat(timespec="minutes"),
                    "travel_min": f"{v.travel_minutes_from_prev:.1f}",
                    "distance_km": f"{v.distance_km_from_prev:.2f}",
                    "open_on_arrival": v.open_on_arrival,
                    "window": _window_text(itinerary, v),
                    "hours_label": s.hours_label or "",
                    "reason": "",
                }
            )
    for u in itinerary.unreachable:
        s = u.stop
        row = dict.fromkeys(CSV_COLUMNS, "")
        row.update(
            status="unreachable", stop_id=s.id, name=s.name, kind=s.kind,
            address=s.address or "", phone=s.phone or "", lat=f"{s.lat:.6f}",
            lon=f"{s.lon:.6f}", hours_label=s.hours_label or "", reason=u.reason,
        )  # fmt: skip
        w.writerow(row)
    return buf.getvalue()


def _rows(it: Itinerary) -> list[tuple[str, list[list[str]]]]:
    ref = it.plan.start_time
    out = []
    for r in it.routes:
        title = f"Staff {r.vehicle + 1}" if len(it.routes) > 1 else "Route"
        title += f": leave {r.start.label or 'start'} {fmt_time(r.departure, ref)}"
        rows = []
        for i, v in enumerate(r.visits, start=1):
            rows.append(
                [
                    str(i),
                    v.stop.name,
                    v.stop.address or "",
                    v.stop.phone or "",
                    fmt_time(v.arrival, ref),
                    f"{v.wait_minutes:.0f} min" if v.wait_minutes >= 0.5 else "",
                    fmt_time(v.departure, ref),
                    _status_text(v),
                ]
            )
        end = r.end.label or "end" if r.end is not None else "last stop"
        rows.append(["", f"Finish at {end}", "", "", fmt_time(r.finish, ref), "", "", ""])
        out.append((title, rows))
    return out


HEADERS = ["#", "Stop", "Address", "Phone", "Arrive", "Wait", "Leave", "Open?"]


def _summary(it: Itinerary) -> list[str]:
    ref = it.plan.start_time
    lines = [
        f"{len(it.visits)} stop(s), {it.travel_minutes:.0f} min travel, "
        f"{it.distance_km:.1f} km, shift ends {fmt_time(it.shift_end, ref)}",
        f"Travel times: {it.travel_source}",
    ]
    lines += [f"Warning: {w}" for w in it.warnings]
    for r in it.routes:
        for b in r.breaks:
            lines.append(f"Break: {fmt_time(b.start, ref)}-{fmt_time(b.end, ref)}")
    return lines


def to_text(itinerary: Itinerary) -> str:
    """A printable plain-text itinerary."""
    out = [f"Outreach plan for {itinerary.plan.start_time:%A %d %B %Y}", ""]
    for title, rows in _rows(itinerary):
        out.append(title)
        table = [HEADERS, *rows]
        widths = [max(len(row[c]) for row in table) for c in range(len(HEADERS))]
        for row in table:
            out.append("  ".join(cell.ljust(wd) for cell, wd in zip(row, widths, strict=True)))
        out.append("")
    out += _summary(itinerary)
    if itinerary.unreachable:
        out += ["", "Not in this plan:"]
        out += [f"  - {u.stop.name}: {u.reason}" for u in itinerary.unreachable]
    return "\n".join(line.rstrip() for line in out) + "\n"


def to_html(itinerary: Itinerary) -> str:
    """A printable, self-contained HTML itinerary (no scripts, no external assets)."""
    e = html.escape
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>Outreach plan {itinerary.plan.start_time:%Y-%m-%d}</title>",
        "<style>body{font-family:sans-serif}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:4px 8px;text-align:left}</style></head><body>",
        f"<h1>Outreach plan for {itinerary.plan.start_time:%A %d %B %Y}</h1>",
    ]
    links = maps_links(itinerary)
    for (title, rows), r in zip(_rows(itinerary), itinerary.routes, strict=True):
        parts.append(f"<h2>{e(title)}</h2><table><tr>")
        parts += [f"<th>{e(h)}</th>" for h in HEADERS]
        parts.append("</tr>")
        for row in rows:
            parts.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>")
        parts.append("</table>")
        for j, url in enumerate(links[r.vehicle]):
            parts.append(f"<p><a href='{e(url)}'>Open in Google Maps (part {j + 1})</a></p>")
    parts.append("<ul>" + "".join(f"<li>{e(s)}</li>" for s in _summary(itinerary)) + "</ul>")
    if itinerary.unreachable:
        parts.append("<h2>Not in this plan</h2><ul>")
        parts += [f"<li><b>{e(u.stop.name)}</b>: {e(u.reason)}</li>" for u in itinerary.unreachable]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _ll(p: Place | LatLon) -> str:
    return f"{p[0]:.6f},{p[1]:.6f}"


def maps_links(itinerary: Itinerary) -> list[list[str]]:
    """Google Maps direction URLs per route (split when over 9 waypoints). Never fetched."""
    mode = GOOGLE_MODES[itinerary.plan.mode]
    out: list[list[str]] = []
    for r in itinerary.routes:
        pts = _route_points(r)
        urls = []
        step = MAX_WAYPOINTS + 1
        for i in range(0, max(len(pts) - 1, 1), step):
            chunk = pts[i : i + step + 1]
            if len(chunk) < 2:
                break
            q = {"api": "1", "origin": _ll(chunk[0]), "destination": _ll(chunk[-1])}
            if len(chunk) > 2:
                q["waypoints"] = "|".join(_ll(c) for c in chunk[1:-1])
            q["travelmode"] = mode
            urls.append("https://www.google.com/maps/dir/?" + urllib.parse.urlencode(q, safe=","))
        out.append(urls)
    return out
