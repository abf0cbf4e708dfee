"""Directory page: every offerable service on a map (the foundation's first page)."""

from __future__ import annotations

import html

import streamlit as st
from streamlit_folium import st_folium

from resources.store.queries import directory_listing
from ui.common import settings, static_assets, store_or_message
from ui.maps import MapMarker, results_map


def render() -> None:
    cfg = settings()
    static_assets()
    st.title("Directory")
    store = store_or_message(cfg)
    if store is None:
        return
    listing = directory_listing(store, limit=2000)
    if listing.empty:
        st.info("No services with a location are loaded yet: `resources load PATH`.")
        return
    if listing["source_id"].astype(str).str.contains("demo").any():
        st.caption("DEMO data: fictional services in Denver, CO (phone numbers 555-01xx). "
                   "National hotline numbers are real.")
    st.write(f"{len(listing)} services at {listing['location_id'].nunique()} locations")
    points = listing.drop_duplicates("location_id").head(300).reset_index(drop=True)
    markers = [
        MapMarker(
            number=i + 1, lat=row.latitude, lon=row.longitude, title=row.location or row.service,
            popup_html=f"<b>{html.escape(str(row.service))}</b><br>{html.escape(str(row.organization))}",
            approximate=row.geo_precision != "exact",
        )
        for i, row in enumerate(points.itertuples())
    ]
    center = (float(points["latitude"].median()), float(points["longitude"].median()))
    fmap = results_map(center, markers, tile_url=cfg.tile_url, attribution=cfg.tile_attribution)
    st_folium(fmap, height=520, use_container_width=True, returned_objects=[], key="directory_map")
    number = {lid: i + 1 for i, lid in enumerate(points["location_id"])}
    table = listing.assign(marker=listing["location_id"].map(number).astype("Int64"))
    st.dataframe(
        table[["marker", "service", "organization", "location", "categories", "assured_date"]],
        hide_index=True,
        column_config={
            "marker": st.column_config.NumberColumn("#", help="The marker on the map"),
            "categories": st.column_config.ListColumn("needs"),
            "assured_date": st.column_config.DateColumn("last verified"),
        },
    )
