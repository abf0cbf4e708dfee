"""The referral slip where the specialist works (issue 19): a bar fixed to the bottom of the
window as soon as a card is ticked, with the count, a Copy text button and a Print button
(reachable by Tab, visible without hover), the SMS text, and a download of the slip as
a page. The
browser's own Print prints the slip alone (the print stylesheet in :data:`SLIP_CSS`).

The text and the printable section come from :mod:`resources.search.referral`; nothing about the
caller is stored.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import streamlit as st

from resources.geo.tz import zone_for_point
from resources.i18n import LANGS
from resources.search.referral import slip_text, with_absolute_hours
from ui import i18n
from ui.i18n import NAMES
from ui.slip_page import slip_html, slip_section

SLIP_KEY = "rf_slip"
SLIP_CSS = """<style>
.st-key-rf_slip {position:fixed; left:0; right:0; bottom:0; z-index:999990; background:#fff;
  border-top:2px solid #0a3069; box-shadow:0 -4px 12px rgba(0,0,0,.18);
  padding:.4rem 1rem .5rem; max-height:55vh; overflow-y:auto}
.stMain:has(.st-key-rf_slip) .block-container {padding-bottom:12rem}
.stMain:has(.st-key-rf_slip), [data-testid="stAppViewContainer"]:has(.st-key-rf_slip)
  {scroll-padding-bottom:12rem}
.rf-slip h2 {font-size:1.05rem; margin:0; padding:0; display:inline-block;
  margin-right:.8rem; vertical-align:middle}
.rf-slip-actions {display:inline-flex; flex-wrap:wrap; gap:.5rem; vertical-align:middle}
.rf-slip-actions button, .rf-slip-actions a {min-height:44px; min-width:44px;
  padding:0 .9rem; border:1px solid #0a3069; border-radius:6px; background:#fff;
  color:#0a3069; font:inherit; font-weight:600; cursor:pointer; display:inline-flex;
  align-items:center; text-decoration:none}
.rf-slip-actions button.rf-primary {background:#0a3069; color:#fff}
.rf-slip details {margin-top:.3rem}
.rf-slip summary {min-height:44px; display:flex; align-items:center; cursor:pointer}
.rf-slip textarea {width:100%; font:13px/1.35 monospace; color:#1f2328}
.rf-slip-names {font-size:.85rem; color:#3d444d; margin:.2rem 0 0}
.rf-slip-print {display:none}
@media (max-width: 640px) {.rf-slip-names {display:none} .st-key-rf_slip {padding:.3rem .6rem}}
@media (min-width: 641px) {.st-key-rf_slip .st-key-slip_more {position:absolute; top:.4rem;
  right:1rem; width:auto}}
@media print {
  header, [data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stToolbar"],
  [data-testid="stDecoration"], [data-testid="stPopover"], iframe, .rf-slip-screen,
  [data-testid="stElementContainer"]:not(:has(.rf-slip-print)) {display:none !important}
  .st-key-rf_slip {position:static; box-shadow:none; border:0; max-height:none;
    overflow:visible; padding:0}
  .rf-slip-print {display:block; font:12pt sans-serif; color:#000}
  .rf-slip-print h2 {font-size:16pt} .rf-slip-print h3 {font-size:13pt; margin:.2em 0}
  .block-container {padding:0 !important}
}
</style>"""

# one listener for the page (a redrawn slip keeps working): Copy puts the SMS text on the
# clipboard (or selects it where the clipboard is refused) and says so in a live region
_SCRIPT = """<script>
if (!window.rfSlipWired) {
  window.rfSlipWired = true;
  document.addEventListener('click', async (ev) => {
    const copy = ev.target.closest('#rf-slip-copy');
    if (ev.target.closest('#rf-slip-print')) { window.print(); return; }
    if (!copy) return;
    const box = document.getElementById('rf-slip-text');
    const said = document.getElementById('rf-slip-said');
    try { await navigator.clipboard.writeText(box.value); said.textContent = said.dataset.copied; }
    catch (e) {
      box.closest('details').open = true; box.focus(); box.select();
      said.textContent = document.execCommand('copy') ? said.dataset.copied
                                                      : said.dataset.selected;
    }
  });
}
</script>"""


KEPT = "_slip_kept"  # location_id -> the place as ticked (hours in absolute words)


def tick_box(result: Any) -> None:
    """The card's box, named like its card ("Add 3. Night Shelter to referral slip"): two
    places can share a name, never a number. Ticked when the slip already holds the place
    (from an earlier search)."""
    st.checkbox(i18n.t("slip.add", rank=result.rank, name=result.name),
                key=f"slip_{result.location_id}",
                value=result.location_id in st.session_state.get(KEPT, {}))


def chosen(results: Sequence[Any], at: datetime) -> list[Any]:
    """The places on the slip, in the order ticked: the boxes on screen decide for their
    places; places ticked in earlier searches stay until unticked or cleared."""
    kept: dict[str, Any] = st.session_state.setdefault(KEPT, {})
    for r in results:
        ticked = st.session_state.get(f"slip_{r.location_id}")
        if ticked and r.location_id not in kept:
            kept[r.location_id] = with_absolute_hours(r, at)
        elif not ticked:
            kept.pop(r.location_id, None)
    return list(kept.values())


def _clear() -> None:
    """Empty the slip and untick the boxes on screen."""
    for location_id in st.session_state.pop(KEPT, {}):
        if f"slip_{location_id}" in st.session_state:
            st.session_state[f"slip_{location_id}"] = False


def render(results: Sequence[Any], at: datetime | None, place: Any = None) -> None:
    """The slip bar, when the slip holds at least one place."""
    at = at or datetime.now(UTC)
    picked = chosen(results, at)
    if not picked:
        return
    zone = _zone(place, picked)
    lang = slip_lang()
    text = slip_text(picked, at=at, zone=zone, lang=lang)
    page = slip_html(picked, at=at, zone=zone, lang=lang)
    cat = i18n.cat()
    with st.container(key=SLIP_KEY):
        st.html(SLIP_CSS + slip_bar_html(picked, text, lang)
                + slip_section(picked, title=cat.text("slip.heading", lang), at=at, zone=zone,
                               lang=lang) + _SCRIPT,
                unsafe_allow_javascript=True)
        with st.container(horizontal=True, key="slip_more"):
            st.segmented_control(i18n.t("slip.language"), list(LANGS), key=SLIP_LANG,
                                 format_func=NAMES.__getitem__, on_change=_slip_lang_chosen)
            st.download_button(i18n.t("slip.save"), page,
                               file_name=cat.text("slip.file", lang), mime="text/html",
                               key="slip_save")
            st.button(i18n.t("slip.clear"), key="slip_clear", on_click=_clear)


SLIP_LANG = "slip_lang"  # the slip's language: the page's until the specialist chooses one


def slip_lang() -> str:
    """The slip's language, set before its control is drawn: the page language, unless the
    specialist chose another for this caller (an English page, a Spanish slip)."""
    s = st.session_state
    if not s.get("_slip_lang_chosen") or s.get(SLIP_LANG) not in LANGS:
        s[SLIP_LANG] = i18n.lang()
    return str(s[SLIP_LANG])


def _slip_lang_chosen() -> None:
    st.session_state["_slip_lang_chosen"] = st.session_state.get(SLIP_LANG) in LANGS


def slip_bar_html(picked: Sequence[Any], text: str, slip_language: str = i18n.DEFAULT) -> str:
    """The bar's screen part, in the page language: title with the count, the buttons, the
    SMS text (in the slip's language, and marked so)."""
    esc, t = html.escape, i18n.t
    n = len(picked)
    names = " · ".join(esc(r.name) for r in picked)
    return (
        "<section class='rf-slip rf-slip-screen' aria-labelledby='rf-slip-title'>"
        f"<h2 id='rf-slip-title'>{esc(t('slip.title', n=n))}</h2>"
        "<span class='rf-slip-actions'>"
        f"<button type='button' id='rf-slip-copy' class='rf-primary'>{esc(t('slip.copy'))}"
        "</button>"
        f"<button type='button' id='rf-slip-print'>{esc(t('slip.print'))}</button>"
        f"</span> <span id='rf-slip-said' role='status' "
        f"data-copied='{esc(t('slip.copied'), quote=True)}' "
        f"data-selected='{esc(t('slip.selected'), quote=True)}'></span>"
        f"<p class='rf-slip-names rf-data' translate='no'>{names}</p>"
        f"<details><summary>{esc(t('slip.text_to_send', n=len(text)))}</summary>"
        f"<textarea id='rf-slip-text' readonly rows='9' lang='{slip_language}' "
        f"aria-label='{esc(t('slip.text_label'), quote=True)}'>"
        f"{esc(text)}</textarea></details>"
        f"<p class='rf-slip-names'>{esc(t('slip.nothing_stored'))}</p></section>"
    )


def _zone(place: Any, picked: Sequence[Any]) -> ZoneInfo | None:
    """The caller's place's zone (else the first chosen place's: see slip_text)."""
    if place is None:
        return None
    name = zone_for_point(place.lat, place.lon)
    return ZoneInfo(name) if name else None
