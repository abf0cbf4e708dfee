#!/usr/bin/env python3
"""Generate the DEMO directory: a fictional HSDS 3.0 tabular datapackage around Denver, CO.

    python scripts/make_demo_data.py [--out data/raw/demo-denver]

Deterministic: a fixed seed, a fixed reference date and uuid5 ids, so running it twice
gives byte-identical files. Hand-written content lives in scripts/demo_templates.yaml.
Every organization name starts with "DEMO · "; every phone number is a fictional
(303|720) 555-01xx number; every site point is a jittered point in a real neighborhood.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
import zipcodes

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_OUT = REPO / "data" / "raw" / "demo-denver"
DEFAULT_TEMPLATES = HERE / "demo_templates.yaml"

DEMO_PREFIX = "DEMO · "
STATE = "CO"
# Denver metro bounding box (south, west, north, east); tests check every point is inside.
METRO_BBOX = (39.55, -105.20, 39.95, -104.60)

# HSDS 3.0 headers, exactly as in the spec's examples/csv/*.csv (tests compare them).
# (resource name, file, columns)
TABLES: list[tuple[str, str, list[str]]] = [
    ("organization", "organizations.csv", ["id", "name", "alternate_name", "description", "email", "website", "tax_status", "tax_id", "year_incorporated", "legal_status", "logo", "uri", "parent_organization_id"]),
    ("service", "services.csv", ["id", "organization_id", "program_id", "name", "alternate_name", "description", "url", "email", "status", "interpretation_services", "application_process", "fees_description", "wait_time", "fees", "accreditations", "eligibility_description", "minimum_age", "maximum_age", "assured_date", "assurer_email", "licenses", "alert", "last_modified"]),
    ("location", "locations.csv", ["id", "location_type", "url", "organization_id", "name", "alternate_name", "description", "transportation", "latitude", "longitude", "external_identifier", "external_identifier_type"]),
    ("service_at_location", "service_at_location.csv", ["id", "service_id", "location_id", "description"]),
    ("address", "addresses.csv", ["id", "location_id", "attention", "address_1", "address_2", "city", "region", "state_province", "postal_code", "country", "address_type"]),
    ("phone", "phones.csv", ["id", "location_id", "service_id", "organization_id", "contact_id", "service_at_location_id", "number", "extension", "type", "description"]),
    ("schedule", "schedules.csv", ["id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to", "dtstart", "timezone", "until", "count", "wkst", "freq", "interval", "byday", "byweekno", "bymonthday", "byyearday", "description", "opens_at", "closes_at", "schedule_link", "attending_type", "notes"]),
    ("language", "languages.csv", ["id", "service_id", "location_id", "phone_id", "name", "code", "note"]),
    ("accessibility", "accessibility.csv", ["id", "location_id", "description", "details", "url"]),
    ("service_area", "service_areas.csv", ["id", "service_id", "name", "description", "extent", "extent_type", "uri"]),
    ("taxonomy", "taxonomies.csv", ["id", "name", "description", "uri", "version"]),
    ("taxonomy_term", "taxonomy_terms.csv", ["id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id", "term_uri"]),
    ("attribute", "attributes.csv", ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"]),
    ("cost_option", "cost_options.csv", ["id", "service_id", "valid_from", "valid_to", "option", "currency", "amount", "amount_description"]),
    ("contact", "contacts.csv", ["id", "organization_id", "service_id", "service_at_location_id", "location_id", "name", "title", "department", "email"]),
]
NUMBER_FIELDS = {"latitude", "longitude", "minimum_age", "maximum_age", "interval", "count", "timezone", "amount", "extension", "year_incorporated"}
# column -> referenced resource (for datapackage foreignKeys); attributes.link_id is polymorphic.
FOREIGN_KEYS = {"organization_id": "organization", "service_id": "service", "location_id": "location",
                "service_at_location_id": "service_at_location", "contact_id": "contact", "phone_id": "phone",
                "taxonomy_id": "taxonomy", "taxonomy_term_id": "taxonomy_term"}

ALL_DAYS = "MO,TU,WE,TH,FR,SA,SU"
WEEKDAYS = "MO,TU,WE,TH,FR"
DAY_NAMES = {"MO": "Mon", "TU": "Tue", "WE": "Wed", "TH": "Thu", "FR": "Fri", "SA": "Sat", "SU": "Sun"}
HOLIDAY_NOTE = "Closed on public holidays"
NEVER_WITHOUT_HOURS = {"24_7", "monthly_2sa", "monthly_last_fri", "fortnightly"}


# ----------------------------------------------------------------------------- helpers
class Ids:
    def __init__(self, namespace: str) -> None:
        self.ns = uuid.UUID(namespace)

    def __call__(self, table: str, key: str) -> str:
        return str(uuid.uuid5(self.ns, f"{table}:{key}"))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _fmt_time(hms: str) -> str:
    h, m = int(hms[:2]), int(hms[3:5])
    if (h, m) == (12, 0):
        return "noon"
    suffix = "AM" if h < 12 else "PM"
    return f"{(h % 12) or 12}:{m:02d} {suffix}"


def _fmt_days(byday: str) -> str:
    if byday == ALL_DAYS:
        return "Daily"
    if byday == WEEKDAYS:
        return "Mon–Fri"
    return ", ".join(DAY_NAMES[d] for d in byday.split(","))


def _allocate(weights: dict[str, float], n: int) -> list[str]:
    """Exact counts per key summing to n (largest remainder), in a stable order."""
    total = sum(weights.values())
    raw = {k: n * w / total for k, w in weights.items()}
    counts = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: (-(raw[k] - counts[k]), list(weights).index(k)))[: n - sum(counts.values())]:
        counts[k] += 1
    return [k for k in weights for _ in range(counts[k])]


# ----------------------------------------------------------------------------- hours
def hours_rows(pattern: str, rng: random.Random) -> list[dict[str, str]]:
    """Schedule rows (byday/opens/closes/freq/...) for one hours pattern."""
    def row(byday: str, opens: str, closes: str, **extra: str) -> dict[str, str]:
        desc = extra.pop("description", "") or f"{_fmt_days(byday)} {_fmt_time(opens)}–{_fmt_time(closes)}."
        return {"freq": "WEEKLY", "byday": byday, "opens_at": opens, "closes_at": closes, "description": desc, **extra}

    if pattern == "24_7":
        return [row(ALL_DAYS, "00:00:00", "23:59:00", description="Open 24 hours, 7 days a week.")]
    if pattern == "overnight":
        opens, closes = rng.choice([("19:00:00", "07:00:00")] * 4 + [("18:00:00", "07:00:00"), ("20:00:00", "06:30:00")])
        return [row(ALL_DAYS, opens, closes, description=f"Nightly {_fmt_time(opens)} to {_fmt_time(closes)} the next morning (overnight).")]
    if pattern == "daily_day":
        return [row(ALL_DAYS, "08:00:00", "18:00:00")]
    if pattern == "daily_long":
        return [row(ALL_DAYS, "08:00:00", "20:00:00")]
    if pattern == "weekday":
        opens, closes = rng.choice([("09:00:00", "17:00:00")] * 3 + [("08:00:00", "16:30:00"), ("08:30:00", "17:00:00"), ("10:00:00", "18:00:00")])
        return [row(WEEKDAYS, opens, closes)]
    if pattern == "early_weekday":
        return [row(WEEKDAYS, "06:00:00", "18:00:00")]
    if pattern == "mornings":
        return [row(rng.choice([WEEKDAYS, "MO,TU,WE,TH,FR,SA"]), "07:00:00", "11:00:00")]
    if pattern == "split":
        days = rng.choice([WEEKDAYS, WEEKDAYS, "MO,TU,WE,TH"])
        return [row(days, "08:00:00", "12:00:00", description=f"{_fmt_days(days)} 8:00 AM–noon and 1:00 PM–5:00 PM (closed for lunch)."),
                row(days, "13:00:00", "17:00:00", description=f"{_fmt_days(days)} 8:00 AM–noon and 1:00 PM–5:00 PM (closed for lunch).")]
    if pattern == "extended":
        return [row(WEEKDAYS, "08:00:00", "20:00:00"), row("SA,SU", "09:00:00", "17:00:00")]
    if pattern == "evening":
        days = rng.choice(["TU,TH", "MO,WE", "WE", "TH"])
        return [row(days, "17:00:00", "20:00:00")]
    if pattern == "days":
        days = rng.choice(["MO,WE,FR", "TU,TH", "TU,TH,SA", "WE,SA", "MO,TH"])
        opens, closes = rng.choice([("10:00:00", "14:00:00"), ("09:00:00", "12:00:00"), ("13:00:00", "16:00:00")])
        return [row(days, opens, closes)]
    if pattern == "weekends":
        days = rng.choice(["SA,SU", "SA,SU", "SA"])
        return [row(days, "10:00:00", "14:00:00", description=f"Weekends only: {_fmt_days(days)} 10:00 AM–2:00 PM.")]
    if pattern == "meals":
        return [row(ALL_DAYS, "07:00:00", "08:30:00", description="Breakfast daily 7:00–8:30 AM; dinner daily 5:00–6:30 PM."),
                row(ALL_DAYS, "17:00:00", "18:30:00", description="Breakfast daily 7:00–8:30 AM; dinner daily 5:00–6:30 PM.")]
    if pattern == "lunch":
        days = rng.choice([WEEKDAYS, "MO,TU,WE,TH,FR,SA"])
        return [row(days, "11:00:00", "13:00:00", description=f"Lunch served {_fmt_days(days)} 11:00 AM–1:00 PM.")]
    if pattern == "monthly_2sa":
        return [row("2SA", "09:00:00", "12:00:00", freq="MONTHLY", description="Second Saturday of every month, 9:00 AM–noon.")]
    if pattern == "monthly_last_fri":
        return [row("-1FR", "10:00:00", "13:00:00", freq="MONTHLY", description="Last Friday of every month, 10:00 AM–1:00 PM.")]
    if pattern == "fortnightly":
        return [row("WE", "15:00:00", "18:00:00", interval="2", dtstart="2026-01-07",
                    description="Every other Wednesday, 3:00–6:00 PM (starting Wednesday 7 January 2026).")]
    if pattern == "none":
        return []
    raise ValueError(f"unknown hours pattern {pattern!r}")


# ----------------------------------------------------------------------------- geography
class Geo:
    def __init__(self, cfg: dict[str, Any]) -> None:
        exclude = set(cfg["zip_exclude"])
        lo_lat, lo_lon, hi_lat, hi_lon = METRO_BBOX
        self.by_city: dict[str, list[tuple[str, float, float]]] = {}
        for z in zipcodes.filter_by(state=STATE):
            if z["zip_code_type"] != "STANDARD" or not z["active"] or z["zip_code"] in exclude:
                continue
            lat, lon = float(z["lat"]), float(z["long"])
            if not (lo_lat <= lat <= hi_lat and lo_lon <= lon <= hi_lon):
                continue
            for city in {z["city"], *z["acceptable_cities"]}:
                self.by_city.setdefault(city, []).append((z["zip_code"], lat, lon))
        for v in self.by_city.values():
            v.sort()

    def nearest_zip(self, city: str, lat: float, lon: float) -> tuple[str, float, float]:
        k = math.cos(math.radians(lat))
        return min(self.by_city[city], key=lambda z: ((z[1] - lat) ** 2 + ((z[2] - lon) * k) ** 2, z[0]))


# ----------------------------------------------------------------------------- generator
class Builder:
    def __init__(self, cfg: dict[str, Any]) -> None:
        self.cfg = cfg
        self.rng = random.Random(cfg["seed"])
        self.ids = Ids(cfg["uuid_namespace"])
        self.ref = cfg["reference_date"] if isinstance(cfg["reference_date"], dt.date) else dt.date.fromisoformat(cfg["reference_date"])
        self.geo = Geo(cfg)
        self.rows: dict[str, list[dict[str, str]]] = {name: [] for name, _, _ in TABLES}
        self.terms: dict[tuple[str, str], str] = {}
        self.used_org_names: set[str] = set()
        self.phone_pool = [f"({ac}) 555-01{n:02d}" for ac in ("303", "720") for n in range(100)]
        self.rng.shuffle(self.phone_pool)
        self.phone_i = 0
        self.hoods = cfg["neighborhoods"]
        # bookkeeping for the report / planted rows
        self.patterns: Counter[str] = Counter()
        self.services: list[dict[str, Any]] = []   # internal service records
        self.planted: dict[str, list[str]] = {}

    # -- small helpers
    def add(self, table: str, **values: Any) -> dict[str, str]:
        cols = next(c for n, _, c in TABLES if n == table)
        unknown = set(values) - set(cols)
        if unknown:
            raise KeyError(f"{table}: unknown columns {sorted(unknown)}")
        row = {c: "" if values.get(c) is None else str(values.get(c, "")) for c in cols}
        self.rows[table].append(row)
        return row

    def phone_number(self) -> str:
        number = self.phone_pool[self.phone_i % len(self.phone_pool)]
        self.phone_i += 1
        return number

    def org_name(self, family: str, suffixes: list[str] | None = None) -> str:
        suffixes = suffixes or self.cfg["families"][family]["suffixes"]
        for _ in range(1000):
            name = f"{self.rng.choice(self.cfg['org_words'])} {self.rng.choice(suffixes)}"
            if name not in self.used_org_names:
                self.used_org_names.add(name)
                return name
        raise RuntimeError("ran out of organization names")

    # -- taxonomies
    def build_taxonomies(self) -> None:
        c = self.cfg
        vocab = {
            "resources-needs": ("Needs a crisis line refers to (one category per service).",
                                {k: (v["label"], v["description"]) for k, v in c["needs"].items()}),
            "resources-eligibility": ("Who a service is for (in addition to eligibility_description).",
                                      {k: (v["name"], v["text"]) for k, v in c["eligibility_terms"].items()}),
            "resources-access": ("How to access a service: walk in or by appointment.",
                                 {k: (v["name"], v["text"]) for k, v in c["access_terms"].items()}),
        }
        for tax, (desc, terms) in vocab.items():
            tax_id = self.ids("taxonomy", tax)
            self.add("taxonomy", id=tax_id, name=tax, description=f"[DEMO] resources project vocabulary. {desc}", version="1")
            for code, (name, tdesc) in terms.items():
                term_id = self.ids("taxonomy_term", f"{tax}:{code}")
                self.terms[(tax, code)] = term_id
                self.add("taxonomy_term", id=term_id, code=code, name=name, description=tdesc,
                         taxonomy=tax, language="en", taxonomy_id=tax_id)

    def link(self, service_id: str, tax: str, code: str, link_type: str) -> None:
        self.add("attribute", id=self.ids("attribute", f"{service_id}:{tax}:{code}"), link_id=service_id,
                 taxonomy_term_id=self.terms[(tax, code)], link_type=link_type, link_entity="service")

    # -- organizations and sites
    def new_org(self, family: str, kind: str, suffixes: list[str] | None = None) -> dict[str, str]:
        base = self.org_name(family, suffixes)
        slug = _slug(base)
        org_id = self.ids("organization", slug)
        hospital = family == "hospital"
        row = self.add(
            "organization", id=org_id, name=DEMO_PREFIX + base, alternate_name=base,
            description=f"[DEMO] Fictional {kind.lower()} in the resources demo directory. Not a real organization; do not refer callers here.",
            email=f"info@{slug}.example.org", website=f"https://{slug}.example.org",
            tax_status="501(c)(3)", year_incorporated=self.rng.randint(1968, 2021),
            legal_status="Nonprofit hospital" if hospital else "Nonprofit corporation")
        self.add("phone", id=self.ids("phone", f"org:{slug}"), organization_id=org_id,
                 number=self.phone_number(), type="voice", description="Main office (administration, not intake).")
        first, last = self.rng.choice(self.cfg["first_names"]), self.rng.choice(self.cfg["last_names"])
        self.add("contact", id=self.ids("contact", f"org:{slug}"), organization_id=org_id, name=f"{first} {last}",
                 title=self.rng.choice(["Program Director", "Intake Coordinator", "Operations Manager"]),
                 department="Administration", email=f"{first.lower()}.{_slug(last)}@{slug}.example.org")
        return row | {"_slug": slug, "_base": base}

    def new_location(self, org: dict[str, str], label: str, key: str, confidential: bool = False) -> dict[str, Any]:
        rng = self.rng
        hood = rng.choices(self.hoods, weights=[h["weight"] for h in self.hoods])[0]
        lat = hood["lat"] + max(-0.008, min(0.008, rng.gauss(0, 0.004)))
        lon = hood["lon"] + max(-0.010, min(0.010, rng.gauss(0, 0.005)))
        zip_code, zlat, zlon = self.geo.nearest_zip(hood["city"], lat, lon)
        loc_id = self.ids("location", key)
        street, rng_txt = rng.choice(hood["streets"]).split("|")
        lo, hi = (int(x) for x in rng_txt.split("-"))
        address_1 = f"{rng.randint(lo, hi)} {street}"
        address_2 = rng.choice([""] * 6 + ["Suite 100", "Suite 210", "Rear entrance", "Lower level", "Building B"])
        if confidential:
            lat, lon = round(zlat, 2), round(zlon, 2)   # approximate: ZIP centroid, 2 decimals
            address_1 = address_2 = ""
        name = f"{DEMO_PREFIX}{org['_base']} – {label}"
        desc = (f"[DEMO] Confidential location in {hood['city']} ({zip_code}); the street address is not published. "
                "Call the 24-hour line for intake and a safe meeting point.") if confidential else \
               f"[DEMO] Fictional site in the {hood['name']} neighborhood of {hood['city']}."
        row = self.add("location", id=loc_id, location_type="physical", organization_id=org["id"], name=name,
                       description=desc,
                       transportation="" if confidential else rng.choice(["Bus stop within one block.", "Two blocks from a bus stop; bike racks out front.", "Free parking lot; bus stop across the street.", "Street parking only; bus stop at the corner."]),
                       latitude=f"{lat:.6f}" if not confidential else f"{lat:.2f}",
                       longitude=f"{lon:.6f}" if not confidential else f"{lon:.2f}")
        self.add("address", id=self.ids("address", key), location_id=loc_id, address_1=address_1, address_2=address_2,
                 city=hood["city"], state_province=STATE, postal_code=zip_code, country="US", address_type="physical")
        roll = rng.random()
        if roll < 0.70:
            self.add("accessibility", id=self.ids("accessibility", key), location_id=loc_id, description="Wheelchair accessible",
                     details=rng.choice(["Step-free entrance and accessible restroom.", "Ramp at the side entrance; elevator to all floors.",
                                         "Automatic doors, accessible parking in front, accessible restroom."]))
        elif roll < 0.80:
            self.add("accessibility", id=self.ids("accessibility", key), location_id=loc_id, description="Not wheelchair accessible",
                     details="Entrance has several steps; staff can meet you at the door.")
        return {"row": row, "hood": hood, "zip": zip_code, "confidential": confidential}

    # -- services
    def new_service(self, org: dict[str, str], need: str, key: str, sites: list[dict[str, Any]], pattern: str) -> dict[str, Any]:
        rng, ncfg = self.rng, self.cfg["needs"][need]
        sid = self.ids("service", key)
        elig = [code for code, p in ncfg.get("eligibility", {}).items() if rng.random() < p]
        if "men" in elig and "women" in elig:
            elig.remove(rng.choice(["men", "women"]))
        if "men" in elig and ncfg.get("names_men"):
            name = rng.choice(ncfg["names_men"])
        elif "women" in elig and ncfg.get("names_women"):
            name = rng.choice(ncfg["names_women"])
        else:
            name = rng.choice(ncfg.get("names_by_pattern", {}).get(pattern) or ncfg["names"])
        min_age, max_age = ncfg.get("min_age"), None
        if ncfg.get("age_ranges"):
            min_age, max_age = ncfg["age_ranges"][len([s for s in self.services if s["need"] == need]) % len(ncfg["age_ranges"])]
        if "youth" in elig and need == "walk_in_mental_health":
            name, min_age, max_age = "Youth Walk-In Counseling", 12, 25
        if "youth" in elig and need == "employment":
            name, min_age, max_age = "Youth Employment Program", 16, 24
        if "seniors" in elig and min_age is None:
            min_age = 60
        text = [ncfg["base_eligibility"]] + [self.cfg["eligibility_terms"][c]["text"] for c in elig]
        if min_age is not None or max_age is not None:
            text.append(f"Ages {min_age}–{max_age}." if max_age else f"Ages {min_age}+.")
        access = rng.choices(list(ncfg["access"]), weights=list(ncfg["access"].values()))[0]
        fees = ncfg["fees"]
        if fees == "free_or_sliding":
            fees = rng.choice(["free", "sliding"])
        fees_text = {"free": "Free.",
                     "sliding": "Sliding fee scale based on income; no one is turned away for inability to pay.",
                     "insurance": "Accepts Medicaid, Medicare and most private insurance; self-pay and financial assistance available."}[fees]
        stale = rng.random() < 0.10
        age_days = rng.randint(366, 730) if stale else rng.randint(0, 365)
        assured = self.ref - dt.timedelta(days=age_days)
        row = self.add(
            "service", id=sid, organization_id=org["id"], name=name, description=f"[DEMO] {ncfg['description']}",
            url=f"https://{org['_slug']}.example.org/{_slug(name)}", email=f"help@{org['_slug']}.example.org", status="active",
            interpretation_services=rng.choice(["", "Phone interpretation available in 200+ languages.", "Bilingual staff on most shifts."]),
            application_process=self.cfg["access_terms"][access]["text"], fees_description=fees_text,
            eligibility_description=" ".join(text), minimum_age=min_age, maximum_age=max_age,
            assured_date=assured.isoformat(), assurer_email="verify@resources-demo.example.org",
            last_modified=f"{assured.isoformat()}T{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:00.000Z")
        self.link(sid, "resources-needs", need, "category")
        for code in elig:
            self.link(sid, "resources-eligibility", code, "eligibility")
        self.link(sid, "resources-access", access, "access")
        # cost
        if fees == "free":
            self.add("cost_option", id=self.ids("cost_option", key), service_id=sid, option="Free", currency="USD", amount="0", amount_description="No cost.")
        elif fees == "sliding":
            self.add("cost_option", id=self.ids("cost_option", key), service_id=sid, option="Sliding scale", currency="USD",
                     amount=rng.choice([0, 10, 20, 25, 40]), amount_description="Minimum fee per visit; reduced or waived based on income.")
        elif need == "urgent_care":
            self.add("cost_option", id=self.ids("cost_option", key), service_id=sid, option="Self-pay visit", currency="USD",
                     amount=rng.choice([95, 125, 150, 175]), amount_description="Flat self-pay price for a basic visit.")
        # phones
        self.add("phone", id=self.ids("phone", key), service_id=sid, number=self.phone_number(), type="voice",
                 description="24-hour line." if pattern == "24_7" else "Information and intake.")
        if ncfg.get("crisis_line") or need in ("dv_shelter", "detox"):
            self.add("phone", id=self.ids("phone", f"{key}:crisis"), service_id=sid, number=self.phone_number(), type="voice",
                     description="24-hour crisis line (answered by staff, not voicemail).")
        r = rng.random()
        if r < 0.10:
            self.add("phone", id=self.ids("phone", f"{key}:text"), service_id=sid, number=self.phone_number(), type="text",
                     description="Text for hours and availability.")
        elif r < 0.25:
            self.add("phone", id=self.ids("phone", f"{key}:fax"), service_id=sid, number=self.phone_number(), type="fax",
                     description="Fax for referrals and records.")
        # languages
        self.add("language", id=self.ids("language", f"{key}:en"), service_id=sid, name="English", code="en")
        for code, lname, share in self.cfg["languages"]:
            if rng.random() < share:
                note = "ASL interpreter on request (one day notice)." if code == "ase" else rng.choice(["Bilingual staff.", "Bilingual staff on some shifts; phone interpretation otherwise."])
                self.add("language", id=self.ids("language", f"{key}:{code}"), service_id=sid, name=lname, code=code, note=note)
        # service area
        if ncfg.get("service_area") and rng.random() < 0.6:
            city = sites[0]["hood"]["city"]
            area = rng.choice({"Denver": ["Denver County", "Denver metro area"], "Aurora": ["City of Aurora", "Arapahoe County"],
                               "Lakewood": ["Jefferson County", "Denver metro area"]}[city])
            self.add("service_area", id=self.ids("service_area", key), service_id=sid, name=area,
                     description=f"[DEMO] Serves residents of {area}; proof of residence may be asked for.")
        if rng.random() < 0.12:
            first, last = rng.choice(self.cfg["first_names"]), rng.choice(self.cfg["last_names"])
            self.add("contact", id=self.ids("contact", key), service_id=sid, name=f"{first} {last}", title="Program Coordinator",
                     department=self.cfg["needs"][need]["label"], email=f"{first.lower()}.{_slug(last)}@{org['_slug']}.example.org")
        # sites + hours
        holiday = pattern not in ("24_7", "overnight", "meals") and rng.random() < ncfg.get("holiday_closure", 0.15)
        for site in sites:
            loc_id = site["row"]["id"]
            sal_id = self.ids("service_at_location", f"{key}@{loc_id}")
            self.add("service_at_location", id=sal_id, service_id=sid, location_id=loc_id,
                     description=f"[DEMO] {name} at {site['hood']['name']}.")
            for i, h in enumerate(hours_rows(pattern, rng)):
                if holiday:
                    h["description"] += f" {HOLIDAY_NOTE}."
                    h["notes"] = HOLIDAY_NOTE
                self.add("schedule", id=self.ids("schedule", f"{sal_id}:{i}"), service_id=sid, location_id=loc_id,
                         service_at_location_id=sal_id, attending_type="In person", **h)
        rec = {"row": row, "need": need, "pattern": pattern, "sites": sites, "key": key, "holiday": holiday, "stale": stale}
        self.services.append(rec)
        self.patterns[pattern] += 1
        return rec

    # -- the whole directory
    def build(self) -> None:
        cfg, rng = self.cfg, self.rng
        self.build_taxonomies()
        needs = cfg["needs"]
        # hours pattern per need slot (exact counts), then ~8% of eligible slots get no hours
        slots: dict[str, list[str]] = {}
        for need, n in needs.items():
            pats = _allocate(n["hours"], n["count"])
            rng.shuffle(pats)
            slots[need] = pats
        flat = [(need, i) for need, p in slots.items() for i, pat in enumerate(p) if pat not in NEVER_WITHOUT_HOURS]
        total = sum(n["count"] for n in needs.values())
        for need, i in sorted(rng.sample(flat, round(total * 0.08))):
            slots[need][i] = "none"

        def take(need: str) -> str | None:
            return slots[need].pop() if slots.get(need) else None

        # 1) multi-service hubs
        for hub in cfg["hubs"]:
            for k in range(hub["count"]):
                org = self.new_org(hub["family"], hub["kind"], hub.get("suffixes"))
                site = self.new_location(org, hub["kind"], f"hub:{_slug(hub['kind'])}:{k}")
                for need in hub["needs"]:
                    pat = take(need)
                    if pat is not None:
                        self.new_service(org, need, f"{need}:hub:{_slug(hub['kind'])}:{k}", [site], pat)
        # 2) everything else: organizations of 1-3 related services, one site each (a few with two sites)
        by_family: dict[str, list[str]] = {}
        for need in needs:
            by_family.setdefault(needs[need]["family"], []).extend([need] * len(slots[need]))
        multi_site_needs = {"food_pantry", "harm_reduction", "hot_meals", "clothing", "legal_aid", "benefits"}
        n_multi = 0
        for family, queue in by_family.items():
            rng.shuffle(queue)
            while queue:
                size = min(len(queue), rng.choice([1, 1, 2, 2, 3]))
                group, queue[:] = queue[:size], queue[size:]
                org = self.new_org(family, needs[group[0]]["label"], needs[group[0]].get("org_suffixes"))
                for j, need in enumerate(group):
                    key = f"{need}:{org['_slug']}:{j}"
                    label = needs[need]["label"].split(" (")[0]
                    conf = need == "dv_shelter"
                    two = not conf and need in multi_site_needs and n_multi < 8 and rng.random() < 0.3
                    sites = [self.new_location(org, label, key, confidential=conf)]
                    if two:
                        n_multi += 1
                        sites.append(self.new_location(org, f"{label} (second site)", f"{key}:2"))
                    self.new_service(org, need, key, sites, take(need) or "none")
        self.plant()

    # -- rows tests and loaders rely on
    def plant(self) -> None:
        rng = self.rng
        svc = sorted(self.services, key=lambda s: s["key"])
        def first(need: str, pred: Any = lambda s: True) -> dict[str, Any]:
            return next(s for s in svc if s["need"] == need and pred(s))
        # statuses: ~3% inactive, ~2% temporarily closed (must never be offered)
        inactive = [first("food_pantry", lambda s: s["pattern"] == "weekday")]
        closed = [first("emergency_shelter", lambda s: s["pattern"] == "overnight")]
        rest = [s for s in svc if s not in inactive + closed and s["need"] != "warming_center"]  # keep seasonal plants active
        picks = rng.sample(rest, 7 + 4)
        inactive += picks[:7]
        closed += picks[7:]
        for s in inactive:
            s["row"]["status"] = "inactive"
            s["row"]["alert"] = "[DEMO] This service has ended."
        for s in closed:
            s["row"]["status"] = "temporarily closed"
            s["row"]["alert"] = "[DEMO] Temporarily closed for building repairs; reopening date not set."
        # a few sites without coordinates but with a full street address + ZIP (ZIP-centroid fallback)
        no_coords = [s for s in svc if s["need"] in ("legal_aid", "clothing", "employment") and len(s["sites"]) == 1 and ":hub:" not in s["key"]
                     and s["row"]["status"] == "active" and not s["sites"][0]["confidential"]][:3]
        for s in no_coords:
            s["sites"][0]["row"]["latitude"] = s["sites"][0]["row"]["longitude"] = ""
        # seasonal validity: a winter warming center (valid now) and a summer cooling center (expired)
        wc = [s for s in svc if s["need"] == "warming_center"]
        winter = next(s for s in wc if s["pattern"] == "overnight")
        summer = next(s for s in wc if s["pattern"] == "daily_day")
        for s, name, frm, to in ((winter, "Winter Warming Center", "2026-11-01", "2027-03-31"),
                                 (summer, "Summer Cooling Center", "2026-06-01", "2026-09-15")):
            s["row"]["name"] = name
            for r in self.rows["schedule"]:
                if r["service_id"] == s["row"]["id"]:
                    r["valid_from"], r["valid_to"] = frm, to
                    r["description"] += f" Season: {frm} to {to}."
        self.planted = {
            "inactive": [s["row"]["id"] for s in inactive],
            "temporarily_closed": [s["row"]["id"] for s in closed],
            "no_coordinates_locations": [s["sites"][0]["row"]["id"] for s in no_coords],
            "seasonal_valid_now": [winter["row"]["id"]],
            "seasonal_expired": [summer["row"]["id"]],
        }


# ----------------------------------------------------------------------------- output
def datapackage(counts: dict[str, int]) -> dict[str, Any]:
    resources = []
    for name, path, cols in TABLES:
        fks = [{"fields": c, "reference": {"resource": FOREIGN_KEYS[c], "fields": "id"}}
               for c in cols if c in FOREIGN_KEYS and FOREIGN_KEYS[c] != name]
        if name == "taxonomy_term":
            fks.append({"fields": "parent_id", "reference": {"resource": "taxonomy_term", "fields": "id"}})
        schema: dict[str, Any] = {"primaryKey": "id", "fields": [
            {"name": c, "type": "number" if c in NUMBER_FIELDS else "string", **({"format": "uuid"} if c == "id" else {})}
            for c in cols]}
        if fks:
            schema["foreignKeys"] = fks
        resources.append({"name": name, "path": path, "profile": "tabular-data-resource", "format": "csv",
                          "mediatype": "text/csv", "encoding": "utf-8", "rows": counts[name], "schema": schema})
    return {
        "name": "demo-denver",
        "title": "DEMO Denver community resources (fictional HSDS 3.0 directory)",
        "description": ("DEMO DATA. All organizations, services, sites, street addresses, people, emails and phone "
                        "numbers in this package are fictional, generated by scripts/make_demo_data.py for the "
                        "resources app demo and tests. Points are jittered around real Denver, CO neighborhoods; "
                        "ZIP codes are the real ZIP nearest each point; phone numbers are 555-01xx. "
                        "Do not refer anyone to these records."),
        "profile": "tabular-data-package",
        "version": "1.0.0",
        "homepage": "https://example.org/resources-demo",
        "keywords": ["demo", "fictional", "HSDS 3.0", "Open Referral", "Denver"],
        "resources": resources,
    }


def generate(out: Path, templates: Path = DEFAULT_TEMPLATES) -> Builder:
    cfg = yaml.safe_load(templates.read_text(encoding="utf-8"))
    b = Builder(cfg)
    b.build()
    out.mkdir(parents=True, exist_ok=True)
    for name, path, cols in TABLES:
        df = pd.DataFrame(b.rows[name], columns=cols, dtype=str)
        df.to_csv(out / path, index=False, lineterminator="\n", encoding="utf-8")
    dp = datapackage({n: len(r) for n, r in b.rows.items()})
    (out / "datapackage.json").write_text(json.dumps(dp, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return b


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory (default: %(default)s)")
    ap.add_argument("--templates", type=Path, default=DEFAULT_TEMPLATES)
    ap.add_argument("--report", action="store_true", help="print counts and planted rows")
    args = ap.parse_args(argv)
    b = generate(args.out, args.templates)
    print(f"wrote {args.out}: " + ", ".join(f"{n}={len(r)}" for n, r in b.rows.items()))
    if args.report:
        print("services per need:", dict(Counter(s["need"] for s in b.services)))
        print("services per hours pattern:", dict(sorted(b.patterns.items())))
        print("holiday closures:", sum(s["holiday"] for s in b.services), "stale:", sum(s["stale"] for s in b.services))
        print("planted:", json.dumps(b.planted, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
