"""Reference layers: US state and county boundaries in the ``boundary`` table.

The layers ship with the package (``resources/data/boundaries/*.parquet``, derived by
``scripts/derive_boundaries.py`` from the Census-based files in ../shared/data) and are
loaded into the store on first need (:func:`ensure_boundaries`), so a fresh machine with
only the repo works. Codes are text: state = USPS code (``CO``), county = 5-digit FIPS
(``08031``); one extra row ``kind='nation', code='US'`` is the union of the states.

:func:`area_geometries` turns (coverage_kind, codes) into one geometry per area with SQL
(union of boundary polygons; ZIPs become small approximate circles, see :data:`ZIP_RADIUS_DEG`).
:func:`resolve_service_areas` lives in :mod:`resources.loaders.coverage` (it needs the text parser).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from resources.geo.zips import zip_centroids
from resources.store.views import registered

PACKAGED = Path(__file__).resolve().parent.parent / "data" / "boundaries"

BOUNDARY_DDL = """
CREATE TABLE IF NOT EXISTS boundary (
    kind VARCHAR NOT NULL,           -- nation | state | county
    code VARCHAR NOT NULL,           -- US | USPS state code (CO) | 5-digit county FIPS (08031)
    state_fips VARCHAR,              -- 2-digit state FIPS ('08'); NULL for the nation
    name VARCHAR,                    -- 'Colorado', 'Denver County', 'Baltimore city'
    geom GEOMETRY,                   -- EPSG:4326, simplified (see resources/data/README.md)
    PRIMARY KEY (kind, code)
);
CREATE INDEX IF NOT EXISTS boundary_geom_rtree ON boundary USING RTREE (geom);
"""

TOPIC_TAXONOMY = "resources-hotline-topics"  # taxonomy of hotline topic terms

# A ZIP has no polygon here: its area is a circle of this radius around the ZIP centroid
# (about 3 km), marked approximate. Exact ZIP matches use service_area.coverage_codes.
ZIP_RADIUS_DEG = 0.03

# 2-digit state FIPS -> (USPS code, name): the 50 states, DC and Puerto Rico.
STATES: dict[str, tuple[str, str]] = {
    "01": ("AL", "Alabama"), "02": ("AK", "Alaska"), "04": ("AZ", "Arizona"),
    "05": ("AR", "Arkansas"), "06": ("CA", "California"), "08": ("CO", "Colorado"),
    "09": ("CT", "Connecticut"), "10": ("DE", "Delaware"), "11": ("DC", "District of Columbia"),
    "12": ("FL", "Florida"), "13": ("GA", "Georgia"), "15": ("HI", "Hawaii"),
    "16": ("ID", "Idaho"), "17": ("IL", "Illinois"), "18": ("IN", "Indiana"),
    "19": ("IA", "Iowa"), "20": ("KS", "Kansas"), "21": ("KY", "Kentucky"),
    "22": ("LA", "Louisiana"), "23": ("ME", "Maine"), "24": ("MD", "Maryland"),
    "25": ("MA", "Massachusetts"), "26": ("MI", "Michigan"), "27": ("MN", "Minnesota"),
    "28": ("MS", "Mississippi"), "29": ("MO", "Missouri"), "30": ("MT", "Montana"),
    "31": ("NE", "Nebraska"), "32": ("NV", "Nevada"), "33": ("NH", "New Hampshire"),
    "34": ("NJ", "New Jersey"), "35": ("NM", "New Mexico"), "36": ("NY", "New York"),
    "37": ("NC", "North Carolina"), "38": ("ND", "North Dakota"), "39": ("OH", "Ohio"),
    "40": ("OK", "Oklahoma"), "41": ("OR", "Oregon"), "42": ("PA", "Pennsylvania"),
    "44": ("RI", "Rhode Island"), "45": ("SC", "South Carolina"), "46": ("SD", "South Dakota"),
    "47": ("TN", "Tennessee"), "48": ("TX", "Texas"), "49": ("UT", "Utah"),
    "50": ("VT", "Vermont"), "51": ("VA", "Virginia"), "53": ("WA", "Washington"),
    "54": ("WV", "West Virginia"), "55": ("WI", "Wisconsin"), "56": ("WY", "Wyoming"),
    "72": ("PR", "Puerto Rico"),
}
USPS_TO_FIPS = {usps: fips for fips, (usps, _) in STATES.items()}


def boundary_count(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT count(*) FROM boundary").fetchone()
    return int(row[0]) if row else 0


def load_boundaries(con: duckdb.DuckDBPyConnection, folder: Path = PACKAGED) -> int:
    """Replace the boundary table with the layers in ``folder``; returns the row count."""
    files = [folder / "us_states.parquet", folder / "us_counties.parquet"]
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        raise FileNotFoundError(
            f"boundary layers missing: {missing}; run scripts/derive_boundaries.py")
    con.execute(BOUNDARY_DDL)
    con.execute("DELETE FROM boundary")
    for file in files:
        con.execute(
            "INSERT INTO boundary SELECT kind, code, state_fips, name, ST_GeomFromWKB(geom) "
            f"FROM read_parquet('{file}')")
    con.execute(
        "INSERT INTO boundary SELECT 'nation', 'US', NULL, 'United States', "
        "ST_Union_Agg(geom) FROM boundary WHERE kind = 'state'")
    return boundary_count(con)


def ensure_boundaries(con: duckdb.DuckDBPyConnection) -> int:
    """Load the packaged layers if the boundary table is empty (or absent)."""
    con.execute(BOUNDARY_DDL)
    n = boundary_count(con)
    return n if n else load_boundaries(con)


def _point_sql(lat: float, lon: float) -> tuple[str, str]:
    """Envelope and point literals (floats only: safe to inline; the R-tree needs constants)."""
    la, lo = float(lat), float(lon)
    return f"ST_MakeEnvelope({lo!r}, {la!r}, {lo!r}, {la!r})", f"ST_Point({lo!r}, {la!r})"


def locate(con: duckdb.DuckDBPyConnection, lat: float, lon: float) -> dict[str, str | None]:
    """The state (USPS code) and county (FIPS, name) containing a point; None outside the US."""
    env, pt = _point_sql(lat, lon)
    rows = con.execute(
        f"""WITH c AS MATERIALIZED (
                SELECT kind, code, name, geom FROM boundary
                WHERE kind IN ('state', 'county') AND ST_Intersects(geom, {env}))
            SELECT kind, code, name FROM c WHERE ST_Intersects(geom, {pt})""").fetchall()
    found = {kind: (code, name) for kind, code, name in rows}
    state, county = found.get("state"), found.get("county")
    return {"state": state[0] if state else None, "county": county[0] if county else None,
            "county_name": county[1] if county else None}


def area_geometries(con: duckdb.DuckDBPyConnection, areas: pd.DataFrame) -> pd.Series:
    """WKB geometry per row of ``areas`` (columns ``coverage_kind``, ``coverage_codes``).

    Kinds: ``national`` (the nation row), ``state`` (USPS codes), ``county`` (FIPS),
    ``zip`` (circles around ZIP centroids, approximate), ``mixed`` (codes prefixed
    ``state:`` / ``county:`` / ``zip:``). Unknown codes are skipped (the caller reports
    them); a row with no known code gets None.
    """
    parts = areas[["coverage_kind", "coverage_codes"]].copy()
    parts["key"] = range(len(parts))
    parts = parts.explode("coverage_codes").dropna(subset=["coverage_codes"])
    codes = parts["coverage_codes"].astype(str)
    prefixed = codes.str.extract(r"^(state|county|zip):(.+)$")
    kind = prefixed[0].fillna(parts["coverage_kind"].astype(str))
    code = prefixed[1].fillna(codes)
    kind = kind.where(kind != "national", "nation")
    code = code.where(kind != "nation", "US")
    centroids = zip_centroids()
    pts = code.where(kind == "zip").map(centroids.get)
    want = pd.DataFrame({
        "key": parts["key"].to_numpy(), "kind": kind.to_numpy(), "code": code.to_numpy(),
        "lat": [p[0] if isinstance(p, tuple) else None for p in pts],
        "lon": [p[1] if isinstance(p, tuple) else None for p in pts],
    })
    want["lat"] = pd.to_numeric(want["lat"]).astype("Float64")
    want["lon"] = pd.to_numeric(want["lon"]).astype("Float64")
    with registered(con, _want=want):
        got = con.execute(
            f"""SELECT key, ST_AsWKB(ST_Union_Agg(g)) AS wkb FROM (
                    SELECT w.key, b.geom AS g FROM _want w
                    JOIN boundary b ON b.kind = w.kind AND b.code = w.code
                    UNION ALL
                    SELECT key, ST_Buffer(ST_Point(lon, lat), {ZIP_RADIUS_DEG}, 8) FROM _want
                    WHERE kind = 'zip' AND lat IS NOT NULL)
                GROUP BY key""").df()
    found = dict(zip(got["key"].tolist(), (bytes(w) for w in got["wkb"]), strict=True))
    return pd.Series([found.get(k) for k in range(len(areas))], index=areas.index, dtype=object)


def known_codes(con: duckdb.DuckDBPyConnection, kind: str) -> set[str]:
    """Every code of a boundary kind ('state' or 'county')."""
    return {r[0] for r in con.execute("SELECT code FROM boundary WHERE kind = ?", [kind]).fetchall()}
