"""Location points: check them, fall back to a ZIP centroid (marked approximate), add the zone.

Precision values written to ``location.geo_precision``:
``exact`` (the source gave a valid point), ``centroid`` (centroid of a mapped area, e.g. an
OSM building outline: approximate; set by the loader in the private ``_geo_precision``
column), ``zip`` (ZIP centroid from the packaged
``zipcodes`` data: approximate, never shown as exact), ``none`` (no point).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import tzfpy

from resources.loaders._clean import _issue_rows
from resources.records import Batch, Issue


@lru_cache(maxsize=1)
def zip_centroids() -> dict[str, tuple[float, float]]:
    """5-digit ZIP -> (lat, lon), offline, from the ``zipcodes`` package (42,789 ZIPs)."""
    import zipcodes

    out: dict[str, tuple[float, float]] = {}
    for row in zipcodes.list_all():
        try:
            out[row["zip_code"]] = (float(row["lat"]), float(row["long"]))
        except (TypeError, ValueError):
            continue
    return out


def zip5(values: pd.Series) -> pd.Series:
    """The 5-digit ZIP in a postal code ('80202-1234' -> '80202', '2001' -> '02001')."""
    text = values.astype("string").str.strip().str.extract(r"^(\d{3,5})(?:-\d{4})?$")[0]
    return text.str.zfill(5)


def timezones(lat: pd.Series, lon: pd.Series) -> pd.Series:
    """IANA zone per point (None where there is no point); offline via tzfpy."""
    out = pd.Series(None, index=lat.index, dtype=object)
    ok = lat.notna() & lon.notna()
    keys = pd.DataFrame({"la": lat[ok].round(3), "lo": lon[ok].round(3)})
    zones = {
        (la, lo): tzfpy.get_tz(float(lo), float(la)) or None
        for la, lo in keys.drop_duplicates().itertuples(index=False)
    }
    out[ok] = [zones[(la, lo)] for la, lo in keys.itertuples(index=False)]
    return out


def settle_points(batch: Batch, issues: list[Issue]) -> None:
    """Validate every location's point; ZIP-centroid fallback; time zone per point."""
    loc = batch.tables.get("location")
    if loc is None or loc.empty:
        return
    loc = loc.copy()
    for col in ("latitude", "longitude"):
        if col not in loc.columns:
            loc[col] = np.nan
        loc[col] = pd.to_numeric(loc[col], errors="coerce").astype("Float64")
    lat, lon = loc["latitude"], loc["longitude"]
    given = lat.notna() | lon.notna()
    in_range = lat.between(-90, 90) & lon.between(-180, 180) & ~((lat == 0) & (lon == 0))
    bad = given & ~in_range.fillna(False).astype(bool)
    if bad.any():
        shown = lat.astype("string").fillna("") + ", " + lon.astype("string").fillna("")
        issues.extend(_issue_rows(loc, bad, "latitude/longitude",
                                  "coordinates missing half or out of range; point dropped",
                                  "warning", shown))
        loc.loc[bad, ["latitude", "longitude"]] = pd.NA
    exact = loc["latitude"].notna() & loc["longitude"].notna()
    loc["geo_precision"] = np.where(exact, "exact", "none")
    if "_geo_precision" in loc.columns:  # a loader knows better (e.g. 'centroid' of an area)
        told = exact & loc["_geo_precision"].notna()
        loc.loc[told, "geo_precision"] = loc.loc[told, "_geo_precision"]
    _zip_fallback(loc, batch.tables.get("address"), issues)
    loc["timezone"] = timezones(loc["latitude"], loc["longitude"])
    batch.tables["location"] = loc


def _zip_fallback(loc: pd.DataFrame, addresses: pd.DataFrame | None,
                  issues: list[Issue]) -> None:
    missing = loc["geo_precision"] == "none"
    if not missing.any():
        return
    postal = pd.Series(None, index=loc.index, dtype=object)
    if "_postal_code" in loc.columns:
        postal = loc["_postal_code"]
    if addresses is not None and "postal_code" in addresses and "location_id" in addresses:
        if "address_type" in addresses:  # a mailing address is not where the service is
            addresses = addresses[~addresses["address_type"].isin(["postal", "virtual"])]
        by_loc = (
            addresses.dropna(subset=["location_id", "postal_code"])
            .drop_duplicates("location_id").set_index("location_id")["postal_code"]
        )
        postal = postal.fillna(loc["id"].map(by_loc))
    zips = zip5(postal)
    table = zip_centroids()
    found = zips.map(lambda z: table.get(z) if isinstance(z, str) else None)
    use = missing & found.notna()
    if use.any():
        loc.loc[use, "latitude"] = [p[0] for p in found[use]]
        loc.loc[use, "longitude"] = [p[1] for p in found[use]]
        loc.loc[use, "geo_precision"] = "zip"
        issues.extend(_issue_rows(loc, use, "latitude/longitude",
                                  "no usable point; placed at the ZIP centroid (approximate)",
                                  "warning", zips))
    still = missing & ~use
    if still.any():
        issues.extend(_issue_rows(loc, still, "latitude/longitude",
                                  "no usable point and no known ZIP; kept without a location "
                                  "(not shown on the map or in distance searches)", "warning",
                                  postal))
