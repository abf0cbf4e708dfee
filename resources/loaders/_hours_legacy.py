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

from resources.hours import parse_hsds3, parse_text
from resources.hours.parse_hsds import LEGACY_HOLIDAY_FIELDS, SUPERSEDED, parse_time
from resources.loaders._clean import _issue_rows
from resources.loaders._distinct import per_value
from resources.records import Issue

DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# HSDS 1.x weekday integers: 1 = Monday ... 7 = Sunday (the 1.1 sample's base; 0 is refused).
WEEKDAYS: dict[str, str] = {
    **{str(i + 1): c for i, c in enumerate(DAY_CODES)},
    **{n.lower(): c for n, c in zip(DAY_NAMES, DAY_CODES, strict=True)},
    **{n[:3].lower(): c for n, c in zip(DAY_NAMES, DAY_CODES, strict=True)},
}
# Legacy time forms. ``H:MM``/``HH:MM[:SS]`` (24 h or with am/pm), ``9am``, ``830am`` /
# ``1130`` (digits without a colon: last two are the minutes), ``9:0am`` (a single zero
# minute digit: only :00 has a dropped digit that cannot be read two ways), and a trailing
# note in brackets (``12:00pm (dispensing)``: the time read, the note kept). Never read,
# each reported: ``9:3am`` (:03 or :30?), ``6:300pm`` (three minute digits: :30 with a
# stray 0, or :00 with a stray 3? a typo either way), ``8:00m`` (a bare "m": am or pm?).
_TIME = re.compile(
    r"^(?P<h>\d{1,2})(?::(?P<m>\d{1,3}))?(?::\d{2}(?:\.\d+)?)?\s*(?P<ap>[ap]\.?\s*m\.?|[ap]|m)?"
    r"\s*(?:z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_COMPACT = re.compile(r"^(?P<h>\d{1,2})(?P<m>\d{2})\s*(?P<ap>[ap]\.?\s*m\.?|[ap]|m)?$",
                      re.IGNORECASE)
_NOTE = re.compile(r"^(?P<time>.*?)\s*\((?P<note>[^()]*)\)\s*$")
_WORDS = {"noon": "12:00pm", "midday": "12:00pm", "midnight": "12:00am"}


def read_time(value: str) -> tuple[int | None, str | None, str]:
    """One legacy time -> (minutes after midnight or None, note in brackets or None, why
    it was not read ('' when read)). Never guesses: an ambiguous form is not read."""
    text = str(value).strip()
    note = None
    m = _NOTE.match(text)
    if m:
        text, note = m.group("time"), m.group("note").strip() or None
    text = _WORDS.get(text.lower(), text)
    m = _TIME.match(text) or _COMPACT.match(text)
    if not m:
        return None, note, "not a time"
    hour, minutes = int(m.group("h")), m.group("m") or "0"
    ap = (m.group("ap") or "").lower().replace(".", "").replace(" ", "")
    if len(minutes) == 3:
        return None, note, "three minute digits (a typo?)"
    if len(minutes) == 1 and minutes != "0":
        return None, note, f"one minute digit (:0{minutes} or :{minutes}0?)"
    if ap == "m":
        return None, note, "'m' without a or p (am or pm?)"
    minute = int(minutes)
    if ap:
        if not 1 <= hour <= 12:
            return None, note, "hour out of range for am/pm"
        hour = hour % 12 + (12 if ap.startswith("p") else 0)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        return None, note, "hour or minute out of range"
    return hour * 60 + minute, note, ""


def _read_times(values: pd.Series) -> pd.DataFrame:
    """:func:`read_time` of each value: columns ``minutes`` (Float64), ``note``, ``why``."""
    got = [read_time(v) if isinstance(v, str) else (None, None, "") for v in values]
    out = pd.DataFrame(got, columns=["minutes", "note", "why"], index=values.index)
    out["minutes"] = pd.to_numeric(out["minutes"]).astype("Float64")
    return out


def read_times(values: pd.Series) -> pd.DataFrame:
    """:func:`read_time` over a column, once per distinct value."""
    return per_value(values.astype(object), _read_times)


def _parsed_as_is(values: pd.Series) -> pd.Series:
    return values.map(lambda v: isinstance(v, str) and parse_time(v) is not None)


def _canonical(raw: pd.Series, got: pd.DataFrame) -> pd.Series:
    """The stored time: verbatim when the hours parser reads it as is, else ``HH:MM`` of
    what :func:`read_time` read (``830am`` -> ``08:30``), else verbatim (reported)."""
    as_is = per_value(raw.astype(object), _parsed_as_is)
    mins = got["minutes"]
    hhmm = (mins // 60).astype("Int64").astype("string").str.zfill(2) + ":" + \
        (mins % 60).astype("Int64").astype("string").str.zfill(2)
    use = (~as_is & mins.notna()).fillna(False).astype(bool)
    return raw.astype(object).where(~use, hhmm.astype(object))


_LINK_COLS = ("service_id", "location_id", "service_at_location_id")
# Columns some exporters add to a regular schedule row: the source's own hours text.
ORIGINAL_TEXT = ("original_text",)


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
    o_got, c_got = read_times(opens), read_times(closes)
    o_min, c_min = o_got["minutes"], c_got["minutes"]
    notes = pd.Series("", index=ok.index, dtype="string")
    for col, raw, got in (("opens_at", opens, o_got), ("closes_at", closes, c_got)):
        unread = raw.notna() & got["minutes"].isna()
        issues.extend(_issue_rows(ok, unread, col, "time not understood; kept verbatim",
                                  "warning", raw.astype("string") + " (" + got["why"] + ")"))
        stored = _canonical(raw, got)
        changed = raw.notna() & (stored.astype("string") != raw.astype("string")).fillna(False)
        issues.extend(_issue_rows(ok, changed, col, "time read from a legacy form", "info",
                                  raw.astype("string") + " -> " + stored.astype("string")))
        given = changed | got["note"].notna()
        notes = notes.where(~given, notes + f"{col} as given: " + raw.astype("string") + "; ")
        if col == "opens_at":
            opens = stored
        else:
            closes = stored
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
    out["notes"] = notes.str.rstrip("; ").replace("", None).astype(object)
    original = [ok[c] for c in ORIGINAL_TEXT if c in ok]
    out["_original"] = original[0] if original else None
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


def with_row_text(sched: pd.DataFrame) -> pd.DataFrame:
    """HSDS 2.x ``schedule`` rows with the readable ``_text`` the 1.x steps give theirs
    ("MO,TU 9:00-17:00"), the link and ``notes`` columns present."""
    out = sched.copy()
    for col in (*_LINK_COLS, "notes", "freq", "byday", "opens_at", "closes_at"):
        if col not in out:
            out[col] = None
    times = out["opens_at"].astype("string").fillna("") + "-" + \
        out["closes_at"].astype("string").fillna("")
    out["_text"] = (out["byday"].astype("string").fillna("") + " " + times).str.strip()
    return out


def _owner(sid: object, lid: object) -> tuple[str, str] | None:
    """Whose hours a schedule row gives: ("service", id), else ("location", id)."""
    if isinstance(sid, str):
        return "service", sid
    return ("location", lid) if isinstance(lid, str) else None


def _weekly_row(freq: object, byday: object) -> bool:
    """A weekly row (not a dated holiday row): WEEKLY, or no freq but days given."""
    if isinstance(freq, str) and freq.strip():
        return freq.strip().upper() == "WEEKLY"
    return isinstance(byday, str) and bool(byday.strip())


def _row(rec: dict[str, object]) -> dict[str, object]:
    return {k: (None if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))
                else v) for k, v in rec.items()}


def _weekly(hours: object) -> set[tuple[int, int, int]]:
    return {(iv.day, iv.start, iv.end) for iv in getattr(hours, "intervals", ())}


def original_texts(sched: pd.DataFrame, issues: list[Issue]
                   ) -> tuple[dict[str, str], dict[str, str]]:
    """The source's own hours text (``original_text``) per service and per location.

    Where it and the structured rows disagree (an exporter flattened "Mon-Fri 9-5, Sat
    10-2" into one day), the rows are marked :data:`SUPERSEDED` (kept, never used for
    open/closed): the text is read instead, and if it does not read, the hours are unknown.
    Each disagreement is reported with the rows' reading and the text."""
    if "_original" not in sched or sched["_original"].isna().all():
        return {}, {}
    texts: dict[tuple[str, str], list[str]] = {}
    rows: dict[tuple[str, str], list[int]] = {}
    for i, sid, lid, text in zip(sched.index, sched["service_id"], sched["location_id"],
                                 sched["_original"], strict=True):
        owner = _owner(sid, lid)
        if owner is None:
            continue
        rows.setdefault(owner, []).append(i)
        if isinstance(text, str) and text.strip() and text not in texts.get(owner, []):
            texts.setdefault(owner, []).append(text.strip())
    out: dict[str, dict[str, str]] = {"service": {}, "location": {}}
    for owner, parts in texts.items():
        text = "\n".join(parts)
        out[owner[0]][owner[1]] = text
        idx = [i for i in rows[owner] if _weekly_row(sched.at[i, "freq"], sched.at[i, "byday"])]
        from_rows = parse_hsds3([_row(r) for r in sched.loc[idx].to_dict("records")])
        from_text = parse_text(text)
        if from_rows.status == "parsed" and from_text.status == "parsed" and \
                _weekly(from_rows) == _weekly(from_text):
            continue
        old = sched.loc[idx, "notes"].astype("string")
        sched.loc[idx, "notes"] = (SUPERSEDED + "; " + old).fillna(SUPERSEDED).astype(object)
        used = {"parsed": "the text is used",
                "partial": "the text is used where it reads (partly read)"}.get(
            str(from_text.status.value), "the text is not read either: hours unknown")
        first = sched.loc[idx[:1]] if idx else sched.loc[rows[owner][:1]]
        issues.extend(_issue_rows(
            first, pd.Series(True, index=first.index), "original_text",
            f"schedule rows ({'; '.join(sched.loc[idx, '_text'].astype(str))}) disagree with "
            f"the source's original_text: rows kept but not trusted, {used}", "warning",
            pd.Series(text, index=first.index)))
    return out["service"], out["location"]


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


def apply_hours_text(frame: pd.DataFrame | None, texts: dict[str, str],
                     fmt_name: str = "hsds") -> pd.DataFrame | None:
    """Set ``hours_text``/``hours_format`` where the frame has none of its own."""
    if frame is None or not texts:
        return frame
    out = frame.copy()
    made = out["id"].astype(str).map(texts)
    have = out["hours_text"] if "hours_text" in out else pd.Series(None, index=out.index)
    use = have.isna() & made.notna()
    out["hours_text"] = have.where(~use, made)
    fmt = out["hours_format"] if "hours_format" in out else pd.Series(None, index=out.index)
    out["hours_format"] = fmt.where(~use, fmt_name)
    return out
