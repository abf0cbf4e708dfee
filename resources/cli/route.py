"""``resources route``: plan an outreach shift from the command line (see docs/routes.md).

    resources route --start 80205 --at 2026-11-27T17:00 --return --end-at 23:00 --mode drive \\
        --stop demo-denver/39b5... "Camp=39.756,-105.009@20[18:00-22:00]" "1645 Dayton St, Aurora"

Bad input (an unknown id, a place that cannot be found, a bad time) is one line on stderr and
exit 2; stops that cannot be visited are part of the answer, with their reasons.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

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


def register(sub: argparse._SubParsersAction, add_db: Callable[[argparse.ArgumentParser], None]
             ) -> None:
    p = sub.add_parser("route", help="plan an outreach shift: route --start PLACE --at TIME "
                                     "--stop ID_OR_PLACE...")
    add_db(p)
    p.add_argument("--start", required=True, help="where the shift starts (address, ZIP, lat,lon)")
    p.add_argument("--at", required=True,
                   help="start time, ISO (2026-11-27T09:00; local at the start without offset)")
    p.add_argument("--stop", dest="stops", action="extend", nargs="+", required=True,
                   metavar="STOP", help=STOP_HELP)
    end = p.add_mutually_exclusive_group()
    end.add_argument("--end", help="where the shift ends (default: at the last stop)")
    end.add_argument("--return", dest="return_to_start", action="store_true",
                     help="come back to the start")
    p.add_argument("--end-at", help="latest finish: 17:30 or an ISO time")
    p.add_argument("--mode", choices=MODES, default="walk", help="travel mode (default walk)")
    p.add_argument("--speed", type=float, help="km/h, instead of the mode's default")
    p.add_argument("--visit", type=int, default=15, help="default visit minutes (15)")
    p.add_argument("--staff", type=int, default=1, help="staff working the list in parallel")
    p.add_argument("--osrm", default=None, help="OSRM base URL for street travel times")
    fmt = p.add_mutually_exclusive_group()
    for name in FORMATS:
        fmt.add_argument(f"--{name}", dest="format", action="store_const", const=name,
                         help=f"print {name.upper()} instead of the itinerary table")
    p.add_argument("--out", help="write to this file instead of stdout")
    p.set_defaults(func=cmd_route, format="text")


def _request(args: argparse.Namespace) -> OutreachRequest:
    at = parse_when(args.at, "--at")
    if not isinstance(at, datetime):
        raise RoutingError([f"--at {args.at!r} needs a date: 2026-11-27T{args.at}"])
    return OutreachRequest(
        start=args.start, at=at, stops=tuple(args.stops), end=args.end,
        return_to_start=args.return_to_start,
        end_at=parse_when(args.end_at, "--end-at") if args.end_at else None,
        mode=args.mode, speed_kmh=args.speed, visit_minutes=args.visit, staff=args.staff,
    )


def _provider(args: argparse.Namespace) -> MatrixProvider | None:
    """OSRM only when a URL is given; otherwise the plan's own great-circle speeds."""
    if not args.osrm:
        return None
    speeds = {**DEFAULT_SPEEDS_KMH, **({args.mode: args.speed} if args.speed else {})}
    return provider_from_settings(args.osrm, speeds_kmh=speeds)


@cache
def _lookups() -> tuple[Any, Any]:
    """The vocabulary and the gazetteer: read-only, built once per process."""
    from resources.geo.places import Gazetteer
    from resources.vocab.needs import load_vocabulary

    return load_vocabulary(), Gazetteer.load()


def cmd_route(args: argparse.Namespace) -> int:
    from resources.search.engine import SearchEngine

    req = _request(args)  # a RoutingError is main's: one line, exit 2
    with Store.open(args.db, read_only=True) as store:
        src = Sources.from_engine(SearchEngine(store, *_lookups()))
        itinerary = plan_outreach(req, src, matrix_provider=_provider(args))
    text = FORMATS.get(args.format, to_text)(itinerary)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"{args.format} written to {args.out} ({len(itinerary.visits)} stops, "
              f"{len(itinerary.unreachable)} left out)")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
