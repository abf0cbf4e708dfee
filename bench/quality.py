"""Search quality: precision@5 over the specialist query suite (tests/search_cases.py).

    python bench/quality.py [--shared ../shared/data]

Builds a store with the demo directory, and one with the real DC 211 export and the HIFLD
hospitals, runs every case, and prints precision@5 per case, per dataset and overall,
beside a baseline in the same run: plain nearest-first (the same candidates ordered by
distance alone, with no need matching), which is what a map of "everything nearby" gives.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from resources.loaders import load_path  # noqa: E402
from resources.needs import load_vocabulary  # noqa: E402
from resources.places import Gazetteer  # noqa: E402
from resources.search import SearchEngine  # noqa: E402
from resources.store import Store  # noqa: E402
from resources.store.search_sql import candidates  # noqa: E402
from tests.search_cases import (  # noqa: E402
    CASES,
    REAL_CASES,
    precision_at_5,
    relevant,
    request_for,
)


class _Row:
    def __init__(self, categories: list[str], name: str) -> None:
        self.categories, self.name, self.organization, self.services = categories, name, "", []


def _baseline(engine: SearchEngine, case) -> float:  # type: ignore[no-untyped-def]
    request, _ = request_for(case)
    place = engine.resolve(request)
    if place.best is None:
        return 0.0
    frame = candidates(engine.store.con, place.best.lat, place.best.lon, 8000, None, limit=200)
    frame = frame.drop_duplicates("location_id").head(5)
    rows = [_Row(list(c), n) for c, n in zip(frame["categories"], frame["service_name"],
                                               strict=True)]
    return sum(relevant(r, case) for r in rows) / len(rows) if rows else 0.0


def run(engine: SearchEngine, cases: list, label: str) -> tuple[list[float], list[float]]:  # type: ignore[type-arg]
    ours, base = [], []
    for case in cases:
        if case.expect_status != "ok":
            continue
        request, at = request_for(case)
        response = engine.search(request, now=at)
        p = precision_at_5(response.results, case)
        b = _baseline(engine, case)
        ours.append(p)
        base.append(b)
        print(f"  {label:<5} {case.need[:38]:<38} @ {case.place[:22]:<22} p@5 {p:.2f}  "
              f"(nearest-first {b:.2f})")
    return ours, base


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", default=str(REPO.parent / "shared" / "data"))
    args = parser.parse_args()
    vocab, gaz = load_vocabulary(), Gazetteer.build()
    with tempfile.TemporaryDirectory() as tmp:
        demo = Store.open(Path(tmp) / "demo.duckdb")
        load_path(demo, REPO / "data" / "raw" / "demo-denver", source_id="demo-denver")
        o1, b1 = run(SearchEngine(demo, vocab, gaz), CASES, "demo")
        real = Store.open(Path(tmp) / "real.duckdb")
        shared = Path(args.shared)
        load_path(real, shared / "dc-211-airs-export" / "211.csv")
        load_path(real, shared / "hifld-hospitals" / "Hospitals.csv")
        o2, b2 = run(SearchEngine(real, vocab, gaz), REAL_CASES, "real")
    mean = lambda xs: sum(xs) / len(xs) if xs else 0.0  # noqa: E731
    print(f"\nprecision@5  demo: {mean(o1):.3f} over {len(o1)} queries "
          f"(nearest-first baseline {mean(b1):.3f})")
    print(f"precision@5  real: {mean(o2):.3f} over {len(o2)} queries "
          f"(nearest-first baseline {mean(b2):.3f})")
    print(f"precision@5  all:  {mean(o1 + o2):.3f} over {len(o1 + o2)} queries "
          f"(nearest-first baseline {mean(b1 + b2):.3f})")


if __name__ == "__main__":
    main()
