"""Confidential places on the Find page, in a real headless Chromium (issue 16).

The store is the real DC 211 export cut to shape (see tests/test_privacy.py): Ayuda's DV
program has a private street address and only private phones. A specialist searching near
it sees the card with a coarse place and a public way in (211), and neither the page, nor
the map's Leaflet script and markers, nor the referral slip hold the street, the exact
point or the private numbers.
"""

from __future__ import annotations

import re

import pytest

from resources.pipeline.load import load_path
from resources.store import Store
from tests.browser import OUTPUT, browser_page, idle, streamlit_server
from tests.test_privacy import AYUDA_POINT, cut_file, leaks

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    from tests.conftest import SHARED, need

    need(SHARED.is_dir(), "the shared public datasets")
    folder = tmp_path_factory.mktemp("privacy-browser")
    db = folder / "dc.duckdb"
    with Store.open(db) as store:
        load_path(store, cut_file(SHARED, folder / "211.csv"), source_id="dc")
    with streamlit_server({"RESOURCES_DB": str(db)}) as url:
        yield url




_DRAWN = """() => {
  const out = [];
  for (const v of Object.values(window)) {
    if (v && typeof v === 'object' && v instanceof L.Map) {
      v.eachLayer(l => { if (l.getLatLng) { const p = l.getLatLng(); out.push([p.lat, p.lng]); } });
    }
  }
  return out;
}"""


def test_confidential_place_is_listed_without_its_address_point_or_phones(server, chromium):
    with browser_page(chromium) as page:
        page.goto(server + "/?where=20009&what=Hermanas%20Unidas",
                  wait_until="domcontentloaded", timeout=90_000)
        idle(page)
        page.wait_for_selector(".rf-card", timeout=90_000)
        card = page.locator(".rf-card", has_text="Hermanas Unidas").first
        text = card.inner_text()
        assert "Confidential location" in text and "Washington, DC 20009" in text
        assert "211" in text and "approximate" in text
        frame_el = page.locator('iframe[title="streamlit_folium.st_folium"]')
        frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
        frame.locator(".rf-marker").first.wait_for(timeout=60_000)
        map_frame = frame_el.element_handle().content_frame()
        drawn = map_frame.evaluate(_DRAWN)
        assert drawn, "no marker drawn"
        exact = [p for p in drawn if abs(p[0] - AYUDA_POINT[0]) < 1e-4
                 and abs(p[1] - AYUDA_POINT[1]) < 1e-4]
        assert exact == [], f"the exact point is drawn: {exact}"
        # the slip a specialist hands over
        place = card.get_attribute("data-location")
        page.locator(".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", f"slip_{place}")
                     + " label").click()
        page.wait_for_selector("text=Referral slip (1)", timeout=30_000)
        idle(page)
        slip = page.locator("#rf-slip-text").input_value()
        assert "Hermanas Unidas" in slip and "Confidential location" in slip
        page.screenshot(path=str(OUTPUT / "find-confidential.png"), full_page=True)
        html = page.content() + "".join(f.content() for f in page.frames)
        assert leaks(html) == []
        point = rf"{AYUDA_POINT[0]}\D{{0,4}}{AYUDA_POINT[1]}"
        assert not re.search(point, html), "the exact point is in the page or the map script"
