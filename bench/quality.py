"""Search quality on real directories: P@5 and nDCG@10 per directory and query class.

    python bench/quality.py [--shared ../shared/data] [--show]

Loads each directory of the relevance suite (tests/relevance_cases.py: DC 211 with the
airs loader, Ohana San Mateo with the ohana loader), runs every query through the search
engine and through a plain baseline in the same run (rapidfuzz token-set ratio of the
query against the service/organization/location names of the services within 25 miles,
nearest first on ties), and judges each result with the query's rule.

- P@5: relevant places among the first five, over min(5, R), where R is the number of
  relevant places the two systems found together in their first ten (pooling: a directory
  with two veterans' services cannot be asked for five);
- nDCG@10: binary gains, log2 discount, the ideal ranking made of those R places.

A query for which neither system finds any relevant place (R = 0) cannot be judged: it is
listed, and left out of the means (as TREC leaves out topics with no relevant document).
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
from rapidfuzz import fuzz, process  # noqa: E402

from resources.geo.places import Gazetteer  # noqa: E402
from resources.search.engine import SearchEngine, SearchRequest  # noqa: E402
from resources.store import Store  # noqa: E402
from resources.store.search_sql import candidates  # noqa: E402
from resources.vocab.needs import load_vocabulary  # noqa: E402
from tests.relevance_cases import (  # noqa: E402
    CLASSES,
    QUERIES,
    Query,
    load_directory,
    relevant,
    service_text,
)

ZONES = {"dc211": "America/New_York", "smc": "America/Los_Angeles"}


def ours(engine: SearchEngine, q: Query, zone: str) -> list[list[str]]:
    """The engine's first ten places, each as its services' ids."""
    at = datetime(2026, 11, 30, 11, 0, tzinfo=ZoneInfo(zone))  # a Monday morning
    response = engine.search(SearchRequest(need=q.need, place=q.place), now=at)
    return [[s.service_id for s in r.services] for r in response.results[:10]]


def baseline(engine: SearchEngine, q: Query) -> list[list[str]]:
    """Names only: rapidfuzz of the query against the names nearby, best first."""
    place = engine.resolve(SearchRequest(need=q.need, place=q.place)).best
    if place is None:
        return []
    frame = candidates(engine.store.con, place.lat, place.lon, 25 * 1609.344, None, limit=5000)
    if frame.empty:
        return []
    scores = process.cdist([q.need.lower()], frame["name_text"].fillna("").tolist(),
                           scorer=fuzz.token_set_ratio)[0]
    order = np.lexsort((frame["meters"].to_numpy(), -scores))
    places: dict[str, list[str]] = {}
    for i in order:
        places.setdefault(frame["location_id"].iloc[i], []).append(frame["service_id"].iloc[i])
        if len(places) == 10:
            break
    return list(places.values())


def judge(store: Store, results: list[list[str]], q: Query) -> list[bool]:
    return [relevant(service_text(store.con, ids), q) for ids in results]


def p_at_5(hits: list[bool], pooled: int) -> float:
    return sum(hits[:5]) / min(5, pooled) if pooled else 0.0


def ndcg_10(hits: list[bool], pooled: int) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, h in enumerate(hits[:10]) if h)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(10, pooled)))
    return dcg / ideal if ideal else 0.0


def run(store: Store, engine: SearchEngine, name: str, show: bool) -> list[dict]:  # type: ignore[type-arg]
    rows = []
    for q in QUERIES[name]:
        t0 = time.perf_counter()
        mine = ours(engine, q, ZONES[name])
        ms = (time.perf_counter() - t0) * 1000
        base = baseline(engine, q)
        h_ours, h_base = judge(store, mine, q), judge(store, base, q)
        pooled_ids = {ids[0] for ids, h in zip(mine + base, h_ours + h_base, strict=True) if h}
        pooled = len(pooled_ids)
        row = {"dir": name, "class": q.klass, "need": q.need, "ms": ms, "judged": pooled > 0,
               "p5": p_at_5(h_ours, pooled), "ndcg": ndcg_10(h_ours, pooled),
               "p5_base": p_at_5(h_base, pooled), "ndcg_base": ndcg_10(h_base, pooled)}
        rows.append(row)
        if show:
            print(f"  {name:<6} {q.klass:<10} {q.need[:36]:<36} @ {q.place:<6} "
                  f"P@5 {row['p5']:.2f} nDCG {row['ndcg']:.2f}   "
                  f"(names {row['p5_base']:.2f} {row['ndcg_base']:.2f})  {ms:4.0f} ms")
    return rows


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


def report(rows: list[dict]) -> None:  # type: ignore[type-arg]
    groups: dict[str, list[dict]] = defaultdict(list)  # type: ignore[type-arg]
    for r in rows:
        if not r["judged"]:
            continue
        groups[f"dir {r['dir']}"].append(r)
        groups[f"class {r['class']}"].append(r)
        groups["all"].append(r)
    order = [f"dir {d}" for d in QUERIES] + [f"class {c}" for c in CLASSES] + ["all"]
    print(f"\n{'':<18} {'n':>3}  {'P@5':>5} {'nDCG@10':>8}   {'names P@5':>9} {'nDCG@10':>8}")
    for key in order:
        g = groups.get(key, [])
        print(f"{key:<18} {len(g):>3}  {_mean([r['p5'] for r in g]):5.3f} "
              f"{_mean([r['ndcg'] for r in g]):8.3f}   {_mean([r['p5_base'] for r in g]):9.3f} "
              f"{_mean([r['ndcg_base'] for r in g]):8.3f}")
    unjudged = [f"{r['dir']}: {r['need']}" for r in rows if not r["judged"]]
    if unjudged:
        print(f"not judged (no relevant place found by either system): {'; '.join(unjudged)}")
    ms = sorted(r["ms"] for r in rows)
    print(f"\nsearch time per query (whole search, small directories): median "
          f"{ms[len(ms) // 2]:.0f} ms, p95 {ms[int(len(ms) * 0.95)]:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", default=str(REPO.parent / "shared" / "data"))
    parser.add_argument("--show", action="store_true", help="one line per query")
    args = parser.parse_args()
    vocab, gaz = load_vocabulary(), Gazetteer.build()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in QUERIES:
            store = Store.open(Path(tmp) / f"{name}.duckdb")
            load_directory(store, Path(args.shared), name)
            engine = SearchEngine(store, vocab, gaz)
            engine.warm()
            rows += run(store, engine, name, args.show)
            store.close()
    report(rows)


if __name__ == "__main__":
    main()
