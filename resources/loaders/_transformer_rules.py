"""The declared rules of the ``hsds-transformer`` loader for what a mapping leaves out, and
the steps across its tables (see :mod:`resources.loaders.transformer` for the list).

Each rule is data (the column names it answers to) and reports every use in the load
issues, so a coordinator sees which unmapped column was read and how.
"""

from __future__ import annotations

import re

import pandas as pd

from resources.loaders._text_points import coordinate_pairs, is_point_column
from resources.loaders._transformer_mapping import TransformerMapping
from resources.records import Issue

REGULAR_FIELDS = {"id", "service_id", "location_id", "service_at_location_id", "weekday",
                  "opens_at", "closes_at", "description"}
FREE_TEXT_HOURS = "free-text hours"
AREA_COLUMNS = {"service_areas", "service_area", "areas_served", "area_served", "coverage",
                "service_coverage", "counties_served"}
# A place's own lists of where it serves (read for the services at that place): the lists,
# and a yes/no column "(location) serves all of <area>" naming the whole area it covers.
PLACE_AREA_COLUMNS = AREA_COLUMNS | {"counties", "cities", "zip_codes", "zipcodes", "zips",
                                     "cities_served", "zip_codes_served", "zips_served"}
SERVES_ALL = re.compile(r"^(?:location_|site_)?serves_(?:all_of|the_whole_of|all)_(?P<area>.+)$")
YES = {"yes", "y", "true", "1", "x"}
HOURS_COLUMNS = {"hours_of_operation", "hours", "opening_hours", "open_hours",
                 "hours_open", "business_hours"}
ADDRESS_TABLES = ("postal_addresses", "physical_addresses")
Tables = dict[str, list[pd.DataFrame]]


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def unmapped_columns(raw: pd.DataFrame, mapping: TransformerMapping, file: str,
                     primary: str | None, made: dict[str, pd.DataFrame],
                     issues: list[Issue]) -> None:
    """The declared rules for the columns a mapping leaves out: coordinate pairs, opening
    hours, service areas; any other column with values is noted, not stored."""
    mapped = mapping.columns_of(file)
    own = made.get(primary or "")
    placed = primary in ("locations", "services")
    for column in [c for c in raw.columns if c not in mapped and c not in ("source_row", "_file")]:
        values = raw[column]
        if own is not None and placed and is_point_column(values):
            _point_column(values, own, str(primary), file, column, issues)
        elif own is not None and placed and _norm(column) in HOURS_COLUMNS:
            _hours_column(values, own, str(primary), file, column, issues)
        elif own is not None and primary == "services" and _norm(column) in AREA_COLUMNS:
            made["service_areas"] = _area_column(values, own, file, column, issues)
        elif own is not None and primary == "locations" and (
                _norm(column) in PLACE_AREA_COLUMNS or SERVES_ALL.match(_norm(column))):
            _place_area_column(values, own, file, column, issues)
        elif values.notna().any():
            issues.append(Issue(file, None, column, None,
                                "column not in the mapping: not stored", "info"))


def _hours_column(values: pd.Series, own: pd.DataFrame, primary: str, file: str,
                  column: str, issues: list[Issue]) -> None:
    text = values.loc[own.index]
    have = own["hours_text"] if "hours_text" in own else pd.Series(
        None, index=own.index, dtype=object)
    use = have.isna() & text.notna()
    own["hours_text"] = have.where(~use, text)
    fmt = own["hours_format"] if "hours_format" in own else pd.Series(
        None, index=own.index, dtype=object)
    own["hours_format"] = fmt.where(~use, "text")
    issues.append(Issue(file, None, column, None,
                        f"not in the mapping; read as the free-text hours of {int(use.sum())} "
                        f"{primary} rows (declared rule: a column named like opening hours)",
                        "info"))


def _place_area_column(values: pd.Series, own: pd.DataFrame, file: str, column: str,
                       issues: list[Issue]) -> None:
    """A place's list of where it serves ("Cook", one per line) or a yes/no "serves all of
    Illinois" -> that place's area text (``_area``, several columns joined with "; "): the
    services at the place serve it (:func:`resources.loaders._levels.areas_of_places`)."""
    text = values.loc[own.index].astype("string").str.strip()
    whole = SERVES_ALL.match(_norm(column))
    if whole:
        area = column.strip().split(" of ", 1)[-1].strip() if " of " in column else \
            whole["area"].replace("_", " ")
        text = text.str.lower().map(lambda v: area if v in YES else pd.NA, na_action="ignore")
    else:
        text = text.str.replace(r"\s*\n\s*", "; ", regex=True)
    text = text.where(text.notna() & (text != ""))
    have = own["_area"] if "_area" in own else pd.Series(pd.NA, index=own.index, dtype="string")
    own["_area"] = have.where(text.isna(), have.str.cat(text, sep="; ").fillna(text))
    what = "the area it serves when yes" if whole else "a list of where it serves"
    issues.append(Issue(file, None, column, None,
                        f"not in the mapping; read as {what}, for {int(text.notna().sum())} "
                        "locations rows: the services at each place serve it (declared rule: a "
                        "column named like a service area, or 'serves all of <area>')", "info"))


def _area_column(values: pd.Series, own: pd.DataFrame, file: str, column: str,
                 issues: list[Issue]) -> pd.DataFrame:
    text = values.loc[own.index]
    rows = own.loc[text.notna(), ["id", "source_row", "_file"]]
    issues.append(Issue(file, None, column, None,
                        f"not in the mapping; read as the service area of {len(rows)} "
                        "services (declared rule: a column named like a service area)", "info"))
    return pd.DataFrame({"id": rows["id"].astype(str) + "-area", "service_id": rows["id"],
                         "service_area": text[text.notna()], "source_row": rows["source_row"],
                         "_file": file})


def _point_column(values: pd.Series, own: pd.DataFrame, primary: str, file: str,
                  column: str, issues: list[Issue]) -> None:
    pairs = coordinate_pairs(values.loc[own.index])
    unread = values.loc[own.index].notna() & pairs["latitude"].isna()
    for row, value in zip(own.loc[unread, "source_row"], values.loc[unread[unread].index],
                          strict=True):
        issues.append(Issue(file, int(row), column, str(value),
                            "no single valid 'lat, lon' pair in this text: no point", "warning"))
    if primary == "locations":
        for col in ("latitude", "longitude"):
            have = own[col] if col in own else pd.Series(None, index=own.index, dtype=object)
            own[col] = have.where(have.notna(), pairs[col].astype(object))
    else:
        own["_lat"], own["_lon"] = pairs["latitude"], pairs["longitude"]
    issues.append(Issue(file, None, column, None,
                        f"not in the mapping; its coordinate pairs read as the point of "
                        f"{int(pairs['latitude'].notna().sum())} {primary} rows' places "
                        "(declared rule: a column of 'lat, lon' pairs)", "info"))


def points_of_services(tables: Tables, issues: list[Issue]) -> None:
    """A services row's point -> the location(s) it is at (when every service there
    agrees), or a place made for the service when it is at none."""
    services = _joined(tables, "services")
    if services is None or "_lat" not in services:
        return
    tables["services"] = [p.drop(columns=["_lat", "_lon"], errors="ignore")
                          for p in tables["services"]]
    pts = services.dropna(subset=["_lat", "id"]).drop_duplicates("id")
    if pts.empty:
        return
    links = _links(tables, services)
    at = links.merge(pts[["id", "_lat", "_lon"]], left_on="service_id", right_on="id")
    agree = at.groupby("location_id").agg(lat=("_lat", "nunique"), lon=("_lon", "nunique"),
                                          _lat=("_lat", "first"), _lon=("_lon", "first"))
    one = agree[(agree["lat"] == 1) & (agree["lon"] == 1)]
    for loc in tables.get("locations", []):
        for col, src in (("latitude", "_lat"), ("longitude", "_lon")):
            have = loc[col] if col in loc else pd.Series(None, index=loc.index, dtype=object)
            loc[col] = have.where(have.notna(), loc["id"].map(one[src]).astype(object))
    split = agree.index.difference(one.index)
    for lid in split:
        issues.append(Issue("services", None, "location_id", str(lid),
                            "services at this location give different points: the location "
                            "keeps none, each service is also placed at its own point",
                            "warning"))
    torn = at.loc[at["location_id"].isin(split), "service_id"]
    alone = pts[~pts["id"].isin(links["service_id"]) | pts["id"].isin(torn)]
    if alone.empty:
        return
    place = pd.DataFrame({"id": alone["id"].astype(str) + "-place", "name": alone.get("name"),
                          "organization_id": alone.get("organization_id"),
                          "latitude": alone["_lat"].astype(object),
                          "longitude": alone["_lon"].astype(object),
                          "source_row": alone["source_row"], "_file": alone["_file"]})
    tables.setdefault("locations", []).append(place)
    tables.setdefault("services_at_location", []).append(pd.DataFrame({
        "id": place["id"] + "@", "service_id": alone["id"], "location_id": place["id"],
        "source_row": alone["source_row"], "_file": alone["_file"]}))
    issues.append(Issue(str(alone["_file"].iloc[0]), None, None, None,
                        f"{len(alone)} services with a point are at no location (or at one "
                        "whose services disagree): a place made for each at its point (id "
                        "<service id>-place)", "info"))


def _joined(tables: Tables, stem: str) -> pd.DataFrame | None:
    parts = tables.get(stem)
    return pd.concat(parts, ignore_index=True) if parts else None


def _links(tables: Tables, services: pd.DataFrame) -> pd.DataFrame:
    """(service_id, location_id) from service_at_location objects and services' own
    location_id."""
    parts = []
    sal = _joined(tables, "services_at_location")
    if sal is not None and {"service_id", "location_id"} <= set(sal.columns):
        parts.append(sal[["service_id", "location_id"]])
    if "location_id" in services:
        parts.append(services[["id", "location_id"]].rename(columns={"id": "service_id"}))
    if not parts:
        return pd.DataFrame({"service_id": pd.Series(dtype=object),
                             "location_id": pd.Series(dtype=object)})
    return pd.concat(parts, ignore_index=True).dropna().drop_duplicates()


def free_text_hours(tables: Tables, issues: list[Issue]) -> None:
    """Schedule fields that are not HSDS 1.x schedule columns: free-text hours of the row's
    service (or location)."""
    for n, sched in enumerate(tables.get("regular_schedules", [])):
        extra = [c for c in sched.columns if c not in REGULAR_FIELDS
                 and c not in ("source_row", "_file")]
        if not extra:
            continue
        text = sched[extra].astype("string").agg(
            lambda r: "\n".join(v for v in r if isinstance(v, str)) or None, axis=1)
        for owner, stem in (("service_id", "services"), ("location_id", "locations")):
            if owner not in sched:
                continue
            texts = dict(zip(sched[owner], text, strict=True))
            for frame in tables.get(stem, []):
                have = frame["hours_text"] if "hours_text" in frame else \
                    pd.Series(None, index=frame.index, dtype=object)
                made = frame["id"].map(texts)
                use = have.isna() & made.notna()
                frame["hours_text"] = have.where(~use, made)
                frame["hours_format"] = (frame.get("hours_format", None))
                frame.loc[use, "hours_format"] = "text"
            issues.append(Issue(str(sched["_file"].iloc[0]) if len(sched) else "", None,
                                ", ".join(extra), None,
                                f"{int(text.notna().sum())} schedule texts ({', '.join(extra)}"
                                f") read as {FREE_TEXT_HOURS} of their {stem[:-1]}", "info"))
            break
        rest = sched.drop(columns=extra)
        tables["regular_schedules"][n] = rest[rest.get("weekday", pd.Series(
            None, index=rest.index)).notna()] if "weekday" in rest else rest.iloc[0:0]


def areas_in_state(tables: Tables, issues: list[Issue]) -> None:
    """Area texts naming places without their state ("Orange County"), in a source whose
    every address is in one state: read in that state (the text kept as the description).
    Both a service's areas and a place's own area lists (``_area``)."""
    states = [f["state_province"] for stem in ADDRESS_TABLES for f in tables.get(stem, [])
              if "state_province" in f]
    found = set(pd.concat(states).dropna().str.upper()) if states else set()
    areas = tables.get("service_areas", [])
    places = [f for f in tables.get("locations", []) if "_area" in f]
    if not (areas or places) or len(found) != 1:
        return
    state = found.pop()
    for frame in areas:
        frame["description"] = frame["service_area"]
        frame["service_area"] = _in_state(frame["service_area"], state)
    for frame in places:
        frame["_area_said"] = frame["_area"]
        frame["_area"] = _in_state(frame["_area"], state)
    issues.append(Issue("services", None, "service_area", state,
                        f"every address of this source is in {state}: area names without a "
                        f"state read in {state} (the text kept as the area's description)",
                        "info"))


def _in_state(text: pd.Series, state: str) -> pd.Series:
    parts = text.astype("string").str.split(r"\s*[;\n|]\s*", regex=True)
    return parts.map(lambda ps: "; ".join(
        p if re.search(r",\s*[A-Za-z]{2}$", p) else f"{p}, {state}" for p in ps if p)
        if isinstance(ps, list) else None)
