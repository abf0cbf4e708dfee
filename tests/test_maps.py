"""The results map's script: numbered markers, and markers that share a point."""

from __future__ import annotations

import re

from ui.maps import MapMarker, base_map, results_layer


def _anchors(markers: list[MapMarker]) -> dict[int, tuple[int, int]]:
    fmap = base_map((38.91, -77.02))
    results_layer((38.91, -77.02), markers).add_to(fmap)
    script = fmap.get_root().render()
    found = re.findall(r'iconAnchor: \[(-?\d+), (-?\d+)\], html: "<div data-result=\\"(\d+)', script)
    return {int(n): (int(x), int(y)) for x, y, n in found}


def test_markers_sharing_a_point_fan_out_so_each_can_be_clicked():
    """Real 211 exports place many programs at one ZIP centroid (DC 211: 270 rows at one
    point): stacked markers hide each other and only the top one can be clicked."""
    same = [MapMarker(n, 38.908569, -77.017972, f"Place {n}", "") for n in (1, 2, 3)]
    alone = MapMarker(4, 38.95, -77.05, "Elsewhere", "")
    anchors = _anchors([*same, alone])
    assert set(anchors) == {1, 2, 3, 4}
    assert anchors[4] == (13, 13), "a marker alone is centred on its point"
    fanned = [anchors[n] for n in (1, 2, 3)]
    assert len(set(fanned)) == 3
    for i, (ax, ay) in enumerate(fanned):  # at least a marker's width apart (26 px)
        for bx, by in fanned[i + 1:]:
            assert (ax - bx) ** 2 + (ay - by) ** 2 >= 26 ** 2


def test_a_lone_marker_at_the_searched_point_is_fitted_in_a_real_box():
    """A confidential place is shown at its ZIP centroid: searched from that ZIP, the one
    marker sits on the caller's point. Leaflet cannot fit an empty box (NaN zoom: the layer
    was never drawn, an empty map); the view is fitted around the point instead."""
    fmap = base_map((38.9202, -77.0375))
    results_layer((38.9202, -77.0375), [MapMarker(1, 38.9202, -77.0375, "Confidential", "")]
                  ).add_to(fmap)
    script = fmap.get_root().render()
    box = re.search(r"L\.latLngBounds\(\[\[([-\d.]+), ([-\d.]+)\], \[([-\d.]+), ([-\d.]+)\]\]",
                    script)
    assert box is not None
    south, west, north, east = (float(v) for v in box.groups())
    assert north - south > 0.001 and east - west > 0.001
    assert south < 38.9202 < north and west < -77.0375 < east
