"""Search bench: p50/p95 of whole searches over a directory of about 1,000,000 locations.

Run: ``PYTHONPATH=. python bench/search.py [--locations 1000000] [--queries 200] [--rebuild]``

The directory: the real shared records (DC 211 AIRS export, both Ohana sets, the Denver
demo), loaded through their loaders into a seed store, then replicated in SQL (ids made
unique per copy with a ``~k`` suffix) with every location moved to one of the 300 US
cities with the most ZIP codes (a stand-in for the largest cities: the ``zipcodes``
package has no population) and jittered up to about 10 km; then the derived refresh
(:func:`resources.pipeline.refresh.after_load`). The store is cached as
``bench/output/search-v<VERSION>-<n>.duckdb`` (gitignored); ``--rebuild`` forces a build.

The engine reads the search index into memory on its first search (timed and sized apart:
the app pays it once per store version). Queries: a random city ZIP x a need (shelter, food, detox, clinic ...), half with
"open now", timed end to end through :meth:`SearchEngine.search` (place, need, candidates,
hours, filters, ranking, results with phones and hours, hotlines). Baseline in the same
run: a naive full scan (rapidfuzz over every name + distance to every point) on a 100,000
row sample, extrapolated linearly to the directory size (labelled as such).

``--cli``: also time ``resources search ... --json`` as a whole process (what another
program calling the command line pays: Python start, imports, store, gazetteer, search),
median of a few runs, beside the same command with an empty gazetteer cache (the gazetteer
built in the process, as every run did before the cache).

``--unmapped``: the same directory with every service's categories emptied, so the
sources' category text is left only as plain taxonomy terms the vocabulary does not map
(what a new directory looks like): searches then rest on the full-text signal. It prints
how many results the median lay query returns beside the timings.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from resources.geo.places import Gazetteer
from resources.geo.zips import zip_centroids
from resources.pipeline.load import load_path
from resources.pipeline.refresh import after_load
from resources.search.engine import SearchEngine, SearchRequest
from resources.store import Store, lookup_sql
from resources.store.schema import HSDS_TABLES, ID_COLUMNS, LOOKUP_INDEXES
from resources.vocab.needs import load_vocabulary

VERSION = "5"  # 3: full-text index (search_text, fts); 4: schema 4 (hours_unclear, postings);
# 5: lookup (ART) indexes on the id and link columns (resources.store.lookup_sql)
REPO = Path(__file__).resolve().parent.parent
NEEDS = ["shelter", "food", "detox", "clinic", "food pantry", "emergency shelter",
         "mental health", "dental", "legal aid", "housing"]
SHARED_TABLES = ("taxonomy", "taxonomy_term")  # one copy: every replica points at them
REPLICATED = ("organization", "service", "location", "service_at_location", "address", "phone",
              "schedule", "language", "attribute", "accessibility", "cost_option")


def seed_sources(shared: Path) -> list[Path]:
    found = [shared / "dc-211-airs-export" / "211.csv", shared / "ohana-api-sample",
             shared / "ohana-smc-2014", REPO / "data" / "raw" / "demo-denver"]
    return [p for p in found if p.exists()]


def cities(n: int = 300) -> pd.DataFrame:
    """The ``n`` cities with the most ZIP codes: mean point, one ZIP, IANA zone."""
    import zipcodes

    rows = pd.DataFrame(zipcodes.list_all())
    rows = rows[rows["zip_code_type"] == "STANDARD"]
    table = zip_centroids()
    rows = rows[rows["zip_code"].isin(list(table))]
    rows["lat"] = [table[z][0] for z in rows["zip_code"]]
    rows["lon"] = [table[z][1] for z in rows["zip_code"]]
    top = (rows.groupby(["city", "state"])
           .agg(n=("zip_code", "size"), lat=("lat", "mean"), lon=("lon", "mean"),
                zip=("zip_code", "first"), zone=("timezone", "first"))
           .sort_values("n", ascending=False).head(n).reset_index())
    top["k"] = np.arange(len(top))
    return top


def _replicate_sql(table: str, copies: int) -> str:
    """SELECT of ``seed.table`` x copies with ids suffixed ``~k`` (location: moved)."""
    ids = [c.name for c in HSDS_TABLES[table]
           if c.name in ID_COLUMNS and c.name not in ("taxonomy_term_id", "taxonomy_id")]
    repl = [f"{c} || '~' || r.k AS {c}" for c in ids]
    if table == "location":
        repl += ["c.lat + (CAST(hash(t.id, r.k) % 2000 AS INTEGER) - 1000) / 10000.0 "
                 "AS latitude",
                 "c.lon + (CAST(hash(t.id, r.k, 1) % 2000 AS INTEGER) - 1000) / 10000.0 "
                 "AS longitude",
                 "NULL AS geom", "'exact' AS geo_precision", "c.zone AS timezone"]
        join = "JOIN _cities c ON c.k = (hash(t.id) % 300 + r.k) % 300"
    else:
        join = ""
    return (f'SELECT t.* REPLACE ({", ".join(repl)}) FROM seed."{table}" t, '
            f"range({int(copies)}) r(k) {join}")


def build(path: Path, shared: Path, locations: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / "seed.duckdb"
        with Store.open(seed) as store:
            for src in seed_sources(shared):
                load_path(store, src, source_id=src.stem)
            located = store.scalar("SELECT count(*) FROM location WHERE geom IS NOT NULL")
        copies = max(1, -(-locations // int(located)))
        tmp_db = path.with_suffix(".tmp")
        tmp_db.unlink(missing_ok=True)
        with Store.open(tmp_db) as store:
            con = store.con
            con.execute(f"ATTACH '{seed}' AS seed (READ_ONLY)")
            con.register("_cities", cities())
            lookup_sql.drop(con, LOOKUP_INDEXES)  # built in bulk once the rows are in
            with store.transaction():
                for table in SHARED_TABLES:
                    con.execute(f'INSERT INTO "{table}" SELECT * FROM seed."{table}"')
                for table in REPLICATED:
                    con.execute(f'INSERT INTO "{table}" {_replicate_sql(table, copies)}')
                con.execute("DELETE FROM location WHERE latitude IS NULL")
                con.execute("UPDATE location SET geom = ST_Point(longitude, latitude)")
                con.execute("INSERT INTO service_area SELECT * FROM seed.service_area")
            con.execute("DETACH seed")
            start = time.perf_counter()
            after_load(store)
            print(f"  derived refresh: {time.perf_counter() - start:.1f} s", flush=True)
            start = time.perf_counter()
            built = lookup_sql.ensure(con)
            print(f"  {built} lookup indexes: {time.perf_counter() - start:.1f} s", flush=True)
            con.execute("CHECKPOINT")
        tmp_db.rename(path)


def unmapped(path: Path, source: Path) -> None:
    """A copy of the bench store with no mapped categories (search index rebuilt)."""
    from resources.store.search_sql import rebuild_search_index

    tmp_db = path.with_suffix(".tmp")
    tmp_db.unlink(missing_ok=True)
    import shutil

    shutil.copyfile(source, tmp_db)
    with Store.open(tmp_db) as store:
        store.con.execute("UPDATE service SET categories = []::VARCHAR[]")
        rebuild_search_index(store.con)
        store.con.execute("CHECKPOINT")
    tmp_db.rename(path)


def queries(n: int, seed: int = 7) -> list[SearchRequest]:
    rng = np.random.default_rng(seed)
    top = cities()
    out = []
    for i in range(n):
        city = top.iloc[int(rng.integers(len(top)))]
        out.append(SearchRequest(need=NEEDS[int(rng.integers(len(NEEDS)))], place=city["zip"],
                                 open_mode="now" if i % 2 else "any"))
    return out


def naive_ms(store: Store, query: SearchRequest, sample: int = 100_000) -> tuple[float, float]:
    """Full scan over a sample: fuzzy score of every name + distance to every point;
    returns (ms on the sample, ms extrapolated to the whole directory)."""
    from rapidfuzz import fuzz, process

    total = int(store.scalar("SELECT count(*) FROM search_index"))
    rows = store.df(f"SELECT name_text, latitude, longitude FROM search_index "
                    f"USING SAMPLE {sample} ROWS")
    lat0, lon0 = zip_centroids()[query.place]
    start = time.perf_counter()
    scores = process.cdist(rows["name_text"].fillna("").tolist(), [query.need],
                           scorer=fuzz.WRatio, workers=-1)[:, 0]
    lat, lon = np.radians(rows["latitude"].to_numpy()), np.radians(rows["longitude"].to_numpy())
    dlat, dlon = lat - np.radians(lat0), lon - np.radians(lon0)
    a = np.sin(dlat / 2) ** 2 + np.cos(lat) * np.cos(np.radians(lat0)) * np.sin(dlon / 2) ** 2
    km = 6371 * 2 * np.arcsin(np.sqrt(a))
    order = np.lexsort((km, -scores))[:10]
    assert len(order)
    ms = (time.perf_counter() - start) * 1000
    return ms, ms * total / len(rows)


def cli_runs(path: Path, reqs: list[SearchRequest], cold: bool) -> list[float]:
    """Wall ms of ``resources search NEED --near ZIP --json`` as a whole process, per query
    (``cold``: each run with an empty gazetteer cache directory)."""
    import subprocess

    out = []
    for req in reqs:
        env = dict(os.environ, PYTHONPATH=str(REPO))
        with tempfile.TemporaryDirectory() as cache:
            if cold:
                env["RESOURCES_CACHE"] = cache
            cmd = [sys.executable, "-m", "resources.cli", "--db", str(path), "search", req.need,
                   "--near", str(req.place), "--json"]
            start = time.perf_counter()
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
            out.append((time.perf_counter() - start) * 1000)
            if done.returncode not in (0, 3) or '"results"' not in done.stdout:
                raise SystemExit(f"CLI search failed: {done.stderr[-500:]}")
    return out


def _pct(samples: list[float]) -> str:
    return (f"p50 {statistics.median(samples):7.1f} ms   p95 {np.percentile(samples, 95):7.1f} ms"
            f"   max {max(samples):7.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locations", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--shared", type=Path,
                        default=Path(os.environ.get("RESOURCES_SHARED_DATA", "/work/shared/data")))
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--cli", action="store_true",
                        help="also time `resources search --json` as a whole process")
    parser.add_argument("--unmapped", action="store_true",
                        help="the same directory with no mapped categories (text only)")
    args = parser.parse_args(argv)
    path = REPO / "bench" / "output" / f"search-v{VERSION}-{args.locations}.duckdb"
    path.parent.mkdir(parents=True, exist_ok=True)
    if args.rebuild or not path.exists():
        path.unlink(missing_ok=True)
        start = time.perf_counter()
        print(f"building {path.name} ...", flush=True)
        build(path, args.shared, args.locations)
        print(f"  built in {time.perf_counter() - start:.1f} s, {path.stat().st_size / 1e9:.2f} GB",
              flush=True)
    if args.unmapped:
        mapped, path = path, path.with_name(path.stem + "-unmapped.duckdb")
        if args.rebuild or not path.exists():
            path.unlink(missing_ok=True)
            print(f"building {path.name} ...", flush=True)
            unmapped(path, mapped)
    store = Store.open(path, read_only=True)
    engine = SearchEngine(store, load_vocabulary(), Gazetteer.build())
    size = store.scalar("SELECT count(DISTINCT location_id) FROM search_index")
    rows = store.scalar("SELECT count(*) FROM search_index")
    reqs = queries(args.queries)
    now = datetime.now(UTC)
    start = time.perf_counter()
    engine.warm()  # what the app does in the background when it opens a store
    engine.search(reqs[0], now=now)  # warm-up: address index, caches
    warm = time.perf_counter() - start
    index = engine.candidates.get()
    print(f"engine warm-up (in-memory candidate index of {len(index):,} rows, "
          f"{index.table.nbytes / 1e9:.2f} GB, and caches): {warm:.1f} s")
    wall, steps, statuses, counts = [], [], [], []
    for req in reqs:
        start = time.perf_counter()
        resp = engine.search(req, now=now)
        wall.append((time.perf_counter() - start) * 1000)
        steps.append(resp.timings_ms)
        statuses.append(resp.status)
        counts.append(len(resp.results))
    print(f"{size:,} locations ({rows:,} service rows in the search index), "
          f"{len(reqs)} queries: {pd.Series(statuses).value_counts().to_dict()}")
    print(f"  SearchEngine.search, end to end:     {_pct(wall)}   (target p95 < 50 ms)")
    print(f"  results per query: median {statistics.median(counts):.0f}, "
          f"fewer than 10: {sum(c < 10 for c in counts)} of {len(counts)}"
          + ("   (no mapped categories)" if args.unmapped else ""))
    for part, label in (("any", "without open-now"), ("now", "with open-now")):
        sub = [w for w, r in zip(wall, reqs, strict=True) if r.open_mode == part]
        print(f"    {label:<33}{_pct(sub)}")
    marks = pd.DataFrame(steps)
    if not marks.empty:
        gaps = marks.ffill(axis=1).diff(axis=1).fillna(marks)
        print("  median ms per step: " + ", ".join(
            f"{c} {gaps[c].median():.1f}" for c in gaps.columns))
    if args.cli:
        from resources.geo.places import Gazetteer as _Gaz

        _Gaz.load()  # the cache a first run leaves behind
        warm_cli = cli_runs(path, reqs[:7], cold=False)
        cold_cli = cli_runs(path, reqs[:3], cold=True)
        print(f"  `resources search --json`, whole process: median "
              f"{statistics.median(warm_cli):.0f} ms (max {max(warm_cli):.0f}) of {len(warm_cli)}; "
              f"baseline, gazetteer built in the process (empty cache): median "
              f"{statistics.median(cold_cli):.0f} ms of {len(cold_cli)}   (target well under 1 s)")
    naive = [naive_ms(store, r) for r in reqs[:10]]
    print(f"  baseline: naive full scan, measured on a 100,000-row sample: "
          f"median {statistics.median(n[0] for n in naive):.0f} ms; extrapolated to "
          f"{rows:,} rows: median {statistics.median(n[1] for n in naive):.0f} ms")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
