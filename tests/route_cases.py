"""Demo services picked by their properties (never by id: regenerating the demo reshuffles
ids), shared by the route tests. Read from the demo CSVs in data/raw/demo-denver."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

DEMO = Path(__file__).resolve().parent.parent / "data" / "raw" / "demo-denver"
SOURCE = "demo-denver"
TZ = ZoneInfo("America/Denver")
WEDNESDAY = datetime(2026, 12, 2, tzinfo=TZ)  # no public holiday that week
SUNDAY = datetime(2026, 12, 6, tzinfo=TZ)
WEEKDAYS = "MO,TU,WE,TH,FR"
DAILY = "MO,TU,WE,TH,FR,SA,SU"


def _rows(name: str) -> list[dict[str, str]]:
    with (DEMO / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@cache
def _tables() -> tuple[dict[str, dict[str, str]], dict[str, list[dict[str, str]]],
                       dict[str, list[str]], set[str]]:
    services = {r["id"]: r for r in _rows("services.csv")}
    schedules: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in _rows("schedules.csv"):
        schedules[r["service_id"]].append(r)
    sites: dict[str, list[str]] = defaultdict(list)
    for r in _rows("service_at_location.csv"):
        sites[r["service_id"]].append(r["location_id"])
    located = {r["id"] for r in _rows("locations.csv") if r["latitude"]}
    public = {r["location_id"] for r in _rows("addresses.csv") if r["address_1"]}
    return services, schedules, sites, located & public


def _usable(sid: str) -> bool:
    services, _, sites, good = _tables()
    s = services[sid]
    return (s["status"] == "active" and len(sites[sid]) == 1 and sites[sid][0] in good
            and not s.get("alert"))


def stop_id(sid: str) -> str:
    """The stop as the CLI takes it: ``source/service+source/location``."""
    _, _, sites, _ = _tables()
    return f"{SOURCE}/{sid}+{SOURCE}/{sites[sid][0]}"


def name_of(sid: str) -> str:
    return _tables()[0][sid]["name"]


def _single(pred) -> list[str]:  # type: ignore[no-untyped-def]
    services, schedules, _, _ = _tables()
    out = []
    for sid in services:
        rows = schedules.get(sid, [])
        if _usable(sid) and len(rows) == 1 and not rows[0]["valid_to"] and \
                "holiday" not in (rows[0]["description"] + rows[0]["notes"]).lower() and \
                rows[0]["freq"] == "WEEKLY" and not rows[0]["interval"] and pred(rows[0]):
            out.append(sid)
    return sorted(out)


def overnight_shelters() -> list[str]:
    """Open every night, e.g. 19:00-07:00 (closes_at before opens_at)."""
    return _single(lambda r: r["byday"] == DAILY and r["closes_at"] < r["opens_at"])


def weekday_only() -> list[str]:
    """Mon-Fri daytime, closed at weekends."""
    return _single(lambda r: r["byday"] == WEEKDAYS and r["opens_at"] < r["closes_at"])


def early_closers() -> list[str]:
    """Mon-Fri, closing by 11:00 (a morning-only service)."""
    return _single(lambda r: r["byday"] == WEEKDAYS and r["closes_at"] <= "11:00:00"
                   and r["opens_at"] < r["closes_at"])


def all_day() -> list[str]:
    """Open around the clock (written 00:00-23:59 every day)."""
    return _single(lambda r: r["byday"] == DAILY and r["opens_at"] == "00:00:00"
                   and r["closes_at"] >= "23:59:00")


def split_shifts() -> list[str]:
    """Two rows on the same days, 08:00-12:00 and 13:00-17:00, including Wednesday."""
    services, schedules, _, _ = _tables()
    out = []
    for sid, rows in schedules.items():
        times = sorted((r["opens_at"], r["closes_at"]) for r in rows)
        if _usable(sid) and len(rows) == 2 and rows[0]["byday"] == rows[1]["byday"] \
                and "WE" in rows[0]["byday"] and not any(r["valid_to"] for r in rows) \
                and times == [("08:00:00", "12:00:00"), ("13:00:00", "17:00:00")] \
                and "holiday" not in " ".join(r["notes"] for r in rows).lower():
            out.append(sid)
    return sorted(out)


def no_hours() -> list[str]:
    """Active services with no schedule rows at all: hours not listed."""
    services, schedules, _, _ = _tables()
    return sorted(sid for sid in services if _usable(sid) and not schedules.get(sid))


def not_offered() -> list[str]:
    """Temporarily closed or inactive services."""
    services, _, _, _ = _tables()
    return sorted(sid for sid, s in services.items()
                  if s["status"] in ("inactive", "temporarily closed"))


@cache
def _points() -> dict[str, tuple[float, float]]:
    return {r["id"]: (float(r["latitude"]), float(r["longitude"]))
            for r in _rows("locations.csv") if r["latitude"]}


def site_point(sid: str) -> tuple[float, float]:
    """(lat, lon) of the service's one site."""
    return _points()[_tables()[2][sid][0]]


def km_between(a: str, b: str) -> float:
    from resources.geo.distance import km as haversine_km

    return haversine_km(*site_point(a), *site_point(b))
