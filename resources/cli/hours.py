"""``resources hours "TEXT" [--format osm|hsds-json|text] [--tz ZONE | --near PLACE]
[--at ISO-TIME] [--json]``; ``resources hours -`` reads one value per line from stdin and
writes one JSON object per line."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import Any

import click

from resources.geo.tz import zone_for_point
from resources.hours.facade import parse
from resources.hours.model import Hours, fmt_minutes, intervals_as_dicts
from resources.hours.status import evaluate


def parse_value(value: str, fmt: str | None) -> Hours:
    """Parse with the given or detected format (:func:`resources.hours.parse`). Never raises."""
    return parse(value, fmt or "auto")


def _zone(tz: str | None, near: str | None) -> str | None:
    if tz:
        return str(tz)
    if near:
        point = _point(str(near))
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


@click.command()
@click.argument("value")
@click.option("--format", "fmt", type=click.Choice(["osm", "hsds-json", "text"]), default=None,
              help="the value's format (default: detected)")
@click.option("--tz", help="IANA zone (America/New_York) or offset (-5)")
@click.option("--near", help='a place ("lat,lon", a ZIP, "City, ST", a county): the time zone '
              "of that point (offline)")
@click.option("--at", help="ISO time to evaluate at (zone taken from --tz/--near if naive)")
@click.option("--soon", type=int, default=30, show_default=True,
              help="closing-soon threshold, minutes")
@click.option("--json", "as_json", is_flag=True, help="print JSON (always on with -)")
def hours(value: str, fmt: str | None, tz: str | None, near: str | None, at: str | None,
          soon: int, as_json: bool) -> int:
    """Parse and evaluate hours: hours VALUE, or hours - (one value per line from stdin)."""
    if tz and near:
        raise click.UsageError("--tz and --near: one at most")
    zone = _zone(tz, near)
    if near and zone is None:
        print(f"no time zone for --near {near!r}: not a place we know (try \"lat,lon\", "
              "a ZIP or \"City, ST\", or --tz ZONE)", file=sys.stderr)
        return 2
    if value == "-":
        for line in sys.stdin:
            line = line.rstrip("\n")
            if line.strip():
                parsed = parse_value(line, fmt)
                print(json.dumps(result(parsed, zone, at, soon), ensure_ascii=False))
        return 0
    res = result(parse_value(value, fmt), zone, at, soon)
    print(json.dumps(res, ensure_ascii=False, indent=2) if as_json else _text(res))
    return 0


def hours_main(argv: list[str]) -> int:
    """``resources hours ARGV...``; returns the exit code."""
    from resources.cli import main

    return main(["hours", *argv])
