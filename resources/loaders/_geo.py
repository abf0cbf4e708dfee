"""Location points: check them, fall back to a ZIP centroid (marked approximate), add the zone.

Precision values written to ``location.geo_precision``:
``exact`` (the source gave a valid point), ``centroid`` (centroid of a mapped area, e.g. an
OSM building outline: approximate; set by the loader in the private ``_geo_precision``
column), ``zip`` (ZIP centroid from the packaged
``zipcodes`` data: approximate, never shown as exact; also a source's point shared by
three or more house numbers, which is its geocoder's ZIP centroid, and a source's point that
is a ZIP centroid, PO-box ZIPs included), ``none`` (no point).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt
import pandas as pd
import tzfpy

from resources.geo.zips import zip_centroids
from resources.loaders._clean import _issue_rows
from resources.loaders._distinct import Distinct, map_by, per_value
from resources.records import Batch, Issue


def zip5(values: pd.Series) -> pd.Series:
    """The 5-digit ZIP in a postal code ('80202-1234' -> '80202', '2001' -> '02001')."""
    return per_value(values, _zip5)


def _zip5(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip().str.extract(r"^(\d{3,5})(?:-\d{4})?$")[0]
    return text.str.zfill(5)


def timezones(lat: pd.Series, lon: pd.Series) -> pd.Series:
    """IANA zone per point (None where there is no point); offline via tzfpy, looked up
    once per distinct point rounded to 0.001 degree (about 100 m)."""
    out = np.full(len(lat), None, dtype=object)
    ok = (lat.notna() & lon.notna()).to_numpy(dtype=bool)
    if ok.any():
        la = lat[ok].to_numpy(dtype="float64").round(3)
        lo = lon[ok].to_numpy(dtype="float64").round(3)
        # one complex number per point: a 1-D unique (same order as by rows, far faster)
        pairs, inverse = np.unique(la + 1j * lo, return_inverse=True)
        zones = np.array([tzfpy.get_tz(float(p.imag), float(p.real)) or None for p in pairs],
                         dtype=object)
        out[ok] = zones[inverse.ravel()]
    return pd.Series(out, index=lat.index, dtype=object)


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
    _shared_points(loc, batch.tables.get("address"), issues)
    _zip_centroid_points(loc, issues)
    _zip_fallback(loc, batch.tables.get("address"), issues)
    loc["timezone"] = timezones(loc["latitude"], loc["longitude"])
    batch.tables["location"] = loc


SHARED_POINT_ADDRESSES = 3  # distinct street addresses on one point: an area's centroid


def _street_by_location(addresses: pd.DataFrame | None) -> pd.Series:
    """The house number of the physical street address per location id: buildings are told
    apart by their numbers ("425 2nd Street" vs "71 O Street"), while spellings of one
    address ("Bldg. B", "St" for "Street", a suite) keep the same number."""
    if addresses is None or "location_id" not in addresses or "address_1" not in addresses:
        return pd.Series(dtype=object)
    if "address_type" in addresses:
        addresses = addresses[~addresses["address_type"].isin(["postal", "virtual"])]
    number = per_value(addresses["address_1"].astype("string"), _house_number)
    frame = pd.DataFrame({"location_id": addresses["location_id"],
                          "street": number[0].fillna(number[1])})
    return frame.dropna().drop_duplicates("location_id").set_index("location_id")["street"]


def _house_number(address: pd.Series) -> pd.DataFrame:
    return address.str.extract(r"^\s*(\d+)\b|^\s*(\d+)[A-Za-z]\b")


def _shared_points(loc: pd.DataFrame, addresses: pd.DataFrame | None,
                   issues: list[Issue]) -> None:
    """Points given for several street addresses (house numbers) are not where the places are:
    a source's own geocoder put them at a ZIP or area centroid (the DC 211 export has 270
    programs on 38.908569,-77.017972, ZIP 20001's centroid). Mark them approximate ('zip'
    when the point is within 2 km of the place's ZIP centroid, else 'centroid')."""
    exact = loc["geo_precision"] == "exact"
    if exact.sum() < SHARED_POINT_ADDRESSES:
        return
    street = map_by(loc["id"], _street_by_location(addresses))
    lat, lon = loc["latitude"].round(5), loc["longitude"].round(5)
    # the point (to 5 decimals) as a number per distinct point, not as text per row
    values = {"lat": lat, "lon": lon}
    for name, col in (("lat", lat), ("lon", lon)):  # -0.0 and 0.0 are two texts
        values[name + "_sign"] = pd.Series(np.signbit(col.to_numpy("float64", na_value=0.0)),
                                           index=loc.index)
    point = np.where(exact, Distinct(pd.DataFrame(values), list(values)).key, -1)
    given = exact.to_numpy(dtype=bool) & street.notna().to_numpy(dtype=bool)
    streets = pd.DataFrame({"key": point[given], "street": street.to_numpy()[given]})
    n = streets.groupby("key")["street"].nunique()
    shared = pd.Series(np.isin(point, n.index[n >= SHARED_POINT_ADDRESSES]),
                       index=loc.index) & exact
    if not shared.any():
        return
    key = (lat[shared].astype("string") + "," + lon[shared].astype("string")).reindex(loc.index)
    postal = loc["_postal_code"] if "_postal_code" in loc.columns else pd.Series(
        None, index=loc.index, dtype=object)
    if addresses is not None and "postal_code" in addresses and "location_id" in addresses:
        by_loc = (addresses.dropna(subset=["location_id", "postal_code"])
                  .drop_duplicates("location_id").set_index("location_id")["postal_code"])
        postal = postal.fillna(map_by(loc["id"], by_loc))
    table = zip_centroids()
    centre = zip5(postal).map(lambda z: table.get(z) if isinstance(z, str) else None)
    near = [isinstance(c, (tuple, list)) and abs(c[0] - la) < 0.018 and abs(c[1] - lo) < 0.023
            for c, la, lo in zip(centre, loc["latitude"].astype("float64"),
                                 loc["longitude"].astype("float64"), strict=True)]
    loc["geo_precision"] = np.where(shared, np.where(near, "zip", "centroid"),
                                    loc["geo_precision"])
    issues.extend(_issue_rows(loc, shared, "latitude/longitude",
                              "the same point is given for several street addresses (a ZIP or "
                              "area centroid): marked approximate", "info", key))


def _point_keys(lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64]
                ) -> npt.NDArray[np.int64]:
    """One integer per point to 4 decimals (the precision of the ZIP table)."""
    return (np.round(lat * 1e4).astype(np.int64) * 4_000_000
            + np.round(lon * 1e4).astype(np.int64))


@lru_cache(maxsize=1)
def _centroid_keys() -> npt.NDArray[np.int64]:
    """Every ZIP centroid (standard, PO-box and unique ZIPs alike) as a point key."""
    points = np.array(list(zip_centroids().values()), dtype="float64").reshape(-1, 2)
    return np.unique(_point_keys(points[:, 0], points[:, 1]))


def _zip_centroid_points(loc: pd.DataFrame, issues: list[Issue]) -> None:
    """A source's point that is a ZIP centroid (a PO-box ZIP's centroid is its post office)
    is where its geocoder fell back to the ZIP, not the place: marked 'zip', never exact."""
    exact = (loc["geo_precision"] == "exact").to_numpy(dtype=bool)
    if not exact.any():
        return
    lat = loc["latitude"].to_numpy(dtype="float64", na_value=0.0)
    lon = loc["longitude"].to_numpy(dtype="float64", na_value=0.0)
    hit = exact & np.isin(_point_keys(lat, lon), _centroid_keys())
    if not hit.any():
        return
    mask = pd.Series(hit, index=loc.index)
    loc["geo_precision"] = np.where(hit, "zip", loc["geo_precision"])
    shown = loc["latitude"].astype("string") + ", " + loc["longitude"].astype("string")
    issues.extend(_issue_rows(loc, mask, "latitude/longitude",
                              "the point given is a ZIP centroid (where a geocoder puts an "
                              "address it could not find): marked approximate", "info", shown))


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
        postal = postal.fillna(map_by(loc["id"], by_loc))
    zips = zip5(postal)
    table = zip_centroids()
    found = per_value(zips, lambda z: z.map(lambda v: table.get(v) if isinstance(v, str) else None))
    use = missing & found.notna()
    if use.any():
        picked = found[use]
        for col, k in (("latitude", 0), ("longitude", 1)):
            fill = pd.Series([p[k] for p in picked], index=picked.index, dtype="Float64")
            loc[col] = loc[col].where(~use, fill)
        loc["geo_precision"] = np.where(use, "zip", loc["geo_precision"])
        issues.extend(_issue_rows(loc, use, "latitude/longitude",
                                  "no usable point; placed at the ZIP centroid (approximate)",
                                  "warning", zips))
    still = missing & ~use
    if still.any():
        issues.extend(_issue_rows(loc, still, "latitude/longitude",
                                  "no usable point and no known ZIP; kept without a location "
                                  "(not shown on the map or in distance searches)", "warning",
                                  postal))
