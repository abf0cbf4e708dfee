"""Legacy hours tables -> HSDS 3.0 ``schedule`` rows plus readable ``hours_text``.

``regular_schedules`` (one row per weekday, ``weekday`` as 1-7 with 1 = Monday, or a day
name) becomes WEEKLY schedule rows with ``byday``; ``opens_at``/``closes_at`` are kept
verbatim (``9am``, ``4:00 PM``): the hours module parses them, the loader only flags
times it cannot read; a row without times (a closed day) is described ``closed``. ``holiday_schedules`` becomes dated schedule rows whose
``description`` says what happens (``closed 2019-12-24 to 2019-12-26``) and whose
``notes`` hold the original row.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from resources.hours.parse_hsds import LEGACY_HOLIDAY_FIELDS
from resources.loaders._clean import _issue_rows
from resources.records import Issue

DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# HSDS 1.x weekday integers: 1 = Monday ... 7 = Sunday (the 1.1 sample's base; 0 is refused).
WEEKDAYS: dict[str, str] = {
    **{str(i + 1): c for i, c in enumerate(DAY_CODES)},
    **{n.lower(): c for n, c in zip(DAY_NAMES, DAY_CODES, strict=True)},
    **{n[:3].lower(): c for n, c in zip(DAY_NAMES, DAY_CODES, strict=True)},
}
_TIME = re.compile(
    r"^(?P<h>\d{1,2})(?::(?P<m>\d{2}))?(?::\d{2})?\s*(?P<ap>[ap])?\.?m?\.?\s*(?:z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_LINK_COLS = ("service_id", "location_id", "service_at_location_id")


def time_minutes(values: pd.Series) -> pd.Series:
    """Minutes after midnight for '09:00', '9:00:00', '4:00 PM', '3pm', 'noon'; NaN if unread."""
    text = values.astype("string").str.strip().str.lower().replace({"noon": "12pm",
                                                                     "midnight": "12am"})
    parts = text.str.extract(_TIME.pattern, flags=re.IGNORECASE)
    hour = pd.to_numeric(parts["h"], errors="coerce")
    minute = pd.to_numeric(parts["m"], errors="coerce").fillna(0)
    ap = parts["ap"].str.lower().fillna("")
    hour = hour.mask(((ap == "p") & (hour < 12)).fillna(False).astype(bool), hour + 12)
    hour = hour.mask(((ap == "a") & (hour == 12)).fillna(False).astype(bool), 0)
    ok = hour.between(0, 24) & minute.between(0, 59)
    return (hour * 60 + minute).where(ok).astype("Float64")


def _links(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for col in _LINK_COLS:
        out[col] = frame.get(col)
    return out


def regular_schedules(frame: pd.DataFrame, issues: list[Issue]) -> pd.DataFrame:
    """WEEKLY schedule rows (times verbatim); bad weekdays rejected, odd times flagged."""
    day = frame["weekday"].astype("string").str.strip().str.lower().map(WEEKDAYS)
    bad_day = day.isna()
    issues.extend(_issue_rows(frame, bad_day, "weekday",
                              "weekday is not 1-7 (1 = Monday) or a day name; row not loaded",
                              "error"))
    ok = frame[~bad_day].copy()
    day = day[~bad_day]
    opens = ok.get("opens_at", pd.Series(None, index=ok.index, dtype=object))
    closes = ok.get("closes_at", pd.Series(None, index=ok.index, dtype=object))
    o_min, c_min = time_minutes(opens), time_minutes(closes)
    for col, raw, mins in (("opens_at", opens, o_min), ("closes_at", closes, c_min)):
        unread = raw.notna() & mins.isna()
        issues.extend(_issue_rows(ok, unread, col, "time not understood; kept verbatim",
                                  "warning", raw))
    backwards = (o_min.notna() & c_min.notna() & (c_min <= o_min)).fillna(False).astype(bool)
    shown = opens.astype("string").fillna("") + "-" + closes.astype("string").fillna("")
    issues.extend(_issue_rows(ok, backwards, "closes_at",
                              "closes at or before it opens (overnight, or a typo?); "
                              "kept verbatim", "warning", shown))
    out = _links(ok)
    out["id"] = ok["id"]
    out["freq"] = "WEEKLY"
    out["byday"] = day
    out["opens_at"] = opens
    out["closes_at"] = closes
    # a row without times is a closed day in the legacy tables: said so, for the hours parser
    out["description"] = pd.Series("closed", index=ok.index, dtype=object).where(
        opens.isna() & closes.isna(), None)
    out["source_row"] = ok["source_row"]
    out["_file"] = ok["_file"]
    out["_order"] = day.map({c: i for i, c in enumerate(DAY_CODES)})
    out["_text"] = (day.map(dict(zip(DAY_CODES, DAY_NAMES, strict=True))) + " "
                    + shown.where(opens.notna() | closes.notna(), "(times not given)"))
    return out


_DATE_0001 = re.compile(r"^(?P<md>[A-Za-z]+ \d{1,2}),? 0*1$|^(?P<num>\d{1,2}/\d{1,2})/0*1$")


def _dates(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(ISO date or None, recurring month-day text or None); year 0001 = every year."""
    text = raw.astype("string").str.strip()
    rec = text.str.extract(_DATE_0001.pattern)
    recurring = rec["md"].fillna(rec["num"])
    parsed = pd.to_datetime(text.where(recurring.isna()), errors="coerce", format="mixed")
    iso = parsed.dt.strftime("%Y-%m-%d").astype(object).where(parsed.notna(), None)
    return pd.Series(iso, index=raw.index), recurring.astype(object).where(recurring.notna(), None)


def holiday_schedules(frame: pd.DataFrame, issues: list[Issue]) -> pd.DataFrame:
    """Dated schedule rows: description 'closed 2019-12-24 to 2019-12-26', notes = original."""
    f = frame.copy()
    for col in LEGACY_HOLIDAY_FIELDS:
        if col not in f:
            f[col] = None
    start, start_rec = _dates(f["start_date"])
    end, end_rec = _dates(f["end_date"])
    for col, iso, rec in (("start_date", start, start_rec), ("end_date", end, end_rec)):
        unread = f[col].notna() & iso.isna() & rec.isna()
        issues.extend(_issue_rows(f, unread, col, "date not understood; kept in notes", "warning"))
    recurring = start_rec.notna()
    issues.extend(_issue_rows(f, recurring, "start_date",
                              "year 0001 read as 'every year' (recurring date)", "info"))
    closed = f["closed"].astype("string").str.strip().str.lower().isin(["true", "t", "1", "yes"])
    first = start.fillna(start_rec.map(lambda s: f"every year {s}" if s else None, na_action=None))
    last = end.fillna(end_rec.map(lambda s: f"every year {s}" if s else None, na_action=None))
    first = first.fillna(f["start_date"]).astype("string")
    last = last.fillna(f["end_date"]).astype("string")
    span = first.where(last.isna() | (last == first), first + " to " + last.fillna(""))
    hours = f["opens_at"].astype("string").fillna("?") + "-" + f["closes_at"].astype("string").fillna("?")
    desc = pd.Series(np.where(closed, "closed " + span.fillna("(no date)"),
                              "open " + hours + " on " + span.fillna("(no date)")),
                     index=f.index)
    notes = pd.Series("", index=f.index, dtype="string")
    for col in LEGACY_HOLIDAY_FIELDS:  # the original row, as the hours parser reads it back
        notes = notes + col + "=" + f[col].astype("string").fillna("") + "; "
    out = _links(f)
    # holiday rows share the schedule table with weekly rows: keep their ids apart
    out["id"] = "holiday-" + f["id"].astype(str)
    out["source_record_id"] = f["id"]
    out["valid_from"] = start
    out["valid_to"] = end.fillna(start)
    out["opens_at"] = f["opens_at"].where(~closed, None)
    out["closes_at"] = f["closes_at"].where(~closed, None)
    out["description"] = desc
    out["notes"] = notes.str.rstrip("; ")
    out["source_row"] = f["source_row"]
    out["_file"] = f["_file"]
    out["_order"] = 100
    out["_text"] = "Holiday: " + desc
    return out


def hours_text(schedules: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    """Readable text per service id and per location id (location only when no service)."""
    if schedules.empty:
        return {}, {}
    s = schedules.assign(_n=np.arange(len(schedules))).sort_values(["_order", "_n"])
    svc: dict[str, str] = {}
    loc: dict[str, str] = {}
    for sid, lid, text in zip(s["service_id"], s["location_id"], s["_text"], strict=True):
        target, key = (svc, sid) if isinstance(sid, str) else (loc, lid)
        if isinstance(key, str):
            target[key] = f"{target[key]}; {text}" if key in target else str(text)
    return svc, loc


def apply_hours_text(frame: pd.DataFrame | None, texts: dict[str, str]) -> pd.DataFrame | None:
    """Set ``hours_text``/``hours_format='hsds'`` where the frame has none of its own."""
    if frame is None or not texts:
        return frame
    out = frame.copy()
    made = out["id"].astype(str).map(texts)
    have = out["hours_text"] if "hours_text" in out else pd.Series(None, index=out.index)
    use = have.isna() & made.notna()
    out["hours_text"] = have.where(~use, made)
    fmt = out["hours_format"] if "hours_format" in out else pd.Series(None, index=out.index)
    out["hours_format"] = fmt.where(~use, "hsds")
    return out
