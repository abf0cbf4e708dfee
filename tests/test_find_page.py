"""The Find page in Streamlit's AppTest: inputs, results, map markers, banner, slip, URL."""

from __future__ import annotations

import html
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO
from tests.find_helpers import _search


def _html(at: AppTest, css_class: str) -> list[str]:
    """The page's HTML blocks (cards, hotlines) of that class."""
    return [h.value for h in at.get("html") if f"class='{css_class}'" in h.value]


def _cards(at: AppTest) -> list[str]:
    return _html(at, "rf-card")


def _map_script(at: AppTest) -> str:
    """The map's script: the base map, then the results layer swapped in for each search."""
    comps = at.get("component_instance")
    assert comps, "the map component is missing"
    args = json.loads(comps[0].proto.json_args)
    return args["script"] + "\n" + (args.get("feature_group") or "")


def test_first_screen_asks_where_and_what(app):
    assert app.text_input(key="where").label == "Where is the caller?"
    assert app.text_input(key="what").label == "What do they need?"
    assert any("Type where the caller is" in i.value for i in app.info)


def test_typo_search_shows_numbered_results_and_matching_markers(app):
    at = _search(app, "80202", "shleter")
    cards = _cards(at)
    assert len(cards) == 10
    # the badge states the hours (what it says depends on the clock: "Open · closes 7 AM",
    # "Closing in 18 min", "Opens 7 PM")
    assert "1. DEMO" in cards[0]
    assert re.search(r"class='rf-badge'[^>]*>(Open|Closing in \d+ min|Closed)", cards[0])
    script = _map_script(at)
    assert script.count("L.marker(") == len(cards)
    for n in range(1, len(cards) + 1):
        assert f'data-result=\\"{n}\\"' in script or f"data-result=\"{n}\"" in script
    center = re.search(r"center: \[([-\d.]+), ([-\d.]+)\]", script)
    assert center and 39.6 < float(center.group(1)) < 39.9
    assert "leaflet.js" not in script  # assets come from the page, not a CDN


def test_crisis_words_put_988_and_911_first(app):
    at = _search(app, "80202", "i want to kill myself")
    assert at.error and "988" in at.error[0].value
    at = _search(at, "80202", "my friend overdosed")
    assert at.error and "911" in at.error[0].value


def test_hotlines_covering_the_place_are_listed(app):
    at = _search(app, "80202", "my husband hits me")
    panel = _html(at, "rf-hotlines")
    assert panel and "National Domestic Violence Hotline" in panel[0]
    assert "1-800-799-7233" in panel[0]


def test_unknown_place_is_a_clear_message(app):
    at = _search(app, "00000", "food")
    assert at.warning and "00000" in at.warning[0].value


def test_ambiguous_place_offers_choices(app):
    at = _search(app, "Springfield", "food")
    assert at.warning and "Springfield" in at.warning[0].value
    assert any("Did you mean" in m.value for m in at.markdown)


def test_no_results_names_the_filter_and_shows_nearest_outside(app):
    at = _search(app, "80202", "dental")
    at.selectbox(key="lang").set_value("Amharic")  # no demo dental clinic speaks Amharic
    at.run()
    assert any("language Amharic" in i.value for i in at.info)
    assert _cards(at), "the nearest places outside the filters are still shown"


def test_referral_slip_holds_the_chosen_services(app):
    at = _search(app, "80202", "food")
    boxes = [c for c in at.checkbox if re.fullmatch(r"Add \d+\. .+ to referral slip", c.label)]
    assert len({b.label for b in boxes}) == len(boxes) == 10, "each box names its place"
    boxes[0].check()
    boxes[1].check()
    at.run()
    slip = [h.value for h in at.get("html") if "id='rf-slip-text'" in h.value]
    assert slip and "Referral slip (2)" in slip[0]
    names = re.findall(r"\d\. (DEMO[^\n]+)", html.unescape(slip[0]))
    assert len(names) == 2 and "Call " in slip[0] and "988" in slip[0]


def test_search_is_reflected_in_the_url(app):
    at = _search(app, "80202", "detox")
    assert at.query_params["where"] in ("80202", ["80202"])
    assert at.query_params["what"] in ("detox", ["detox"])


def test_chip_fills_the_need(app):
    at = _search(app, "80202", "")
    at.button(key="chip_Food").click()
    at.run()
    assert at.text_input(key="what").value == "food"
    assert _cards(at)


def test_safety_need_without_danger_words_shows_the_safety_banner(app):
    """docs/needs.md: needs with `safety: true` (DV shelter...) also show the banner. (Words
    of abuse happening to the caller, "my husband hits me", are crisis words since issue 19:
    tests/test_find_crisis.py.)"""
    at = _search(app, "80202", "domestic violence shelter")
    assert not at.error, "no danger-now words: not the 911/988 crisis banner"
    assert at.warning and "Safety first" in at.warning[0].value
    assert "911" in at.warning[0].value
    at = _search(at, "80202", "food")
    assert not at.warning and not at.error


def test_no_results_still_lists_the_hotlines(app):
    at = _search(app, "80202", "dental")
    at.selectbox(key="lang").set_value("Amharic")
    at.run()
    assert any("language Amharic" in i.value for i in at.info)
    panel = _html(at, "rf-hotlines")
    assert panel and "988" in panel[0]


@pytest.fixture(scope="module")
def dc_db(shared, tmp_path_factory):
    """A store loaded from real public data: the DC 211 export and the national hotlines
    (``shared`` fails in CI when ../shared/data is missing, skips elsewhere)."""
    from resources.pipeline.load import load_path
    from resources.store import Store

    db = tmp_path_factory.mktemp("dc") / "dc.duckdb"
    store = Store.open(db)
    load_path(store, shared / "dc-211-airs-export" / "211.csv")
    load_path(store, REPO / "data" / "raw" / "hotlines.yaml")
    store.close()
    return db


@pytest.mark.shared_data
def test_find_page_on_the_real_dc_211_export(dc_db, monkeypatch):
    monkeypatch.setenv("RESOURCES_DB", str(dc_db))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.run()
    for what, expect in (("shelter", "Shelter"), ("detox", "Detox"), ("food", "")):
        at = _search(at, "20001", what)
        cards = _cards(at)
        assert len(cards) >= 3, (what, [i.value for i in at.info])
        assert cards[0].startswith("<div id='result-1'") and expect in "".join(cards)
        for card in cards:  # no raw values from the export on a card
            text = html.unescape(re.sub(r"<[^>]+>", " ", card))  # what the page shows
            assert not re.search(r"\b(nan|None|NaN)\b|&amp;|&lt;|&#|<br", text), text
            assert "tel:" in card, "every DC 211 program lists a phone"
            shown = re.findall(r"<a href='tel:[^']*'>([^<]+)</a>", card)
            assert len(shown) == len(set(shown)), shown
            assert not any(re.search(r"\d- \d", p) for p in shown), shown
        # most DC 211 points are ZIP centroids: marked approximate, never shown as exact
        assert sum("approximate location" in c for c in cards) >= len(cards) // 2
        script = _map_script(at)
        assert script.count("L.marker(") == len(cards)
        center = re.search(r"center: \[([-\d.]+), ([-\d.]+)\]", script)
        assert center and 38.8 < float(center.group(1)) < 39.0
        panel = _html(at, "rf-hotlines")
        assert panel and "988" in panel[0]


def test_eligibility_reads_as_words_on_cards_and_slips():
    """Real exports: DC 211 writes a bare "None"; Ohana adds "Audience: ..." on its own line
    (the card showed "None Audience: Low-income persons")."""
    from resources.search.referral import eligibility_text

    assert eligibility_text("None") == "no eligibility requirements"
    assert eligibility_text("None\nAudience: Low-income persons") == \
        "no eligibility requirements; Audience: Low-income persons"
    assert eligibility_text("Age 55 or over\nAudience: Seniors") == "Age 55 or over; Audience: Seniors"
    assert eligibility_text("Nonesuch residents") == "Nonesuch residents"
    assert eligibility_text(None) == ""


def test_phones_are_written_one_way_and_listed_once():
    """DC 211 writes "(202) 408- 9584", "202-842-1731" beside "(202) 842-1731", "xt 2109"."""
    from types import SimpleNamespace as P

    from resources.search.referral import display_phone, distinct_phones

    assert display_phone("(202) 408- 9584") == "(202) 408-9584"
    assert display_phone("650 345-4886") == "(650) 345-4886"
    assert display_phone("3158414156") == "(315) 841-4156"
    assert display_phone("(202) 797-8806 xt 2109") == "(202) 797-8806 x2109"
    for given in ("988", "741741", "1-800-799-7233", "(202) 727-2832, Ask for the Lead"):
        assert display_phone(given) == given
    phones = [P(number="202-842-1731", extension=""), P(number="(202) 842-1731", extension=""),
              P(number="(202) 842-1732", extension="")]
    assert [p.number for p in distinct_phones(phones)] == ["202-842-1731", "(202) 842-1732"]


def test_card_lists_the_other_labelled_hours():
    """A value's other schedules (office, phone line) are shown under the badge, never in it;
    with several services on one card each line names its service."""
    from types import SimpleNamespace as S

    from ui.find import hours_also_html

    one = S(services=[S(name="Shelter", hours_also=["office: Mo-Fr 09:00-17:00"])])
    assert hours_also_html(one) == (
        "<div class='rf-small rf-hours-also'>Other hours listed: <span class='rf-data' "
        "translate='no'>office: Mo-Fr 09:00-17:00</span></div>"
    )
    two = S(services=[S(name="Pantry & Meals", hours_also=["phone line (hotline): 24 hours daily"]),
                      S(name="Clinic", hours_also=[])])
    assert "Pantry &amp; Meals: phone line (hotline): 24 hours daily" in hours_also_html(two)
    assert hours_also_html(S(services=[S(name="Clinic", hours_also=[])])) == ""


def test_card_quotes_hours_that_were_not_fully_read():
    """A badge says "Hours not listed — call" when we could not read the hours; the card still
    quotes the directory's own words so the specialist can judge (never for hours we read)."""
    from types import SimpleNamespace as S

    from ui.find import LISTED_CHARS, hours_as_listed_html

    unread = S(name="Job Training", hours_status="unknown",
               hours_text="8:00 am - 4:30 pm,  Monday - Friday (Job Training Classes) & more")
    html_line = hours_as_listed_html(S(services=[unread]))
    assert "Hours as listed, not fully read:" in html_line
    assert "“8:00 am - 4:30 pm, Monday - Friday (Job Training Classes) &amp; more”" in html_line
    read = S(name="Pantry", hours_status="parsed", hours_text="Mo-Fr 09:00-17:00")
    assert hours_as_listed_html(S(services=[read])) == ""
    assert hours_as_listed_html(S(services=[S(name="X", hours_status="unknown", hours_text="")])) == ""
    partial = S(name="Pantry", hours_status="partial", hours_text="Mon-Fri 9-5; Classes 7-9 pm")
    both = hours_as_listed_html(S(services=[partial, read]))
    assert "Pantry: “Mon-Fri 9-5; Classes 7-9 pm”" in both and "09:00" not in both
    long = S(name="Y", hours_status="unknown", hours_text="9-5 " * 100)
    shown = hours_as_listed_html(S(services=[long]))
    assert "…”" in shown and f"title='{('9-5 ' * 100).strip()}'" in shown
    assert len(shown.split("“")[1].split("”")[0]) == LISTED_CHARS
    same = [S(name=f"Clinic {k}", hours_status="unknown", hours_text="8:30am-5:00pm, Business Hours")
            for k in range(3)]
    once = hours_as_listed_html(S(services=same))
    assert once.count("“8:30am-5:00pm, Business Hours”") == 1 and "Clinic" not in once
