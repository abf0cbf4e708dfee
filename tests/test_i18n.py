"""The page's words in English and Spanish (issue 19, "Spanish"): the catalog is complete,
every text the engine derives (hours labels, reasons, messages, filters, bed counts) has its
Spanish, the slip and its SMS text are Spanish with absolute times and still short, and the
page language never changes a search."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace as S
from zoneinfo import ZoneInfo

import pytest

from resources.hours import parse_osm, parse_text
from resources.hours.status import evaluate, open_on_arrival
from resources.i18n import CatalogError, catalog, catalog_from_dict, load_catalog, page_lang
from resources.search.engine import SearchRequest
from resources.search.matching import load_rules
from resources.search.referral import (
    SMS_SERVICE_LIMIT,
    absolute_hours,
    slip_text,
    sms_block,
    with_absolute_hours,
)
from resources.vocab.crisis import load_crisis
from resources.vocab.national_lines import load_national_lines
from resources.vocab.needs import load_vocabulary
from tests.hours_cases import CASES
from ui.slip_page import slip_html

DENVER = ZoneInfo("America/Denver")
SAT_MORNING = datetime(2026, 12, 12, 9, 0, tzinfo=DENVER)
# words a Spanish page or slip must not show (our words; the directory's are left as written)
ENGLISH = re.compile(r"\b(open|opens|closed|closes|closing|hours|call|listed|verified|never|"
                     r"stale|matches|category|description|words|miles|places|place|within|"
                     r"found|nothing|filter|filters|serves|may not|allowed|free|beds|updated|"
                     r"ago|referral|eligibility|address|phone|distance|text|crisis line|"
                     r"danger|who|mon|tue|wed|thu|fri|sat|sun|am|pm|today|until|office|"
                     r"unclear|season|appointment|confidential|location|try|other)\b",
                     re.IGNORECASE)


def _english_words(text: str) -> list[str]:
    return ENGLISH.findall(text)


@pytest.fixture(scope="module")
def demo_engine(demo_db):  # type: ignore[no-untyped-def]
    from resources.geo.places import Gazetteer
    from resources.search.engine import SearchEngine
    from resources.store import Store

    store = Store.open(str(demo_db), read_only=True)
    yield SearchEngine(store, load_vocabulary(), Gazetteer.build())
    store.close()


# -------------------------------------------------------------------- the catalog is complete


def test_every_key_has_english_and_spanish_with_the_same_placeholders():
    cat = load_catalog()
    assert len(cat.strings) > 120
    for key, entry in cat.strings.items():
        assert set(entry) == {"en", "es"} and all(v.strip() for v in entry.values()), key
        assert sorted(re.findall(r"\{(\w+)\}", entry["en"])) == \
            sorted(re.findall(r"\{(\w+)\}", entry["es"])), key


def test_a_broken_catalog_reports_every_problem_at_once():
    with pytest.raises(CatalogError) as err:
        catalog_from_dict({"strings": {"a": {"en": "A {n}"}, "b": {"en": "B {n}", "es": "B"}},
                           "spanish": {"needs": {"Food": ""}, "derived": {"hours": [
                               {"en": "Opens {when}", "es": "Abre {cuando}"}]},
                               "time": {"days": ["lun"]}}})
    problems = "\n".join(err.value.problems)
    for expected in ("strings.a: must have both en and es", "strings.b: placeholders differ",
                     "spanish.needs", "spanish.derived.hours[0]", "spanish.time"):
        assert expected in problems


def test_every_need_population_chip_crisis_class_and_national_line_has_its_spanish():
    cat, vocab, rules = catalog(), load_vocabulary(), load_rules()
    assert {n.label for n in vocab.needs} <= set(cat.needs), "a need label without Spanish"
    assert {p.label for p in rules.populations} <= set(cat.populations)
    assert {p.id for p in rules.populations} | {f.id for f in rules.filters} <= set(cat.chips)
    for c in load_crisis().classes:
        assert {"label", "banner"} <= set(cat.crisis[c.id]), c.id
        assert c.call in cat.crisis[c.id]["banner"], f"{c.id}: the Spanish banner's number"
    for line in load_national_lines().lines:
        assert {"name", "say", "phones"} <= set(cat.lines[line.id]), line.id
        for phone in line.phones:
            assert phone.number in cat.lines[line.id]["phones"], (line.id, phone.number)


def test_the_spanish_lines_say_which_services_answer_in_spanish():
    cat = catalog()
    assert "oprima 2" in cat.lines["988-lifeline"]["say"]
    assert "AYUDA al 988" in cat.lines["988-lifeline"]["say"]
    assert "español" in cat.lines["national-dv-hotline"]["say"]
    assert "español" in cat.lines["poison-control"]["say"]
    assert "oprima 2 para español" in cat.crisis["suicide"]["banner"]


def test_page_language_from_a_url_is_english_or_spanish_never_an_error():
    assert [page_lang(v) for v in ("es", "ES", "es-MX", "en", "", None, "fr", "<x>")] == \
        ["es", "es", "es", "en", "en", "en", "en", "en"]


# ------------------------------------------------------------------- the engine's own words


def _labels() -> set[str]:
    """Every hours label the engine writes for the real hours cases, at instants across a
    week (now, on arrival, with absolute times for a slip)."""
    labels: set[str] = set()
    values = [parse_text(v) for _, v, _ in CASES]
    values += [parse_osm(v) for v in ("Mo-Fr 09:00-17:00", "24/7", "Mo-Su 20:00-07:00",
                                      "Sa 10:00-12:00", "Mo-Fr 08:00-12:00; PH off",
                                      'Mo-Fr 09:00-17:00; Sa 10:00-12:00 "by appointment"',
                                      "Mo-Fr 10:00-14:00; We unknown", "Dec 24 10:00-14:00")]
    start = datetime(2026, 12, 7, 0, 30, tzinfo=DENVER)
    for hours in values:
        for step in range(0, 7 * 24, 5):
            at = start + timedelta(hours=step, minutes=17 * (step % 4))
            for status in (evaluate(hours, at, DENVER), open_on_arrival(hours, at, DENVER)):
                labels.add(status.label)
                result = S(open_label=status.label, lat=39.75, lon=-104.99, arrival=None,
                           services=[S(open_label=status.label, next_change=status.next_change)])
                labels.add(absolute_hours(result, at))
    return labels


def test_every_hours_label_the_engine_writes_has_its_spanish():
    cat = catalog()
    labels = _labels()
    assert len(labels) > 100
    missing = sorted(lab for lab in labels if cat.translate("hours", lab) is None)
    assert not missing, missing[:20]
    for label in labels:
        spanish = cat.translate("hours", label) or ""
        # a quoted comment from the source ("by appointment") is the directory's words
        ours = re.sub(r"\(.*?\)|\".*?\"", "", spanish)
        assert not _english_words(ours), (label, spanish)


@pytest.mark.parametrize("english, spanish", [
    ("Opens Sat 8 PM", "Abre sáb 8:00 p. m."),
    ("Open · closes 5:30 PM", "Abierto · cierra 5:30 p. m."),
    ("Opens Mon Dec 28 9 AM", "Abre lun 28 dic 9:00 a. m."),
    ("Closing in 12 min", "Cierra en 12 min"),
    ("Closes before you can be seen (Open · closes 5 PM)",
     "Cierra antes de que lo puedan atender (Abierto · cierra 5:00 p. m.)"),
    ("Open Sat Dec 19, 12:00 PM", "Abierto sáb 19 dic 12:00 p. m."),
    ("Hours not listed — call", "Horario no indicado — llame"),
])
def test_hours_labels_read_as_a_spanish_speaker_writes_them(english, spanish):
    assert catalog().translate("hours", english) == spanish


def test_reasons_messages_and_filters_of_demo_searches_have_their_spanish(demo_engine):
    cat = catalog()
    requests = [SearchRequest(need=n, place=p) for n, p in (
        ("food", "80205"), ("shelter tonight, family with a dog", "80205"),
        ("detox", "80202"), ("i want to kill myself", "80205"), ("women's shelter", "80204"),
        ("zzzqqq blorp", "80202"), ("food", "Springfield"))]
    requests += [SearchRequest(need="dental", place="80202", language="am"),
                 SearchRequest(need="shelter", place="80202", gender="man", pets=True,
                               open_mode="now", free=True, walk_in=True, age=30),
                 SearchRequest(need="food", place="80202", within_miles=0.1)]
    seen = 0
    for req in requests:
        resp = demo_engine.search(req)
        if resp.status in ("ok", "no_results"):
            assert cat.translate("messages", resp.message), resp.message
            seen += 1
        for r in [*resp.results, *resp.nearest_outside]:
            for reason in r.reasons:
                if "verified" in reason or " mi" in reason:
                    continue  # written by the card itself
                spanish = cat.translate("reasons", reason)
                assert spanish is not None, reason
                assert not _english_words(re.sub(r"“.*”", "", spanish)), (reason, spanish)
    assert seen >= 8


def test_bed_counts_and_a_confidential_address_are_ours_in_spanish():
    cat = catalog()
    assert cat.translate("notices", "3 beds free (of 40) · updated 2 days ago: may be out of "
                         "date, call to check") == ("3 camas libres (de 40) · actualizado hace "
                                                     "2 días: puede estar desactualizado, llame "
                                                     "para confirmar")
    assert cat.translate("notices", "1 bed free · updated 25 min ago") == \
        "1 cama libre · actualizado hace 25 min"
    assert cat.translate("address", "Confidential location — call for the address "
                         "(Denver, CO 80205)") == ("Ubicación confidencial — llame para pedir la "
                                                    "dirección (Denver, CO 80205)")


# --------------------------------------------------------------------------- the Spanish slip


def _result(expr: str, at: datetime, **kw):  # type: ignore[no-untyped-def]
    from resources.search.engine import Phone, Result, ServiceSummary

    status = evaluate(parse_osm(expr), at, DENVER)
    svc = ServiceSummary("s1", "Night shelter beds", [], "closed", status.label,
                         status.next_change, "", expr)
    return Result(1, "l1", "DEMO Capitol Hill Shelter", "DEMO", [svc], 1.24, 39.73, -104.98,
                  kw.get("precision", "exact"), "closed", status.label,
                  [Phone("(303) 555-0100", "voice")], "1801 Sherman St, Denver, CO",
                  kw.get("elig", "None"), [], "2026-10-01", False, "demo", [], [], 1.0)


def test_a_spanish_sms_has_spanish_words_absolute_times_and_988_in_spanish():
    r = _result("Mo-Su 20:00-07:00", SAT_MORNING)
    text = slip_text([r], at=SAT_MORNING, zone=DENVER, lang="es")
    assert text.startswith("Referencia · horarios al sáb 12 dic 2026 9:00 a. m. MST.")
    assert "Abre sáb 8:00 p. m." in text and "Llame al (303) 555-0100" in text
    assert "Quién: sin requisitos" in text and "oprima 2" in text
    ours = text.replace(r.name, "").replace(r.services[0].name, "").replace(r.address, "")
    assert not _english_words(ours), _english_words(ours)


def test_a_spanish_printable_slip_says_its_language():
    r = _result("Mo-Fr 09:00-17:00", SAT_MORNING, precision="area")
    page = slip_html([r], at=SAT_MORNING, zone=DENVER, lang="es")
    assert "<html lang='es'>" in page and "<title>Referencia</title>" in page
    assert "Ubicación confidencial — llame para pedir la dirección" in page
    assert "1801 Sherman" not in page, "a confidential place's street, in any language"
    for word in ("Dirección:", "Teléfono:", "Horario:", "Distancia:", "Requisitos:",
                 "Abre lun 9:00 a. m.", "(voz)", "Crisis y emergencias"):
        assert word in page
    assert "<html lang='en'>" in slip_html([r], at=SAT_MORNING, zone=DENVER)


def test_a_slip_kept_from_an_earlier_search_is_translated_with_its_absolute_times():
    r = with_absolute_hours(_result("Mo-Su 20:00-07:00", SAT_MORNING), SAT_MORNING)
    later = SAT_MORNING + timedelta(hours=30)
    assert absolute_hours(r, later, "es") == "Abre sáb 8:00 p. m."


def test_every_spanish_sms_block_stays_within_320_characters_accents_and_all(demo_engine):
    long_alert = "Entrada por la puerta trasera; traiga identificación. " * 4
    blocks = 0
    for need in ("food", "shelter", "detox", "clinic", "i want to kill myself"):
        for mode in ("now", "arrive", "any"):
            resp = demo_engine.search(SearchRequest(need=need, place="80205", open_mode=mode))
            for r in resp.results:
                for variant in (r, _with_notices(r, long_alert)):
                    block = sms_block(r.rank, variant, resp.at, lang="es")
                    assert len(block) <= SMS_SERVICE_LIMIT, block
                    assert "Llame al" in block
                    blocks += 1
    assert blocks > 50


def _with_notices(r, alert: str):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    services = [replace(s, alert=alert, beds="3 beds free (of 40) · updated 25 min ago")
                for s in r.services]
    return replace(r, services=services, eligibility="Ñandú García, José; " * 20)


def test_spanish_dates_in_the_slip_stamp():
    cat = catalog()
    at = datetime(2026, 12, 12, 20, 5, tzinfo=UTC)
    assert cat.day_time(at, "es", dated=True, year=True) == "sáb 12 dic 2026 8:05 p. m."
    assert cat.day_time(at, "en", dated=True, year=True) == "Sat Dec 12 2026 8:05 PM"
    assert cat.day_time(at.replace(hour=0), "es") == "sáb 12:05 a. m."
