"""A coordinator's edit reaching the specialists: the targeted refresh against the whole one.

    PYTHONPATH=. python bench/edits.py [--copies 20]

Loads the real DC 211 export (``../shared/data/dc-211-airs-export/211.csv``), once and as
``--copies`` copies of itself under other ids (a city-sized directory), then times, for
services of the store: what a saved edit rebuilds now (:func:`resources.pipeline.refresh.after_edit`:
the hours and search rows of that record only) beside the baseline in the same run, the
whole rebuild every edit paid for before (:func:`resources.pipeline.refresh.after_load`). Both give
the same search rows for the edited service (checked), as tests/test_edit_reach.py checks on
a small store.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from resources.coordinator.edits import save
from resources.pipeline.load import load_path
from resources.pipeline.refresh import after_edit, after_load
from resources.store import Store

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
DC = SHARED / "dc-211-airs-export" / "211.csv"


def _copies(folder: Path, n: int) -> Path:
    frame = pd.read_csv(DC, dtype=str, keep_default_na=False)
    id_cols = ["ResourceAgencyNum", "ParentAgencyNum", "ConnectsToSiteNum", "ConnectsToProgramNum"]
    parts = []
    for k in range(n):
        part = frame.copy()
        for col in id_cols:
            part[col] = part[col].where(part[col] == "", part[col] + f"{k:03d}")
        parts.append(part)
    out = folder / "211x.csv"
    pd.concat(parts, ignore_index=True).to_csv(out, index=False)
    return out


def _rows(store: Store, sid: str) -> list[tuple]:
    return store.con.execute("SELECT * EXCLUDE (hours_rid) FROM search_index "
                             "WHERE service_id = ? ORDER BY sal_id", [sid]).fetchall()


def _measure(label: str, path: Path, edits: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(str(Path(tmp) / "s.duckdb"))
        load_path(store, path, "airs-csv", source_id="dc")
        ids = [r[0] for r in store.con.execute(
            "SELECT DISTINCT service_id FROM search_index ORDER BY service_id "
            f"LIMIT {edits}").fetchall()]
        n_index = store.scalar("SELECT count(*) FROM search_index")
        targeted, whole = [], []
        for i, sid in enumerate(ids):
            save(store, "service", sid, {"hours_text": f"Mo-Fr 09:00-1{i % 8}:00",
                                         "alert": f"bench alert {i}"}, "bench")
            t0 = time.perf_counter()
            after_edit(store, "service", [sid])
            targeted.append(time.perf_counter() - t0)
            mine = _rows(store, sid)
            if i < 3:  # the baseline is slow: a few runs, and the same rows (checked)
                t0 = time.perf_counter()
                after_load(store)
                whole.append(time.perf_counter() - t0)
                whole_rows = _rows(store, sid)
                if whole_rows != mine:
                    cols = [d[0] for d in store.con.execute(
                        "SELECT * EXCLUDE (hours_rid) FROM search_index LIMIT 0").description]
                    diff = [(c, a, b) for r1, r2 in zip(mine, whole_rows, strict=False)
                            for c, a, b in zip(cols, r1, r2, strict=True) if a != b]
                    raise SystemExit(f"targeted and whole refresh differ for {sid}: "
                                     f"{len(mine)} vs {len(whole_rows)} rows; {diff[:3]}")
        store.close()
    ms = [t * 1000 for t in targeted]
    base = statistics.median(whole) * 1000
    print(f"{label:<22} {n_index:>8,} rows   edit refresh median {statistics.median(ms):7.1f} ms"
          f"  max {max(ms):7.1f} ms   whole refresh (before) {base:8.1f} ms"
          f"   x{base / statistics.median(ms):.0f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--edits", type=int, default=15)
    args = ap.parse_args()
    if not DC.exists():
        raise SystemExit(f"needs the shared DC 211 export at {DC}")
    print("What a saved coordinator edit rebuilds before the specialists see it")
    _measure("DC 211 (real)", DC, args.edits)
    with tempfile.TemporaryDirectory() as tmp:
        _measure(f"DC 211 x{args.copies}", _copies(Path(tmp), args.copies), args.edits)


if __name__ == "__main__":
    main()
