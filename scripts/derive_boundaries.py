"""Derive the packaged US state and county boundaries from the shared public files.

    PYTHONPATH=. python scripts/derive_boundaries.py [--shared ../shared/data]  (or $RESOURCES_SHARED_DATA) [--tolerance 0.005]

Reads ``geo-us-counties/geojson-counties-fips.json`` (3,220 counties, id = 5-digit FIPS)
and ``geo-us-states/us-states.json`` (state names), simplifies the county polygons as a
*coverage* (shared borders simplified once, so neighbours keep meeting without gaps or
overlaps), dissolves them by state (so a point in a county is always in its state) and
writes ``resources/data/boundaries/us_{states,counties}.parquet`` (kind, code, state_fips,
name, geom as WKB) with DuckDB, so reading them needs no pyarrow.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import duckdb
import pandas as pd
import shapely

from resources.store.boundaries_sql import PACKAGED, STATES

REPO = Path(__file__).resolve().parent.parent
LSAD = {"County": "County", "Parish": "Parish", "city": "city", "Borough": "Borough",
        "CA": "Census Area", "Cty&Bor": "City and Borough", "Muno": "Municipio",
        "Muny": "Municipality", "": ""}
GRID = 1e-5  # coordinate precision kept (about 1 m): plenty after a 0.005 deg simplification


def _features(path: Path) -> list[dict]:
    return json.loads(path.read_bytes().decode("utf-8"))["features"]


def derive(shared: Path, tolerance: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    feats = _features(shared / "geo-us-counties" / "geojson-counties-fips.json")
    props = pd.DataFrame([f["properties"] for f in feats])
    geoms = shapely.make_valid(shapely.from_geojson([json.dumps(f["geometry"]) for f in feats]))
    simple = shapely.coverage_simplify(geoms, tolerance, simplify_boundary=True)
    simple = shapely.set_precision(simple, GRID)
    bad = ~shapely.is_valid(simple) | shapely.is_empty(simple)
    simple[bad] = shapely.set_precision(geoms[bad], GRID)  # tiny islands: keep the original
    suffix = props["LSAD"].map(LSAD).fillna(props["LSAD"])
    counties = pd.DataFrame({
        "kind": "county", "code": [f["id"] for f in feats], "state_fips": props["STATE"],
        "name": (props["NAME"] + " " + suffix).str.strip(), "geom": simple,
    })
    state_names = {f["id"]: f["properties"]["name"] for f in _features(
        shared / "geo-us-states" / "us-states.json")}
    rows = []
    for fips, group in counties.groupby("state_fips"):
        usps, name = STATES[fips]
        if fips in state_names and state_names[fips] != name:
            raise SystemExit(f"state {fips}: name {state_names[fips]!r} != {name!r}")
        rows.append({"kind": "state", "code": usps, "state_fips": fips, "name": name,
                     "geom": shapely.set_precision(shapely.coverage_union_all(group["geom"]), GRID)})
    return pd.DataFrame(rows), counties


def write(frame: pd.DataFrame, path: Path) -> None:
    out = frame.assign(geom=shapely.to_wkb(frame["geom"].to_numpy()))
    con = duckdb.connect()
    con.register("f", out)
    con.execute(f"COPY (SELECT * FROM f ORDER BY code) TO '{path}' "
                "(FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 19)")
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get(
        "RESOURCES_SHARED_DATA", REPO.parent / "shared" / "data")))
    parser.add_argument("--tolerance", type=float, default=0.005)
    args = parser.parse_args()
    states, counties = derive(args.shared, args.tolerance)
    PACKAGED.mkdir(parents=True, exist_ok=True)
    for frame, name in ((states, "us_states.parquet"), (counties, "us_counties.parquet")):
        write(frame, PACKAGED / name)
        vertices = int(shapely.get_num_coordinates(frame["geom"].to_numpy()).sum())
        size = (PACKAGED / name).stat().st_size
        print(f"{name}: {len(frame)} features, {vertices} vertices, {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
