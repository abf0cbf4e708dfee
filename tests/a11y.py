"""axe-core in the browser tests (issue 19): 0 serious and 0 moderate violations.

axe.min.js comes with the pinned PyPI package ``axe-playwright-python`` (requirements-dev.txt,
installed by ``make test``). Without it a test skips locally and fails in CI
(:func:`tests.conftest.need`). The map's frame (Leaflet, drawn by streamlit-folium) is not
checked: axe runs on the page itself.
"""

from __future__ import annotations

import importlib.util

from tests.browser import idle
from tests.conftest import need

BLOCKING = ("critical", "serious", "moderate")


def axe_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    """'rule (impact): target — summary' for each node axe finds at a blocking impact."""
    need(importlib.util.find_spec("axe_playwright_python") is not None,
         "axe-core (pip package axe-playwright-python, requirements-dev.txt)")
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"], "iframes": False})
    return [f"{v['id']} ({v['impact']}): {node['target']} — "
            + " ".join(node.get("failureSummary", "").split())[:200] + " · " + node["html"][:300]
            for v in results.response["violations"] if v["impact"] in BLOCKING
            for node in v["nodes"]]


def assert_accessible(page, state: str, *,  # type: ignore[no-untyped-def]
                      streamlit: bool = True) -> None:
    """No blocking violation once the page's run has ended (a rerun fades the elements it
    has not redrawn yet: their faded text is not what a person reads). ``streamlit=False``:
    a plain page (the slip saved as a page)."""
    if streamlit:
        idle(page)
        page.wait_for_function("!document.querySelector('[data-stale=\"true\"]')",
                               timeout=60_000)
        page.wait_for_timeout(800)  # the fade back from stale takes a moment
    found = axe_violations(page)
    assert not found, f"axe on {state}:\n" + "\n".join(found)
