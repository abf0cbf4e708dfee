"""Hypothesis properties: overnight around midnight, status vs next_change, DST day lengths."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from resources.hours import Hours, ParseStatus, WeeklyInterval, concrete_intervals, evaluate

ZONES = ["America/New_York", "America/Los_Angeles", "Europe/Berlin", "Australia/Sydney"]
FAST = settings(max_examples=60, deadline=None)


def _hours(ivs: list[WeeklyInterval]) -> Hours:
    return Hours(status=ParseStatus.PARSED, intervals=tuple(ivs))


@FAST
@given(
    day=st.integers(0, 6),
    start=st.integers(12 * 60, 23 * 60 + 59),
    end=st.integers(2, 12 * 60),
    zone=st.sampled_from(ZONES),
    week=st.integers(0, 104),
)
def test_overnight_open_either_side_of_midnight(
    day: int, start: int, end: int, zone: str, week: int
) -> None:
    tz = ZoneInfo(zone)
    h = _hours([WeeklyInterval(day, start, end + 1440)])
    d0 = date(2025, 1, 6) + timedelta(days=day + 7 * week)  # a local date with weekday == day
    midnight = datetime(d0.year, d0.month, d0.day, tzinfo=tz) + timedelta(days=1)
    midnight = midnight.astimezone(UTC).astimezone(tz)
    before, after = midnight - timedelta(minutes=1), midnight + timedelta(minutes=1)
    assert evaluate(h, before, tz).state == "open"
    assert evaluate(h, after, tz).state == "open"


@FAST
@given(
    day=st.integers(0, 6),
    start=st.integers(0, 1380),
    length=st.integers(30, 900),
    zone=st.sampled_from(ZONES),
    offset=st.integers(0, 60 * 24 * 14),
)
def test_state_consistent_with_next_change(
    day: int, start: int, length: int, zone: str, offset: int
) -> None:
    tz = ZoneInfo(zone)
    h = _hours([WeeklyInterval(day, start, start + length)])
    t = datetime(2025, 3, 1, tzinfo=UTC) + timedelta(minutes=offset)
    st_now = evaluate(h, t, tz)
    assert st_now.state in ("open", "closed")
    assert st_now.next_change is not None and st_now.next_change > t
    just_before = evaluate(h, st_now.next_change - timedelta(seconds=1), tz)
    assert just_before.state == st_now.state
    after = evaluate(h, st_now.next_change, tz)
    assert after.state != st_now.state


DST_DAYS = [
    ("America/New_York", date(2025, 3, 9)),
    ("America/New_York", date(2025, 11, 2)),
    ("Europe/Berlin", date(2025, 3, 30)),
    ("Europe/Berlin", date(2025, 10, 26)),
    ("Australia/Sydney", date(2025, 4, 6)),
    ("Australia/Sydney", date(2025, 10, 5)),
]


@FAST
@given(
    case=st.sampled_from(DST_DAYS),
    start=st.integers(4 * 60, 10 * 60),
    length=st.integers(60, 12 * 60),
)
def test_daytime_interval_keeps_wall_length_on_dst_days(
    case: tuple[str, date], start: int, length: int
) -> None:
    zone, d = case
    tz = ZoneInfo(zone)
    h = _hours([WeeklyInterval(d.weekday(), start, start + length)])
    ((s, e),) = concrete_intervals(h, tz, d, d)
    assert (e - s) == timedelta(minutes=length)  # 09:00-17:00 is 8 h even on a DST day


@FAST
@given(case=st.sampled_from(DST_DAYS))
def test_overnight_across_dst_has_real_length(case: tuple[str, date]) -> None:
    zone, d = case
    tz = ZoneInfo(zone)
    eve = d - timedelta(days=1)
    h = _hours([WeeklyInterval(eve.weekday(), 19 * 60, 31 * 60)])  # 19:00-07:00
    ((s, e),) = concrete_intervals(h, tz, eve, eve)
    a = datetime(eve.year, eve.month, eve.day, 19, tzinfo=tz)
    b = datetime(d.year, d.month, d.day, 7, tzinfo=tz)
    shift = a.utcoffset() - b.utcoffset()  # type: ignore[operator]
    assert e - s == timedelta(hours=12) + shift
    assert e - s != timedelta(hours=12)
