"""Realistic specialist queries with the results a specialist would accept.

Each case: the words typed, the place, options, and what makes a top result relevant
(``needs``: the result offers one of these need categories; ``name``: a regex its name,
organization or service names must match). Judged by reading the data: the demo directory
(data/raw/demo-denver) and, for ``dataset`` cases, the real public directories.
``min_results``: how many results must come back at all. ``p_at_5``: the share of the
top 5 that must be relevant for the case to pass.

The fixed time is Friday 2026-11-27 21:30 in Denver (a night with shelters open and most
daytime services closed) unless a case sets ``at``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SHELTER = ["emergency_shelter", "family_shelter", "youth_shelter", "dv_shelter"]


@dataclass(frozen=True)
class Case:
    need: str
    place: str
    needs: tuple[str, ...] = ()
    name: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    min_results: int = 1
    p_at_5: float = 0.8
    dataset: str = "demo"
    at: str = "2026-11-27T21:30:00-07:00"
    expect_status: str = "ok"
    crisis: str | None = None


def c(need: str, place: str, *needs: str, **kw: Any) -> Case:
    return Case(need, place, tuple(needs), **kw)


CASES: list[Case] = [
    # shelter, typos, lay words, Spanish
    c("shleter", "80202", "emergency_shelter", "youth_shelter", "family_shelter"),
    c("somewhere to sleep tonight", "80204", "emergency_shelter", "youth_shelter",
      "family_shelter", options={"open_mode": "now"}),
    c("bed tonight", "Denver, CO", "emergency_shelter", "family_shelter", "youth_shelter"),
    c("place to stay", "80211", "emergency_shelter", "family_shelter", "youth_shelter"),
    c("bed for me and my kids", "80219", "family_shelter", p_at_5=0.6),
    c("family shelter", "39.70, -104.94", "family_shelter", p_at_5=0.6),
    c("albergue", "80205", "emergency_shelter", "family_shelter", "youth_shelter"),
    c("refugio para mujeres", "80220", "dv_shelter", "emergency_shelter", p_at_5=0.6),
    c("teen kicked out of home", "80203", "youth_shelter", p_at_5=0.6),
    c("shelter", "80202", *SHELTER, options={"gender": "woman", "open_mode": "now"}),
    c("shelter that takes dogs", "80216", *SHELTER, options={"pets": True}, p_at_5=0.4),
    c("warming center", "80204", "warming_center", "emergency_shelter", p_at_5=0.4),
    # violence
    c("my husband hits me", "80205", "dv_shelter", "dv_hotline", p_at_5=0.6),
    c("domestic violence shelter with kids", "80010", "dv_shelter", p_at_5=0.6),
    c("violencia domestica", "80219", "dv_shelter", p_at_5=0.6),
    # food
    c("food pantry", "80205", "food_pantry", at="2026-11-30T11:00:00-07:00"),
    c("comida", "80219", "food_pantry", "hot_meals", at="2026-11-30T11:00:00-07:00"),
    c("hot meal", "80204", "hot_meals", "food_pantry", at="2026-11-30T12:00:00-07:00"),
    c("fod bank", "80211", "food_pantry", "hot_meals"),
    c("groceries", "80220", "food_pantry"),
    c("despensa de comida", "80216", "food_pantry", "hot_meals"),
    # substance use
    c("detox", "39.74, -104.99", "detox", "substance_use_treatment", p_at_5=0.6),
    c("withdrawl", "80202", "detox", "substance_use_treatment", p_at_5=0.6),
    c("need narcan", "80204", "harm_reduction", p_at_5=0.6),
    c("methadone", "80203", "substance_use_treatment", "detox", p_at_5=0.6),
    c("rehab for alcohol", "80205", "substance_use_treatment", "detox", p_at_5=0.6),
    # mental health
    c("mental health crisis", "80203", "mental_health_crisis", "psychiatric_emergency",
      "walk_in_mental_health", p_at_5=0.6),
    c("hearing voices needs to see someone today", "80218", "mental_health_crisis",
      "walk_in_mental_health", "psychiatric_emergency", p_at_5=0.4),
    c("i want to kill myself", "80202", "mental_health_crisis", "psychiatric_emergency",
      "walk_in_mental_health", "suicide_hotline", p_at_5=0.4, crisis="suicide"),
    c("walk in counseling", "80211", "walk_in_mental_health", "mental_health_crisis",
      p_at_5=0.6, at="2026-11-30T10:00:00-07:00"),
    # medical
    c("urgent care", "80220", "urgent_care", "hospital_emergency", "free_clinic", p_at_5=0.6),
    c("emergency room", "80204", "hospital_emergency", "urgent_care", p_at_5=0.6),
    c("free clinic no insurance", "80219", "free_clinic", p_at_5=0.6),
    c("tooth ache", "80205", "dental", p_at_5=0.6),
    c("pharmacy", "80203", "pharmacy", p_at_5=0.6),
    c("overdose", "80202", "hospital_emergency", "harm_reduction", "detox",
      "substance_use_treatment", "urgent_care", p_at_5=0.4, crisis="overdose"),
    # basic needs and services
    c("shower", "80202", "showers", "day_center", p_at_5=0.6),
    c("laundry", "80204", "laundry", "showers", p_at_5=0.4),
    c("winter coat", "80216", "clothing", p_at_5=0.6),
    c("lawyer eviction", "80205", "legal_aid", "housing_assistance", p_at_5=0.6),
    c("food stamps", "80219", "benefits", "food_pantry", p_at_5=0.6),
    c("help paying rent", "80211", "housing_assistance", p_at_5=0.6),
    c("job", "80203", "employment", p_at_5=0.6),
    c("veteran services", "80220", "veterans_services", p_at_5=0.6),
    c("bus pass", "80204", "transportation", p_at_5=0.4),
    # language and access filters
    c("food", "80219", "food_pantry", "hot_meals", options={"language": "es"}),
    c("clinic", "80205", "free_clinic", "urgent_care", "walk_in_mental_health", "dental",
      "hospital_emergency", "primary_care", options={"wheelchair": True}, p_at_5=0.6),
    # places given as an address and a county
    c("shelter", "1554 Broadway, Denver, CO", *SHELTER),
    c("food", "Denver County, CO", "food_pantry", "hot_meals"),
    # places that cannot be resolved
    c("shelter", "00000", expect_status="place_not_found", min_results=0),
    c("shelter", "Springfield", expect_status="place_ambiguous", min_results=0),
]


def relevant(result: Any, case: Case) -> bool:
    """A result fits the case: it offers one of the needs, or its names match ``name``."""
    import re

    if case.needs and set(result.categories) & set(case.needs):
        return True
    if case.name:
        names = " ".join([result.name, result.organization, *(s.name for s in result.services)])
        return re.search(case.name, names, re.IGNORECASE) is not None
    return False


def precision_at_5(results: list[Any], case: Case) -> float:
    top = results[:5]
    return sum(relevant(r, case) for r in top) / len(top) if top else 0.0


def request_for(case: Case) -> Any:
    from datetime import datetime

    from resources.search.engine import SearchRequest

    opts = dict(case.options)
    at = datetime.fromisoformat(case.at)
    if opts.get("open_mode") == "at":
        opts["at"] = at
    return SearchRequest(need=case.need, place=case.place, **opts), at


# Real public directories (DC 211 AIRS export, HIFLD hospitals): judged by reading the rows.
REAL_CASES: list[Case] = [
    c("food pantry", "20001", "food_pantry", "hot_meals", dataset="real"),
    c("comida", "20010", "food_pantry", "hot_meals", dataset="real"),
    c("shelter", "Washington, DC", *SHELTER, dataset="real", p_at_5=0.6),
    c("legal aid", "20009", "legal_aid", dataset="real", p_at_5=0.6),
    c("drug counseling", "20002", "substance_use_treatment", "detox", dataset="real",
      p_at_5=0.6),
    c("dental", "20003", "dental", dataset="real", p_at_5=0.6),
    c("hiv testing", "20005", "hiv_std_testing", dataset="real", p_at_5=0.6),
    c("job training", "20019", "employment", dataset="real", p_at_5=0.6),
    # the DC export files detox and DV shelters under its local categories only
    # ("Substance Abuse-Detoxificatn", "Shelter-Domestic Violence")
    c("detox", "20001", "detox", "substance_use_treatment", dataset="real", min_results=3),
    # a service named for domestic violence (the court's DV intake center: protection
    # orders; the DC coalition) or the police answers too, categorized or not
    c("my husband hits me", "20001", "dv_shelter", "dv_hotline", dataset="real",
      min_results=3, name=r"domestic violence|police"),
    c("emergency room", "Chicago, IL", "hospital_emergency", dataset="real"),
    c("psychiatric hospital", "Boston, MA", "psychiatric_emergency", "hospital_emergency",
      dataset="real"),
]
