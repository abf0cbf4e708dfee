"""Services listed at another level, in any format (the AIRS levels: ``_airs_levels``).

A directory sometimes describes what it offers on a place rather than on a service: a
farmers' market exported as a location with its market hours and no service, a site whose
services an exporter lost. Such a place, which says what it offers or when (a description,
hours, a schedule) and holds no service (none at it, none of its organization's), is a
service at that place (id: the place's id + ``-service``), with the place's own name;
its organization is referenced, never copied. Run on every batch before the shared stages (:meth:`Loader.normalize`).
"""

from __future__ import annotations

import pandas as pd

from resources.loaders._distinct import isin
from resources.records import Batch, Issue

SAYS = ("description", "hours_text")  # location columns that describe what / when


def _column(frame: pd.DataFrame | None, name: str) -> pd.Series:
    if frame is None or name not in frame:
        return pd.Series([], dtype=object)
    return frame[name].dropna()


def lone_places_as_services(batch: Batch) -> int:
    """Add a service at every lone place that describes one; returns how many."""
    loc = batch.tables.get("location")
    if loc is None or loc.empty or "id" not in loc:
        return 0
    services = batch.tables.get("service")
    at = batch.tables.get("service_at_location")
    org = loc["organization_id"] if "organization_id" in loc else pd.Series(
        None, index=loc.index, dtype=object)
    held = (isin(loc["id"], _column(at, "location_id"))
            | isin(org, _column(services, "organization_id")))
    says = isin(loc["id"], _column(batch.tables.get("schedule"), "location_id"))
    for name in SAYS:
        if name in loc:
            says |= loc[name].notna()
    lone = loc[says & ~held & loc["id"].notna()]
    if lone.empty:
        return 0
    keep = [c for c in ("source_row", "_file") if c in lone]
    ids = lone["id"].astype(str) + "-service"  # formats number each table from 1
    batch.add("service", pd.DataFrame({
        "id": ids, "organization_id": org[lone.index], "name": lone.get("name"),
        "description": lone.get("description"), **{c: lone[c] for c in keep}}))
    batch.add("service_at_location", pd.DataFrame({
        "id": ids + "@" + lone["id"].astype(str), "service_id": ids,
        "location_id": lone["id"], **{c: lone[c] for c in keep}}))
    file = str(lone["_file"].iloc[0]) if "_file" in lone else ""
    batch.issues.append(Issue(
        file, None, None, ", ".join(map(str, lone["name"].dropna().head(5))),
        f"{len(lone)} places describe what they offer or when (description, hours) and hold "
        "no service, nor does their organization: each kept as a service at that place",
        "info"))
    return len(lone)


def areas_of_places(batch: Batch) -> int:
    """A place's own area (``location._area``: where it serves, as its source lists it) is
    the service area of every service at that place that states none of its own; returns how
    many areas were added. The ``_area`` columns are dropped either way."""
    loc = batch.tables.get("location")
    if loc is None or "_area" not in loc:
        return 0
    areas = loc[loc["_area"].notna() & loc["id"].notna()]
    said = areas["_area_said"] if "_area_said" in areas else areas["_area"]
    batch.tables["location"] = loc.drop(columns=["_area", "_area_said"], errors="ignore")
    at = batch.tables.get("service_at_location")
    if areas.empty or at is None or at.empty:
        return 0
    own = _column(batch.tables.get("service_area"), "service_id")
    links = at.loc[at["location_id"].isin(areas["id"]) & ~isin(at["service_id"], own),
                   ["service_id", "location_id"]]
    keep = [c for c in ("source_row", "_file") if c in areas]
    place = pd.DataFrame({"location_id": areas["id"], "name": areas["_area"],
                          "description": said, **{c: areas[c] for c in keep}})
    rows = links.merge(place, on="location_id").drop_duplicates(["service_id", "name"])
    if rows.empty:
        return 0
    rows["id"] = rows["service_id"].astype(str) + "-area-" + rows["location_id"].astype(str)
    rows["coverage_kind"] = "text"
    batch.add("service_area", rows.drop(columns="location_id"))
    batch.issues.append(Issue(
        str(rows["_file"].iloc[0]) if "_file" in rows else "", None, "service_area", None,
        f"{len(rows)} services at {rows['location_id'].nunique()} places that list where "
        "they serve: each service given its place's area (it states none of its own)", "info"))
    return len(rows)
