"""Route: plan an outreach shift. Inputs on the left; itinerary, map and exports on the right.

The page reads widgets and calls :func:`resources.routes.outreach.plan_outreach`; everything
else (windows from the hours engine, the solver, the exports) is in the engine. It is a *file*
page (``st.Page("ui/routes.py")``) so ``AppTest.switch_page`` can open it; run by Streamlit it
calls :func:`render` itself (the ``__main__`` block at the bottom).
"""

from __future__ import annotations

import html
import threading
from datetime import date, datetime, time
from typing import Any

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from resources.routes import Itinerary, RoutingError, maps_links, to_csv, to_gpx, to_html
from resources.routes.outreach import OutreachRequest, plan_outreach
from resources.routes.stops import Sources, service_spec
from resources.routes.tables import unreachable_records, visit_records
from resources.search.engine import SearchRequest
from ui.common import engine_or_message, settings, static_assets
from ui.maps import route_map

ENDS = ["Return to start", "End at a place", "End at last stop"]
MODES = {"Drive": "drive", "Walk": "walk", "Transit": "transit"}
COLUMNS = {"stop": "#", "name": "Stop", "arrive": "Arrive", "wait_min": "Wait", "leave": "Leave",
           "open_on_arrival": "Open on arrival", "hours": "Hours", "phone": "Phone",
           "address": "Address"}
#: The first six columns fit a 1366 px screen; hours, phone and address scroll into view.
COLUMN_CONFIG = {"#": st.column_config.NumberColumn(width=30),
                 "Stop": st.column_config.TextColumn(width=240),
                 "Arrive": st.column_config.TextColumn(width=60),
                 "Wait": st.column_config.NumberColumn(width=50, format="%d min"),
                 "Leave": st.column_config.TextColumn(width=60),
                 "Open on arrival": st.column_config.TextColumn(width=165)}
#: Less empty space above the page, so the itinerary and the map fit a laptop screen.
PAGE_CSS = "<style>[data-testid='stMainBlockContainer']{padding-top:2.5rem}</style>"
FREE_HELP = ("One place per line: an address, a ZIP or 'lat, lon'. Optional: a name before '=', "
             "visit minutes after '@', a time window in brackets. "
             "Example: River camp=39.756,-105.009@20[18:00-22:00]")


@st.cache_resource
def _engine_lock() -> threading.Lock:
    """Streamlit's fast reruns can overlap two runs of a session, and the cached engine holds
    one DuckDB connection, which must not run two queries at once."""
    return threading.Lock()


def _defaults() -> None:
    s = st.session_state
    s.setdefault("rt_labels", {})  # stop line -> label, for picks that outlive a search
    s.setdefault("rt_picked", [])


def _shift_inputs() -> None:
    st.text_input("Start", key="rt_start", placeholder="Address, ZIP or “lat, lon”")
    c1, c2 = st.columns(2)
    c1.date_input("Date", key="rt_date", value=date.today())
    c2.time_input("Leave at", key="rt_time", value=time(9, 0), step=900)
    c1, c2 = st.columns([3, 2])
    c1.selectbox("End", ENDS, key="rt_end_mode")
    c2.time_input("Finish by", key="rt_end_time", value=None, step=900,
                  help="Optional: latest return (or end of the last visit)")
    if st.session_state["rt_end_mode"] == "End at a place":
        st.text_input("End place", key="rt_end_place")
    c1, c2 = st.columns([3, 2])
    c1.radio("Travel", list(MODES), key="rt_mode", horizontal=True)
    c2.number_input("Visit (min)", min_value=1, max_value=240, value=15, key="rt_visit")


def _service_picker(engine: Any) -> None:
    s = st.session_state
    c1, c2 = st.columns(2)
    c1.text_input("Find services", key="rt_need", placeholder="e.g. shelter, clinic, meals")
    c2.text_input("Near", key="rt_near", placeholder="default: the start")
    need, near = s.get("rt_need", "").strip(), (s.get("rt_near") or s.get("rt_start", "")).strip()
    if need and near:
        with _engine_lock():
            resp = engine.search(SearchRequest(need=need, place=near, limit=15))
        if resp.status != "ok":
            st.caption(resp.message)
        for r in resp.results:
            for svc in r.services:
                spec = service_spec(svc.service_id, r.location_id)
                s["rt_labels"][spec] = f"{svc.name} — {r.name} · {r.distance_miles:.1f} mi"
    options = list(dict.fromkeys([*s["rt_picked"], *s["rt_labels"]]))
    st.multiselect("Services to visit", options, key="rt_picked",
                   format_func=lambda spec: s["rt_labels"].get(spec, spec))


def _request() -> OutreachRequest:
    s = st.session_state
    free = [line.strip() for line in s.get("rt_free", "").splitlines() if line.strip()]
    end_mode = s["rt_end_mode"]
    return OutreachRequest(
        start=s.get("rt_start", ""), at=datetime.combine(s["rt_date"], s["rt_time"]),
        stops=(*s["rt_picked"], *free),
        end=s.get("rt_end_place") if end_mode == "End at a place" else None,
        return_to_start=end_mode == "Return to start", end_at=s.get("rt_end_time"),
        mode=MODES[s["rt_mode"]], visit_minutes=int(s["rt_visit"]),  # type: ignore[arg-type]
    )


def _plan(engine: Any) -> None:
    try:
        with _engine_lock():
            result = plan_outreach(_request(), Sources.from_engine(engine))
        st.session_state["rt_result"] = result
        st.session_state["rt_problems"] = []
    except RoutingError as exc:
        st.session_state["rt_result"] = None
        st.session_state["rt_problems"] = exc.problems


def _summary(it: Itinerary) -> str:
    ref = it.plan.start_time
    end = it.shift_end.astimezone(ref.tzinfo)
    day = "" if end.date() == ref.date() else f" ({end:%a})"
    return (f"**{len(it.visits)} stops** · {it.travel_minutes:.0f} min travel · "
            f"{it.distance_km:.1f} km · leave {ref:%H:%M}, done {end:%H:%M}{day} · "
            f"{ref:%A %d %B} · travel times: {it.travel_source}")


def _itinerary(it: Itinerary) -> None:
    st.markdown(_summary(it))
    rows = pd.DataFrame(visit_records(it))
    if len(rows):
        st.dataframe(rows[list(COLUMNS)].rename(columns=COLUMNS), hide_index=True,
                     width="stretch", column_config=COLUMN_CONFIG)
    for w in it.warnings:
        st.warning(w)
    left_out = unreachable_records(it)
    if left_out:
        items = "".join(f"<li><b>{html.escape(u['name'])}</b>: {html.escape(u['reason'])}</li>"
                        for u in left_out)
        st.markdown(f"<div class='rt-unreachable'>⚠️ <b>Not in this plan "
                    f"({len(left_out)})</b><ul>{items}</ul></div>", unsafe_allow_html=True)
    unknown = [s.name for s in it.unknown_hours if s.kind == "service"]
    if unknown:
        st.caption("Hours unknown — call ahead: " + "; ".join(unknown))


def _exports(it: Itinerary) -> None:
    day = f"{it.plan.start_time:%Y-%m-%d}"
    c1, c2, c3 = st.columns(3)
    c1.download_button("GPX", to_gpx(it), file_name=f"outreach-{day}.gpx",
                       mime="application/gpx+xml", width="stretch")
    c2.download_button("CSV", to_csv(it), file_name=f"outreach-{day}.csv", mime="text/csv",
                       width="stretch")
    c3.download_button("Printable", to_html(it), file_name=f"outreach-{day}.html",
                       mime="text/html", width="stretch")
    links = [url for urls in maps_links(it) for url in urls]
    st.markdown(" · ".join(f"[Open in Google Maps{f' (part {i})' if len(links) > 1 else ''}]"
                           f"({url})" for i, url in enumerate(links, 1)))


def render() -> None:
    cfg = settings()
    static_assets()
    _defaults()
    engine = engine_or_message(cfg)
    if engine is None:
        return
    st.markdown(PAGE_CSS, unsafe_allow_html=True)
    inputs, results = st.columns([1, 2], gap="medium")
    with inputs:
        _shift_inputs()
        _service_picker(engine)
        st.text_area("Free places", key="rt_free", height=90, help=FREE_HELP,
                     placeholder="River camp=39.756,-105.009@20[18:00-22:00]")
        if st.button("Plan route", type="primary", width="stretch"):
            _plan(engine)
    with results:
        for problem in st.session_state.get("rt_problems", []):
            st.error(problem)
        it: Itinerary | None = st.session_state.get("rt_result")
        if it is None:
            st.info("Add a start, services and places, then **Plan route**. Stops are put in the "
                    "order that reaches each while it is open; those that cannot be reached are "
                    "listed with the reason.")
            return
        _itinerary(it)
        st_folium(route_map(it, tile_url=cfg.tile_url, attribution=cfg.tile_attribution),
                  height=320, use_container_width=True, key="rt_map", returned_objects=[])
        _exports(it)


if __name__ == "__main__":  # run as a page file by st.navigation
    render()
