"""Load benchmark: every shared dataset through every registered loader, plus a 100x AIRS file.

Run: ``PYTHONPATH=. python bench/load.py [--copies 100] [--shared PATH]``

Convention: each loader module may define ``bench_cases(shared: Path) -> list[tuple[str,
Path]]`` returning ``(kind, path)`` pairs of the shared datasets it should be timed on
(``shared`` is the ``shared/data`` folder). This script imports the registry
(:data:`resources.loaders.LOADERS`), calls ``bench_cases`` of every loader module that has
one, and loads each case into a temporary file store, timing the loader stages (read,
normalize, write: the "load" figure the 50k rows/s target applies to) and, separately,
load plus the derived refresh run after every load (service areas, hours, search index).
It then builds a replicated AIRS export (``--copies`` copies of the DC 211 file, ids made
unique per copy, coordinates jittered) and times it against a naive row-by-row baseline
(``csv.DictReader`` + one ``INSERT`` per row via DuckDB ``executemany``) on the same rows.

Two floors are timed on the same file in the same run, to show how fast any loader of this
store could be on this machine: reading the CSV with nothing else (pyarrow, every cell as
text, quoted newlines allowed), and DuckDB writing the very records the loader produced
into a fresh store file with no work at all (``CREATE TABLE AS`` from the Arrow tables: no
casts, ids, hashes, geometry or indexes). Their sum bounds the rows/s from above.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from resources.loaders import LOADERS, bench_cases, get_loader
from resources.loaders._clean import sha256_of
from resources.pipeline.refresh import after_load
from resources.records import SourceMeta
from resources.store import Store
from resources.store.write import HSDS_TABLES, _prepare, write_source

REPO = Path(__file__).resolve().parent.parent


def replicate_airs(src: Path, out: Path, copies: int) -> int:
    rows = pd.read_csv(src, dtype=str, keep_default_na=False)
    rng = np.random.default_rng(7)
    parts = []
    for k in range(copies):
        c = rows.copy()
        for col in ("ResourceAgencyNum", "ParentAgencyNum"):
            v = c[col].str.strip()
            c[col] = np.where(v.isin(["", "0"]), v, v + f"-{k}")
        for col in ("Latitude", "Longitude"):
            num = pd.to_numeric(c[col], errors="coerce")
            jit = num + rng.uniform(-0.02, 0.02, len(c))
            c[col] = jit.round(6).astype(str).where(num.notna(), c[col])
        parts.append(c)
    big = pd.concat(parts, ignore_index=True)
    big.to_csv(out, index=False)
    return len(big)


def timed_load(kind: str, path: Path, db: Path) -> tuple[int, float, float]:
    """(rows, seconds for the loader stages, seconds including the derived refresh)."""
    loader = get_loader(kind)
    with Store.open(db) as store:
        start = time.perf_counter()
        batch = loader.normalize(loader.read(path))
        loader.finish(store, batch)
        meta = SourceMeta(f"bench-{path.stem}", kind, str(path), sha256_of(path))
        write_source(store, meta, batch)
        loaded = time.perf_counter() - start
        after_load(store, meta.id)
        return batch.rows_read, loaded, time.perf_counter() - start


def read_floor(path: Path) -> float:
    """Seconds to read the CSV and nothing else (the loader's own reader does more: it
    checks the encoding and line endings and maps the header)."""
    start = time.perf_counter()
    table = pacsv.read_csv(
        path, parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(strings_can_be_null=False,
                                             column_types=_all_text(path)))
    assert table.num_rows > 0
    return time.perf_counter() - start


def _all_text(path: Path) -> dict[str, pa.DataType]:
    with path.open(newline="", encoding="utf-8") as handle:
        return dict.fromkeys(next(csv.reader(handle)), pa.string())


def write_floor(kind: str, path: Path, db: Path) -> tuple[int, float]:
    """(records, seconds) for DuckDB to write the records the loader produced from
    ``path`` into a fresh store file, with no work: one ``CREATE TABLE AS`` per table
    from its Arrow table (geometry columns left out), in one transaction."""
    loader = get_loader(kind)
    batch = loader.normalize(loader.read(path))
    tables = {t: _prepare(t, f) for t, f in batch.tables.items() if t in HSDS_TABLES and len(f)}
    tables = {t: a.drop_columns([c for c in ("geom",) if c in a.column_names])
              for t, a in tables.items()}
    con = duckdb.connect(str(db))
    try:
        con.execute("SET enable_progress_bar = false")
        start = time.perf_counter()
        con.execute("BEGIN")
        for name, arrow in tables.items():
            con.register("_incoming", arrow)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _incoming')
            con.unregister("_incoming")
        con.execute("COMMIT")
        return sum(a.num_rows for a in tables.values()), time.perf_counter() - start
    finally:
        con.close()


def naive_baseline(path: Path, db: Path) -> tuple[int, float]:
    """Row by row: DictReader, one INSERT per row into service / location / phone."""
    with Store.open(db) as store:
        con = store.con
        start = time.perf_counter()
        svc, loc, phone = [], [], []
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                rid = row["ResourceAgencyNum"].strip()
                svc.append((f"naive/{rid}", row["PublicName"].strip() or None,
                            row["AgencyStatus"].strip().lower() or None,
                            row["AgencyDescription"].strip() or None, "naive", rid))
                lat, lon = row["Latitude"].strip(), row["Longitude"].strip()
                loc.append((f"naive/{rid}", float(lat) if lat else None,
                            float(lon) if lon else None, "naive", rid))
                if row["Phone1Number"].strip():
                    phone.append((f"naive/{rid}-p1", f"naive/{rid}",
                                  row["Phone1Number"].strip(), "naive", rid))
        con.execute("BEGIN")
        con.executemany("INSERT INTO service (id, name, status, description, source_id, "
                        "source_record_id) VALUES (?, ?, ?, ?, ?, ?)", svc)
        con.executemany("INSERT INTO location (id, latitude, longitude, source_id, "
                        "source_record_id) VALUES (?, ?, ?, ?, ?)", loc)
        con.executemany("INSERT INTO phone (id, service_id, number, source_id, "
                        "source_record_id) VALUES (?, ?, ?, ?, ?)", phone)
        con.execute("COMMIT")
        return len(svc), time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent.parent / "shared" / "data")
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--airs-only", action="store_true",
                        help="only the replicated AIRS file and its naive baseline")
    args = parser.parse_args(argv)
    shared = args.shared if args.shared.is_dir() else Path("/work/shared/data")
    table: list[tuple[str, str, int, float, float | None]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        for kind, path in [] if args.airs_only else bench_cases(shared):
            rows, secs, total = timed_load(kind, path, tmpdir / "cases.duckdb")
            table.append((kind, path.parent.name + "/" + path.name, rows, secs, total))
        src = shared / "dc-211-airs-export" / "211.csv"
        if "airs-csv" in LOADERS and src.exists():
            big = tmpdir / "airs_x.csv"
            n = replicate_airs(src, big, args.copies)
            rows, secs, total = timed_load("airs-csv", big, tmpdir / "big.duckdb")
            table.append(("airs-csv", f"211.csv x{args.copies} ({n} rows)", rows, secs, total))
            rows, secs = naive_baseline(big, tmpdir / "naive.duckdb")
            table.append(("naive row-by-row", "same file, 3 tables only", rows, secs, None))
            read_s = read_floor(big)
            records, write_s = write_floor("airs-csv", big, tmpdir / "floor.duckdb")
            table.append(("floor: read only", "same file, pyarrow, nothing else", n, read_s, None))
            table.append(("floor: write only", f"its {records:,} records, no work", n, write_s,
                          None))
            table.append(("floor: read+write", "the two floors added", n, read_s + write_s,
                          None))
    print("load = read -> normalize -> write (target >= 50,000 rows/s on the x100 AIRS file);")
    print("floor = the same file read with nothing else, and its records written by DuckDB with "
          "no work: no loader of this store can beat their sum on this machine")
    print("+ refresh = load + derived tables (service areas, hours tables, search index)")
    print(f"{'loader':<18} {'case':<40} {'rows':>9} {'load s':>7} {'rows/s':>8} "
          f"{'+refresh s':>10} {'rows/s':>8}")
    for kind, case, rows, secs, total in table:
        tail = f"{total:>10.2f} {rows / total:>8.0f}" if total else f"{'':>10} {'':>8}"
        print(f"{kind:<18} {case:<40} {rows:>9} {secs:>7.2f} {rows / secs:>8.0f} {tail}")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
