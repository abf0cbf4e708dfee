"""The Find page's language (issue 19, "Spanish"): English or Español, chosen at the top of
the page and kept in the URL as ``hl`` (``lang`` is the spoken-language filter). The words
come from :mod:`resources.i18n`; the document's ``<html lang>`` follows the page (see
:data:`ui.theme.LANG_SCRIPT`), so a screen reader switches voice.

The page language changes only the words around the results, never the search: the request
is built from the same widget values (option values stay the same; only their labels are
translated, by ``format_func``).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from resources.i18n import DEFAULT, LANGS, Catalog, catalog, page_lang

KEY = "hl"  # the widget's key and the URL parameter
NAMES = {"en": "English", "es": "Español"}  # each language in its own words


def cat() -> Catalog:
    return catalog()


def lang() -> str:
    """The page language of this session ('en' until chosen or given by the URL: the
    navigation is drawn before the Find page reads the URL, so it reads it too)."""
    return page_lang(st.session_state.get(KEY) or st.query_params.get(KEY))


def t(key: str, **values: Any) -> str:
    """The page's text for ``key`` in the page language."""
    return catalog().text(key, lang(), **values)


def derived(kind: str, english: str) -> str:
    """An engine text (hours label, reason, message) in the page language."""
    return catalog().derived(kind, english, lang())


def init_from_url(qp: Any) -> None:
    st.session_state[KEY] = page_lang(qp.get(KEY))
    st.session_state["_hl_before"] = st.session_state[KEY]


def url_param() -> str | None:
    """``hl`` for the page address: only when it is not the default."""
    return None if lang() == DEFAULT else lang()


def _keep_one() -> None:
    """Clicking the chosen language again clears the control: keep the language."""
    s = st.session_state
    if s.get(KEY) not in LANGS:
        s[KEY] = s.get("_hl_before", DEFAULT)
    s["_hl_before"] = s[KEY]


def switch(where: Any = None) -> None:
    """English | Español, each written in its own language."""
    (where or st).segmented_control(
        f"{NAMES['en']} / {NAMES['es']}: {t('page.lang_switch')}", list(LANGS), key=KEY,
        format_func=NAMES.__getitem__, on_change=_keep_one, label_visibility="collapsed")


def marker() -> str:
    """The attribute the page's one h1 carries: the document takes its language from it."""
    return f"data-page-lang='{lang()}'"
