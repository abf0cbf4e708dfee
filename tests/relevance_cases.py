"""The relevance suite: specialist queries on real directories, each with its rule.

Written before looking at any result (issue 17). Each query: its class (``lay`` words,
``typo``, ``spanish``, ``population`` words, a ``sentence`` as a caller says it), the
place, and the rule a relevant result must meet: ``must`` is a regex that the result's
text (location, organization and service names, service descriptions, eligibility and
categories, lower case) must match, ``must_not`` one it must not. ``bench/quality.py``
measures P@5 and nDCG@10 per directory and per class against a names-only baseline;
``tests/test_matching.py`` asserts a few of them.

Directories: ``dc211`` (the DC 211 AIRS export, loaded with the airs loader) and
``smc`` (Ohana API San Mateo County 2014 dump, loaded with the ohana loader).
"""

from __future__ import annotations

from dataclasses import dataclass

CLASSES = ("lay", "typo", "spanish", "population", "sentence")


@dataclass(frozen=True)
class Query:
    klass: str
    need: str
    place: str
    must: str
    must_not: str | None = None


FOOD = r"food|pantry|pantries|meal|grocer|hunger|feeding|soup kitchen|nutrition|lunch|dinner|breakfast"
SHELTER = (r"shelter|homeless|transitional housing|emergency housing|hypothermia|overnight|"
           r"safe haven|beds?\b")
NOT_SHELTER = r"animal|humane|pet adoption"
DENTAL = r"dental|dentist|teeth|tooth|oral health"
NOT_DENTAL = r"forensic|medical examiner|veterinar"
MH = r"mental|counsel|psychiatr|behavioral|therapy|therapist|emotional|depress|psycholog"
NOT_MH = r"hearing|audiolog|deaf"
CLOTHING = r"cloth|coat|apparel|thrift|wardrobe|garment|shoes|closet"
DV = r"domestic|violence|abuse|batter|safe house|survivor|victim|assault"
SUD = r"substance|alcohol|drug|addict|detox|recovery|sober|methadone|opioid|narcotic"
MEDICAL = r"health|clinic|medical|hospital|physician|doctor|nurs|primary care"
NOT_MEDICAL = r"veterinar|animal"
LEGAL = r"legal|law\b|attorney|lawyer|court|tenant|rights"
JOBS = r"employ|\bjobs?\b|career|workforce|vocation|job training|hiring|work"
YOUTH = r"youth|teen|runaway|adolescen|young (adult|people|person)|juvenile|minors?\b"
SENIOR = r"senior|older adult|elder|aging|geriatric|retire"
VETERAN = r"veteran|military|\bva\b|armed forces"
HIV = r"hiv|aids\b|\bstd|\bsti\b|sexually transmitted"
UTILITY = r"utilit|energy|electric|heating|liheap|water bill|gas bill|pg&e|weatherization"
HOUSING = r"rent|housing|eviction|homeless prevention|landlord|tenant"
PHARMACY = r"pharmac|prescription|medication"
TRANSPORT = r"transport|\bbus\b|ride|shuttle|paratransit|taxi|travel"
IDS = r"identification|\bid\b|birth certificate|documents?\b|\bdmv\b"
SHOWER = r"shower|hygiene|bath|laundry"
BENEFITS = (r"benefit|snap\b|food stamp|medicaid|medi-cal|calfresh|tanf|welfare|public assistance|"
            r"social services|cash assistance|ssi\b")
BABY = r"baby|infant|diaper|formula|wic\b|newborn|mothers|pregnan|prenatal"
WOMEN = r"wom[ae]n|female|mothers?"
FAMILY = r"famil|parents|children|kids|mothers"
EDU = r"\bged\b|literacy|adult education|english|esl\b|classes|tutor"
DISABILITY = r"disabilit|disabled|blind|deaf|wheelchair|special needs"


def _and(*parts: str) -> str:
    """A regex that needs every part (anywhere in the text)."""
    return "".join(f"(?=[\\s\\S]*(?:{p}))" for p in parts)


DC = "dc211"
SMC = "smc"

QUERIES: dict[str, list[Query]] = {
    DC: [
        Query("lay", "food", "20009", FOOD),
        Query("lay", "food pantry", "20002", FOOD),
        Query("lay", "hot meal", "20001", FOOD),
        Query("lay", "groceries", "20019", FOOD),
        Query("lay", "homeless shelter", "20001", SHELTER, NOT_SHELTER),
        Query("lay", "place to sleep", "20002", SHELTER, NOT_SHELTER),
        Query("lay", "dentist", "20010", DENTAL, NOT_DENTAL),
        Query("lay", "mental health", "20020", MH, NOT_MH),
        Query("lay", "counseling", "20011", MH, NOT_MH),
        Query("lay", "clothes", "20002", CLOTHING),
        Query("lay", "winter coat", "20009", CLOTHING),
        Query("lay", "rehab", "20001", SUD),
        Query("lay", "drug treatment", "20032", SUD),
        Query("lay", "free clinic", "20010", MEDICAL, NOT_MEDICAL),
        Query("lay", "legal help", "20001", LEGAL),
        Query("lay", "job training", "20019", JOBS),
        Query("lay", "help paying electric bill", "20020", UTILITY),
        Query("lay", "rent assistance", "20002", HOUSING),
        Query("lay", "hiv testing", "20009", HIV),
        Query("lay", "diapers", "20019", BABY),
        Query("typo", "shleter", "20001", SHELTER, NOT_SHELTER),
        Query("typo", "fod pantry", "20002", FOOD),
        Query("typo", "dentsit", "20010", DENTAL, NOT_DENTAL),
        Query("typo", "mental helth", "20020", MH, NOT_MH),
        Query("typo", "councelling", "20011", MH, NOT_MH),
        Query("typo", "cloths", "20002", CLOTHING),
        Query("typo", "detocks", "20001", SUD),
        Query("spanish", "comida", "20010", FOOD),
        Query("spanish", "refugio", "20009", SHELTER, NOT_SHELTER),
        Query("spanish", "ropa", "20010", CLOTHING),
        Query("spanish", "dentista", "20011", DENTAL, NOT_DENTAL),
        Query("spanish", "salud mental", "20009", MH, NOT_MH),
        Query("spanish", "ayuda legal", "20010", LEGAL),
        Query("spanish", "trabajo", "20011", JOBS),
        Query("population", "teen runaway needs a place to stay", "20009", _and(YOUTH, SHELTER)),
        Query("population", "senior meals", "20011", _and(SENIOR, FOOD)),
        Query("population", "veteran housing", "20001", _and(VETERAN, HOUSING + "|" + SHELTER)),
        Query("population", "shelter for women", "20002", _and(WOMEN, SHELTER), NOT_SHELTER),
        Query("population", "family with kids needs shelter", "20019", _and(FAMILY, SHELTER),
              NOT_SHELTER),
        Query("population", "youth counseling", "20020", _and(YOUTH, MH), NOT_MH),
        Query("population", "elderly help at home", "20015", SENIOR),
        Query("sentence", "my husband hits me", "20010", DV),
        Query("sentence", "i have nowhere to sleep tonight", "20001", SHELTER, NOT_SHELTER),
        Query("sentence", "my tooth hurts", "20002", DENTAL, NOT_DENTAL),
        Query("sentence", "i need help with my drinking", "20009", SUD),
        Query("sentence", "we have no food at home", "20020", FOOD),
        Query("sentence", "i lost my job and cannot pay rent", "20032", HOUSING + "|" + JOBS),
    ],
    SMC: [
        Query("lay", "food", "94063", FOOD),
        Query("lay", "food pantry", "94401", FOOD),
        Query("lay", "hot meal", "94063", FOOD),
        Query("lay", "groceries", "94080", FOOD),
        Query("lay", "homeless shelter", "94063", SHELTER, NOT_SHELTER),
        Query("lay", "place to sleep", "94401", SHELTER, NOT_SHELTER),
        Query("lay", "dentist", "94401", DENTAL, NOT_DENTAL),
        Query("lay", "mental health", "94063", MH, NOT_MH),
        Query("lay", "counseling", "94014", MH, NOT_MH),
        Query("lay", "clothes", "94063", CLOTHING),
        Query("lay", "rehab", "94401", SUD),
        Query("lay", "alcohol treatment", "94063", SUD),
        Query("lay", "free clinic", "94303", MEDICAL, NOT_MEDICAL),
        Query("lay", "legal help", "94063", LEGAL),
        Query("lay", "job training", "94080", JOBS),
        Query("lay", "utility bill help", "94401", UTILITY),
        Query("lay", "rent help", "94303", HOUSING),
        Query("lay", "hiv testing", "94401", HIV),
        Query("lay", "baby formula", "94063", BABY),
        Query("lay", "english classes", "94063", EDU),
        Query("lay", "disability services", "94010", DISABILITY),
        Query("typo", "shleter", "94063", SHELTER, NOT_SHELTER),
        Query("typo", "fod pantry", "94401", FOOD),
        Query("typo", "dentsit", "94401", DENTAL, NOT_DENTAL),
        Query("typo", "mental helth", "94063", MH, NOT_MH),
        Query("typo", "councelling", "94014", MH, NOT_MH),
        Query("typo", "clothng", "94063", CLOTHING),
        Query("spanish", "comida", "94063", FOOD),
        Query("spanish", "refugio", "94063", SHELTER, NOT_SHELTER),
        Query("spanish", "ropa", "94063", CLOTHING),
        Query("spanish", "dentista", "94063", DENTAL, NOT_DENTAL),
        Query("spanish", "salud mental", "94303", MH, NOT_MH),
        Query("spanish", "ayuda legal", "94063", LEGAL),
        Query("population", "teen runaway needs a place to stay", "94401", _and(YOUTH, SHELTER)),
        Query("population", "senior meals", "94401", _and(SENIOR, FOOD)),
        Query("population", "veteran services", "94025", VETERAN),
        Query("population", "shelter for women", "94063", _and(WOMEN, SHELTER), NOT_SHELTER),
        Query("population", "family with kids needs shelter", "94063", _and(FAMILY, SHELTER),
              NOT_SHELTER),
        Query("population", "youth counseling", "94401", _and(YOUTH, MH), NOT_MH),
        Query("population", "help for elderly", "94010", SENIOR),
        Query("sentence", "my husband hits me", "94063", DV),
        Query("sentence", "i have nowhere to sleep tonight", "94401", SHELTER, NOT_SHELTER),
        Query("sentence", "my tooth hurts", "94063", DENTAL, NOT_DENTAL),
        Query("sentence", "i need help with my drinking", "94401", SUD),
        Query("sentence", "we have no food at home", "94303", FOOD),
        Query("sentence", "i lost my job and cannot pay rent", "94063", HOUSING + "|" + JOBS),
    ],
}


# -- judging -------------------------------------------------------------------------------
def relevant(text: str, query: Query) -> bool:
    """Does a result's text meet the query's rule?"""
    import re

    text = text.lower()
    if not re.search(query.must, text):
        return False
    return not (query.must_not and re.search(query.must_not, text))


_TEXT_SQL = """
SELECT string_agg(concat_ws(' | ', s.name, s.alternate_name, o.name, s.description,
                            s.eligibility_description, array_to_string(s.categories, ' '),
    (SELECT string_agg(t.name, ' ') FROM attribute a
     JOIN taxonomy_term t ON t.id = a.taxonomy_term_id WHERE a.link_id = s.id),
    (SELECT string_agg(l.name, ' ') FROM service_at_location sal
     JOIN location l ON l.id = sal.location_id WHERE sal.service_id = s.id)), ' || ')
FROM service s LEFT JOIN organization o ON o.id = s.organization_id
WHERE s.id IN (SELECT unnest(?::VARCHAR[]))
"""


def service_text(con, service_ids: list[str]) -> str:  # type: ignore[no-untyped-def]
    """What a judge reads about these services: names, descriptions, eligibility, terms."""
    row = con.execute(_TEXT_SQL, [list(service_ids)]).fetchone()
    return str(row[0] or "") if row else ""


def load_directory(store, shared, name: str) -> None:  # type: ignore[no-untyped-def]
    """Load one of the suite's real directories into a store."""
    from resources.pipeline.load import load_path

    path = {DC: shared / "dc-211-airs-export" / "211.csv",
            SMC: shared / "ohana-smc-2014"}[name]
    load_path(store, path)
