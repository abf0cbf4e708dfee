"""The Find page's reading of the need, shown to the specialist: chips and When.

- **Chips** under the search box: the populations and conditions the need's words name
  ("Family with children ✕", "Pets ✕", "Wheelchair accessible ✕"; read by the engine from
  ``resources/data/matching.yaml``). ✕ removes one: the search runs again without it (the
  removal lasts until the need is changed, and is kept in the URL as ``drop``).
- **When from the words**: day and time words in the need ("open saturday", "tonight",
  "esta noche"; ``resources/data/when.yaml``) are taken out of the need box and set *When*
  to that time at the place ("Open Sat 12:00 PM ✕" chip; ✕ goes back to Any time).
- **At…** sits beside When: a date and a time that start from the current time *in the
  place's zone*, and apply only when the specialist presses Set; the chosen time is kept in
  the URL (``at=2026-12-12T12:00``, wall-clock time at the place).

Every widget state lives in ``st.session_state``; the engine does the reading
(:class:`resources.search.engine.SearchEngine`, :mod:`resources.search.when_words`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import streamlit as st

from resources.geo.tz import zone_for_point
from resources.search.engine import SearchRequest, SearchResponse
from resources.search.when_words import label_time
from ui import i18n
from ui.i18n import t

AT = "At…"
CSS = """<style>
.st-key-rf_chips button {border-radius:16px; padding:2px 12px; min-height:2rem;
                         background:#ddf4ff; color:#0a3069; border:1px solid #54aeff}
.st-key-rf_chips [data-testid="stHorizontalBlock"] {flex-wrap:wrap; gap:.4rem}
.st-key-rf_chips [data-testid="stColumn"] {flex:0 0 auto; width:auto; min-width:0}
</style>"""


# -- state from and to the URL ------------------------------------------------------------
def init_from_url(qp: Any) -> None:
    """The chosen At… time and removed chips of a shared link."""
    s = st.session_state
    s["_drop"] = [d for d in qp.get_all("drop") if d]
    s["_drop_need"] = qp.get("what", "")
    at = _parse_at(qp.get("at", ""))
    if at is not None:
        s["at_date"], s["at_time"] = at.date(), at.time()
        s["_at_set"] = (at.date(), at.time())


def url_params() -> dict[str, Any]:
    """This module's part of the page address."""
    s = st.session_state
    at = s.get("_at_set") if s.get("open_mode") == AT else None
    return {"at": f"{at[0].isoformat()}T{at[1].strftime('%H:%M')}" if at else None,
            "drop": list(dropped_chips()) or None}


def _parse_at(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None  # a hand-edited link: At… stays unset rather than guessing


# -- the place's time zone ----------------------------------------------------------------
def place_zone(engine: Any, where: str) -> ZoneInfo | None:
    """The zone of the place typed in Where (None while it is unresolved), once per place."""
    where = where.strip()
    if not where:
        return None
    cache = st.session_state.setdefault("_zones", {})
    if where not in cache:
        try:
            resolved = engine.resolve(SearchRequest(place=where))
        except Exception:  # noqa: BLE001 - a geocoder problem: the search will say it
            resolved = None
        best = getattr(resolved, "best", None) if resolved is not None else None
        name = zone_for_point(best.lat, best.lon) if best is not None \
            and getattr(resolved, "status", "") == "ok" else None
        cache[where] = name
    return ZoneInfo(cache[where]) if cache[where] else None


def place_now(engine: Any, where: str) -> tuple[datetime, bool]:
    """Now at the place (and True), or in UTC (False) while the place is unknown."""
    zone = place_zone(engine, where)
    return datetime.now(zone or UTC), zone is not None


# -- When from the need's words -----------------------------------------------------------
def move_when_words(engine: Any) -> None:
    """Before the widgets are drawn: day and time words in the need leave the need box and
    set When ("food pantry open saturday" -> "food pantry", At… Sat 12:00 PM). Only once
    the place is known (its zone says which Saturday); until then the engine reads them."""
    s = st.session_state
    phrase = engine.when_grammar.find(s.get("what", ""))
    if phrase is None:
        return
    zone = place_zone(engine, s.get("where", ""))
    if zone is None or _loses_crisis(engine, s.get("what", ""), phrase.rest):
        return
    when = phrase.resolve(datetime.now(zone))
    s["what"] = phrase.rest
    s["_drop_need"] = phrase.rest  # the need is the same need: keep removed chips
    if when.mode == "now" or when.at is None:
        s["open_mode"] = "Open now"
        s.pop("_at_set", None)
    else:
        wall = when.at.replace(tzinfo=None)
        s["open_mode"] = AT
        s["at_date"], s["at_time"] = wall.date(), wall.time()
        s["_at_set"] = (wall.date(), wall.time())
    s["_when_words"] = phrase.words


def _loses_crisis(engine: Any, words: str, rest: str) -> bool:
    """Taking the day words out would hide crisis words from the banner: keep them in."""
    before = engine.vocab.crisis_signal(words)
    return before is not None and engine.vocab.crisis_signal(rest) is None


def _when_changed() -> None:
    """The specialist chose When: it no longer comes from the words."""
    st.session_state.pop("_when_words", None)
    if st.session_state.get("open_mode") != AT:
        st.session_state.pop("_at_set", None)


# -- When and At… beside the search box ----------------------------------------------------
def when_controls(col: Any, engine: Any, modes: list[str],
                  label: Any = None) -> None:
    """When (Any time, Open now, On arrival, At…) and, for At…, a date and a time at the
    place with a Set button: nothing is searched at a time until it is set. ``label``: each
    option's words in the page language (the options themselves do not change)."""
    s = st.session_state
    if s.get("open_mode") is None:  # clicking the chosen option clears it
        s["open_mode"] = modes[0]
    col.segmented_control(t("when.label"), modes, key="open_mode", on_change=_when_changed,
                          format_func=label or str)
    if s["open_mode"] != AT:
        return
    now, known = place_now(engine, s.get("where", ""))
    if "at_date" not in s or "at_time" not in s:
        start = _next_quarter(now.replace(tzinfo=None))
        s["at_date"], s["at_time"] = start.date(), start.time()
    zone_name = str(now.tzinfo) if known else t("when.utc")
    with col.form("at_form", border=False):
        c1, c2, c3 = st.columns([5, 4, 3], vertical_alignment="bottom")
        c1.date_input(t("when.date"), key="at_date", format="YYYY-MM-DD")
        c2.time_input(t("when.time"), key="at_time", step=timedelta(minutes=15))
        c3.form_submit_button(t("when.set"), on_click=_set_at, use_container_width=True,
                              key="at_set", type="primary" if not s.get("_at_set") else
                              "secondary")
    if s.get("_at_set"):
        d, clock = s["_at_set"]
        col.caption(t("when.searching", time=_time_words(datetime.combine(d, clock),
                                                         dated=True), zone=zone_name))
    else:
        col.caption(t("when.choose", zone=zone_name))


def _time_words(at: datetime, now: datetime | None = None, *, dated: bool = False) -> str:
    """'Sat 12:00 PM' ('Sat Dec 19, 12:00 PM' dated) in the page language."""
    if i18n.lang() == i18n.DEFAULT:
        return label_time(at, now, dated=dated)
    far = dated or (now is not None and abs((at.date() - now.date()).days) > 6)
    return i18n.cat().day_time(at, i18n.lang(), dated=far)


def _set_at() -> None:
    s = st.session_state
    s["_at_set"] = (s["at_date"], s["at_time"])
    s.pop("_when_words", None)


def _next_quarter(now: datetime) -> datetime:
    base = now.replace(second=0, microsecond=0)
    return base + timedelta(minutes=(15 - base.minute % 15) % 15)


def at_time() -> datetime | None:
    """The At… time to search at (naive: wall-clock at the place), once it is set."""
    s = st.session_state
    if s.get("open_mode") != AT or not s.get("_at_set"):
        return None
    d, t = s["_at_set"]
    return datetime.combine(d, t) if isinstance(d, date) and isinstance(t, time) else None


def at_pending() -> bool:
    """At… is chosen but no time is set yet: search as Any time until it is."""
    return st.session_state.get("open_mode") == AT and at_time() is None


# -- chips ---------------------------------------------------------------------------------
def dropped_chips() -> tuple[str, ...]:
    """Chips the specialist removed, while the need stays the one they were removed from."""
    s = st.session_state
    if s.get("_drop_need", "") != s.get("what", ""):
        s["_drop"], s["_drop_need"] = [], s.get("what", "")
    return tuple(s.get("_drop") or [])


def _drop_chip(chip_id: str) -> None:
    s = st.session_state
    s["_drop"] = [*(s.get("_drop") or []), chip_id]
    s["_drop_need"] = s.get("what", "")


def _drop_when() -> None:
    s = st.session_state
    s["open_mode"] = "Any time"
    for key in ("_when_words", "_at_set"):
        s.pop(key, None)


def chips_row(resp: SearchResponse | None) -> None:
    """One chip per thing the words say: When first, then populations (ranking
    preferences) and conditions (filters). Each ✕ searches again without it."""
    s = st.session_state
    chips: list[tuple[str, str, Any, tuple[str, ...], str]] = []
    when = at_time() if s.get("_when_words") else None
    if s.get("_when_words") and (when is not None or s.get("open_mode") == "Open now"):
        label = t("when.chip", time=_time_words(when)) if when else t("when.now_chip")
        chips.append(("when", f"{label} ✕", _drop_when, (),
                      t("when.chip_help", words=s["_when_words"])))
    elif resp is not None and resp.when is not None:
        # the words' When, read by the engine (the place was not known before the search)
        chips.append(("when_read", i18n.derived("hours", resp.when.label), None, (),
                      t("when.read_help", words=resp.when.words)))
    cat, lang = i18n.cat(), i18n.lang()
    for chip in resp.chips if resp is not None else []:
        kind = t("words.filter") if chip.kind == "filter" else t("words.preference")
        chips.append((chip.id, f"{cat.chip_label(chip.id, chip.label, lang)} ✕", _drop_chip,
                      (chip.id,), t("words.chip_help", words=chip.words, kind=kind)))
    if not chips:
        return
    st.html(CSS)
    with st.container(key="rf_chips"):
        cols = st.columns(len(chips) + 1, gap="small", vertical_alignment="center")
        cols[0].markdown(f"<span style='font-size:.85em;color:#57606a'>{t('words.read')}"
                         "</span>", unsafe_allow_html=True)
        for col, (cid, label, action, args, why) in zip(cols[1:], chips, strict=True):
            col.button(label, key=f"chip_x_{cid}", on_click=action, args=args, help=why,
                       disabled=action is None)
