"""Hours bench: parse rates per shared dataset + "who is open at T" over 1,000,000 services.

Run: ``PYTHONPATH=. python bench/hours.py [--services N] [--data DIR] [--dump DATASET]``

``--services 0`` skips the query bench; ``--dump dc-211`` writes every partial/unknown value of
the matching datasets (name contains the word) to ``hours-unread-<dataset>.tsv`` in
``--dump-dir`` (default: the current folder).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import numpy as np
import pandas as pd

from resources.hours import (
    Hours,
    evaluate,
    parse_hsds1,
    parse_hsds3,
    parse_linksf,
    parse_osm,
    parse_text,
)
from resources.hours.model import SCOPE_OFFICE, WeeklyInterval
from resources.store.hours_sql import (
    create_hours_tables,
    open_rids,
    open_service_ids,
    write_weekly_frame,
)

ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Phoenix",
    "America/Anchorage",
    "Pacific/Honolulu",
]


def _csv(path: Path, **kw: object) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        return list(csv.DictReader(fh, **kw))  # type: ignore[arg-type]


def _group(rows: list[dict[str, str]], *keys: str) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        k = next((r.get(key) for key in keys if r.get(key)), "")
        out.setdefault(k or "", []).append(r)
    return out


def datasets(data: Path) -> Iterator[tuple[str, list[tuple[str, Callable[[], Hours]]]]]:
    """(dataset name, [(display value, parse thunk)]) for every hours source we know."""
    dc = _csv(data / "dc-211-airs-export/211.csv")
    for col in ("HoursOfOperation", "Hours"):
        vals = [r[col].strip() for r in dc if r[col].strip()]
        yield f"dc-211 {col}", [(v, lambda v=v: parse_text(v)) for v in vals]
    smc = [
        json.loads(x)
        for x in (data / "ohana-smc-2014/locations.json").read_text().splitlines()
        if x.strip()
    ]
    vals = [o["hours"].strip() for o in smc if (o.get("hours") or "").strip()]
    yield "ohana-smc-2014 locations.hours", [(v, lambda v=v: parse_text(v)) for v in vals]
    fm = [
        loc.get("hours", "").strip()
        for x in (data / "ohana-smc-2014/smc_farmers_markets.json").read_text().splitlines()
        if x.strip()
        for loc in json.loads(x)["locs"]
        if loc.get("hours")
    ]
    yield "ohana-smc-2014 farmers markets", [(v, lambda v=v: parse_text(v)) for v in fm]
    reg = _csv(data / "ohana-api-sample/regular_schedules.csv")
    hol = _csv(data / "ohana-api-sample/holiday_schedules.csv")
    yield "ohana-api-sample schedules", _hsds1_groups(reg, hol)
    base = data / "hsds1-sample-datapackage/all_resources"
    yield (
        "hsds1-sample-datapackage",
        _hsds1_groups(_csv(base / "regular_schedules.csv"), _csv(base / "holiday_schedules.csv")),
    )
    ilao = data / "hsds-transformer-fixtures/spec/fixtures/custom/ilao"
    yield (
        "hsds-transformer ilao output",
        _hsds1_groups(_csv(ilao / "output/regular_schedules.csv"), []),
    )
    vals = [
        r["Hours of operation"].strip()
        for r in _csv(ilao / "input/locations.csv")
        if r["Hours of operation"].strip()
    ]
    yield "hsds-transformer ilao input text", [(v, lambda v=v: parse_text(v)) for v in vals]
    rows = _csv(data / "hsds3-spec/examples/csv/schedules.csv")
    yield "hsds3-spec schedules", [(json.dumps(r)[:80], lambda r=r: parse_hsds3([r])) for r in rows]
    lk = json.loads((data / "linksf/linksf.json").read_text())
    oh = [s["openHours"] for f in lk for s in f["services"] if s.get("openHours")]
    yield "linksf openHours", [(json.dumps(o)[:80], lambda o=o: parse_linksf(o)) for o in oh]
    tsv = _csv(
        data / "osm-opening-hours-corpus/opening_hours_values_from_test_log.tsv", delimiter="\t"
    )
    vals = list(dict.fromkeys(r["value"] for r in tsv if r["value"].strip()))
    yield "osm opening_hours corpus (distinct)", [(v, lambda v=v: parse_osm(v)) for v in vals]


def _hsds1_groups(
    reg: list[dict[str, str]], hol: list[dict[str, str]]
) -> list[tuple[str, Callable[[], Hours]]]:
    hols = _group(hol, "service_id", "location_id")
    return [
        (f"record {k}", lambda g=g, k=k: parse_hsds1(g, hols.get(k, [])))
        for k, g in _group(reg, "service_id", "location_id").items()
    ]


def _category(h: Hours) -> str:
    """parsed (weekly hours read) / no_hours (correctly classified: appointment only or hours
    not listed, e.g. "Call for hours") / office_only (fully read: only the office's hours are
    listed, not the service's; evaluated like partial: outside them the state is unknown and
    the card says "Office closed ... service hours not listed") / partial / unknown."""
    if h.appointment_only and not h.intervals:
        return "no_hours"
    if h.scope == SCOPE_OFFICE and h.status.value == "partial" and not h.unparsed:
        return "office_only"
    if h.status.value == "unknown" and "hours not listed" in h.unparsed:
        return "no_hours"
    return h.status.value


# Why a value is still not read, from its ``unparsed`` reasons: (family, pattern), first match
# wins (a value with a summer schedule and two labels counts once, as vague/seasonal).
_WHY: list[tuple[str, re.Pattern[str]]] = [
    ("sun-relative", re.compile(r"sun-relative")),
    (
        "vague/seasonal words, no dates",
        re.compile(
            r"not understood: (?:summer|winter|fall|spring|school|semesters?|seasonal|season|year"
            r"|some|most|approximately|usually|might|vary|varies|variable|flexible|evenings?"
            r"|mornings?|nights?|week|during|when|if|depending|up|per|alternate|other"
            r"|hypothermia)$|no exact date"
        ),
    ),
    (
        "competing schedules",
        re.compile(
            r"several labelled schedules|both 24 hours and with times|seasonal hours and other"
            r"|season: unclear|not understood: intake$"
        ),
    ),
    (
        "times without days",
        re.compile(
            r"times without days|days without times|days listed without times|lone time"
            r"|dates without hours|no time range|of the month|not understood: month$"
        ),
    ),
    (
        "contradictory/typo",
        re.compile(
            r"ambiguous time range|24 h clock|both open and closed|'closed' without one clear"
            r"|closure|not understood: \d+$|'[^']*'-'[^']*'"
        ),
    ),
    ("invalid or unsupported syntax", re.compile(r"not supported|invalid opening_hours")),
]


def why_unread(h: Hours) -> str:
    """The reason family of a partial/unknown value (see ``_WHY``); a partial value whose only
    unread parts are label words ('Classes', 'Lap Swim') names another schedule: competing."""
    reasons = [p for u in h.unparsed for p in u.split("; ")]
    for family, pattern in _WHY:
        if any(pattern.search(r) for r in reasons):
            return family
    return "competing schedules" if h.status.value == "partial" else "other"


def parse_report(data: Path, dump: list[str], dump_dir: Path) -> None:
    print("== Parse rates (share of non-empty hours values)")
    print(
        "understood = parsed (hours read) + no hours (appointment only / hours not listed, "
        "classified as such) + office only (only the office's hours listed, read as such)"
    )
    print(
        f"{'dataset':40} {'n':>6} {'understood':>10} {'parsed':>7} {'no hours':>8} "
        f"{'office':>7} {'partial':>8} {'unknown':>8}"
    )
    for name, items in datasets(data):
        counts: Counter[str] = Counter()
        worst: Counter[tuple[str, str, str]] = Counter()
        why: Counter[str] = Counter()
        for shown, thunk in items:
            h = thunk()
            cat = _category(h)
            counts[cat] += 1
            if cat in ("partial", "unknown"):
                worst[(cat, shown, "; ".join(h.unparsed))] += 1
                why[why_unread(h)] += 1
        n = max(1, len(items))
        ok = counts["parsed"] + counts["no_hours"] + counts["office_only"]
        print(
            f"{name:40} {len(items):6d} {ok / n:10.1%} {counts['parsed'] / n:7.1%}"
            f" {counts['no_hours'] / n:8.1%} {counts['office_only'] / n:7.1%}"
            f" {counts['partial'] / n:8.1%}"
            f" {counts['unknown'] / n:8.1%}"
        )
        for (cat, shown, reason), k in worst.most_common(4):
            print(f"      x{k:<4} {cat}: {shown[:70]!r} <- {reason[:60]}")
        if why:
            need = max(0, -(-95 * len(items) // 100) - ok)  # ceil(95% of n) - understood
            print(
                f"      why still unread ({sum(why.values())}; {need} more needed for 95%): "
                + ", ".join(f"{family} {k}" for family, k in why.most_common())
            )
        if any(d.lower() in name.lower() for d in dump):
            _dump(dump_dir, name, worst)


def _dump(dump_dir: Path, name: str, worst: Counter[tuple[str, str, str]]) -> None:
    """Every partial/unknown value of one dataset, most frequent first, as TSV."""
    dump_dir.mkdir(parents=True, exist_ok=True)
    path = dump_dir / ("hours-unread-" + "".join(c if c.isalnum() else "-" for c in name) + ".tsv")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["count", "status", "reason", "value"])
        for (cat, shown, why), k in worst.most_common():
            w.writerow([k, cat, why, " ".join(shown.split())])
    print(f"      -> {sum(worst.values())} values ({len(worst)} distinct) written to {path}")


def synthetic(n: int, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """n services with 1-3 weekly patterns (business, evening, 24/7, overnight shelter)."""
    rng = np.random.default_rng(seed)
    kind = rng.choice(4, size=n, p=[0.6, 0.2, 0.1, 0.1])
    start = rng.choice([420, 480, 510, 540, 600], size=n)
    length = rng.choice([240, 480, 510, 540, 600], size=n)
    rec = pd.DataFrame(
        {
            "rid": np.arange(1, n + 1),
            "service_id": [f"s{i}" for i in range(n)],
            "location_id": None,
            "zone": rng.choice(ZONES, size=n),
            "parse_status": rng.choice(
                ["parsed", "partial", "unknown"], size=n, p=[0.9, 0.05, 0.05]
            ),
        }
    )
    parts = []
    for k, days in ((0, range(5)), (1, range(7)), (2, range(7)), (3, range(7))):
        idx = np.flatnonzero(kind == k)
        for d in days:
            if k == 0:
                s, e = start[idx], start[idx] + length[idx]
            elif k == 1:
                s, e = np.full(len(idx), 1020), np.full(len(idx), 1260)
            elif k == 2:
                s, e = np.zeros(len(idx), int), np.full(len(idx), 1440)
            else:
                s, e = np.full(len(idx), 1140), np.full(len(idx), 1860)  # 19:00-07:00
            parts.append(pd.DataFrame({"rid": idx + 1, "day": d, "start": s, "end": e}))
    return rec, pd.concat(parts, ignore_index=True)


def _to_hours(rec: pd.DataFrame, ivs: pd.DataFrame, rids: np.ndarray) -> list[tuple[Hours, str]]:
    from resources.hours.model import ParseStatus

    sub = ivs[ivs["rid"].isin(rids)]
    by = {r: list(g.itertuples(index=False)) for r, g in sub.groupby("rid")}
    recs = rec.set_index("rid").loc[rids]
    out = []
    for rid, row in zip(rids, recs.itertuples(index=False), strict=True):
        h = Hours(
            status=ParseStatus(row.parse_status),
            intervals=tuple(
                WeeklyInterval(int(i.day), int(i.start), int(i.end)) for i in by.get(rid, [])
            ),
        )
        out.append((h, row.zone))
    return out


def query_bench(n: int) -> None:
    print(f"\n== Open at T over {n:,} services (in-memory DuckDB)")
    t0 = time.perf_counter()
    rec, ivs = synthetic(n)
    con = duckdb.connect()
    create_hours_tables(con)
    write_weekly_frame(con, rec, ivs)
    rows = con.execute("SELECT count(*) FROM hours_weekly").fetchone()[0]
    print(f"write: {n:,} records, {rows:,} week-minute rows in {time.perf_counter() - t0:.1f} s")
    instants = [
        datetime(2026, 11, 27, h, m, tzinfo=ZoneInfo("America/New_York"))
        for h, m in ((10, 0), (13, 30), (18, 45), (23, 10), (3, 5), (7, 59), (16, 59))
    ]
    open_rids(con, instants[0])  # warm-up
    for name, fn in (
        ("open_rids (numpy rids)", open_rids),
        ("open_service_ids (Python list of str)", open_service_ids),
    ):
        times, opened = [], 0
        for t in instants * (3 if fn is open_rids else 1):
            s = time.perf_counter()
            opened = len(fn(con, t))
            times.append((time.perf_counter() - s) * 1000)
        print(
            f"SQL {name}: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms "
            f"over {len(times)} instants (last: {opened:,} open)"
        )
    sample = np.arange(1, min(n, 10_000) + 1)
    hz = _to_hours(rec, ivs, sample)
    t = instants[0]
    s = time.perf_counter()
    py_open = sum(evaluate(h, t, z).state == "open" for h, z in hz)
    per = (time.perf_counter() - s) / len(hz)
    print(
        f"Python per-service evaluate(): {per * 1e6:.0f} us/service -> "
        f"{per * n:.1f} s for {n:,} (measured on {len(hz):,}, {py_open:,} open)"
    )
    sql_sample = set(open_rids(con, t).tolist()) & set(sample.tolist())
    print(f"agreement on the sample: SQL {len(sql_sample):,} open vs Python {py_open:,} open")


STORED_KINDS = ("hsds", "ohana", "airs", "linksf")  # the 211, Ohana and HSDS families


def stored_report(data: Path) -> None:
    """What a search sees: each dataset loaded through its loader, the stored hours records
    (one per service and location) by parse status. The parse rates above read the raw
    values; this catches a loader or a precedence rule that loses hours on the way in."""
    from resources.loaders import bench_cases
    from resources.pipeline.load import load_path
    from resources.store import Store

    print("\n== As stored (each dataset through its loader; one hours record per service here)")
    print(f"{'dataset':48} {'records':>7} {'none':>5} {'parsed':>7} {'partial':>8} "
          f"{'no hours':>8} {'unknown':>8}  (none: no hours given; shares of the rest)")
    cases = [(k, p) for k, p in bench_cases(data) if any(f in k for f in STORED_KINDS)]
    for cls_kind, path in cases:
        store = Store.open(":memory:")
        try:
            load_path(store, path, kind=cls_kind)
            counts = store.df(
                "WITH r AS (SELECT *, parse_status = 'unknown' AND trim(source_text) = '' "
                "AND trim(unparsed) = '' AS blank, appointment_only OR unparsed LIKE "
                "'%hours not listed%' AS no_hours FROM hours_records) "
                "SELECT count(*) AS n, count(*) FILTER (blank) AS blank, "
                "count(*) FILTER (NOT blank AND parse_status = 'parsed') AS parsed, "
                "count(*) FILTER (NOT blank AND parse_status = 'partial') AS partial, "
                "count(*) FILTER (NOT blank AND parse_status = 'unknown' AND no_hours) AS no_hours, "
                "count(*) FILTER (NOT blank AND parse_status = 'unknown' AND NOT no_hours) "
                "AS unknown FROM r").iloc[0]
        finally:
            store.close()
        given = max(1, int(counts["n"] - counts["blank"]))
        name = f"{cls_kind} {path.parent.name}/{path.name}"[:48]
        print(f"{name:48} {int(counts['n']):7d} {int(counts['blank']):5d} "
              f"{counts['parsed'] / given:7.1%} {counts['partial'] / given:8.1%} "
              f"{counts['no_hours'] / given:8.1%} {counts['unknown'] / given:8.1%}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--services", type=int, default=1_000_000)
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    ap.add_argument(
        "--dump",
        action="append",
        default=[],
        metavar="DATASET",
        help="write every partial/unknown value of the datasets whose name contains DATASET",
    )
    ap.add_argument("--dump-dir", type=Path, default=Path("."))
    ap.add_argument("--no-stored", action="store_true",
                    help="skip loading the datasets into a store (the 'as stored' table)")
    args = ap.parse_args()
    parse_report(args.data, args.dump, args.dump_dir)
    if not args.no_stored:
        stored_report(args.data)
    if args.services > 0:
        query_bench(args.services)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
