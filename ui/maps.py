"""Folium maps that draw offline: Leaflet and jQuery served from the app's static folder.

folium's default JS/CSS come from CDNs; offline the map stays blank. :class:`OfflineMap`
points them at files copied from the ``xstatic-leaflet`` / ``xstatic-jquery`` packages
into ``static/vendor`` (served by Streamlit at ``/app/static/vendor``). Tiles are drawn
only when a tile URL is configured (``RESOURCES_TILE_URL``); markers always draw.
"""

from __future__ import annotations

import html
import json
import math
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import folium
import xstatic.pkg.jquery as xjquery
import xstatic.pkg.leaflet as xleaflet
from branca.element import MacroElement
from jinja2 import Template

if TYPE_CHECKING:
    from resources.routes import Itinerary

STATIC_URL = "/app/static/vendor"

STATUS_COLORS = {
    "open": "#1a7f37",      # green
    "closing": "#bf8700",   # amber: closing soon
    "closed": "#cf222e",    # red
    "unknown": "#6e7781",   # grey: hours not listed
}


def install_static_assets(static_dir: Path) -> Path:
    """Copy Leaflet + jQuery into ``static_dir/vendor`` (once; cheap when present)."""
    vendor = static_dir / "vendor"
    leaflet_dst = vendor / "leaflet"
    if not (leaflet_dst / "leaflet.js").exists():
        # copied aside, then renamed into place: two app servers starting at once (or a
        # browser fetching meanwhile) never see a half-copied folder
        vendor.mkdir(parents=True, exist_ok=True)
        aside = vendor / f".leaflet-{os.getpid()}"
        shutil.copytree(xleaflet.BASE_DIR, aside, dirs_exist_ok=True)
        try:
            aside.rename(leaflet_dst)
        except OSError:  # another server put it there first (or an old partial copy)
            shutil.copytree(aside, leaflet_dst, dirs_exist_ok=True)
            shutil.rmtree(aside, ignore_errors=True)
    jquery_dst = vendor / "jquery" / "jquery.min.js"
    if not jquery_dst.exists():
        jquery_dst.parent.mkdir(parents=True, exist_ok=True)
        aside_file = jquery_dst.with_name(f".jquery-{os.getpid()}.js")
        shutil.copy(Path(xjquery.BASE_DIR) / "jquery.min.js", aside_file)
        os.replace(aside_file, jquery_dst)
    return vendor


class OfflineMap(folium.Map):
    """A folium map whose scripts and styles come from the app's own static files."""

    default_js = [
        ("leaflet", f"{STATIC_URL}/leaflet/leaflet.js"),
        ("jquery", f"{STATIC_URL}/jquery/jquery.min.js"),
    ]
    default_css = [("leaflet_css", f"{STATIC_URL}/leaflet/leaflet.css")]


@dataclass(frozen=True)
class MapMarker:
    number: int
    lat: float
    lon: float
    title: str
    popup_html: str
    status: str = "unknown"  # open | closing | closed | unknown
    approximate: bool = False
    key: str = ""


def _numbered_icon(marker: MapMarker) -> folium.DivIcon:
    return folium.DivIcon(
        icon_size=(26, 26), icon_anchor=(13, 13), class_name="rf-marker",
        html=(f'<div data-result="{marker.number}" title="{html.escape(marker.title)}" '
              f'style="{_marker_style(marker)}">{marker.number}</div>'),
    )


def _marker_style(marker: MapMarker) -> str:
    """A 26 px status-coloured disc, the number centred (border inside the 26 px; the
    line height set inside the ``font`` shorthand, which would otherwise reset it)."""
    color = STATUS_COLORS.get(marker.status, STATUS_COLORS["unknown"])
    border = "2px dashed #fff" if marker.approximate else "2px solid #fff"
    return (f"background:{color};color:#fff;border:{border};border-radius:50%;"
            "box-sizing:border-box;width:26px;height:26px;text-align:center;"
            "font:bold 13px/22px sans-serif;box-shadow:0 0 3px rgba(0,0,0,.6)")


def _js(value: object) -> str:
    """A JSON literal safe to embed in a script (no ``</script>`` can close it)."""
    return json.dumps(value).replace("</", "<\\/")


def _marker_html(marker: MapMarker, search_id: str) -> str:
    search = f' data-search="{html.escape(search_id)}"' if search_id else ""
    return (f'<div data-result="{marker.number}"{search} title="{html.escape(marker.title)}" '
            f'style="{_marker_style(marker)}">{marker.number}</div>')


def _spread_anchors(markers: Sequence[MapMarker]) -> list[tuple[int, int]]:
    """Icon anchors (pixels) that fan out markers sharing a point (about 10 m), so each
    number stays visible and clickable: many directory records share one building, or one
    ZIP centroid. A lone marker is centred on its point ([13, 13])."""
    groups: dict[tuple[float, float], list[int]] = {}
    for i, m in enumerate(markers):
        groups.setdefault((round(m.lat, 4), round(m.lon, 4)), []).append(i)
    out = [(13, 13)] * len(markers)
    for members in groups.values():
        k = len(members)
        if k < 2:
            continue
        radius = max(16.0, 30 * k / (2 * math.pi))  # neighbours about 30 px apart
        for j, i in enumerate(members):
            angle = 2 * math.pi * j / k - math.pi / 2  # the first one on top
            out[i] = (round(13 - radius * math.cos(angle)), round(13 - radius * math.sin(angle)))
    return out


class NumberedMarkers(MacroElement):
    """Numbered, status-coloured markers (tooltip "N. title", popup), written as one script.

    Drawn the same as a ``folium.Marker`` with a ``DivIcon``, ``Tooltip`` and ``Popup`` each,
    but rendered by one template instead of about five folium elements per marker (10
    markers: about 3 ms instead of 150 ms). ``fit`` points, when given, are fitted in view
    with the markers."""

    _template = Template(
        "{% macro script(this, kwargs) %}{{ this.script_js() }}{% endmacro %}"
    )

    def __init__(self, markers: Sequence[MapMarker], *, search_id: str = "",
                 fit: Sequence[tuple[float, float]] = ()) -> None:
        super().__init__()
        self._name = "NumberedMarkers"
        self.markers = list(markers)
        self.search_id = search_id
        self.fit = list(fit)

    def script_js(self) -> str:
        parent = self._parent
        assert parent is not None, "add the markers to a map or a layer first"
        layer = parent.get_name()
        lines = []
        anchors = _spread_anchors(self.markers)
        for m, (ax, ay) in zip(self.markers, anchors, strict=True):
            icon = (f"L.divIcon({{className: 'rf-marker', iconSize: [26, 26], "
                    f"iconAnchor: [{ax}, {ay}], html: {_js(_marker_html(m, self.search_id))}}})")
            line = (f"L.marker([{m.lat}, {m.lon}], {{icon: {icon}}})"
                    f".bindTooltip({_js('<div>' + html.escape(f'{m.number}. {m.title}') + '</div>')},"
                    f" {{sticky: true}})")
            if m.popup_html:
                line += f".bindPopup({_js(m.popup_html)}, {{maxWidth: 320}})"
            lines.append(line + f".addTo({layer});")
        points = self.fit + [(m.lat, m.lon) for m in self.markers]
        if len(points) > 1:
            lats, lons = [p[0] for p in points], [p[1] for p in points]
            # the map: the parent itself, or the parent layer's parent
            target = parent if isinstance(parent, folium.Map) else parent._parent
            assert target is not None, "add the layer to a map first"
            # every point the same (a lone result at the searched ZIP's centre, as a
            # confidential place is): Leaflet cannot fit an empty box (NaN zoom, and the
            # layer is never drawn), so fit about 500 m around it
            pad = 0.005 if min(lats) == max(lats) and min(lons) == max(lons) else 0.0
            corners = (float(min(lats)) - pad, float(min(lons)) - pad,
                       float(max(lats)) + pad, float(max(lons)) + pad)
            name = target.get_name()
            lines.append(_FIT_JS % (name, name, *corners))
        return "\n".join(lines)


# Fit the view to the markers, and again in the next moments unless the person has touched
# the map: streamlit-folium may draw the map, size its frame or restore its first view after
# this script ran, which left the farther markers out of view. ``window.map`` is the live
# map in streamlit-folium's frame; the folium name elsewhere (a saved HTML map).
_FIT_JS = """(function (bounds) {
  var opts = {padding: [20, 20]}, touched = false, until = Date.now() + 4000;
  function live() { return window.map || (typeof %s !== 'undefined' ? %s : null); }
  function refit() {  // only when the markers are no longer all in view
    var map = live();
    if (!map || touched || Date.now() > until) { return; }
    map.invalidateSize();
    if (!map.getBounds().contains(bounds)) { map.fitBounds(bounds, opts); }
  }
  var map = live();
  if (!map) { return; }
  var kb = map.keyboard;  // Leaflet focuses the map on mousedown; in a frame that scrolls the
  if (kb && !kb._rfNoScroll) {  // page to show it, and the mouseup then misses the marker
    kb.disable();
    kb._onMouseDown = function () {
      if (!this._focused) { this._map.getContainer().focus({preventScroll: true}); }
    };
    kb.enable();
    kb._rfNoScroll = true;
  }
  map.fitBounds(bounds, opts);
  [0, 250, 750, 1500].forEach(function (ms) { setTimeout(refit, ms); });
  var box = map.getContainer();
  ['mousedown', 'touchstart', 'wheel', 'keydown'].forEach(function (e) {
    box.addEventListener(e, function () { touched = true; }, {once: true});
  });
  if (window.ResizeObserver) { new ResizeObserver(refit).observe(box); }
})(L.latLngBounds([[%r, %r], [%r, %r]]));"""


def base_map(
    center: tuple[float, float],
    *,
    tile_url: str | None = None,
    attribution: str | None = None,
    zoom: int = 12,
) -> folium.Map:
    """An empty offline map (with tiles when a tile URL is configured)."""
    fmap = OfflineMap(location=list(center), zoom_start=zoom, tiles=None, control_scale=True)
    if tile_url:
        folium.TileLayer(tiles=tile_url, attr=attribution or "map tiles").add_to(fmap)
    return fmap


def results_layer(
    center: tuple[float, float],
    markers: Sequence[MapMarker],
    *,
    radius_miles: float | None = None,
    center_label: str = "Caller",
    search_id: str = "",
) -> folium.FeatureGroup:
    """What changes with each search, as one layer: the caller's place, the search radius
    and numbered, status-coloured markers, fitted in view once added to a map.

    The Find page hands it to ``st_folium(feature_group_to_add=...)`` so that the map
    already in the page swaps this layer instead of reloading Leaflet for each search.
    ``search_id`` is written on each marker (``data-search``) so a test can tell this
    search's markers from the previous ones."""
    layer = folium.FeatureGroup(name="results", control=False)
    folium.CircleMarker(
        location=list(center), radius=8, color="#0969da", fill=True, fill_opacity=0.9,
        tooltip=center_label,
    ).add_to(layer)
    if radius_miles:
        folium.Circle(location=list(center), radius=radius_miles * 1609.344, color="#0969da",
                      fill=False, weight=1, dash_array="6 6").add_to(layer)
    NumberedMarkers(markers, search_id=search_id, fit=[center]).add_to(layer)
    return layer


def results_map(
    center: tuple[float, float],
    markers: list[MapMarker],
    *,
    radius_miles: float | None = None,
    center_label: str = "Caller",
    tile_url: str | None = None,
    attribution: str | None = None,
    zoom: int = 12,
) -> folium.Map:
    """The caller's place, the search radius and numbered, status-coloured markers."""
    fmap = base_map(center, tile_url=tile_url, attribution=attribution, zoom=zoom)
    results_layer(center, markers, radius_miles=radius_miles,
                  center_label=center_label).add_to(fmap)
    return fmap


ROUTE_COLORS = ("#0969da", "#8250df", "#bf3989", "#1b7c83")
#: A visit's open status on arrival -> marker colour: open (green), arrive early and wait
#: (amber), hours unknown (grey).
VISIT_STATUS = {"open": "open", "closed": "closing", "unknown": "unknown"}


def route_map(
    itinerary: Itinerary,
    *,
    lines: list[list[tuple[float, float]]] | None = None,
    tile_url: str | None = None,
    attribution: str | None = None,
) -> folium.Map:
    """An outreach itinerary (:class:`resources.routes.Itinerary`): the start, numbered stops in
    visiting order coloured by open status on arrival, one line per staff member, and the
    stops left out as red rings (tooltip: the reason)."""
    start, zone = itinerary.plan.start_place, itinerary.plan.start_time.tzinfo
    fmap = base_map((start.lat, start.lon), tile_url=tile_url, attribution=attribution,
                    zoom=13)
    points = [(start.lat, start.lon)]
    folium.CircleMarker([start.lat, start.lon], radius=9, color="#0969da", fill=True,
                        fill_opacity=0.9, tooltip=f"Start: {start.label}").add_to(fmap)
    for r in itinerary.routes:
        drawn = lines[r.vehicle] if lines else (
            [(start.lat, start.lon)] + [(v.stop.lat, v.stop.lon) for v in r.visits]
            + ([(r.end.lat, r.end.lon)] if r.end is not None else []))
        if len(drawn) > 1:
            folium.PolyLine(drawn, color=ROUTE_COLORS[r.vehicle % len(ROUTE_COLORS)], weight=4,
                            opacity=0.8).add_to(fmap)
        for i, v in enumerate(r.visits, start=1):
            marker = MapMarker(i, v.stop.lat, v.stop.lon, v.stop.name, "",
                               VISIT_STATUS.get(v.open_on_arrival, "unknown"))
            arrive = v.arrival.astimezone(zone).strftime("%H:%M")
            folium.Marker([v.stop.lat, v.stop.lon], icon=_numbered_icon(marker),
                          tooltip=f"{i}. {v.stop.name} · arrive {arrive}").add_to(fmap)
            points.append((v.stop.lat, v.stop.lon))
        if r.end is not None and (r.end.lat, r.end.lon) != (start.lat, start.lon):
            folium.CircleMarker([r.end.lat, r.end.lon], radius=9, color="#24292f", fill=True,
                                fill_opacity=0.9, tooltip=f"End: {r.end.label}").add_to(fmap)
            points.append((r.end.lat, r.end.lon))
    for u in itinerary.unreachable:
        folium.CircleMarker([u.stop.lat, u.stop.lon], radius=8, color=STATUS_COLORS["closed"],
                            weight=3, fill=False,
                            tooltip=f"Not in plan: {u.stop.name}: {u.reason}").add_to(fmap)
        points.append((u.stop.lat, u.stop.lon))
    if len(points) > 1:
        lats, lons = [p[0] for p in points], [p[1] for p in points]
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(20, 20))
    return fmap
