"""Need ids for facility sources until the needs vocabulary lands.

TODO(needs vocabulary): ``resources/needs.py`` + ``resources/data/needs.yaml`` are being
written in parallel with the same function names (``needs_for_hifld``, ``needs_for_osm``).
When they are on main, the facility loaders switch by changing one import line each;
then delete this module (or keep its tables as that vocabulary's source maps).

The maps are data. Reasoning behind the HIFLD map (also in docs/formats.md):
- hospital_emergency wherever an emergency department is plausible: general acute care,
  critical access (CMS requires 24/7 emergency services), children's, women's, military
  (eligibility may be limited: see the hospital loader's eligibility note).
- PSYCHIATRIC -> psychiatric_emergency (psychiatric hospitals take emergency admissions;
  they are not general ERs, so no hospital_emergency).
- REHABILITATION, LONG TERM CARE, CHRONIC DISEASE, SPECIAL: admitted by referral/transfer,
  no walk-in emergency care: no need id (kept, searchable by name, never offered for a
  need; each reported once as an info issue).
"""

from __future__ import annotations

from collections.abc import Mapping

# The need ids in use (the vocabulary's ids).
NEED_IDS = frozenset({
    "emergency_shelter", "family_shelter", "dv_shelter", "youth_shelter", "warming_center",
    "food_pantry", "hot_meals", "detox", "substance_use_treatment", "harm_reduction",
    "mental_health_crisis", "walk_in_mental_health", "psychiatric_emergency", "urgent_care",
    "free_clinic", "hospital_emergency", "dental", "pharmacy", "showers", "laundry", "clothing",
    "legal_aid", "benefits", "housing_assistance", "employment", "transportation",
    "senior_services", "veterans_services", "suicide_hotline", "dv_hotline", "primary_care",
    "hiv_std_testing", "day_center",
})

HIFLD_TYPES: dict[str, list[str]] = {
    "GENERAL ACUTE CARE": ["hospital_emergency"],
    "CRITICAL ACCESS": ["hospital_emergency"],
    "CHILDREN": ["hospital_emergency"],
    "WOMEN": ["hospital_emergency"],
    "MILITARY": ["hospital_emergency"],
    "PSYCHIATRIC": ["psychiatric_emergency"],
    "REHABILITATION": [],
    "LONG TERM CARE": [],
    "CHRONIC DISEASE": [],
    "SPECIAL": [],
}


def needs_for_hifld(type_value: str | None) -> list[str]:
    """HIFLD hospital TYPE -> need ids ([] = no need we search for)."""
    return list(HIFLD_TYPES.get((type_value or "").strip().upper(), []))


# (tag conditions, needs): every condition must hold; a value "*" = any value.
OSM_RULES: list[tuple[dict[str, str], list[str]]] = [
    ({"social_facility": "shelter", "social_facility:for": "abused"}, ["dv_shelter"]),
    ({"social_facility": "shelter", "social_facility:for": "victim"}, ["dv_shelter"]),
    ({"social_facility": "shelter", "social_facility:for": "juvenile"}, ["youth_shelter"]),
    ({"social_facility": "shelter", "social_facility:for": "child"}, ["youth_shelter"]),
    ({"social_facility": "shelter", "social_facility:for": "family"}, ["family_shelter"]),
    ({"social_facility": "shelter"}, ["emergency_shelter"]),
    ({"amenity": "shelter", "shelter_type": "warming"}, ["warming_center"]),
    ({"social_facility": "food_bank"}, ["food_pantry"]),
    ({"amenity": "food_bank"}, ["food_pantry"]),
    ({"social_facility": "soup_kitchen"}, ["hot_meals"]),
    ({"amenity": "soup_kitchen"}, ["hot_meals"]),
    ({"social_facility": "outreach", "social_facility:for": "homeless"}, ["day_center"]),
    ({"amenity": "pharmacy"}, ["pharmacy"]),
    ({"healthcare": "pharmacy"}, ["pharmacy"]),
    ({"amenity": "hospital", "emergency": "yes"}, ["hospital_emergency"]),
    ({"healthcare": "hospital", "emergency": "yes"}, ["hospital_emergency"]),
    ({"amenity": "hospital"}, ["hospital_emergency"]),
    ({"healthcare": "urgent_care"}, ["urgent_care"]),
    ({"healthcare:speciality": "urgent_care"}, ["urgent_care"]),
    ({"amenity": "clinic"}, ["primary_care"]),
    ({"amenity": "doctors"}, ["primary_care"]),
    ({"amenity": "dentist"}, ["dental"]),
    ({"healthcare": "dentist"}, ["dental"]),
    ({"healthcare:counselling": "addiction"}, ["substance_use_treatment"]),
    ({"healthcare": "blood_donation"}, []),
    ({"amenity": "shower"}, ["showers"]),
    ({"shop": "laundry"}, ["laundry"]),
    ({"amenity": "social_facility", "social_facility:for": "senior"}, ["senior_services"]),
]
# OSM values that switch a rule off even when it matches.
OSM_VETO = {"emergency": "no"}


def needs_for_osm(tags: Mapping[str, str | None]) -> list[str]:
    """OSM tags of one feature -> need ids (first matching shelter rule wins)."""
    out: list[str] = []
    for cond, needs in OSM_RULES:
        if all(_tag_has(tags.get(k), v) for k, v in cond.items()):
            if "hospital_emergency" in needs and tags.get("emergency") == OSM_VETO["emergency"]:
                continue
            if any(n.endswith("_shelter") for n in needs) and any(
                    o.endswith("_shelter") for o in out):
                continue
            out += [n for n in needs if n not in out]
    return out


def _tag_has(value: str | None, wanted: str) -> bool:
    if value is None:
        return False
    if wanted == "*":
        return True
    return wanted in {v.strip() for v in str(value).split(";")}
