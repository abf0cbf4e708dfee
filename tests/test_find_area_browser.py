"""The Find page on a directory whose offices are known only by the area they serve (the
real Illinois Legal Aid Online export, issue 16), in a real headless Chromium: a search for
a lawyer in Chicago lists the legal-aid offices that serve Cook County by phone, with their
numbers, and a food search does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from resources.pipeline.load import load_path
from resources.store import Store
from tests.browser import OUTPUT, browser_page, streamlit_server, type_into

pytestmark = pytest.mark.browser
ILAO = Path("hsds-transformer-fixtures/spec/fixtures/custom/ilao")


@pytest.fixture(scope="module")
def server(shared: Path, tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("ilao") / "ilao.duckdb"
    with Store.open(db) as store:
        load_path(store, shared / ILAO, source_id="ilao")
    with streamlit_server({"RESOURCES_DB": str(db)}) as url:
        yield url


def _lines(page) -> str:  # type: ignore[no-untyped-def]
    panel = page.locator(".rf-hotlines:visible")
    return panel.first.inner_text() if panel.count() else ""


def test_offices_known_by_their_area_answer_a_search_there(server, chromium):
    with browser_page(chromium) as page:
        page.goto(server, wait_until="domcontentloaded", timeout=90_000)
        type_into(page, "Where is the caller?", "60608")
        type_into(page, "What do they need?", "lawyer")
        page.locator(".rf-hotlines:visible").first.wait_for(timeout=30_000)
        lines = _lines(page)
        assert "Hotlines and services by phone for this place" in lines
        assert "Lawndale Christian Legal Center — (773) 762-6381" in lines, lines
        page.screenshot(path=str(OUTPUT / "find-area-served.png"), full_page=True)
        type_into(page, "What do they need?", "food pantry")
        assert "Lawndale Christian Legal Center" not in _lines(page)
