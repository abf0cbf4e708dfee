"""One flat row per facility -> the HSDS tables (organization, service, location ...).

Facility lists (HIFLD, state and city open data, OSM points) have one row per place and
no HSDS structure. Their loaders only rename columns into the *flat facility* shape
below (:data:`FLAT_FIELDS`) and call :func:`facility_batch`, which builds, per row:
one organization, one location, one service, their service_at_location link, a physical
address, a voice phone (plus a fax), languages, accessibility and ``attribute`` rows for
source-specific facts (beds, trauma level ...). The row's source id is the record id in
every table (``phone`` and ``language`` add a suffix), so a record traces back to its row.

Also here: the vectorized cleaning steps facility files share (display case for ALL CAPS
names, US phone numbers, null markers).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from resources.phones import us_numbers
from resources.records import Batch

# Flat facility fields a loader may fill (every one optional except ``id``).
FLAT_FIELDS: dict[str, str] = {
    "id": "the record's id in the source (kept as source_record_id)",
    "name": "facility name: service and location name",
    "alternate_name": "another name of the facility",
    "organization_name": "operator / owner organization name (default: name)",
    "description": "free text shown with the record",
    "website": "web address", "email": "e-mail address",
    "status": "active | inactive | defunct | temporarily closed (default active)",
    "do_not_refer": "true = kept but never offered",
    "is_private": "true = confidential: never shown",
    "categories": "list of need ids",
    "assured_date": "date the record was last verified",
    "eligibility_description": "who may use it",
    "hours_text": "opening hours, verbatim", "hours_format": "text | osm | linksf | hsds",
    "address_1": "street address", "address_2": "suite, building ...", "city": "city",
    "state_province": "2-letter state", "postal_code": "ZIP (text, leading zeros kept)",
    "country": "ISO country code (default US)",
    "phone": "main phone", "fax": "fax number",
    "address_is_private": "true = the street address is confidential (point shown coarsely)",
    "phone_is_private": "true = the main phone is confidential",
    "fax_is_private": "true = the fax number is confidential",
    "latitude": "WGS84 latitude", "longitude": "WGS84 longitude",
    "transportation": "directions / how to get there",
    "external_identifier": "an official id (e.g. state license)",
    "external_identifier_type": "what external_identifier is",
    "languages": "list of ISO 639-1 codes spoken",
    "accessibility": "accessibility note (e.g. 'wheelchair: yes')",
}

LANGUAGE_NAMES = {
    "en": "English", "es": "Spanish", "fr": "French", "zh": "Chinese", "vi": "Vietnamese",
    "ko": "Korean", "ru": "Russian", "ar": "Arabic", "so": "Somali", "am": "Amharic",
    "ne": "Nepali", "tl": "Tagalog", "ht": "Haitian Creole", "pt": "Portuguese",
    "asl": "American Sign Language", "sgn": "Sign language",
}

# Words kept upper case / lower case when an ALL CAPS name is turned into display case.
_UPPER_WORDS = {"LLC", "LLP", "PC", "PLLC", "VA", "VAMC", "USA", "US", "II", "III", "IV", "VI",
                "VII", "VIII", "IX", "XI", "XII", "UCSF", "UCLA", "UC", "UNC", "UAB", "UPMC",
                "NYU", "SUNY", "CHI", "HCA", "ER", "ICU", "HIV", "AIDS", "NW", "NE", "SW", "SE",
                "DC", "PO", "LTAC", "LTACH", "ENT", "MD", "OB", "GYN", "CMC", "SSM", "TLC"}
_LOWER_WORDS = {"of", "and", "the", "at", "for", "in", "on", "de", "la", "del", "los", "las",
                "y", "by", "to"}
# Regex passes run by Arrow (RE2, C++), so display case costs no Python call per value.
# RE2 semantics: ASCII \b, `\1` back references in the replacement. Each group is first
# matched as one alternation, then its passes run only on the values that contain a hit.
_CASE_FIXES: list[list[tuple[str, str]]] = [
    [(r"'S\b", "'s")],                                # MARY'S -> Mary'S -> Mary's
    [(rf"(\d){w}\b", rf"\1{w.lower()}") for w in ("St", "Nd", "Rd", "Th")],  # 1St -> 1st
    [(rf"( ){w.capitalize()}( )", rf"\1{w}\2") for w in sorted(_LOWER_WORDS)],
    [(rf"\b{w.capitalize()}\b", w) for w in sorted(_UPPER_WORDS)],
]


def _fix_case(fixed: pa.Array) -> pa.Array:
    for group in _CASE_FIXES:
        hit = pc.match_substring_regex(fixed, "|".join(f"(?:{p})" for p, _ in group))
        hit = hit.fill_null(False)
        if not pc.any(hit).as_py():
            continue
        part = pc.filter(fixed, hit)
        for pattern, repl in group:
            part = pc.replace_substring_regex(part, pattern, repl)
        fixed = pc.replace_with_mask(fixed, hit, part)
    return fixed


def display_case(values: pd.Series) -> pd.Series:
    """Title-case values written in ALL CAPS ('ST. MARY'S MEDICAL CENTER OF THE VALLEY' ->
    'St. Mary's Medical Center of the Valley'); mixed-case values are left alone."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if 0 < len(uniques) < 0.5 * len(values):  # cities, states ...: fix each value once
        fixed = _display_case(pd.Series(uniques, dtype=object)).to_numpy(dtype=object)
        out = np.where(codes >= 0, fixed[np.maximum(codes, 0)], None)
        return pd.Series(out, index=values.index, dtype=object)
    return _display_case(values)


def _display_case(values: pd.Series) -> pd.Series:
    arr = pa.array(values.astype(object).where(values.notna(), None), type=pa.string(),
                   from_pandas=True)
    shouting = pc.and_(pc.match_substring_regex(arr, "[A-Z]"),
                       pc.invert(pc.match_substring_regex(arr, "[a-z]")))
    shouting_np = shouting.fill_null(False).to_numpy(zero_copy_only=False)
    if not shouting_np.any():
        return values
    fixed = _fix_case(pc.utf8_title(pc.filter(arr, shouting)))
    out = values.astype(object).copy()
    text = pd.Series(fixed.to_pylist(), index=values.index[shouting_np], dtype=object)
    mc = text.str.contains(r"\bMc[a-z]", regex=True).fillna(False).astype(bool)
    if mc.any():  # McDonald: rare, so a Python call per matching value is fine
        text[mc] = text[mc].str.replace(r"\bMc([a-z])", lambda m: "Mc" + m[1].upper(),
                                        regex=True)
    out[shouting_np] = text
    return out


def _obj(values: pd.Series) -> pd.Series:
    """A string Series as object dtype with None for missing values."""
    return values.astype(object).where(values.notna(), None)


def _col(flat: pd.DataFrame, name: str, default: object = None) -> pd.Series:
    if name in flat.columns:
        return flat[name]
    return pd.Series(default, index=flat.index, dtype=object)


def _present(values: pd.Series) -> pd.Series:
    return values.notna() & (values.astype("string").str.strip() != "").fillna(False)


def _provenance(flat: pd.DataFrame, ids: pd.Series) -> dict[str, pd.Series]:
    out = {"id": ids, "source_row": _col(flat, "source_row"), "_file": _col(flat, "_file")}
    return out


def facility_batch(flat: pd.DataFrame, *, rows_read: int, issues: list | None = None,
                   attributes: dict[str, str] | None = None,
                   taxonomy: str = "facility-attributes") -> Batch:
    """Build the HSDS tables from flat facility rows (see :data:`FLAT_FIELDS`).

    ``attributes`` maps flat columns to attribute names stored as ``attribute`` rows on the
    service (value = the cell text), under one taxonomy named ``taxonomy``.
    """
    batch = Batch(issues=list(issues or []), rows_read=rows_read)
    ids = flat["id"].astype(object)
    prov = _provenance(flat, ids)
    name = _col(flat, "name")
    org_name = _col(flat, "organization_name").where(_present(_col(flat, "organization_name")),
                                                     name)
    batch.add("organization", pd.DataFrame({
        **prov, "name": org_name, "website": _col(flat, "website"),
        "email": _col(flat, "email"),
    }))
    status = _col(flat, "status").where(_present(_col(flat, "status")), "active")
    batch.add("service", pd.DataFrame({
        **prov, "organization_id": ids, "name": name,
        "alternate_name": _col(flat, "alternate_name"),
        "description": _col(flat, "description"), "url": _col(flat, "website"),
        "email": _col(flat, "email"), "status": status,
        "categories": _col(flat, "categories"),
        "do_not_refer": _col(flat, "do_not_refer"), "is_private": _col(flat, "is_private"),
        "assured_date": _col(flat, "assured_date"),
        "eligibility_description": _col(flat, "eligibility_description"),
        "hours_text": _col(flat, "hours_text"), "hours_format": _col(flat, "hours_format"),
    }))
    location = pd.DataFrame({
        **prov, "organization_id": ids, "location_type": "physical", "name": name,
        "alternate_name": _col(flat, "alternate_name"),
        "transportation": _col(flat, "transportation"),
        "latitude": _col(flat, "latitude"), "longitude": _col(flat, "longitude"),
        "external_identifier": _col(flat, "external_identifier"),
        "external_identifier_type": _col(flat, "external_identifier_type"),
        "hours_text": _col(flat, "hours_text"), "hours_format": _col(flat, "hours_format"),
        "is_private": _col(flat, "is_private"),
    })
    if "_geo_precision" in flat.columns:
        location["_geo_precision"] = flat["_geo_precision"]
    batch.add("location", location)
    batch.add("service_at_location", pd.DataFrame({**prov, "service_id": ids, "location_id": ids}))
    _add_address(batch, flat, prov)
    _add_phones(batch, flat, prov)
    _add_languages(batch, flat)
    access = _col(flat, "accessibility")
    has = _present(access)
    if has.any():
        batch.add("accessibility", pd.DataFrame({
            **{k: v[has] for k, v in prov.items()}, "location_id": ids[has],
            "description": access[has],
        }))
    if attributes:
        _add_attributes(batch, flat, prov, attributes, taxonomy)
    return batch


def _add_address(batch: Batch, flat: pd.DataFrame, prov: dict[str, pd.Series]) -> None:
    parts = ("address_1", "address_2", "city", "state_province", "postal_code")
    any_part = np.logical_or.reduce([_present(_col(flat, p)).to_numpy() for p in parts])
    keep = pd.Series(any_part, index=flat.index)
    if not keep.any():
        return
    frame = pd.DataFrame({
        **prov, "location_id": prov["id"], "address_type": "physical",
        **{p: _col(flat, p) for p in parts}, "is_private": _col(flat, "address_is_private"),
        "country": _col(flat, "country").where(_present(_col(flat, "country")), "US"),
    })
    batch.add("address", frame[keep])


def _add_phones(batch: Batch, flat: pd.DataFrame, prov: dict[str, pd.Series]) -> None:
    ids = prov["id"]
    for column, kind, suffix in (("phone", "voice", ""), ("fax", "fax", "/fax")):
        raw = _col(flat, column)
        has = _present(raw)
        if not has.any():
            continue
        number, ext = us_numbers(raw[has])
        batch.add("phone", pd.DataFrame({
            "id": ids[has].astype(str) + suffix, "source_row": prov["source_row"][has],
            "_file": prov["_file"][has], "source_record_id": ids[has],
            "location_id": ids[has], "service_id": ids[has], "number": number,
            "extension": ext, "type": kind,
            "is_private": _col(flat, f"{column}_is_private")[has],
        }))


def _add_languages(batch: Batch, flat: pd.DataFrame) -> None:
    if "languages" not in flat.columns:
        return
    langs = flat[["id", "languages"]].explode("languages").dropna(subset=["languages"])
    if langs.empty:
        return
    codes = langs["languages"].astype(str)
    batch.add("language", pd.DataFrame({
        "id": langs["id"].astype(str) + "/" + codes, "source_record_id": langs["id"],
        "source_row": _col(flat, "source_row").reindex(langs.index),
        "_file": _col(flat, "_file").reindex(langs.index),
        "service_id": langs["id"], "location_id": langs["id"], "code": codes,
        "name": codes.map(LANGUAGE_NAMES).fillna(codes),
    }))


def _add_attributes(batch: Batch, flat: pd.DataFrame, prov: dict[str, pd.Series],
                    attributes: dict[str, str], taxonomy: str) -> None:
    terms = pd.DataFrame({"id": [f"{taxonomy}/{a}" for a in attributes.values()],
                          "code": list(attributes.values()), "name": list(attributes.values()),
                          "taxonomy": taxonomy, "taxonomy_id": taxonomy})
    batch.add("taxonomy", pd.DataFrame({"id": [taxonomy], "name": [taxonomy]}))
    batch.add("taxonomy_term", terms)
    for column, term in attributes.items():
        values = _col(flat, column)
        has = _present(values)
        if not has.any():
            continue
        batch.add("attribute", pd.DataFrame({
            "id": prov["id"][has].astype(str) + "/" + term,
            "source_record_id": prov["id"][has], "source_row": prov["source_row"][has],
            "_file": prov["_file"][has], "link_id": prov["id"][has], "link_type": "service",
            "link_entity": "service", "taxonomy_term_id": f"{taxonomy}/{term}",
            "value": values[has].astype(str),
        }))
