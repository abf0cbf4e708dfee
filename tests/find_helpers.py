"""Shared by the Find page's AppTest files (their ``app`` fixture is in conftest.py): a
search typed as a specialist would."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _search(at: AppTest, where: str, what: str) -> AppTest:
    """Type where and what, then submit (Enter in either box does the same)."""
    at.text_input(key="where").set_value(where)
    at.text_input(key="what").set_value(what)
    at.button(key="search").click()
    at.run()
    assert not at.exception, at.exception
    return at
