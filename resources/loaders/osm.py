"""``osm-points``: OpenStreetMap-tagged features as Overpass and city portals export them.

Reads GeoJSON (``properties`` = OSM tags, flat or under ``tags``), GeoPackage (one column
per tag) and CSV (``@id``/``@lat``/``@lon`` or ``lat``/``lon`` plus tag columns) into one
frame of tags + geometry, then maps tags to flat facility fields (:data:`TAG_FIELDS`).
Points are exact; areas (polygons) are placed at their centroid and marked
``geo_precision='centroid'``; lines are not places and are rejected, each with its reason.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from resources.loaders._clean import LoadError, blank_to_none, read_csv
from resources.loaders._facility import facility_batch
from resources.loaders._needs import vocabulary
from resources.loaders.base import Loader
from resources.records import Batch, Issue

# flat facility field -> OSM keys, first present wins
TAG_FIELDS: dict[str, list[str]] = {
    "name": ["name", "official_name"],
    "alternate_name": ["alt_name", "short_name"],
    "organization_name": ["operator", "brand"],
    "description": ["description"],
    "website": ["website", "contact:website", "url"],
    "email": ["email", "contact:email"],
    "phone": ["phone", "contact:phone"],
    "fax": ["fax", "contact:fax"],
    "hours_text": ["opening_hours"],
    "address_2": ["addr:unit"],
    "city": ["addr:city"],
    "state_province": ["addr:state"],
    "postal_code": ["addr:postcode"],
    "country": ["addr:country"],
}
DATE_KEYS = ["check_date", "survey:date", "check_date:opening_hours"]
ATTRIBUTE_KEYS = ["amenity", "healthcare", "social_facility", "social_facility:for",
                  "emergency", "healthcare:speciality", "wheelchair"]
# tags that make a file look like OSM (detection)
OSM_KEYS = {"amenity", "healthcare", "social_facility", "opening_hours", "addr:street",
            "addr:housenumber", "addr:postcode", "@id", "osm_id", "shop", "operator"}
# keys never passed to the category rules (names, addresses, contacts: not what a place is)
_NOT_CATEGORY = ("name", "alt_name", "official_name", "short_name", "addr:", "contact:",
                 "phone", "fax", "email", "website", "url", "description", "opening_hours",
                 "check_date", "survey:date", "@", "source", "note", "wikidata", "wikipedia")


class OSMPointsLoader(Loader):
    kind = "osm-points"
    description = "OpenStreetMap-tagged points/areas: GeoJSON (Overpass), GeoPackage or CSV"

    @classmethod
    def detect(cls, path: Path) -> bool:
        if not path.is_file():
            return False
        suffix = path.suffix.lower()
        if suffix in (".geojson", ".json"):
            with path.open("rb") as handle:
                head = handle.read(65536).decode("utf-8", "replace")
            keys = sum(f'"{k}"' in head for k in OSM_KEYS)
            return '"FeatureCollection"' in head and (keys >= 2 or "openstreetmap" in head.lower())
        if suffix == ".gpkg":
            return len(_gpkg_fields(path) & OSM_KEYS) >= 2
        if suffix == ".csv":
            with path.open("rb") as handle:
                first = handle.readline(8192).decode("utf-8-sig", "replace")
            header = {c.strip().strip('"') for c in first.replace("\t", ",").split(",")}
            has_point = {"@lat", "@lon"} <= header or {"lat", "lon"} <= header
            return has_point and len(header & OSM_KEYS) >= 2
        return False

    def read(self, path: Path) -> Batch:
        issues: list[Issue] = []
        tags, geoms = _read_any(path, issues)
        tags = blank_to_none(tags)
        tags["source_row"] = np.arange(1, len(tags) + 1)
        tags["_file"] = path.name
        rows_read = len(tags)
        keep, lat, lon, precision = _places(tags, geoms, issues)
        tags, lat, lon, precision = tags[keep], lat[keep], lon[keep], precision[keep]
        flat = _flat(tags, issues)
        flat["latitude"], flat["longitude"], flat["_geo_precision"] = lat, lon, precision
        attrs = {f"_a_{n}": k for n, k in enumerate(ATTRIBUTE_KEYS) if k in tags.columns}
        for col, key in attrs.items():
            flat[col] = tags[key]
        return facility_batch(flat, rows_read=rows_read, issues=issues, attributes=attrs,
                              taxonomy="osm")


def _gpkg_fields(path: Path) -> set[str]:
    import pyogrio

    try:
        return {str(f) for f in pyogrio.read_info(path)["fields"]}
    except Exception:  # noqa: BLE001 - not a readable GeoPackage: not this format
        return set()


def _read_any(path: Path, issues: list[Issue]) -> tuple[pd.DataFrame, pd.Series]:
    """Tags (text, one column per key, ``@id`` = 'node/123') and shapely geometries."""
    suffix = path.suffix.lower()
    if suffix in (".geojson", ".json"):
        return _read_geojson(path)
    if suffix == ".gpkg":
        import pyogrio

        gdf = pyogrio.read_dataframe(path)
        geoms = pd.Series(gdf.geometry.to_numpy(), index=range(len(gdf)), dtype=object)
        tags = pd.DataFrame(gdf.drop(columns="geometry")).reset_index(drop=True)
        for col in tags.columns:  # GPKG columns may be typed: back to text, no '.0'
            if pd.api.types.is_float_dtype(tags[col]) and (tags[col].dropna() % 1 == 0).all():
                tags[col] = tags[col].astype("Int64")
            tags[col] = tags[col].astype("string").astype(object).where(tags[col].notna(), None)
        return _osm_ids(tags), geoms
    frame = read_csv(path, issues).drop(columns=["source_row", "_file"])
    lat_col, lon_col = ("@lat", "@lon") if "@lat" in frame else ("lat", "lon")
    lat = pd.to_numeric(frame[lat_col], errors="coerce")
    lon = pd.to_numeric(frame[lon_col], errors="coerce")
    points = shapely.points(lon.to_numpy(), lat.to_numpy())
    points[~(lat.notna() & lon.notna()).to_numpy()] = None
    return _osm_ids(frame.drop(columns=[lat_col, lon_col])), pd.Series(points, dtype=object)


def _read_geojson(path: Path) -> tuple[pd.DataFrame, pd.Series]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise LoadError(f"{path.name} is not valid JSON: {exc}") from exc
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list):
        raise LoadError(f"{path.name} is not a GeoJSON FeatureCollection")
    records = []
    for feature in features:
        props = dict(feature.get("properties") or {})
        nested = props.pop("tags", None)  # osmtogeojson: {"type", "id", "tags": {...}}
        if isinstance(nested, dict):
            props = {**{k: v for k, v in props.items() if k in ("type", "id", "@id")}, **nested}
        if "@id" not in props and feature.get("id") is not None:
            props["@id"] = feature["id"]
        records.append({k: str(v) for k, v in props.items()
                        if v is not None and not isinstance(v, dict | list)})
    tags = pd.DataFrame.from_records(records, index=range(len(records)))
    tags = tags.astype(object).where(tags.notna(), None)
    geoms = pd.Series(
        [shapely.from_geojson(json.dumps(f["geometry"])) if f.get("geometry") else None
         for f in features], dtype=object)
    return _osm_ids(tags), geoms


def _osm_ids(tags: pd.DataFrame) -> pd.DataFrame:
    """One ``@id`` column like 'node/123' from @id / id / osm_id (+ @type / type)."""
    ids = pd.Series(None, index=tags.index, dtype=object)
    for key in ("@id", "id", "osm_id"):
        if key in tags.columns:
            ids = ids.where(ids.notna(), tags[key])
    kind_col = next((k for k in ("@type", "type", "osm_type") if k in tags.columns), None)
    text = ids.astype("string")
    if kind_col is not None:
        bare = text.str.fullmatch(r"\d+").fillna(False).astype(bool)
        text = text.where(~bare, tags[kind_col].astype("string") + "/" + text)
    tags = tags.drop(columns=[c for c in ("@id", "id", "osm_id") if c in tags.columns])
    tags["@id"] = text.astype(object).where(text.notna(), None)
    return tags


def _places(tags: pd.DataFrame, geoms: pd.Series, issues: list[Issue]
            ) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """(rows kept, lat, lon, precision): points exact, areas at their centroid, lines out."""
    geo = geoms.to_numpy()
    kinds = pd.Series(shapely.get_type_id(geo), index=tags.index)  # -1 = missing
    point = kinds == 0
    area = kinds.isin([3, 6])  # Polygon, MultiPolygon
    other = ~(point | area) & (kinds >= 0)
    centers = shapely.centroid(geo)
    lon = pd.Series(shapely.get_x(centers), index=tags.index).where(point | area)
    lat = pd.Series(shapely.get_y(centers), index=tags.index).where(point | area)
    precision = pd.Series(None, index=tags.index, dtype=object).where(~area, "centroid")
    names = {0: "Point", 1: "LineString", 2: "LinearRing", 3: "Polygon", 4: "MultiPoint",
             5: "MultiLineString", 6: "MultiPolygon", 7: "GeometryCollection"}
    for mask, problem, severity in (
        (area, "an area: placed at its centroid (approximate)", "warning"),
        (other, "a {} is not a place (a line or a collection): row not loaded", "error"),
    ):
        for r, f, i, k in zip(tags.loc[mask, "source_row"], tags.loc[mask, "_file"],
                              tags.loc[mask, "@id"], kinds[mask], strict=False):
            issues.append(Issue(str(f), int(r), "geometry", names.get(int(k), "?"),
                                problem.format(names.get(int(k), "geometry")), severity, i))
    return ~other, lat, lon, precision


def _first(tags: pd.DataFrame, keys: list[str]) -> pd.Series:
    out = pd.Series(None, index=tags.index, dtype=object)
    for key in keys:
        if key in tags.columns:
            out = out.where(out.notna(), tags[key])
    return out


def _flat(tags: pd.DataFrame, issues: list[Issue]) -> pd.DataFrame:
    flat = pd.DataFrame({"id": tags["@id"], "source_row": tags["source_row"],
                         "_file": tags["_file"]}, index=tags.index)
    for target, keys in TAG_FIELDS.items():
        flat[target] = _first(tags, keys)
    for target in ("phone", "fax"):  # "a;b": keep the first, report the rest
        many = flat[target].astype("string").str.contains(";").fillna(False).astype(bool)
        issues += [Issue(str(f), int(r), target, str(v), "several numbers; the first is kept",
                         "info", i) for f, r, v, i in zip(
            flat.loc[many, "_file"], flat.loc[many, "source_row"], flat.loc[many, target],
            flat.loc[many, "id"], strict=False)]
        flat[target] = flat[target].astype("string").str.split(";").str[0].str.strip().astype(
            object).where(flat[target].notna(), None)
    street = _first(tags, ["addr:street"]).astype("string")
    number = _first(tags, ["addr:housenumber"]).astype("string")
    flat["address_1"] = (number.fillna("") + " " + street.fillna("")).str.strip().astype(
        object).where(street.notna() | number.notna(), None)
    flat["hours_format"] = pd.Series("osm", index=tags.index).where(flat["hours_text"].notna())
    dates = pd.concat([pd.to_datetime(_first(tags, [k]), errors="coerce", format="mixed")
                       for k in DATE_KEYS], axis=1).max(axis=1)
    flat["assured_date"] = dates.dt.date.astype(object).where(dates.notna(), None)
    wheelchair = _first(tags, ["wheelchair"])
    flat["accessibility"] = ("wheelchair: " + wheelchair.astype("string")).astype(object).where(
        wheelchair.notna(), None)
    flat["languages"] = _languages(tags)
    disused = _first(tags, ["disused"]).eq("yes").fillna(False).astype(bool)
    if "disused:amenity" in tags.columns:  # lifecycle prefix: the amenity is gone
        disused |= tags["disused:amenity"].notna() & _first(tags, ["amenity"]).isna()
    flat["status"] = pd.Series("active", index=tags.index).where(~disused, "inactive")
    closed_off = _first(tags, ["access"]).isin(["private", "no"])
    flat["do_not_refer"] = pd.Series(True, index=tags.index).where(closed_off, None)
    issues += [Issue(str(f), int(r), "access", str(v), "not open to the public: kept, never "
                     "offered (do_not_refer)", "warning", i) for f, r, v, i in zip(
        flat.loc[closed_off, "_file"], flat.loc[closed_off, "source_row"],
        _first(tags, ["access"])[closed_off], flat.loc[closed_off, "id"], strict=False)]
    flat["categories"] = _categories(tags)
    unnamed = flat["name"].isna()
    if unnamed.any():
        what = _first(tags, ["social_facility", "healthcare", "amenity", "shop"]).astype(
            "string").str.replace("_", " ")
        label = ("Unnamed " + what.fillna("place")).astype(object)
        issues += [Issue(str(f), int(r), "name", None,
                         f"no name: shown as {lbl!r}", "warning", i) for f, r, lbl, i in zip(
            flat.loc[unnamed, "_file"], flat.loc[unnamed, "source_row"], label[unnamed],
            flat.loc[unnamed, "id"], strict=False)]
        flat["name"] = flat["name"].where(~unnamed, label)
    return flat


def _languages(tags: pd.DataFrame) -> pd.Series:
    cols = [c for c in tags.columns if c.startswith("language:")]
    out = pd.Series(None, index=tags.index, dtype=object)
    if not cols:
        return out
    long = tags[cols].melt(ignore_index=False, var_name="key", value_name="v")
    long = long[long["v"].astype("string").str.lower().isin(["yes", "main", "primary"])]
    grouped = long["key"].str.removeprefix("language:").groupby(level=0).agg(list)
    out.loc[grouped.index] = grouped
    return out


def _categories(tags: pd.DataFrame) -> pd.Series:
    """needs_for_osm on each distinct combination of the feature-kind tags (not per row)."""
    keys = [c for c in tags.columns if not c.startswith(_NOT_CATEGORY)
            and c not in ("source_row", "_file")]
    if not keys:
        return pd.Series(None, index=tags.index, dtype=object)
    kinds = tags[keys].astype("string").fillna("\x00")
    combo = pd.Series(pd.util.hash_pandas_object(kinds, index=False).to_numpy(), index=tags.index)
    firsts = kinds.loc[~combo.duplicated()]
    vocab = vocabulary()
    needs = {
        h: _no_er_veto(vocab.needs_for_osm({k: v for k, v in row.items() if v != "\x00"}), row)
        for h, row in zip(combo[firsts.index], firsts.to_dict("records"), strict=True)
    }
    return combo.map(needs).astype(object)


def _no_er_veto(needs: list[str], tags: dict[str, str]) -> list[str] | None:
    """``emergency=no`` on a hospital: never offered as an emergency room (the vocabulary's
    ``amenity=hospital`` rule alone would say it is)."""
    if tags.get("emergency") == "no":
        needs = [n for n in needs if n != "hospital_emergency"]
    return needs or None


def bench_cases(shared: Path) -> list[tuple[str, Path]]:
    """(kind, path) pairs for bench/load.py: the shared data has no OSM export, so this is
    the small Denver fixture of the tests (present in a source checkout only)."""
    fixture = Path(__file__).resolve().parents[2] / "tests" / "data" / "osm" / "denver.geojson"
    return [("osm-points", fixture)] if fixture.exists() else []
