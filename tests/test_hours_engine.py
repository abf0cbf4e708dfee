"""HSDS / OSM / LinkSF parsing, evaluation labels, DuckDB open-at-T, CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd
import pytest

from resources.cli.hours import hours_main
from resources.hours import (
    ParseStatus,
    evaluate,
    intervals_as_dicts,
    open_on_arrival,
    parse_hsds1,
    parse_hsds3,
    parse_linksf,
    parse_osm,
    parse_text,
    parse_time,
    zone_for_point,
)
from resources.hours.model import Hours, Season, WeeklyInterval
from resources.store.hours_sql import (
    OPEN_RIDS_SQL,
    _run,
    create_hours_tables,
    open_rids,
    open_service_ids,
    states_at,
    write_hours,
)

DATA = Path("/work/shared/data")
NY = ZoneInfo("America/New_York")
MANHATTAN = (40.7128, -74.006)


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize(
    ("raw", "minutes"),
    [
        ("09:00:00", 540),
        ("9:00am", 540),
        ("4:00 PM", 960),
        ("3pm", 900),
        ("08:00", 480),
        ("23:59", 1440),
        ("12:00 am", 0),
        ("12pm", 720),
    ],
)
def test_hsds_time_formats(raw: str, minutes: int) -> None:
    assert parse_time(raw) == (minutes, None)


def test_hsds_time_with_offset() -> None:
    assert parse_time("10:00Z") == (600, "Z")
    assert parse_time("10:00:00+05:30") == (600, "+05:30")
    assert parse_time("25:00") is None and parse_time("noonish") is None


def test_ohana_regular_and_holiday_schedules() -> None:
    reg = _rows(DATA / "ohana-api-sample/regular_schedules.csv")
    hol = _rows(DATA / "ohana-api-sample/holiday_schedules.csv")
    h = parse_hsds1(
        [r for r in reg if r["location_id"] == "22"], [r for r in hol if r["location_id"] == "22"]
    )
    assert h.status is ParseStatus.PARSED
    assert {(i["day"], i["opens"], i["closes"]) for i in intervals_as_dicts(h)} >= {
        ("Mo", "08:00", "17:00"),
        ("Sa", "10:00", "18:00"),
        ("Su", "11:00", "17:00"),
    }
    # "January 01, 0001" = every New Year's Day; "June 01, 0001".."September 01, 0001" closed
    assert evaluate(h, datetime(2027, 1, 1, 10, tzinfo=NY), NY).state == "closed"
    assert evaluate(h, datetime(2026, 7, 6, 10, tzinfo=NY), NY).state == "closed"
    assert evaluate(h, datetime(2026, 5, 4, 10, tzinfo=NY), NY).state == "open"
    svc = parse_hsds1([r for r in reg if r["service_id"] == "22"])
    assert {(i["day"], i["opens"], i["closes"]) for i in intervals_as_dicts(svc)} == {
        ("Mo", "08:00", "12:00"),
        ("Mo", "14:00", "16:00"),
        ("We", "10:00", "15:00"),
    }
    bad = parse_hsds1([r for r in reg if r["location_id"] == "1"])  # 9am -> 03:00
    assert bad.status is ParseStatus.UNKNOWN


def test_hsds1_sample_datapackage_integer_weekdays() -> None:
    reg = _rows(DATA / "hsds1-sample-datapackage/all_resources/regular_schedules.csv")
    hol = _rows(DATA / "hsds1-sample-datapackage/all_resources/holiday_schedules.csv")
    h = parse_hsds1(reg, hol)
    assert {(i["day"], i["opens"], i["closes"]) for i in intervals_as_dicts(h)} == {
        ("Mo", "09:00", "17:00"),
        ("Tu", "09:00", "17:00"),
        ("We", "09:00", "17:00"),
    }
    assert evaluate(h, datetime(2019, 12, 24, 10, tzinfo=NY), NY).state == "closed"
    assert evaluate(h, datetime(2019, 12, 31, 10, tzinfo=NY), NY).state == "open"


def test_ilao_output_closed_days_are_blank_rows() -> None:
    rows = _rows(
        DATA / "hsds-transformer-fixtures/spec/fixtures/custom/ilao/output/regular_schedules.csv"
    )
    first = [r for r in rows if r["location_id"] == rows[0]["location_id"]]
    h = parse_hsds1(first)
    assert h.status is ParseStatus.PARSED and h.intervals


def test_hsds3_spec_example_is_not_misread() -> None:
    rows = _rows(DATA / "hsds3-spec/examples/csv/schedules.csv")
    h = parse_hsds3(rows)  # WEEKLY + byweekno + bymonthday: not expressible -> unknown
    assert h.status is ParseStatus.UNKNOWN and h.unparsed


def test_hsds3_monthly_ordinals_offsets_and_fortnightly() -> None:
    h = parse_hsds3(
        [
            {
                "freq": "MONTHLY",
                "byday": "1SA,-1FR",
                "opens_at": "10:00",
                "closes_at": "14:00",
                "timezone": "-5",
            }
        ]
    )
    assert h.timezone == "UTC-05:00"
    utc5 = h.timezone
    assert evaluate(h, datetime.fromisoformat("2026-11-07T11:00-05:00"), utc5).state == "open"
    assert evaluate(h, datetime.fromisoformat("2026-11-14T11:00-05:00"), utc5).state == "closed"
    assert evaluate(h, datetime.fromisoformat("2026-11-27T11:00-05:00"), utc5).state == "open"
    z = parse_hsds3(
        [{"freq": "WEEKLY", "byday": "MO", "opens_at": "14:00Z", "closes_at": "22:00Z"}]
    )
    assert evaluate(z, datetime.fromisoformat("2026-11-30T09:30-05:00")).state == "open"
    f = parse_hsds3(
        [
            {
                "freq": "WEEKLY",
                "interval": "2",
                "dtstart": "2026-11-06",
                "byday": "FR",
                "opens_at": "00:00",
                "closes_at": "23:59",
                "count": "2",
            }
        ]
    )
    assert [
        evaluate(f, datetime(2026, 11, d, 12, tzinfo=NY), NY).state for d in (6, 13, 20, 27)
    ] == ["open", "closed", "open", "closed"]
    assert evaluate(f, datetime(2026, 12, 4, 12, tzinfo=NY), NY).state == "closed"  # count=2
    md = parse_hsds3(
        [
            {
                "freq": "MONTHLY",
                "bymonthday": "1,15",
                "opens_at": "09:00",
                "closes_at": "12:00",
                "valid_to": "2026-12-31",
            }
        ]
    )
    assert evaluate(md, datetime(2026, 12, 15, 10, tzinfo=NY), NY).state == "open"
    assert evaluate(md, datetime(2027, 1, 15, 10, tzinfo=NY), NY).state == "closed"


def test_linksf_day_zero_is_sunday() -> None:
    data = json.loads((DATA / "linksf/linksf.json").read_text())
    pantry = next(
        s
        for f in data
        for s in f["services"]
        if "(Thursday)" in (s.get("description") or "") and s.get("openHours")
    )
    h = parse_linksf(pantry["openHours"])
    assert {i["day"] for i in intervals_as_dicts(h)} == {"Th"}
    night = parse_linksf({"1": [[1900, 2359]], "2": [[0, 700]]})
    assert evaluate(night, datetime(2026, 11, 30, 23, 59, tzinfo=NY), NY).state == "open"
    assert evaluate(night, datetime(2026, 12, 1, 0, 1, tzinfo=NY), NY).state == "open"


def test_osm_values() -> None:
    h = parse_osm("Mo-Fr 09:00-17:00; PH off")
    assert h.closed_on_holidays and len(h.intervals) == 5
    thanksgiving = datetime(2026, 11, 26, 10, tzinfo=NY)
    assert evaluate(h, thanksgiving, NY).state == "closed"
    assert (
        evaluate(parse_osm("Mo-Fr 19:00-07:00"), datetime(2026, 11, 28, 6, tzinfo=NY), NY).state
        == "open"
    )
    assert parse_osm("Mo-Fr 25:99-99").status is ParseStatus.UNKNOWN
    sun = parse_osm("sunrise-sunset")  # no point: the sun is never guessed
    assert sun.osm_expr and evaluate(sun, thanksgiving, NY).state == "unknown"
    assert evaluate(sun, thanksgiving, NY, point=MANHATTAN).state == "open"
    corpus = _rows_tsv(DATA / "osm-opening-hours-corpus/opening_hours_values_from_test_log.tsv")
    for value in corpus[:300]:
        parse_osm(value)  # never raises


def _rows_tsv(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [r["value"] for r in csv.DictReader(fh, delimiter="\t")]


@pytest.mark.parametrize(
    ("text", "at", "label"),
    [
        ("24 hours daily", "2026-11-27T03:00", "Open 24 hours"),
        ("Monday-Friday, 8-5", "2026-11-27T12:00", "Open · closes 5 PM"),
        ("Monday-Friday, 8-5", "2026-11-27T16:35", "Closing in 25 min"),
        ("Monday-Friday, 8-5", "2026-11-28T12:00", "Opens Mon 8 AM"),
        ("By appointment", "2026-11-27T12:00", "By appointment"),
        ("Call for hours", "2026-11-27T12:00", "Hours not listed — call"),
        ("Monday-Friday, 9-5 (EST)", "2026-11-28T12:00", "Opens Mon 9 AM"),
        ("Open 24 hours (Hotline)", "2026-11-28T03:00", "Open 24 hours (hotline)"),
        ("Mon; Tue; Wed; Thu; Fri; Sat; Sun;", "2026-11-27T12:00", "Hours not listed — call"),
    ],
)
def test_labels(text: str, at: str, label: str) -> None:
    st = evaluate(parse_text(text), datetime.fromisoformat(at).replace(tzinfo=NY), NY)
    assert st.label == label


@pytest.mark.parametrize(
    "text",
    ["Mon; Tue; Wed; Thu; Fri; Sat; Sun;", "Evenings", "Open 7 days a week", "Upon request"],
)
def test_values_without_hours_are_classified_not_listed(text: str) -> None:
    h = parse_text(text)
    assert h.status is ParseStatus.UNKNOWN and h.unparsed == ("hours not listed",)


@pytest.mark.parametrize(
    "text", ["Weekly from 5:30 pm", "Sunrise to sunset", "10 hours daily", "7-Sep"]
)
def test_values_with_unreadable_times_are_not_called_not_listed(text: str) -> None:
    h = parse_text(text)
    assert h.status is ParseStatus.UNKNOWN and h.unparsed != ("hours not listed",)


def test_stated_time_zone_is_kept() -> None:
    assert parse_text("Monday-Friday, 9-5 (EST)").timezone == "America/New_York"
    # a California record listing Eastern hours: 6:30 AM Pacific is 9:30 Eastern (open),
    # 2:30 PM Pacific is 5:30 PM Eastern (closed)
    h = parse_text("Monday-Friday, 9-5 (EST)")
    la = ZoneInfo("America/Los_Angeles")
    assert evaluate(h, datetime(2026, 11, 27, 6, 30, tzinfo=la), la).state == "open"
    assert evaluate(h, datetime(2026, 11, 27, 14, 30, tzinfo=la), la).state == "closed"


def test_partial_never_says_closed_and_arrival() -> None:
    h = parse_text("9:00 am - 5:00 pm, Monday - Friday (Administrative)")
    assert evaluate(h, datetime(2026, 11, 28, 12, tzinfo=NY), NY).state == "unknown"
    full = parse_text("Monday-Friday, 8-5")
    late = open_on_arrival(full, datetime(2026, 11, 27, 16, 50, tzinfo=NY), NY)
    assert late.state == "closed"
    assert open_on_arrival(full, datetime(2026, 11, 27, 10, tzinfo=NY), NY).state == "open"
    assert evaluate(full, datetime(2026, 11, 27, 10, tzinfo=NY), None).state == "unknown"


@pytest.mark.parametrize(
    ("text", "at", "state", "label"),
    [
        # only the office's hours: within them the agency can be reached, outside them the
        # service's own state is unknown (never 'closed')
        (
            "Office Hours: 8:00 am - 4:00 pm, Monday - Friday",
            "2026-11-27T10:00",
            "open",
            "Office open · closes 4 PM",
        ),
        (
            "Office Hours: 8:00 am - 4:00 pm, Monday - Friday",
            "2026-11-27T15:45",
            "open",
            "Office closing in 15 min",
        ),
        (
            "Office Hours: 8:00 am - 4:00 pm, Monday - Friday",
            "2026-11-28T10:00",
            "unknown",
            "Office closed · opens Mon 8 AM — service hours not listed, call",
        ),
        (
            "MONDAY -FRIDAY 9:00 AM - 5:00 PM       ONLINE APPLICATION ONLY",
            "2026-11-27T10:00",
            "open",
            "Office open · closes 5 PM (online application)",
        ),
        # a door next to office hours and a phone line: the door alone says open/closed
        (
            "Administration - 8:00 am - 5:00 pm, Monday - Friday; Intake/Assessment Center, "
            "24 hours",
            "2026-11-28T03:00",
            "open",
            "Open 24 hours (intake assessment center)",
        ),
        (
            "9:00 am - 5:00 pm, Monday - Friday; Hotline 24 Hours",
            "2026-11-28T03:00",
            "closed",
            "Opens Mon 9 AM",
        ),
        # an on-call line is never the door: at 3 AM the door is closed (the line is shown)
        (
            "9:00 am - 5:00 pm, Monday - Friday   On call for emergency 24/7",
            "2026-11-28T03:00",
            "closed",
            "Opens Mon 9 AM",
        ),
        # a recorded line only: no hours a person can reach
        ("24-hours (Answering Machine)", "2026-11-27T10:00", "unknown", "Hours not listed — call"),
        # public holidays: Thanksgiving (Thu 2026-11-26) has the weekend's hours
        (
            "7:30 am - 4:00 pm, Monday - Friday; 9:00 am - 4:00 pm, Saturday, Sunday, & Holidays",
            "2026-11-26T08:00",
            "closed",
            "Opens 9 AM",
        ),
        (
            "7:30 am - 4:00 pm, Monday - Friday; 9:00 am - 4:00 pm, Saturday, Sunday, & Holidays",
            "2026-11-27T08:00",
            "open",
            "Open · closes 4 PM",
        ),
    ],
)
def test_labelled_schedules_and_scopes(text: str, at: str, state: str, label: str) -> None:
    st = evaluate(parse_text(text), datetime.fromisoformat(at).replace(tzinfo=NY), NY)
    assert (st.state, st.label) == (state, label)


@pytest.mark.parametrize(
    ("text", "also"),
    [
        (
            "9:00 am - 5:00 pm, Monday - Friday; Hotline 24 Hours",
            ("phone line (hotline): 24 hours daily",),
        ),
        (
            "Office:  9:00 am - 5:00 pm, Monday - Thursday; 10:00 am - 2:00 pm, Friday; Program:  "
            "3:15 pm - 5:00 pm, Tuesday, Thursday, Friday",
            ("office: Mo-Th 09:00-17:00; Fr 10:00-14:00",),
        ),
        (
            "8:00 am - 4:00 pm, Monday - Friday; 8:00 am - 3:30 pm, Monday - Friday (Client "
            "Intake Hours)",
            ("general hours: Mo-Fr 08:00-16:00",),
        ),
        (
            "24-hours (Answering Machine)",
            ("recorded line (no person) (answering machine): 24 hours daily",),
        ),
        # a recorded line with no hours of its own: its words only, no hours guessed for it
        (
            "8:30 am - 5:00 pm, Monday - Friday; voicemail after business hours",
            ("recorded line (no person) (voicemail after business hours)",),
        ),
        (
            "9:00 am - 5:00 pm, Monday - Friday   On call for emergency 24/7",
            ("phone line (on-call for emergency): 24 hours daily",),
        ),
        (
            "Monday-Thursday, 11-7; Friday, Saturday, 11-5. 24-hour access via website",
            ("online (website): 24 hours daily",),
        ),
        ("Monday-Friday, 8-5", ()),
    ],
)
def test_other_schedules_reach_the_status(text: str, also: tuple[str, ...]) -> None:
    """The value's other labelled schedules travel with the status (shown on the card)."""
    st = evaluate(parse_text(text), datetime(2026, 11, 27, 10, tzinfo=NY), NY)
    assert st.also == also


def test_zone_from_coordinates() -> None:
    assert zone_for_point(38.9, -77.03) == "America/New_York"
    assert zone_for_point(37.5, -122.3) == "America/Los_Angeles"
    assert zone_for_point(float("nan"), 0) is None


SEASONAL = [
    "9:00 am - 3:00 pm, Monday - Friday (Month of July and August only)",
    "November 1 - March 31:  Open 24 Hours",
    "May 2 - September 12 Thursday 4:00 PM to 8:00 PM",
    "12:30-3 pm, second Wednesday of the month, September-June",
    "Saturday, Sunday, 10:30-5. June, July and August: Wednesday-Sunday, 10:30-5",
    "May - December Wednesday 2:30 PM to 6:30 PM, (CLOSES @ 6:00 in November & December)",
    "April - December Sunday 9:00 AM to 1:30 PM, May - mid-September Thursday 4:00 PM to 8:00 PM",
    "January - December Sunday 9:00 AM to 1:00 PM, (Open on all holidays that fall on Sundays, "
    "except Christmas)",
]


@pytest.mark.parametrize(
    ("text", "at", "state", "label"),
    [
        # out of season: closed, with the first opening of the next season
        (SEASONAL[0], "2026-11-27T10:00", "closed", "Opens Jul 1 9 AM"),
        (SEASONAL[0], "2027-07-01T10:00", "open", "Open · closes 3 PM"),
        (SEASONAL[0], "2027-08-31T15:30", "closed", "Opens Jul 3 9 AM"),  # 2028: Jul 3 is a Monday
        (SEASONAL[1], "2026-11-27T03:00", "open", "Open · closes Apr 1 12 AM"),
        (SEASONAL[1], "2027-04-01T01:00", "closed", "Opens Nov 1 12 AM"),
        (SEASONAL[2], "2026-11-26T17:00", "closed", "Opens May 6 4 PM"),  # a Thursday in November
        (SEASONAL[2], "2027-09-16T17:00", "closed", "Opens May 4 4 PM"),  # after September 12
        (SEASONAL[3], "2027-07-14T13:00", "closed", "Opens Sep 8 12:30 PM"),  # 2nd Wed of July
        (SEASONAL[4], "2026-11-27T12:00", "closed", "Opens Sat 10:30 AM"),  # Friday, off season
        (SEASONAL[4], "2027-07-02T12:00", "open", "Open · closes 5 PM"),  # Friday, in season
        # closes at 6 PM in November and December, 6:30 PM from May to October
        (SEASONAL[5], "2026-12-02T18:15", "closed", "Opens Dec 9 2:30 PM"),
        (SEASONAL[5], "2027-10-27T18:15", "open", "Closing in 15 min"),
        (SEASONAL[5], "2027-01-06T15:00", "closed", "Opens May 5 2:30 PM"),
        # partial: its exact part says open; otherwise unknown, never closed
        (SEASONAL[6], "2027-06-06T10:00", "open", "Open · closes 1:30 PM"),
        (SEASONAL[6], "2027-06-03T17:00", "unknown", "Hours unclear — call"),
        (SEASONAL[6], "2027-02-07T10:00", "unknown", "Hours unclear — call"),
    ],
)
def test_seasonal_status(text: str, at: str, state: str, label: str) -> None:
    st = evaluate(parse_text(text), datetime.fromisoformat(at).replace(tzinfo=NY), NY)
    assert (st.state, st.label) == (state, label)


def test_seasonal_never_open_out_of_season() -> None:
    """Every 11th day of two years at several times: 'open' only inside an interval that
    applies on that local date (or an overnight one from the day before) in its season."""
    for text in SEASONAL:
        h = parse_text(text)
        assert h.status is not ParseStatus.UNKNOWN and any(iv.season for iv in h.intervals)
        day = date(2026, 11, 1)
        while day < date(2028, 11, 1):
            for hh, mm in ((3, 0), (10, 0), (13, 0), (17, 0), (23, 30)):
                at = datetime(day.year, day.month, day.day, hh, mm, tzinfo=NY)
                minute = hh * 60 + mm
                inside = any(
                    iv.applies_on(day - timedelta(days=k))
                    and iv.start <= minute + 1440 * k < iv.end
                    for iv in h.intervals
                    for k in (0, 1)
                )
                closed = any(e.covers(day) for e in h.exceptions)
                inside = inside and not closed  # (Sunday 9-1: nothing overnight to carry)
                assert (evaluate(h, at, NY).state == "open") == inside, (text, at)
            day += timedelta(days=11)  # 11: every weekday in turn


@pytest.mark.parametrize(
    "text",
    [
        # summer hours instead of, or besides, the others? not read
        "Mon-Fri 9-5; June - August: Mon-Fri 8-4",
        "Program: Mon-Fri 9-5; June - August: Mon-Fri 8-4",
        "April - December Sunday 9:00 AM to 1:30 PM, May - September Sunday 4:00 PM to 8:00 PM",
        # whose season?
        "Sat 9-1; Mon-Fri 5-7 (April - October)",
        "Mon-Fri 9-5, June - August 9-12",
        # closures and exceptions in a season
        "Mon-Fri 9-5 (closed in August)",
        "9-5 Mon-Fri, except July and August",
        "Mon-Fri 9-5; not open in July and August",
        # no exact dates, or no month at all
        "Mon 9-5 mid-June - August",
        "Mon-Fri 9-5 (early September - late May)",
        "Mon-Fri 9-5, May",
        "Mon-Fri 9-5, may be closed",
        "Mon-Fri 9-5 (June 31 - August 1)",
        # a season with its own clause that says more than the dates
        "Sunday 9am-12pm; Three levels from April 10- June 26",
        # the closing time must have one reading inside the opening, months inside the season
        "May - December Wednesday 2:30 PM to 6:30 PM, (CLOSES @ 6:00 in November & January)",
        "May - December Wednesday 2:30 PM to 6:30 PM, (CLOSES @ 7:00 in November & December)",
    ],
)
def test_seasons_that_stay_unread(text: str) -> None:
    assert parse_text(text).status is ParseStatus.UNKNOWN


def test_sunday_market_closed_on_christmas() -> None:
    h = parse_text(
        "January - December Sunday 9:00 AM to 1:00 PM, (Open on all holidays that fall on "
        "Sundays, except Christmas)"
    )
    assert [(e.start.month, e.start.day, e.closed, e.yearly) for e in h.exceptions] == [
        (12, 25, True, True)
    ]
    # Christmas 2033 is a Sunday: closed, the next Sunday open; Easter Sunday 2027 open
    christmas = evaluate(h, datetime(2033, 12, 25, 10, tzinfo=NY), NY)
    assert (christmas.state, christmas.label) == ("closed", "Opens Jan 1 9 AM")
    assert evaluate(h, datetime(2034, 1, 1, 10, tzinfo=NY), NY).state == "open"
    assert evaluate(h, datetime(2027, 3, 28, 10, tzinfo=NY), NY).state == "open"


def test_season_without_an_opening_in_the_horizon() -> None:
    """Tuesday, February 29 only: none within the 400 days looked at -> a clear label."""
    h = Hours(
        status=ParseStatus.PARSED,
        intervals=(WeeklyInterval(1, 540, 1020, season=Season(2, 29, 2, 29)),),
    )
    st = evaluate(h, datetime(2026, 11, 27, 10, tzinfo=NY), NY)
    assert (st.state, st.label) == ("closed", "Closed for the season")


def test_sql_open_at_matches_python() -> None:
    con = duckdb.connect()
    create_hours_tables(con)
    values = [
        "Monday-Friday, 8-5",
        "7:00 pm - 7:00 am, daily",
        "Call for hours",
        "24 hours daily",
        "9:00 am - 5:00 pm, Monday - Friday (Administrative)",
        "Sunday, 10-2",
        "4:30 pm - 7:30 pm, 2nd & 4th Tuesday of each month",
        "Monday-Thursday, 9-12, 1-4 (Closed federal holidays)",
        # only the office's hours (office scope), hours on public holidays
        "Office Hours: 8:00 am - 4:00 pm, Monday - Friday",
        "7:30 am - 4:00 pm, Monday - Friday; 9:00 am - 4:00 pm, Saturday, Sunday, & Holidays",
    ]
    hours = [parse_text(v) for v in values] + [parse_osm("Mo-Fr 09:00-17:00; PH off")]
    zones = ["America/New_York"] * 5 + ["America/Los_Angeles"] * 3 + ["America/New_York"] * 3
    # seasons (stored as dated rows): in and out of season, a season across the new year
    hours += [parse_text(v) for v in SEASONAL]
    zones += ["America/New_York"] * len(SEASONAL)
    df = pd.DataFrame(
        {
            "service_id": [f"s{i}" for i in range(len(hours))],
            "location_id": [None] * len(hours),
            "hours": hours,
            "zone": zones,
        }
    )
    write_hours(con, df, today=date(2026, 11, 1))
    for t in [
        "2026-11-26T10:00-05:00",
        "2026-11-27T23:30-05:00",
        "2026-11-29T13:00-08:00",
        "2026-11-24T17:00-08:00",
        "2026-11-30T08:59-05:00",
        "2026-12-06T02:00-05:00",
        "2027-03-31T23:00-04:00",
        "2027-04-01T01:00-04:00",
        "2027-05-06T17:00-04:00",
        "2027-07-01T10:00-04:00",
        "2027-08-31T14:30-04:00",
        "2027-09-01T10:00-04:00",
        "2027-09-09T17:00-04:00",
        "2027-09-16T17:00-04:00",
    ]:
        when = datetime.fromisoformat(t)
        sql = dict(states_at(con, when)[["service_id", "state"]].itertuples(index=False))
        py = {f"s{i}": evaluate(h, when, zones[i]).state for i, h in enumerate(hours)}
        assert sql == py, t
        assert sorted(open_service_ids(con, when)) == sorted(
            k for k, v in py.items() if v == "open"
        )
        # the per-zone scan gives the records the join over every zone gives
        joined = _run(con, when, OPEN_RIDS_SQL).fetchnumpy()["rid"]
        con.unregister("_hours_zt")
        assert sorted(open_rids(con, when).tolist()) == sorted(joined.tolist())


def test_cli_json_and_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (
        hours_main(
            [
                "Monday-Friday, 8-12, 1-5",
                "--tz",
                "America/New_York",
                "--at",
                "2026-11-27T11:45",
                "--json",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["parse_status"] == "parsed" and out["state"] == "open"
    assert out["intervals"][0] == {"day": "Mo", "opens": "08:00", "closes": "12:00"}
    assert out["label"] == "Closing in 15 min"
    monkeypatch.setattr("sys.stdin", io.StringIO("Mo-Fr 19:00-07:00\nBy appointment\n"))
    assert hours_main(["-", "--near", "38.9,-77.03", "--at", "2026-11-27T06:00"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert lines[0]["intervals"][0] == {"day": "Mo", "opens": "19:00", "closes": "07:00"}
    assert lines[0]["state"] == "open" and lines[1]["appointment_only"] is True
    assert lines[1]["state"] == "unknown"
    # --near takes a place, as the issue writes it: a ZIP or "City, ST" (offline gazetteer)
    assert hours_main(["Mon-Fri 9-5", "--near", "Denver, CO", "--at", "2026-12-24T16:30",
                       "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["timezone"] == "America/Denver" and out["label"] == "Closing in 30 min"
    assert hours_main(["Mon-Fri 9-5", "--near", "20001", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["timezone"] == "America/New_York"
    assert hours_main(["9-5", "--near", "Nowhereville"]) == 2
    assert "not a place we know" in capsys.readouterr().err


def test_qualified_hours_are_written_out_for_people() -> None:
    """What a card shows of other schedules: the season and the week of the month, never
    a vague '(some weeks)'."""
    from resources.hours.model import fmt_intervals

    cases = {
        "9:00 am - 3:00 pm, Monday - Friday (Month of July and August only)":
            "Mo-Fr 09:00-15:00 (Jul 1-Aug 31)",
        "12:30-3 pm, second Wednesday of the month, September-June":
            "We 12:30-15:00 (Sep 1-Jun 30, 2nd of the month)",
        "Monday-Friday, 8-12, 1-5": "Mo-Fr 08:00-12:00, 13:00-17:00",
        "24 hours daily": "24 hours daily",
    }
    for text, shown in cases.items():
        assert fmt_intervals(parse_text(text).intervals) == shown, text


@pytest.mark.parametrize(
    ("at", "state"),
    [("2026-12-04T14:00", "open"), ("2026-12-11T10:00", "open"), ("2026-12-11T14:00", "closed")],
)
def test_morning_only_on_the_second_friday(at: str, state: str) -> None:
    """'(Morning only 2nd Friday of the month)': Dec 11 2026 is the 2nd Friday."""
    text = (
        "Mon., Wed., Fri., 8-11, 1-4; Tues., 8-11, 3-4; Thurs., 8-11, 3-4; (Morning only 2nd "
        "Friday of the month)"
    )
    st = evaluate(parse_text(text), datetime.fromisoformat(at).replace(tzinfo=NY), NY)
    assert st.state == state


def test_schedule_rows_without_times_give_way_to_the_hours_text() -> None:
    """Schedule rows with only a description hold no hours of their own: the service's hours
    text decides; without one, the descriptions are read as free text; timed rows decide."""
    from resources.hours import ParseStatus
    from resources.pipeline.hours_lookup import _ParseCache, hours_from

    cache = _ParseCache()
    text = {"s_text": "8:00 am - 1:00 pm, Monday - Friday", "s_format": "text",
            "l_text": "24 hours daily", "l_format": "text"}
    days_only = [{"description": "Mon; Tue; Wed; Thu; Fri; Sat; Sun;"}]
    h = hours_from(days_only, text, cache)
    assert h.status is ParseStatus.PARSED
    assert [(iv.day, iv.start, iv.end) for iv in h.intervals] == [(d, 480, 780) for d in range(5)]
    described = [{"description": "Mon 9:00 am - 5:00 pm; Tue 9:00 am - 5:00 pm;"}]
    h = hours_from(described, {**text, "s_text": None}, cache)
    assert [(iv.day, iv.start, iv.end) for iv in h.intervals] == [(0, 540, 1020), (1, 540, 1020)]
    timed = [{"freq": "WEEKLY", "byday": "MO", "opens_at": "10:00", "closes_at": "12:00"}]
    h = hours_from(timed, text, cache)
    assert [(iv.day, iv.start, iv.end) for iv in h.intervals] == [(0, 600, 720)]
