"""Table-driven: >=150 real strings from the shared datasets, expectations written by hand."""

from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path

import pytest

from resources.hours import ParseStatus, parse_text
from resources.hours.model import DAY_CODES, SCOPE_OFFICE, Hours, WeeklyInterval, fmt_minutes
from tests.hours_cases import CASES, DC, FM, GUARD, ILAO, SMC

DATA = Path("/work/shared/data")
pytestmark = pytest.mark.shared_data


@lru_cache(maxsize=1)
def _real_values() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {DC: set(), SMC: set(), ILAO: set(), FM: set()}
    with open(DATA / "dc-211-airs-export/211.csv", encoding="utf-8", errors="replace") as fh:
        for row in csv.DictReader(fh):
            out[DC] |= {row["HoursOfOperation"].strip(), row["Hours"].strip()}
    for line in (DATA / "ohana-smc-2014/locations.json").read_text().splitlines():
        if line.strip():
            out[SMC].add((json.loads(line).get("hours") or "").strip())
    ilao = DATA / "hsds-transformer-fixtures/spec/fixtures/custom/ilao/input/locations.csv"
    with open(ilao, encoding="utf-8") as fh:
        out[ILAO] |= {r["Hours of operation"].strip() for r in csv.DictReader(fh)}
    for line in (DATA / "ohana-smc-2014/smc_farmers_markets.json").read_text().splitlines():
        if line.strip():
            out[FM] |= {(loc.get("hours") or "").strip() for loc in json.loads(line)["locs"]}
    return out


def _days(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        a, _, b = part.partition("-")
        lo, hi = DAY_CODES.index(a), DAY_CODES.index(b or a)
        out += [(lo + k) % 7 for k in range((hi - lo) % 7 + 1)]
    return out


Expectation = tuple[str, set[tuple[object, ...]], set[str], set[tuple[object, ...]]]


def _rules(exp: str) -> set[tuple[object, ...]]:
    rows: set[tuple[object, ...]] = set()
    for rule in exp.split(" | "):
        parts = rule.split()
        season = next((p[1:] for p in parts if p.startswith("@")), "")
        nth = next((p[1:] for p in parts if p.startswith("#")), "")
        for d in _days(parts[0]):
            for span in parts[1].split(","):
                opens, closes = span.split("-")
                rows.add((d, opens, closes, season, nth))
    return rows


def _other(spec: str) -> tuple[object, ...]:
    """'phone:parent hotline Mo-Su 00:00-24:00' -> (role, label, rows)."""
    head, _, rules = spec.partition(" ")
    role, _, label = head.partition(":")
    words = rules.split()
    while words and words[0][:2] not in DAY_CODES:  # label words after the first one
        label = f"{label} {words.pop(0)}".strip()
    rows = frozenset(_rules(" ".join(words))) if words else frozenset()  # a line without hours
    return role, label.replace("_", " "), rows


def _expected(exp: str) -> Expectation:
    exp, *more = exp.split(" && ")
    others = {_other(m) for m in more}
    exp, _, label = exp.partition(" ~")
    holiday = {w for w in exp.split() if w.startswith("+PH=")}  # hours on public holidays
    for f in holiday:
        exp = exp.replace(" " + f, "")
    flags = {f for f in ("+PH", "+APPT") if f in exp} | ({"~" + label} if label else set())
    for f in flags:
        exp = exp.replace(" " + f, "")
    flags |= holiday
    if exp in ("UNKNOWN", "APPT"):
        return exp, set(), flags, others
    status = "parsed"
    if exp.startswith("PARTIAL "):
        status, exp = "partial", exp[len("PARTIAL ") :]
    elif exp.startswith("OFFICE "):
        status, exp = "office", exp[len("OFFICE ") :]
    return status, _rules(exp), flags, others


def _rows(intervals: tuple[WeeklyInterval, ...]) -> set[tuple[object, ...]]:
    rows = set()
    for iv in intervals:
        season = ""
        if iv.season:
            s = iv.season
            season = f"{s.start_month:02d}-{s.start_day:02d}..{s.end_month:02d}-{s.end_day:02d}"
        rows.add(
            (
                iv.day,
                fmt_minutes(iv.start),
                fmt_minutes(iv.end),
                season,
                ",".join(str(n) for n in iv.nth),
            )
        )
    return rows


def _actual(h: Hours) -> Expectation:
    flags = {f for f, on in (("+PH", h.closed_on_holidays), ("+APPT", h.by_appointment_also)) if on}
    flags |= {"~" + n.removeprefix("for: ") for n in h.notes if n.startswith("for: ")}
    if h.holiday_intervals is not None:
        spans = ",".join(f"{fmt_minutes(a)}-{fmt_minutes(b)}" for a, b in h.holiday_intervals)
        flags.add("+PH=" + spans)
    others = {(o.role, o.label, frozenset(_rows(o.intervals))) for o in h.labelled}
    if h.appointment_only and not h.intervals:
        return "APPT", set(), flags, others
    if h.status is ParseStatus.UNKNOWN:
        return "UNKNOWN", set(), flags, others
    if h.scope == SCOPE_OFFICE:
        # only the office's hours: fully read, evaluated like partial (never 'closed')
        assert h.status is ParseStatus.PARTIAL and not h.unparsed
        return "office", _rows(h.intervals), flags, others
    return h.status.value, _rows(h.intervals), flags, others


def test_enough_real_cases() -> None:
    assert len(CASES) >= 150
    assert len({v for _, v, _ in CASES}) == len(CASES)


@pytest.mark.parametrize(("dataset", "value", "expected"), CASES, ids=[c[1][:40] for c in CASES])
def test_real_string(dataset: str, value: str, expected: str) -> None:
    assert value in _real_values()[dataset], "case text must be copied from the dataset"
    got = _actual(parse_text(value))
    want = _expected(expected)
    if want[0] == "UNKNOWN":
        assert got[0] == "UNKNOWN", got
        if want[3]:  # other schedules written out: they must be read as written
            assert got[3] == want[3]
    else:
        assert got == want


def test_guard_sample_size() -> None:
    assert len(GUARD) == 150
    assert len({(d, v) for d, v, _ in GUARD}) == 150
    assert not {v for _, v, _ in GUARD} & {v for _, v, _ in CASES}


@pytest.mark.parametrize(("dataset", "value", "expected"), GUARD, ids=[g[1][:40] for g in GUARD])
def test_no_misread_in_random_sample(dataset: str, value: str, expected: str) -> None:
    """150 random real values that parse fully, each checked by hand: none may be misread."""
    test_real_string(dataset, value, expected)
