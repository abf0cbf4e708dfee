"""What makes every page usable by keyboard, screen reader and phone (issue 19, "Every
screen, every specialist"): a visible focus outline, a collapsed sidebar whose fields take no
focus, text colours with at least 4.5:1 contrast, 44 px tap targets on a phone, and the Find
page's phone layout (banner, first card and hotlines in the first screen). Checked with
axe-core in the browser tests (tests/a11y.py).
"""

from __future__ import annotations

import html

import streamlit as st

from ui import i18n

# every page (app.py): focus, hidden sidebar, contrast; then the Find page's layout
APP_CSS = """<style>
:focus-visible {outline:3px solid #0969da !important; outline-offset:2px}
/* a collapsed sidebar is out of view: its fields must not take focus before the content */
[data-testid="stSidebar"][data-collapsed="true"] {visibility:hidden}
[data-testid="stCaptionContainer"] {opacity:1}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {color:#4b535d}
/* a checkbox's or radio's input is visually hidden: outline its label instead */
label:has(input:focus-visible) {outline:3px solid #0969da; outline-offset:2px}
[data-testid="stCheckbox"] label p {white-space:normal; overflow:visible; text-overflow:clip}
button[data-selected="true"] p {color:#8c1d18}
/* a disabled widget's label stays readable (4.5:1), its box still shows it is disabled */
[data-testid="stElementContainer"]:has(:disabled) [data-testid="stWidgetLabel"] p
  {color:#5c6166}
.rf-sr {position:absolute !important; width:1px; height:1px; padding:0; margin:-1px;
  overflow:hidden; clip:rect(0,0,0,0); white-space:nowrap; border:0}
@media (max-width: 640px) {
  .stButton button, .stDownloadButton button, .stFormSubmitButton button,
  [data-testid="stPopover"] button, [data-testid="stButtonGroup"] button {min-height:44px}
  [data-testid="stCheckbox"] label {min-height:44px; align-items:center}
  /* code blocks wrap instead of scrolling sideways (a scrolled box needs a focus stop) */
  [data-testid="stCode"] pre, [data-testid="stCode"] code {white-space:pre-wrap !important;
    overflow-wrap:anywhere}
}
/* the Find page */
.rf-card h3.rf-name {font-size:1rem; font-weight:700; line-height:1.35; margin:0; padding:0;
  scroll-margin-top:4rem}
.rf-stale {color:#7d4e00}
.rf-count {font-size:.875rem; color:#4b535d; margin:0}
.rf-hotlines[data-screen='phone'] {display:none}
/* the page-language switch sits in the header's free right-hand side, on every screen */
.st-key-hl {position:fixed; top:.55rem; right:3.6rem; z-index:999991; width:auto !important}
.st-key-hl button {min-height:2.2rem; padding:0 .7rem}
@media (max-width: 640px) {
  .block-container {padding-top:3.2rem !important}
  .rf-hotlines[data-screen='phone'] {display:block}
  .rf-hotlines[data-screen='wide'] {display:none}
  .rf-card a[href^="tel:"] {display:inline-flex; align-items:center; min-height:44px}
  /* Where | What | Search on one row, the six need chips on one row, When without its
     visible label (screen readers still read it) */
  .stForm:has(.st-key-search) [data-testid="stHorizontalBlock"] {flex-wrap:nowrap;
    flex-direction:row; gap:.35rem}
  .stForm:has(.st-key-search) [data-testid="stColumn"] {min-width:0; width:auto;
    flex:1 1 0}
  .stForm:has(.st-key-search) [data-testid="stColumn"]:has(.st-key-search) {flex:0 0 auto}
  .stForm:has(.st-key-search) button {padding-left:.2rem; padding-right:.2rem}
  .stForm:has(.st-key-search) [class*="st-key-chip_"] button p {font-size:.72rem}
  .st-key-hl {right:.5rem; top:.4rem} .st-key-hl button {min-height:44px}
  .stForm:has(.st-key-search) [data-testid="stWidgetLabel"] p {font-size:.8rem}
  [data-testid="stButtonGroup"] [data-testid="stWidgetLabel"] {position:absolute;
    width:1px; height:1px; overflow:hidden; clip:rect(0,0,0,0)}
  .stMainBlockContainer [data-testid="stVerticalBlock"] {gap:.6rem}
}
</style>"""


# the document's language follows the page on screen: a page that draws an element with
# `data-page-lang` (the Find page's h1) sets it, every other page is English. Installed once;
# it runs whenever the page's elements change (a Streamlit run, a page switch).
LANG_SCRIPT = """<script>
if (!window.rfLangWired) {
  window.rfLangWired = true;
  const sync = () => {
    const marked = document.querySelector('[data-page-lang]');
    const lang = marked ? marked.dataset.pageLang : 'en';
    if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
  };
  new MutationObserver(sync).observe(document.body, {childList: true, subtree: true});
  sync();
}
</script>"""


def apply() -> None:
    """The app-wide styles and the document's language; called once per run by app.py."""
    st.html(APP_CSS)  # apart from the script: drawn with the page's first elements
    st.html(LANG_SCRIPT, unsafe_allow_javascript=True)


def find_page() -> None:
    """The Find page's one h1 (read by screen readers, not shown), which also carries the
    page's language; its styles are in :data:`APP_CSS` (one style element for the app,
    drawn first)."""
    st.html(f"<h1 class='rf-sr' {i18n.marker()}>{html.escape(i18n.t('page.h1'))}</h1>")


def result_count(text: str) -> None:
    """The result count under its own heading, in a live region: a screen reader says it
    when a search ends."""
    st.html(f"<h2 class='rf-sr'>{html.escape(i18n.t('page.results'))}</h2>"
            f"<p class='rf-count' role='status'>{html.escape(text)}</p>")


def announce(text: str) -> None:
    """Say ``text`` to a screen reader when it appears ("Nothing fits every filter…")."""
    st.html(f"<h2 class='rf-sr'>{html.escape(i18n.t('page.results'))}</h2>"
            f"<p class='rf-sr' role='status'>{html.escape(text)}</p>")
