"""``resources route``: plan an outreach shift from the command line (see docs/routes.md).

    resources route --start 80205 --at 2026-11-27T17:00 --return --end-at 23:00 --mode drive \\
        --stop demo-denver/39b5... "Camp=39.756,-105.009@20[18:00-22:00]" "1645 Dayton St, Aurora"

Bad input (an unknown id, a place that cannot be found, a bad time) is one line on stderr and
exit 2; stops that cannot be visited are part of the answer, with their reasons.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import click

from resources.cli import db_option
from resources.routes import (
    DEFAULT_SPEEDS_KMH,
    MatrixProvider,
    RoutingError,
    provider_from_settings,
    to_csv,
    to_gpx,
    to_html,
    to_text,
)
from resources.routes.outreach import MODES, OutreachRequest, parse_when, plan_outreach
from resources.routes.stops import Sources
from resources.routes.tables import to_json
from resources.store import Store

FORMATS: dict[str, Callable[..., str]] = {"gpx": to_gpx, "csv": to_csv, "html": to_html,
                                          "json": to_json}

STOP_HELP = ("a stop: SERVICE_ID (from `resources search --json`), SERVICE_ID+LOCATION_ID, "
             "'lat,lon', an address or a ZIP; optional LABEL= before, @MINUTES and, for places, "
             "[HH:MM-HH:MM] after. Repeat or list several.")


def _request(o: dict[str, Any]) -> OutreachRequest:
    at = parse_when(o["at"], "--at")
    if not isinstance(at, datetime):
        raise RoutingError([f"--at {o['at']!r} needs a date: 2026-11-27T{o['at']}"])
    return OutreachRequest(
        start=o["start"], at=at, stops=tuple(o["stops"]), end=o["end"],
        return_to_start=o["return_to_start"],
        end_at=parse_when(o["end_at"], "--end-at") if o["end_at"] else None,
        mode=o["mode"], speed_kmh=o["speed"], visit_minutes=o["visit"], staff=o["staff"],
    )


def _provider(o: dict[str, Any]) -> MatrixProvider | None:
    """OSRM only when a URL is given; otherwise the plan's own great-circle speeds."""
    if not o["osrm"]:
        return None
    speeds = {**DEFAULT_SPEEDS_KMH, **({o["mode"]: o["speed"]} if o["speed"] else {})}
    return provider_from_settings(o["osrm"], speeds_kmh=speeds)


@cache
def _lookups() -> tuple[Any, Any]:
    """The vocabulary and the gazetteer: read-only, built once per process."""
    from resources.geo.places import Gazetteer
    from resources.vocab.needs import load_vocabulary

    return load_vocabulary(), Gazetteer.load()


def _formats(func: Callable[..., Any]) -> Callable[..., Any]:
    """--gpx, --csv, --html, --json: one output format instead of the itinerary table."""
    for name in reversed(FORMATS):
        func = click.option(f"--{name}", f"as_{name}", is_flag=True,
                            help=f"print {name.upper()} instead of the itinerary table")(func)
    return func


@click.command()
@db_option
@click.option("--start", required=True, help="where the shift starts (address, ZIP, lat,lon)")
@click.option("--at", required=True,
              help="start time, ISO (2026-11-27T09:00; local at the start without offset)")
@click.option("--stop", "stop", multiple=True, metavar="STOP", help=STOP_HELP)
@click.argument("more_stops", nargs=-1, metavar="[STOP]...")
@click.option("--end", help="where the shift ends (default: at the last stop)")
@click.option("--return", "return_to_start", is_flag=True, help="come back to the start")
@click.option("--end-at", help="latest finish: 17:30 or an ISO time")
@click.option("--mode", type=click.Choice(MODES), default="walk", show_default=True,
              help="travel mode")
@click.option("--speed", type=float, help="km/h, instead of the mode's default")
@click.option("--visit", type=int, default=15, show_default=True, help="default visit minutes")
@click.option("--staff", type=int, default=1, show_default=True,
              help="staff working the list in parallel")
@click.option("--osrm", default=None, help="OSRM base URL for street travel times")
@_formats
@click.option("--out", help="write to this file instead of stdout")
def route(db: str, stop: tuple[str, ...], more_stops: tuple[str, ...], out: str | None,
          **options: Any) -> int:
    """Plan an outreach shift: route --start PLACE --at TIME --stop ID_OR_PLACE...

    Stops follow --stop (repeat it, or list several after one)."""
    from resources.search.engine import SearchEngine

    if not stop:
        raise click.UsageError("Missing option '--stop': at least one stop")
    if options["end"] and options["return_to_start"]:
        raise click.UsageError("--end and --return: one at most")
    formats = [name for name in FORMATS if options.pop(f"as_{name}")]
    if len(formats) > 1:
        raise click.UsageError(f"one output format at most, not {' and '.join(formats)}")
    fmt = formats[0] if formats else "text"
    req = _request({**options, "stops": (*stop, *more_stops)})  # a RoutingError: main's
    with Store.open(db, read_only=True) as store:
        src = Sources.from_engine(SearchEngine(store, *_lookups()))
        itinerary = plan_outreach(req, src, matrix_provider=_provider(options))
    text = FORMATS.get(fmt, to_text)(itinerary)
    if out:
        Path(out).write_text(text, encoding="utf-8")
        print(f"{fmt} written to {out} ({len(itinerary.visits)} stops, "
              f"{len(itinerary.unreachable)} left out)")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
