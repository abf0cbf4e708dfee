"""Which hotlines cover a caller: county-coverage lookup over every US county.

    PYTHONPATH=. python bench/coverage.py [--points 300]

Builds an in-memory store with one hotline per county (3,220), one per state (52) and one
national line, loaded through the hotlines-csv loader; then times, for random points in the
contiguous US: what a search calls (:class:`resources.search.hotlines.HotlineIndex`: the store's
``hotline_index`` read once into a shapely STRtree), the same answer in SQL
(``hotlines_covering``: bounding-box columns, then ``ST_Intersects`` on the few boxes that
hold the point, with phones and topics), the spatial step alone with the R-tree over ``service_area``
(``covering_areas``), and two baselines in the same run: that SQL on a copy of the table
without the R-tree, and a shapely loop over all polygons. Both paths must find the same
hotlines for every point (checked).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import shapely

from resources.pipeline.load import load_path
from resources.search.hotlines import HotlineIndex
from resources.store import Store
from resources.store.boundaries_sql import _point_sql, ensure_boundaries
from resources.store.hotlines_sql import _HITS, covering_areas, hotlines_covering

HEADER = "id,name,phone,hours,topics,coverage_type,coverage_codes\n"


def _directory(store: Store, folder: Path) -> Path:
    counties = store.df("SELECT code FROM boundary WHERE kind='county'")["code"]
    states = store.df("SELECT code FROM boundary WHERE kind='state'")["code"]
    rows = [f"c{c},County line {c},(303) 555-0100,24/7,mental_health,counties,{c}"
            for c in counties]
    rows += [f"s{s},State line {s},(303) 555-0101,24/7,suicide,states,{s}" for s in states]
    rows.append("us,National line,988,24/7,suicide,national,US")
    path = folder / "bench_hotlines.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n")
    return path


def _ms(samples: list[float]) -> str:
    return (f"median {statistics.median(samples):6.2f} ms, "
            f"p95 {np.percentile(samples, 95):6.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    lats = rng.uniform(25.0, 49.0, args.points)
    lons = rng.uniform(-124.0, -67.0, args.points)

    store = Store.open(":memory:")
    ensure_boundaries(store.con)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = load_path(store, _directory(store, Path(tmp)), source_id="bench")
        load_s = time.perf_counter() - start
    print(f"loaded {result.counts['service']} hotlines ({result.counts['service_area']} areas) "
          f"in {load_s:.1f} s: {result.counts['service'] / load_s:,.0f} rows/s")

    con = store.con
    covering_areas(con, 39.74, -104.99)  # warm up
    spatial, full, hits = [], [], 0
    for lat, lon in zip(lats, lons, strict=True):
        t = time.perf_counter()
        ids, in_us = covering_areas(con, lat, lon)
        spatial.append((time.perf_counter() - t) * 1000)
        hits += len(ids) + int(in_us)
    start = time.perf_counter()
    index = HotlineIndex.from_store(store)
    index_ms = (time.perf_counter() - start) * 1000
    memory = []
    for lat, lon in zip(lats, lons, strict=True):
        t = time.perf_counter()
        index.covering(lat, lon)
        memory.append((time.perf_counter() - t) * 1000)
    by_area = dict(con.execute("SELECT id, service_id FROM service_area").fetchall())
    for lat, lon in zip(lats, lons, strict=True):
        t = time.perf_counter()
        found = hotlines_covering(con, lat, lon)
        full.append((time.perf_counter() - t) * 1000)
        ids, in_us = covering_areas(con, lat, lon)
        expected = {by_area[i] for i in ids} | ({"bench/us"} if in_us else set())
        assert set(found["service_id"]) == expected, (lat, lon)
        assert [r["service_id"] for r in index.covering(lat, lon)] == list(found["service_id"])

    con.execute("CREATE TABLE sa_noindex AS SELECT * FROM service_area")
    no_index = []
    for lat, lon in zip(lats[:60], lons[:60], strict=True):
        env, pt = _point_sql(lat, lon)
        t = time.perf_counter()
        con.execute(_HITS.format(env=env, pt=pt).replace("FROM service_area",
                                                         "FROM sa_noindex")).fetchall()
        no_index.append((time.perf_counter() - t) * 1000)

    wkb = con.execute("SELECT ST_AsWKB(geom) FROM service_area "
                      "WHERE coverage_kind <> 'national'").fetchall()
    polys = shapely.from_wkb([bytes(w[0]) for w in wkb])
    loop = []
    for lat, lon in zip(lats[:30], lons[:30], strict=True):
        point = shapely.Point(lon, lat)
        t = time.perf_counter()
        [i for i, poly in enumerate(polys) if poly.contains(point)]
        loop.append((time.perf_counter() - t) * 1000)

    print(f"{args.points} random points, {hits / args.points:.1f} covering areas per point")
    print(f"  HotlineIndex.covering (what a search calls): {_ms(memory)}   "
          f"(target well under 10 ms; index built once per store in {index_ms:.0f} ms)")
    print(f"  hotlines_covering, the same in SQL:      {_ms(full)}")
    print(f"  R-tree, spatial step (covering_areas):   {_ms(spatial)}")
    print(f"  baseline: same SQL without the R-tree:   {_ms(no_index)}")
    print(f"  baseline: shapely loop over {len(polys)} polys: {_ms(loop)}")
    store.close()


if __name__ == "__main__":
    main()
