"""HIFLD Open (DHS) facility layers: Hospitals (CSV export) and Urgent Care (File Geodatabase).

Both are flat point layers in ALL CAPS with sentinel nulls (``NOT AVAILABLE``, ``-999``).
Each row becomes one facility (organization + location + service + address + phone,
see :mod:`resources.loaders._facility`); facts we do not model (beds, trauma level,
helipad, owner ...) are kept as ``attribute`` rows and summed up in the description.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from resources.loaders._clean import LoadError, blank_to_none, expect_columns, read_csv
from resources.loaders._facility import display_case, facility_batch
from resources.loaders._needs import vocabulary
from resources.loaders.base import Loader
from resources.records import Batch, Issue

NULL_MARKERS = ("NOT AVAILABLE", "-999", "NOT APPLICABLE")

# --- Hospitals.csv ------------------------------------------------------------------------
HOSPITAL_HEADER = {"ID", "NAME", "ADDRESS", "CITY", "STATE", "ZIP", "TYPE", "STATUS",
                   "LATITUDE", "LONGITUDE", "BEDS", "TRAUMA", "HELIPAD"}
HOSPITAL_COLUMNS = {
    "ID": "id", "NAME": "name", "ALT_NAME": "alternate_name", "ADDRESS": "address_1",
    "CITY": "city", "STATE": "state_province", "TELEPHONE": "phone", "WEBSITE": "website",
    "LATITUDE": "latitude", "LONGITUDE": "longitude", "STATE_ID": "external_identifier",
}
# source column -> attribute name (value kept verbatim as text). The rest of the HIFLD
# columns (county, NAICS, validation method ...) stay in the source file: trace a record
# back with source_row.
HOSPITAL_ATTRIBUTES = {
    "NAME": "original_name", "TYPE": "hospital_type", "BEDS": "beds", "TRAUMA": "trauma",
    "HELIPAD": "helipad", "OWNER": "owner",
}
# Read when present (each missing one reported, its values left empty).
HOSPITAL_OPTIONAL = ("COUNTRY", "VAL_DATE", "SOURCEDATE", "OWNER", "ALT_NAME", "TELEPHONE",
                     "WEBSITE", "STATE_ID")
HOSPITAL_STATUS = {"OPEN": "active", "CLOSED": "defunct"}
# ISO 3166 alpha-3 (HIFLD COUNTRY) -> alpha-2 (HSDS address.country)
COUNTRIES = {"USA": "US", "PRI": "PR", "GUM": "GU", "VIR": "VI", "ASM": "AS", "MNP": "MP",
             "PLW": "PW", "FSM": "FM", "MHL": "MH"}
MILITARY_ELIGIBILITY = ("Military or VA hospital: care beyond emergencies may be limited to "
                        "service members, veterans and their families.")

# --- UrgentCareFacilities.gdb -------------------------------------------------------------
URGENT_CARE_FIELDS = {"ID", "NAME", "ADDRESS", "CITY", "STATE", "ZIP", "NAICSCODE", "PHONE"}
URGENT_CARE_COLUMNS = {
    "ID": "id", "NAME": "name", "ADDRESS": "address_1", "ADDRESS2": "address_2",
    "CITY": "city", "STATE": "state_province", "PHONE": "phone",
    "DIRECTIONS": "transportation", "LATITUDE": "latitude", "LONGITUDE": "longitude",
}
URGENT_CARE_ATTRIBUTES = {"NAME": "original_name", "GEOPREC": "hifld_geo_precision"}


def _header(path: Path) -> set[str]:
    with path.open("rb") as handle:
        first = handle.readline(8192).decode("utf-8-sig", "replace")
    return {c.strip().strip('"') for c in first.split(",")}


def _postal(zip5: pd.Series, zip4: pd.Series) -> pd.Series:
    """'36420' + '2827' -> '36420-2827' (text: leading zeros kept)."""
    plus4 = zip4.astype("string").str.fullmatch(r"\d{4}").fillna(False).astype(bool)
    out = zip5.astype("string").str.strip()
    out = out.where(~plus4, out + "-" + zip4.astype("string"))
    return out.astype(object).where(out.notna(), None)


def _hifld_date(values: pd.Series) -> pd.Series:
    """'2021/10/19 00:00:00+00' -> Timestamp (NaT when missing or unreadable)."""
    return pd.to_datetime(values.astype("string").str[:10], format="%Y/%m/%d", errors="coerce")


def _renamed(raw: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    flat = raw[[c for c in columns if c in raw.columns]].rename(columns=columns)
    for col in ("name", "alternate_name", "address_1", "address_2", "city", "transportation"):
        if col in flat.columns:
            flat[col] = display_case(flat[col])
    flat["source_row"] = raw["source_row"]
    flat["_file"] = raw["_file"]
    return flat


def _joined(parts: list[pd.Series], sep: str = "; ") -> pd.Series:
    """Row-wise join of text Series, skipping missing parts (vectorized)."""
    frame = pd.concat([p.astype("string") for p in parts], axis=1)
    out = frame.apply(lambda col: col.fillna("").radd(sep).where(col.notna(), ""))
    text = out.sum(axis=1).str.slice(len(sep))
    return text.astype(object).where(text != "", None)


class HIFLDHospitalsLoader(Loader):
    kind = "hifld-hospitals"
    description = "HIFLD Open Hospitals layer exported as CSV (Hospitals.csv)"

    @classmethod
    def detect(cls, path: Path) -> bool:
        return path.is_file() and path.suffix.lower() == ".csv" and _header(path) >= HOSPITAL_HEADER

    def read(self, path: Path) -> Batch:
        issues: list[Issue] = []
        raw = read_csv(path, issues, delimiter=",")
        missing = sorted(HOSPITAL_HEADER - set(raw.columns))
        if missing:
            raise LoadError(f"{path.name} is not a HIFLD hospitals file", [
                Issue(path.name, None, c, None, "required column missing", "error")
                for c in missing])
        raw = expect_columns(blank_to_none(raw, NULL_MARKERS), path.name, issues,
                             optional=HOSPITAL_OPTIONAL)
        flat = _renamed(raw, HOSPITAL_COLUMNS)
        flat["postal_code"] = _postal(raw["ZIP"], raw.get("ZIP4", pd.Series(None, index=raw.index)))
        flat["country"] = raw["COUNTRY"].map(COUNTRIES).fillna(raw["COUNTRY"])
        flat["external_identifier_type"] = "state license / HIFLD STATE_ID"
        status = raw["STATUS"].astype("string").str.upper().map(HOSPITAL_STATUS)
        unknown = raw["STATUS"].notna() & status.isna()
        issues += [Issue(path.name, int(r), "STATUS", str(v), "unknown status; kept as active",
                         "warning", str(i))
                   for r, v, i in zip(raw.loc[unknown, "source_row"], raw.loc[unknown, "STATUS"],
                                      raw.loc[unknown, "ID"], strict=False)]
        flat["status"] = status.fillna("active").astype(object)
        flat["categories"] = self._categories(raw["TYPE"], path.name, issues)
        military = raw["TYPE"].astype("string").str.upper().eq("MILITARY").fillna(False)
        flat["eligibility_description"] = pd.Series(None, index=raw.index, dtype=object).where(
            ~military, MILITARY_ELIGIBILITY)
        flat["description"] = self._description(raw)
        val, src = _hifld_date(raw["VAL_DATE"]), _hifld_date(raw["SOURCEDATE"])
        for col, parsed in (("VAL_DATE", val), ("SOURCEDATE", src)):
            bad = raw[col].notna() & parsed.isna()
            issues += [Issue(path.name, int(r), col, str(v), "not a date; ignored", "warning")
                       for r, v in zip(raw.loc[bad, "source_row"], raw.loc[bad, col], strict=False)]
        # last verified = the later of HIFLD's own validation and the state list's date
        assured = pd.concat([val, src], axis=1).max(axis=1)
        flat["assured_date"] = assured.dt.date.astype(object).where(assured.notna(), None)
        return facility_batch(flat.assign(**{f"_a_{c}": raw[c] for c in HOSPITAL_ATTRIBUTES}),
                              rows_read=len(raw), issues=issues,
                              attributes={f"_a_{c}": a for c, a in HOSPITAL_ATTRIBUTES.items()},
                              taxonomy="hifld")

    @staticmethod
    def _categories(types: pd.Series, file: str, issues: list[Issue]) -> pd.Series:
        needs = {t: vocabulary().needs_for_hifld(t) for t in types.dropna().unique()}
        for t, n in needs.items():
            if not n:
                count = int((types == t).sum())
                issues.append(Issue(file, None, "TYPE", str(t),
                                    f"{count} rows of this type get no need category "
                                    "(needs.yaml hifld_types): kept, not offered for a need",
                                    "info"))
        return types.map(lambda t: needs.get(t) or None if isinstance(t, str) else None)

    @staticmethod
    def _description(raw: pd.DataFrame) -> pd.Series:
        idx = raw.index
        kind = raw["TYPE"].astype("string").str.lower().str.capitalize() + " hospital"
        beds = pd.to_numeric(raw["BEDS"], errors="coerce")
        beds_text = beds.astype("Int64").astype("string") + " beds"
        trauma = "trauma center " + raw["TRAUMA"].astype("string")
        helipad = pd.Series("helipad", index=idx, dtype="string").where(
            raw["HELIPAD"].astype("string").eq("Y").fillna(False), None)
        owner = "owner: " + raw["OWNER"].astype("string").str.lower()
        closed = pd.Series("CLOSED according to HIFLD", index=idx, dtype="string").where(
            raw["STATUS"].astype("string").eq("CLOSED").fillna(False), None)
        return _joined([closed, kind, beds_text, trauma, helipad, owner])


class HIFLDUrgentCareLoader(Loader):
    kind = "hifld-urgent-care"
    description = "HIFLD Open Urgent Care Facilities (Esri File Geodatabase folder, .gdb)"

    @classmethod
    def detect(cls, path: Path) -> bool:
        if not (path.is_dir() and path.suffix.lower() == ".gdb"):
            return False
        layer = _urgent_care_layer(path)
        return layer is not None

    def read(self, path: Path) -> Batch:
        import pyogrio

        layer = _urgent_care_layer(path)
        if layer is None:
            raise LoadError(f"{path.name}: no layer with the HIFLD urgent care fields "
                            f"({', '.join(sorted(URGENT_CARE_FIELDS))})")
        try:
            gdf = pyogrio.read_dataframe(path, layer=layer, use_arrow=True)
        except Exception as exc:  # noqa: BLE001 - GDAL's errors: a damaged geodatabase
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise LoadError(f"{path.name}: the geodatabase cannot be read ({first})") from exc
        raw = pd.DataFrame(gdf.drop(columns="geometry"))
        for col in raw.columns:
            if raw[col].dtype != "float64":
                raw[col] = raw[col].astype(object).where(raw[col].notna(), None)
        raw = blank_to_none(raw, NULL_MARKERS)
        raw["source_row"] = range(1, len(raw) + 1)
        raw["_file"] = path.name
        flat = _renamed(raw, URGENT_CARE_COLUMNS)
        points = gdf.geometry
        is_point = points.notna() & (points.geom_type == "Point")
        for col, coord in (("latitude", "y"), ("longitude", "x")):
            from_geom = pd.Series(np.nan, index=raw.index)
            from_geom[is_point] = getattr(points[is_point], coord)
            flat[col] = pd.to_numeric(flat.get(col), errors="coerce").fillna(from_geom)
        flat["postal_code"] = _postal(raw["ZIP"], raw.get("ZIP4", pd.Series(None, index=raw.index)))
        flat["categories"] = pd.Series([["urgent_care"]] * len(raw), index=raw.index)
        flat["description"] = "Urgent care center"
        attrs = {c: a for c, a in URGENT_CARE_ATTRIBUTES.items() if c in raw.columns}
        return facility_batch(flat.assign(**{f"_a_{c}": raw[c] for c in attrs}),
                              rows_read=len(raw),
                              attributes={f"_a_{c}": a for c, a in attrs.items()},
                              taxonomy="hifld")


def _urgent_care_layer(path: Path) -> str | None:
    """The first layer with the HIFLD urgent care fields whose name or alias says so."""
    import pyogrio

    try:
        layers = pyogrio.list_layers(path)
    except Exception:  # noqa: BLE001 - an unreadable folder is simply not this format
        return None
    for name, _geom in layers:
        try:
            info = pyogrio.read_info(path, layer=name)
        except Exception:  # noqa: BLE001 - a damaged layer is not the one
            continue
        alias = (info.get("layer_metadata") or {}).get("ALIAS_NAME", "")
        if set(info["fields"]) >= URGENT_CARE_FIELDS and "URGENT" in f"{name} {alias}".upper():
            return str(name)
    return None


def bench_cases(shared: Path) -> list[tuple[str, Path]]:
    """(kind, path) pairs for bench/load.py."""
    return [("hifld-hospitals", shared / "hifld-hospitals" / "Hospitals.csv"),
            ("hifld-urgent-care", shared / "hifld-urgent-care" / "UrgentCareFacilities.gdb")]
