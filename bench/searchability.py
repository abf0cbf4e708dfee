"""Searchability of every real shared directory: the table issue 16 asks for.

Run: ``PYTHONPATH=. python bench/searchability.py [--shared PATH] [--markdown]``

Loads each shared public dataset the loaders list (``bench_cases``) into its own in-memory
store through the one load entry point (:func:`resources.pipeline.load.load_path`) and
prints its searchability report in one row: the source rows that describe a service, the
services, where they are (exact / approximate / none, and how many of those without a point
are reached by the area they serve), how many a need reaches, hours understood, private
records, and the share of service rows that are searchable against the 95 % target. The
baseline in the same run is the share of services that have a point at all (what a search
reached before services were found by the area they serve).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from resources.coordinator.searchability import TARGET, report
from resources.loaders import bench_cases
from resources.pipeline.load import load_path
from resources.store import Store

HEADER = ("source", "kind", "service rows", "services", "exact", "approx", "none",
          "by area", "need", "hours", "private", "point only", "searchable", "s")


def _pct(n: int, of: int | None) -> str:
    return f"{100 * n / of:.1f} %" if of else "n/a"


def measure(kind: str, path: Path) -> tuple[str, ...]:
    start = time.perf_counter()
    with Store.open(":memory:") as store:
        load_path(store, path, kind=kind, source_id="s")
        [rep] = report(store, "s")
    rows = rep.service_rows if rep.service_rows is not None else rep.services
    located = rep.located_exact + rep.located_approximate
    flag = "" if rep.share is None or rep.share >= TARGET else " !!"
    return (path.name if path.name not in ("input", "output", "csv") else
            f"{path.parent.name}/{path.name}", kind, f"{rows:,}", f"{rep.services:,}",
            f"{rep.located_exact:,}", f"{rep.located_approximate:,}", f"{rep.located_none:,}",
            f"{rep.by_area:,}", _pct(rep.reachable, rep.services),
            _pct(rep.hours_understood, rep.services), f"{rep.private_records:,}",
            _pct(located, rows), _pct(rep.searchable, rows) + flag,
            f"{time.perf_counter() - start:.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    if not args.shared.is_dir():
        print(f"no shared data at {args.shared}", file=sys.stderr)
        return 2
    rows = [measure(kind, path) for kind, path in bench_cases(args.shared)]
    if args.markdown:
        print("| " + " | ".join(HEADER) + " |")
        print("|" + "---|" * len(HEADER))
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(r[i]) for r in [HEADER, *rows]) for i in range(len(HEADER))]
        for row in [HEADER, *rows]:
            print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    print(f"searchable: services at a located place or reached by their area, per source row "
          f"that describes a service (target {TARGET:.0%}); point only: the baseline, "
          "services with a point")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
