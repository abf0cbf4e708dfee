"""Find: the specialist's page during a call. Where + what -> open services nearby.

The page reads widgets (mirrored in the URL so a colleague can open the same search),
calls the engine once per distinct request, and draws: safety banner, results, map,
hotlines, referral slip. Nothing about the caller is stored.

Speed (issue 7): one script run per search. Where and what are a form, so moving from one
box to the other does not start a search of its own; map clicks are handled in the map's
callback, before the run, instead of with a second run; the map stays in the page between
searches and only its results layer is swapped (no reload of Leaflet).
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
from datetime import UTC, datetime
from typing import Any

import streamlit as st
from streamlit_folium import st_folium

from resources.search.engine import CONFIDENTIAL_PHONE, SearchRequest, SearchResponse
from resources.search.referral import (
    display_phone,
    distinct_phones,
    eligibility_text,
    safe_address,
)
from ui import find_query, i18n, slip, theme
from ui.common import engine_or_message, settings, static_assets, vocabulary
from ui.i18n import t
from ui.maps import MapMarker, base_map, results_layer

LOG = logging.getLogger(__name__)
# one click for the most common needs (label: words searched). The words searched are the
# same in both page languages: a chip, like a shared link, finds the same services
CHIPS = {
    "Shelter": "emergency shelter",
    "Food": "food",
    "Detox": "detox",
    "Crisis": "mental health crisis",
    "DV": "domestic violence shelter",
    "Medical": "urgent care",
}
OPEN_MODES = {"Any time": "any", "Open now": "now", "On arrival": "arrive", "At…": "at"}
ELIGIBILITY = ["Woman", "Man", "Families with children", "Veteran", "LGBTQ+", "Pets"]
LANGUAGES = {"Any language": None, "Spanish": "es", "Vietnamese": "vi", "Amharic": "am",
             "Arabic": "ar", "Somali": "so", "Russian": "ru", "ASL": "ase"}
# the catalog key of each option's label (resources/data/ui_strings.yaml): the options'
# values stay these English names whatever the page language
_ELIG_KEYS = dict(zip(ELIGIBILITY, ("woman", "man", "families", "veteran", "lgbtq", "pets"),
                      strict=True))


def _open_mode_label(option: str) -> str:
    return t(f"when.{OPEN_MODES[option]}")


def _language_label(option: str) -> str:
    return t(f"lang.{LANGUAGES[option] or 'any'}")
BADGE = {"open": "#1a7f37", "closing": "#9a6700", "closed": "#cf222e", "unknown": "#57606a"}
CSS = """<style>
.block-container {padding-top: 4.6rem; padding-bottom: 1rem;}
.stHtml:has(> .rf-card, > .rf-hotlines) {margin-bottom: -1rem}
.rf-card {border-radius:6px; padding:4px 10px; margin-bottom:2px; line-height:1.35;}
.rf-org {color:#57606a; font-size:.9em}
.rf-badge {color:#fff; border-radius:4px; padding:0 6px; font-weight:600; font-size:.9em}
.rf-small {font-size:.85em}
.rf-why {font-size:.8em; color:#57606a; font-style:italic}
.rf-approx {color:#9a6700; font-weight:600}
.rf-alert {font-size:.85em; background:#fff8c5; color:#3b2300; border-left:3px solid #9a6700;
           padding:0 6px; margin:2px 0}
.rf-beds {font-size:.85em; color:#0a3069}
details.rf-elig {display:inline}
details.rf-elig[open] {display:flex; flex-direction:column-reverse; align-items:flex-start}
details.rf-elig summary {display:inline; cursor:pointer; list-style:none}
details.rf-elig summary::-webkit-details-marker {display:none}
details.rf-elig[open] .rf-head {display:none}
.rf-more {color:#0969da; text-decoration:underline}
.rf-more::after {content:attr(data-more)} details[open] .rf-more::after {content:attr(data-less)}
.rf-hotlines {font-size:.82em; line-height:1.35; margin-bottom:6px; background:#f6f8fa;
              padding:4px 8px; border-radius:6px}
div[data-testid="stCheckbox"] {margin-top:-6px}
</style>"""

_PARAMS = ("where", "what", "open", "mode", "within", "lang", "elig", "age", "walkin", "free",
           "wheelchair", "at", "drop")
TRAVEL_MODES = ["walk", "transit", "drive"]
# The caller's words in the page address (URL, browser history): kept out for crisis words
# unless the specialist chooses otherwise; a search stays shareable without them.
NEED_IN_URL = {"Hidden for crisis words": "crisis", "Always hidden": "never", "Shown": "always"}


def _init_state() -> None:
    """Widgets start from the URL's query parameters (shared searches).

    Where, what and When are always on the page: their state is set here. The widgets in
    the Filters popover get their start values as defaults instead (:func:`_value`): the
    browser draws a popover's widgets only when it is first opened, and a widget whose value
    lived only in the session state then reported its own default (travel mode "drive"
    turned into "walk" on opening Filters, and the next search used walk)."""
    if st.session_state.get("_find_init"):
        return
    qp = st.query_params
    i18n.init_from_url(qp)  # the page language (hl)
    st.session_state["where"] = qp.get("where", "")
    st.session_state["what"] = qp.get("what", "")
    st.session_state["open_mode"] = next((k for k, v in OPEN_MODES.items()
                                          if v == qp.get("open", "any")), "Any time")
    mode = qp.get("mode", "drive")
    st.session_state["_find_start"] = {
        "travel": mode if mode in TRAVEL_MODES else "drive",
        "within": float(qp.get("within", 0) or 0),
        "lang": next((k for k, v in LANGUAGES.items() if v == qp.get("lang")), "Any language"),
        "elig": [e for e in qp.get_all("elig") if e in ELIGIBILITY],
        "age": int(qp.get("age", 0) or 0),
        "walkin": qp.get("walkin") == "1",
        "free": qp.get("free") == "1",
        "wheelchair": qp.get("wheelchair") == "1",
        "need_in_url": next(iter(NEED_IN_URL)),
    }
    find_query.init_from_url(qp)  # the chosen At… time, removed chips
    st.session_state["_find_init"] = True


def _value(key: str) -> Any:
    """A Filters widget's current value: its own state once drawn, else its start value."""
    if key in st.session_state:
        return st.session_state[key]
    return st.session_state.get("_find_start", {}).get(key)


def need_in_url(setting: str, crisis: bool) -> bool:
    """Whether the caller's words go into the page address under this setting."""
    rule = NEED_IN_URL.get(setting, "crisis")
    return rule == "always" or (rule == "crisis" and not crisis)


def _sync_url() -> None:
    s = st.session_state
    shown = need_in_url(s["need_in_url"], vocabulary().crisis_signal(s["what"]) is not None)
    params: dict[str, Any] = {
        "where": s["where"], "what": s["what"] if shown else None,
        "open": OPEN_MODES[s["open_mode"] or "Any time"],
        "mode": s["travel"], "within": f"{s['within']:g}" if s["within"] else None,
        "lang": LANGUAGES[s["lang"]], "elig": s["elig"] or None, "hl": i18n.url_param(),
        "age": str(s["age"]) if s["age"] else None, "walkin": "1" if s["walkin"] else None,
        "free": "1" if s["free"] else None, "wheelchair": "1" if s["wheelchair"] else None,
        **find_query.url_params(),
    }
    st.query_params.from_dict({k: v for k, v in params.items() if v not in (None, "", [])})


def _chip(need: str) -> None:
    st.session_state["what"] = need


def _inputs(engine: Any) -> None:
    """Where and what in a form: Enter (or Search, or a need chip) sends both at once, so
    tabbing from one box to the other does not run a search of its own. When and the
    filters sit beside the form and apply at once."""
    form_col, side = st.columns([9, 4], vertical_alignment="top")  # At… grows downwards
    with form_col, st.form("find_form", border=False):
        c1, c2, c3 = st.columns([4, 4, 1], vertical_alignment="bottom")
        c1.text_input(t("find.where"), key="where", placeholder=t("find.where_hint"))
        c2.text_input(t("find.what"), key="what", placeholder=t("find.what_hint"))
        c3.form_submit_button(t("find.search"), type="primary", use_container_width=True,
                              key="search")
        row = st.columns(len(CHIPS), vertical_alignment="center")
        for col, (label, need) in zip(row, CHIPS.items(), strict=True):
            col.form_submit_button(t(f"chip.{label.lower()}"), on_click=_chip, args=(need,),
                                   use_container_width=True, key=f"chip_{label}")
    find_query.when_controls(side, engine, list(OPEN_MODES),  # When, and At… beside it
                             _open_mode_label)
    with side.popover(_filters_label(), use_container_width=True):
        # every widget here is given its current value (see _init_state)
        st.selectbox(t("filters.travel"), TRAVEL_MODES,
                     index=TRAVEL_MODES.index(_value("travel")), key="travel",
                     format_func=lambda m: t(f"travel.{m}"))
        st.number_input(t("filters.within"), min_value=0.0,
                        max_value=200.0, step=1.0, value=float(_value("within")), key="within")
        st.selectbox(t("filters.language"), list(LANGUAGES),
                     index=list(LANGUAGES).index(_value("lang")), key="lang",
                     format_func=_language_label)
        st.multiselect(t("filters.caller_is"), ELIGIBILITY, default=_value("elig"), key="elig",
                       format_func=lambda e: t(f"elig.{_ELIG_KEYS[e]}"),
                       placeholder=t("filters.choose"))
        st.number_input(t("filters.age"), min_value=0, max_value=120, value=int(_value("age")),
                        key="age")
        st.checkbox(t("filters.walkin"), value=bool(_value("walkin")), key="walkin")
        st.checkbox(t("filters.free"), value=bool(_value("free")), key="free")
        st.checkbox(t("filters.wheelchair"), value=bool(_value("wheelchair")), key="wheelchair")
        st.selectbox(t("filters.need_in_url"), list(NEED_IN_URL),
                     index=list(NEED_IN_URL).index(_value("need_in_url")), key="need_in_url",
                     format_func=lambda o: t(f"url.{NEED_IN_URL[o]}"),
                     help=t("filters.need_in_url_help"))


def _filters_label() -> str:
    n = sum(bool(x) for x in (_value("within"), LANGUAGES.get(_value("lang") or ""),
                             _value("elig"), _value("age"), _value("walkin"), _value("free"),
                             _value("wheelchair")))
    return t("filters.count", n=n) if n else t("filters.title")


def _request(map_point: tuple[float, float] | None) -> SearchRequest:
    s = st.session_state
    elig = set(s["elig"])
    at = find_query.at_time()  # naive: the engine reads it at the caller's place
    mode = "Any time" if find_query.at_pending() else s["open_mode"] or "Any time"
    return SearchRequest(
        need=s["what"], place=s["where"], point=map_point,
        open_mode=OPEN_MODES[mode], at=at, travel_mode=s["travel"],  # type: ignore[arg-type]
        within_miles=s["within"] or None, language=LANGUAGES[s["lang"]],
        age=s["age"] or None,
        gender="woman" if "Woman" in elig else "man" if "Man" in elig else None,
        families="Families with children" in elig, veterans="Veteran" in elig,
        lgbtq="LGBTQ+" in elig, pets="Pets" in elig, wheelchair=s["wheelchair"],
        free=s["free"], walk_in=s["walkin"], ignore_chips=find_query.dropped_chips(),
    )


def _run(engine: Any, req: SearchRequest) -> SearchResponse:
    """One search per distinct request per minute (widgets that don't change it, the
    referral slip's boxes and clicks on the map, are free), and per engine: a directory
    published since (a new engine over the new snapshot) is searched at once."""
    minute = datetime.now(UTC).replace(second=0, microsecond=0)
    key = (repr(req), minute, id(engine))
    memo = st.session_state.get("_search_memo")
    if memo and memo[0] == key:
        return memo[1]  # type: ignore[no-any-return]
    try:
        response = engine.search(req)
    except Exception:  # noqa: BLE001 - a bad record or a store problem must not blank the page
        LOG.exception("search failed for %r", req)
        return SearchResponse("no_results", t("find.failed"))
    st.session_state["_search_memo"] = (key, response)
    return response


def _safety_banner(resp: SearchResponse) -> None:
    if resp.crisis is None:
        if vocabulary().is_safety(m.need_id for m in resp.needs):
            # a safety need (abuse, assault, psychiatric or medical emergency) without words
            # of danger now: the documented banner (docs/needs.md), softer than a crisis
            st.warning(t("banner.safety"), icon=":material/shield:")
        return
    st.error(crisis_banner_text(resp.crisis), icon=":material/emergency:")


def crisis_banner_text(signal: Any) -> str:
    """The most urgent class's banner (resources/data/crisis.yaml), then one line per other
    class found ("Also: Suicide or self-harm — call 988"), in the page language."""
    detector, cat, lang = vocabulary().crisis_detector, i18n.cat(), i18n.lang()
    others = [detector.by_id[k] for k in signal.kinds[1:] if k in detector.by_id]
    also = "".join("  \n" + t("banner.also", label=cat.crisis_text(c.id, "label", c.label, lang),
                                call=c.call) for c in others)
    return cat.crisis_text(signal.kind, "banner", signal.banner, lang) + also


def _search_id() -> str:
    """A short id of the search on screen, written on its cards and markers (``data-search``)
    so a test can tell this search's map markers from the previous search's."""
    memo = st.session_state.get("_search_memo")
    return hashlib.sha1(repr(memo[0]).encode()).hexdigest()[:10] if memo else ""


def _card(result: Any, highlighted: bool, search_id: str = "") -> None:
    """One result as HTML (``st.html``: the browser inserts it as is, where a markdown
    element would first parse it; ~10 ms less per card in the browser). The directory's own
    words (names, address, services, eligibility) are marked ``rf-data`` and ``translate=no``:
    they are shown as the source wrote them, in either page language."""
    color = BADGE.get(result.open_state, BADGE["unknown"])
    border = f"3px solid {color}" if highlighted else "1px solid #d0d7de"
    esc, cat, lang = html.escape, i18n.cat(), i18n.lang()
    org = "" if result.name.startswith(result.organization) else result.organization
    services = " · ".join(esc(s.name) for s in result.services)
    approx = (f" <span class='rf-approx' title='{esc(t('card.approx_title'), quote=True)}'>"
              f"{esc(t('card.approx'))}</span>") if result.precision != "exact" else ""
    stale = f" <b class='rf-stale'>{esc(t('card.stale'))}</b>" if result.stale else ""
    verified = esc(t("card.verified", date=result.last_verified)) + stale \
        if result.last_verified else f"<b class='rf-stale'>{esc(t('card.never_verified'))}</b>"
    phones = " · ".join(
        f"<a href='tel:{esc(p.number)}'>{esc(display_phone(p.number))}</a>"
        + (f" <small>{esc(cat.phone_type(p.type, lang))}</small>"
           if p.type not in ("voice", "") else "")
        + (f" <small>({esc(p.description)})</small>" if CONFIDENTIAL_PHONE in p.description
           else "")
        for p in distinct_phones(result.phones)[:2]) or f"<i>{esc(t('card.no_phone'))}</i>"
    why = "; ".join(i18n.derived("reasons", r) for r in result.reasons
                    if "verified" not in r and " mi" not in r)
    elig = eligibility_text(result.eligibility, lang)
    also = notices_html(result) + hours_also_html(result) + hours_as_listed_html(result)
    languages = ", ".join(cat.language(x, lang) for x in result.languages)
    address = safe_address(result, lang)
    st.html(
        f"<div id='result-{result.rank}' class='rf-card' data-rank='{result.rank}' "
        f"data-search='{search_id}' data-location='{esc(str(result.location_id), quote=True)}' "
        f"data-highlighted='{str(highlighted).lower()}' style='border:{border}'>"
        f"<h3 class='rf-name rf-data' translate='no'>{result.rank}. {esc(result.name)} "
        f"<span class='rf-org'>{esc(org)}</span></h3>"
        f"<div><span class='rf-badge' style='background:{color}'>"
        f"{esc(i18n.derived('hours', result.open_label))}</span> "
        f"{result.distance_miles:.1f} mi · {phones}</div>"
        f"{also}<div class='rf-small'><span {DATA}>{esc(address)}</span>{approx}</div>"
        f"<div class='rf-small'><span {DATA}>{services}</span>"
        + (f" · {eligibility_html(elig)}" if elig else "")
        + (f" · {esc(languages)}" if languages else "")
        + f"</div><div class='rf-why'>{esc(why)} · {verified}</div></div>",
    )
    slip.tick_box(result)


DATA = "class='rf-data' translate='no'"  # the directory's words: never translated
ELIGIBILITY_CHARS = 110  # a card shows this much of the eligibility; the rest on a click


def eligibility_html(text: str) -> str:
    """The eligibility words: whole when short, else the first ELIGIBILITY_CHARS and a
    "more" that opens the full text in place (a <details>: keyboard and screen readers)."""
    if len(text) <= ELIGIBILITY_CHARS:
        return f"<span class='rf-elig rf-data' translate='no'>{html.escape(text)}</span>"
    head = text[:ELIGIBILITY_CHARS].rsplit(" ", 1)[0]
    more = f"data-more='{html.escape(t('card.more'), quote=True)}' " \
        f"data-less='{html.escape(t('card.less'), quote=True)}'"
    return (f"<details class='rf-elig'><summary><span class='rf-head rf-data' translate='no'>"
            f"{html.escape(head)}…</span> <span class='rf-more' {more}></span></summary>"
            f"<span class='rf-full rf-data' translate='no'>{html.escape(text)}</span></details>")


def notices_html(result: Any) -> str:
    """The coordinators' alerts in force and bed counts of the card's services, each on its
    own line, above everything but the badge: a moved entrance or a full shelter changes
    what the specialist says next. '' when there is none. The alert is the coordinator's
    own words; the bed count is ours (translated)."""
    named = len(result.services) > 1
    lines: list[str] = []
    for svc in result.services:
        who = f"<span {DATA}>{html.escape(svc.name)}</span>: " if named else ""
        if getattr(svc, "alert", ""):
            until = " " + t("card.until", date=svc.alert_until) \
                if getattr(svc, "alert_until", None) else ""
            lines.append(f"<div class='rf-alert' role='note'><b>{html.escape(t('card.alert'))}"
                         f"</b> · {who}<span {DATA}>{html.escape(svc.alert)}</span>"
                         f"{html.escape(until)}</div>")
        if getattr(svc, "beds", ""):
            lines.append(f"<div class='rf-beds'><b>{html.escape(t('card.beds'))}</b> · {who}"
                         f"{html.escape(i18n.derived('notices', svc.beds))}</div>")
    return "".join(dict.fromkeys(lines))


def hours_also_html(result: Any) -> str:
    """The other labelled schedules of the results' hours ('office: Mo-Fr 09:00-17:00',
    'phone line (hotline): 24 hours daily') as one small line, or ''. They are never part of
    the badge: the badge says when a person can walk in or call the service itself. The
    schedules are quoted as the hours were read (data)."""
    lines: list[str] = []
    named = len(result.services) > 1
    for svc in result.services:
        for line in getattr(svc, "hours_also", []):
            text = f"{svc.name}: {line}" if named else line
            if text not in lines:
                lines.append(text)
    if not lines:
        return ""
    return (f"<div class='rf-small rf-hours-also'>{html.escape(t('card.hours_also'))} "
            f"<span {DATA}>" + html.escape(" · ".join(lines)) + "</span></div>")


LISTED_CHARS = 180  # a card shows this much of an unread hours text; the rest on hover


def hours_as_listed_html(result: Any) -> str:
    """The hours text as the source wrote it, for services whose hours were not read in full
    (partial or unknown): the badge then says what is known ("Hours not listed — call"), and
    the specialist can still read what the directory says, word for word. '' otherwise."""
    by_text: dict[str, list[str]] = {}  # several services often share one text: quote it once
    for svc in result.services:
        text = " ".join(str(getattr(svc, "hours_text", "") or "").split())
        if getattr(svc, "hours_status", "") in ("partial", "unknown") and text:
            by_text.setdefault(text, []).append(str(svc.name))
    lines: list[tuple[str, str]] = []
    for text, names in by_text.items():
        shown = text if len(text) <= LISTED_CHARS else text[:LISTED_CHARS - 1].rstrip() + "…"
        who = names[0] + (" " + t("card.more_names", n=len(names) - 1) if len(names) > 1 else "")
        every = len(by_text) == 1 and len(names) == len(result.services)  # the card's one text
        lines.append((f"“{shown}”" if every else f"{who}: “{shown}”", text))
    if not lines:
        return ""
    body = " · ".join(f"<span title='{html.escape(full, quote=True)}' {DATA}>"
                      f"{html.escape(shown)}</span>" for shown, full in lines)
    return (f"<div class='rf-small rf-hours-listed'>{html.escape(t('card.hours_listed'))} "
            + body + "</div>")


def _markers(resp: SearchResponse) -> list[MapMarker]:
    cat, lang = i18n.cat(), i18n.lang()
    out = []
    for r in resp.results:
        popup = (f"<b>{r.rank}. {html.escape(r.name)}</b><br>"
                 f"{html.escape(i18n.derived('hours', r.open_label))}<br>"
                 + "<br>".join(html.escape(display_phone(p.number))
                               + (f" ({html.escape(cat.phone_type(p.type, lang))})"
                                  if p.type not in ("voice", "") else "")
                               for p in distinct_phones(r.phones)[:2])
                 + f"<br>{html.escape(safe_address(r, lang))}")
        out.append(MapMarker(r.rank, r.lat, r.lon, r.name, popup, r.open_state,
                             r.precision != "exact", r.location_id))
    return out


def _on_map_click() -> None:
    """The map's callback (runs before the page's run): a click on a numbered marker
    outlines its card; a click elsewhere on the map searches from that point."""
    out = st.session_state.get("find_map") or {}
    before = st.session_state.get("_map_seen") or {}
    st.session_state["_map_seen"] = out
    memo = st.session_state.get("_search_memo")
    if memo is None or memo[1].status != "ok":
        return
    resp = memo[1]
    changed = {k: v for k, v in out.items() if v and v != before.get(k)}
    rank = None
    if "last_object_clicked" in changed or "last_object_clicked_tooltip" in changed:
        rank = _clicked_rank(resp, {k: v for k, v in out.items() if k != "last_clicked"})
    elif "last_clicked" in changed:
        rank = _clicked_rank(resp, {"last_clicked": out["last_clicked"]})
        if rank is None:  # away from the markers: search from that point
            clicked = out["last_clicked"]
            st.session_state["where"] = f"{clicked['lat']:.5f}, {clicked['lng']:.5f}"
            return
    if rank is not None:
        st.session_state["_highlight"] = (memo[0][0], rank)


def _highlighted() -> int | None:
    """The rank outlined by a marker click, if it belongs to the search on screen."""
    memo, mark = st.session_state.get("_search_memo"), st.session_state.get("_highlight")
    return mark[1] if memo and mark and mark[0] == memo[0][0] else None  # type: ignore[no-any-return]


def _clicked_rank(resp: SearchResponse, out: dict[str, Any]) -> int | None:
    """The result number of the marker clicked (its tooltip starts with "N. ")."""
    tooltip = out.get("last_object_clicked_tooltip") or ""
    head = tooltip.strip().split(".", 1)[0]
    if head.isdigit() and 1 <= int(head) <= len(resp.results):
        return int(head)
    # a click on a numbered marker may reach the map itself: take the nearest marker
    # within about a marker's size at city zooms (0.01 deg, about 1 km)
    clicked = out.get("last_object_clicked") or out.get("last_clicked")
    if not clicked or not resp.results:
        return None
    best = min(resp.results, key=lambda r: (r.lat - clicked["lat"]) ** 2
               + ((r.lon - clicked["lng"]) * 0.77) ** 2)
    near = (best.lat - clicked["lat"]) ** 2 + ((best.lon - clicked["lng"]) * 0.77) ** 2
    return best.rank if near < 0.01 ** 2 else None


def _hotlines(resp: SearchResponse, title: str = "", phone: bool = False) -> None:
    """The hotlines panel (title: the page's "Hotlines and services by phone for this
    place" unless given: lines, and services with no place of their own that serve it);
    ``phone``: the copy shown only on narrow screens (ui/theme.py). A built-in national
    line is written in the page language, with the Spanish service it offers; a loaded
    hotline's name is the directory's."""
    if not resp.hotlines:
        return
    lines = "".join(
        f"<div data-line='{html.escape(str(h.get('service_id')), quote=True)}'>"
        f"<b{_data_unless_ours(h)}>{html.escape(_line_name(h))}</b> — "
        f"{html.escape(_line_phones(h))}</div>"
        for h in resp.hotlines[:5])
    more = f"<div>{html.escape(t('hotlines.more', n=len(resp.hotlines) - 5))}</div>" \
        if len(resp.hotlines) > 5 else ""
    screen = "phone" if phone else "wide" if resp.results else "any"
    st.html(f"<div class='rf-hotlines' data-screen='{screen}'>"
            f"<b>{html.escape(title or t('hotlines.place'))}</b>{lines}{more}</div>")


_NATIONAL = "national:"  # the service id prefix of a built-in national line


def _data_unless_ours(h: dict[str, Any]) -> str:
    """A loaded hotline's name is the directory's words; a built-in line's name is ours."""
    return "" if str(h.get("service_id") or "").startswith(_NATIONAL) else f" {DATA}"


def _line_name(h: dict[str, Any]) -> str:
    name, sid = str(h.get("name")), str(h.get("service_id") or "")
    if sid.startswith(_NATIONAL):
        return i18n.cat().line_text(sid.removeprefix(_NATIONAL), "name", name, i18n.lang())
    return name


def _line_phones(h: dict[str, Any]) -> str:
    """How to reach the line: the numbers and their types ("741741 (text)")."""
    summary, sid = str(h.get("phone_summary") or ""), str(h.get("service_id") or "")
    if not summary:
        return t("hotlines.no_phone")
    cat, lang = i18n.cat(), i18n.lang()
    if lang == i18n.DEFAULT:
        return summary
    if sid.startswith(_NATIONAL):
        return cat.line_text(sid.removeprefix(_NATIONAL), "phones", summary, lang)
    return re.sub(r"\((\w+)\)", lambda m: f"({cat.phone_type(m[1], lang)})", summary)


def _set_place(label: str) -> None:
    """A "Did you mean" choice: it becomes the place, and the page searches with it."""
    st.session_state["where"] = label


def _place_choices(resp: SearchResponse) -> None:
    """One button per candidate place ("Springfield, IL"): a click sets Where and searches."""
    st.markdown(t("place.did_you_mean"))
    shown = resp.place_candidates[:6]
    for col, (i, place) in zip(st.columns(len(shown)), enumerate(shown), strict=True):
        col.button(place.label, key=f"place_choice_{i}", on_click=_set_place,
                   args=(place.label,), use_container_width=True)


def _message(resp: SearchResponse) -> str:
    """The search's message in the page language: the engine's English, or its Spanish (a
    place the gazetteer could not settle gets a Spanish message of its own: the
    geocoder's explanations are many and English)."""
    if i18n.lang() == i18n.DEFAULT:
        return resp.message
    where = st.session_state.get("where", "").strip()
    if resp.status == "place_not_found":
        return t("place.not_found", where=where)
    if resp.status == "place_ambiguous":
        return t("place.ambiguous", where=where)
    if resp.status == "empty_directory":
        return t("message.empty_directory")
    if resp.message == t("find.failed"):
        return resp.message
    return i18n.derived("messages", resp.message)


def _no_results(resp: SearchResponse) -> None:
    message = _message(resp)
    if resp.status in ("place_not_found", "place_ambiguous"):
        st.warning(message)
        if resp.place_candidates:
            _place_choices(resp)
        # the place is not known yet: the national lines (the crisis ones for crisis words)
        _hotlines(resp, t("hotlines.unresolved"))
    elif resp.status == "empty_directory":
        st.warning(message)
        _hotlines(resp, t("hotlines.crisis"))  # built in: there even with no directory
    elif resp.status == "no_results":
        st.info(message)
        theme.announce(message)
        _hotlines(resp)  # when nothing nearby fits, the hotlines matter most
        for r in resp.nearest_outside:
            _card(r, False)
    slip.render(resp.nearest_outside, resp.at, resp.place)  # kept from earlier searches too


def _count_text(resp: SearchResponse) -> str:
    """'10 places within 2 miles of ZIP 80205 (Denver, CO) · needs: Food pantry'."""
    count = _message(resp)
    if not resp.needs:
        return count
    cat, lang = i18n.cat(), i18n.lang()
    needs = ", ".join(cat.need_label(m.label, lang) for m in resp.needs[:3])
    return t("find.count_needs", count=count, needs=needs)


def render() -> None:
    cfg = settings()
    static_assets()
    st.html(CSS)
    _init_state()
    theme.find_page()
    i18n.switch()
    engine = engine_or_message(cfg)
    if engine is None:
        return
    find_query.move_when_words(engine)  # "open saturday" leaves the need and sets When
    _inputs(engine)
    _sync_url()
    chips = st.container()  # under the search box: what the words say, filled after the run
    if not st.session_state["where"].strip():
        # how many calls begin: the need before the place. Crisis words raise the banner and
        # the national lines at once (the engine reads them before any place)
        if st.session_state["what"].strip():
            resp = _run(engine, _request(None))
            with chips:
                find_query.chips_row(resp)
            _safety_banner(resp)
            if resp.crisis is not None:
                _hotlines(resp, t("hotlines.crisis"))
        st.info(t("find.start"))
        slip.render([], None)
        return
    resp = _run(engine, _request(None))
    with chips:
        find_query.chips_row(resp)
    with st.container():  # always there, so the map below keeps its place in the page
        _safety_banner(resp)
    if resp.status != "ok":
        _no_results(resp)
        return
    theme.result_count(_count_text(resp))
    left, right = st.columns([5, 4])
    highlighted, search_id = _highlighted(), _search_id()
    with left:  # the cards first: they reach the screen while the map is built
        for r in resp.results:
            _card(r, r.rank == highlighted, search_id)
            if r.rank == 1:  # on a phone the hotlines come right after the first card
                _hotlines(resp, phone=True)
    with right:
        with st.container():
            _hotlines(resp)
        _results_map(resp, cfg, search_id)
    slip.render(resp.results, resp.at, resp.place)


def _results_map(resp: SearchResponse, cfg: Any, search_id: str) -> None:
    """The map, loaded once per session: each search swaps only its results layer.

    The base map (center and tiles) must not change between searches: streamlit-folium
    keys the component on the base map's script, and a new key reloads the map's frame
    and Leaflet. It is centred on the session's first place; the layer fits the view
    to each search's place and markers."""
    place = (resp.place.lat, resp.place.lon)
    home = st.session_state.setdefault("_map_home", place)
    layer = results_layer(place, _markers(resp), radius_miles=resp.radius_miles,
                          center_label=resp.place.label, search_id=search_id)
    st_folium(base_map(home, tile_url=cfg.tile_url, attribution=cfg.tile_attribution),
              height=400, use_container_width=True, key="find_map",
              feature_group_to_add=layer, on_change=_on_map_click,
              returned_objects=["last_object_clicked", "last_object_clicked_tooltip",
                                "last_clicked"])
