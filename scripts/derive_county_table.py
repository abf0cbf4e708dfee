"""Derive the small packaged county and state tables used by `resources.geo.places`.

Input: ``../shared/data/geo-us-counties/geojson-counties-fips.json`` (Plotly sample datasets,
MIT licence; geometry from US Census Bureau 2010 cartographic boundary files, public domain).
Outputs (committed, so the app never needs ../shared at run time):

- ``resources/data/us_counties.csv``: fips, name, lsad, state, lat, lon, west, south, east, north
- ``resources/data/us_states.csv``: fips, state, name, lat, lon, west, south, east, north
  (states are the union of their counties)

The point is the polygon centroid when it lies inside the polygon, else a representative point
(so a crescent-shaped county never gets a point in the next county or the sea).

Run: ``python scripts/derive_county_table.py [path/to/geojson-counties-fips.json]``
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = (
    ROOT.parent.parent / "shared" / "data" / "geo-us-counties" / "geojson-counties-fips.json"
)

STATES: dict[str, tuple[str, str]] = {
    "01": ("AL", "Alabama"),
    "02": ("AK", "Alaska"),
    "04": ("AZ", "Arizona"),
    "05": ("AR", "Arkansas"),
    "06": ("CA", "California"),
    "08": ("CO", "Colorado"),
    "09": ("CT", "Connecticut"),
    "10": ("DE", "Delaware"),
    "11": ("DC", "District of Columbia"),
    "12": ("FL", "Florida"),
    "13": ("GA", "Georgia"),
    "15": ("HI", "Hawaii"),
    "16": ("ID", "Idaho"),
    "17": ("IL", "Illinois"),
    "18": ("IN", "Indiana"),
    "19": ("IA", "Iowa"),
    "20": ("KS", "Kansas"),
    "21": ("KY", "Kentucky"),
    "22": ("LA", "Louisiana"),
    "23": ("ME", "Maine"),
    "24": ("MD", "Maryland"),
    "25": ("MA", "Massachusetts"),
    "26": ("MI", "Michigan"),
    "27": ("MN", "Minnesota"),
    "28": ("MS", "Mississippi"),
    "29": ("MO", "Missouri"),
    "30": ("MT", "Montana"),
    "31": ("NE", "Nebraska"),
    "32": ("NV", "Nevada"),
    "33": ("NH", "New Hampshire"),
    "34": ("NJ", "New Jersey"),
    "35": ("NM", "New Mexico"),
    "36": ("NY", "New York"),
    "37": ("NC", "North Carolina"),
    "38": ("ND", "North Dakota"),
    "39": ("OH", "Ohio"),
    "40": ("OK", "Oklahoma"),
    "41": ("OR", "Oregon"),
    "42": ("PA", "Pennsylvania"),
    "44": ("RI", "Rhode Island"),
    "45": ("SC", "South Carolina"),
    "46": ("SD", "South Dakota"),
    "47": ("TN", "Tennessee"),
    "48": ("TX", "Texas"),
    "49": ("UT", "Utah"),
    "50": ("VT", "Vermont"),
    "51": ("VA", "Virginia"),
    "53": ("WA", "Washington"),
    "54": ("WV", "West Virginia"),
    "55": ("WI", "Wisconsin"),
    "56": ("WY", "Wyoming"),
    "72": ("PR", "Puerto Rico"),
}


def _point(geom: BaseGeometry) -> tuple[float, float]:
    c = geom.centroid
    if not geom.contains(c):
        c = geom.representative_point()
    return round(c.y, 5), round(c.x, 5)


def _bbox(geom: BaseGeometry) -> list[float]:
    return [round(v, 4) for v in geom.bounds]


def main(source: Path) -> None:
    features = json.loads(source.read_text(encoding="latin-1"))["features"]
    by_state: dict[str, list[BaseGeometry]] = {}
    rows = []
    for feat in features:
        props = feat["properties"]
        st = STATES.get(props["STATE"])
        if st is None:
            continue
        geom = shape(feat["geometry"])
        by_state.setdefault(props["STATE"], []).append(geom)
        lat, lon = _point(geom)
        rows.append([feat["id"], props["NAME"], props["LSAD"], st[0], lat, lon, *_bbox(geom)])
    rows.sort()
    out = ROOT / "resources" / "data"
    with open(out / "us_counties.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["fips", "name", "lsad", "state", "lat", "lon", "west", "south", "east", "north"]
        )
        w.writerows(rows)
    with open(out / "us_states.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["fips", "state", "name", "lat", "lon", "west", "south", "east", "north"])
        for fips in sorted(by_state):
            geom = unary_union(by_state[fips])
            lat, lon = _point(geom)
            abbr, name = STATES[fips]
            w.writerow([fips, abbr, name, lat, lon, *_bbox(geom)])
    print(f"{len(rows)} counties, {len(by_state)} states written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE)
