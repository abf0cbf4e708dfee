"""``resources hours "TEXT" [--format osm|hsds-json|text] [--tz ZONE | --near PLACE]
[--at ISO-TIME] [--json]``; ``resources hours -`` reads one value per line from stdin and
writes one JSON object per line."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

from resources.geo.tz import zone_for_point
from resources.hours.facade import parse
from resources.hours.model import Hours, fmt_minutes, intervals_as_dicts
from resources.hours.status import evaluate


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="resources hours", description="Parse and evaluate hours.")
    p.add_argument("value", help='hours value, or "-" to read one value per line from stdin')
    p.add_argument("--format", choices=["osm", "hsds-json", "text"], default=None)
    where = p.add_mutually_exclusive_group()
    where.add_argument("--tz", help="IANA zone (America/New_York) or offset (-5)")
    where.add_argument("--near", help='a place ("lat,lon", a ZIP, "City, ST", a county): the '
                       "time zone of that point (offline)")
    p.add_argument("--at", help="ISO time to evaluate at (zone taken from --tz/--near if naive)")
    p.add_argument("--soon", type=int, default=30, help="closing-soon threshold, minutes")
    p.add_argument("--json", action="store_true", help="print JSON (always on with -)")
    return p


def parse_value(value: str, fmt: str | None) -> Hours:
    """Parse with the given or detected format (:func:`resources.hours.parse`). Never raises."""
    return parse(value, fmt or "auto")


def _zone(args: argparse.Namespace) -> str | None:
    if args.tz:
        return str(args.tz)
    if args.near:
        point = _point(str(args.near))
        return zone_for_point(*point) if point else None
    return None


def _point(near: str) -> tuple[float, float] | None:
    """"lat,lon", else the place's point from the offline gazetteer (ZIP, city, county)."""
    try:
        lat, lon = (float(x) for x in near.split(","))
        return lat, lon
    except ValueError:
        pass
    from resources.geo.places import Gazetteer, resolve_place

    found = resolve_place(near, gazetteer=Gazetteer.load())
    return (found.best.lat, found.best.lon) if found.status == "ok" and found.best else None


def result(hours: Hours, zone: str | None, at: str | None, soon: int = 30) -> dict[str, Any]:
    """The JSON answer for one value."""
    out: dict[str, Any] = {
        "input": hours.source,
        "parse_status": hours.status.value,
        "intervals": intervals_as_dicts(hours),
        "appointment_only": hours.appointment_only,
        "by_appointment_also": hours.by_appointment_also,
        "closed_on_public_holidays": hours.closed_on_holidays,
        "public_holiday_hours": (
            None
            if hours.holiday_intervals is None
            else [f"{fmt_minutes(a)}-{fmt_minutes(b)}" for a, b in hours.holiday_intervals]
        ),
        "unparsed": list(hours.unparsed),
        "timezone": hours.timezone or zone,
    }
    if at:
        try:
            when = datetime.fromisoformat(at)
        except ValueError:
            out.update(state="unknown", next_change=None, label=f"Bad --at time: {at}")
            return out
        if when.tzinfo is None and zone:
            from resources.geo.tz import resolve_tz

            when = when.replace(tzinfo=resolve_tz(zone))
        st = evaluate(hours, when, zone, soon_minutes=soon)
        out.update(
            state=st.state,
            label=st.label,
            next_change=st.next_change.isoformat() if st.next_change else None,
        )
    return out


def _text(res: dict[str, Any]) -> str:
    lines = [
        f"{res['parse_status']}: "
        + (", ".join(f"{i['day']} {i['opens']}-{i['closes']}" for i in res["intervals"])
           or "no weekly hours")
    ]
    if res["closed_on_public_holidays"]:
        lines.append("closed on public holidays")
    if res["public_holiday_hours"]:
        lines.append("on public holidays: " + ", ".join(res["public_holiday_hours"]))
    if res["appointment_only"]:
        lines.append("by appointment only")
    if res["unparsed"]:
        lines.append("not understood: " + "; ".join(res["unparsed"]))
    if "label" in res:
        lines.append(res["label"])
    return "\n".join(lines)


def hours_main(argv: list[str]) -> int:
    """Entry point for the ``hours`` subcommand. Returns the exit code."""
    args = _parser().parse_args(argv)
    zone = _zone(args)
    if args.near and zone is None:
        print(f"no time zone for --near {args.near!r}: not a place we know (try \"lat,lon\", "
              "a ZIP or \"City, ST\", or --tz ZONE)", file=sys.stderr)
        return 2
    if args.value == "-":
        for line in sys.stdin:
            line = line.rstrip("\n")
            if line.strip():
                hours = parse_value(line, args.format)
                print(json.dumps(result(hours, zone, args.at, args.soon), ensure_ascii=False))
        return 0
    hours = parse_value(args.value, args.format)
    res = result(hours, zone, args.at, args.soon)
    print(json.dumps(res, ensure_ascii=False, indent=2) if args.json else _text(res))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(hours_main(sys.argv[1:]))
