"""Hours in DuckDB: normalized rows for many services, and "who is open at T" in one query.

Tables (self-contained, prefixed ``hours_``, no foreign keys):

* ``hours_records``: one row per (service_id, location_id) schedule: ``rid`` surrogate key,
  ``zone`` (IANA name or ``UTC+hh:mm``), ``parse_status``, ``mode`` ('weekly' | 'dated'),
  ``dated_from``/``dated_to`` (the window the dated rows cover), flags and the source text.
* ``hours_weekly``: plain weekly intervals as local week-minute ranges ``[wk_start, wk_end)``
  in 0..10080 (Monday 00:00 = 0); an interval crossing Sunday midnight is split in two rows.
* ``hours_dated``: for records whose rules are not plain weekly (holidays closed, dated
  exceptions, seasons, ordinals, fortnightly, validity windows): concrete local openings
  ``(local_day, start_min, end_min)``, end_min up to 2880 for overnight, expanded in Python
  over a window at write time (records are evaluated as 'unknown' outside it).
* ``hours_unclear``: the same day rows for the times an OSM record leaves unclear (a comment
  without ``open``, ``unknown``, an open end): 'unknown' there, 'closed' outside its openings.

The query computes T's local week-minute/date once per distinct zone (a few rows, in Python
with zoneinfo, so DST is exact) and joins it to the interval tables in one SQL statement.
Unknown hours come out as 'unknown', partial records that are not open as 'unknown'.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta

import duckdb
import numpy as np
import pandas as pd

from resources.geo.tz import resolve_tz
from resources.hours.model import Hours, ParseStatus
from resources.hours.parse_osm import needs_point
from resources.hours.status import concrete_intervals, unclear_intervals
from resources.hours.sun import Point

# a local day's spans, dated (hours_dated: open; hours_unclear: what a value leaves unclear)
_DAY_SPANS = """rid BIGINT NOT NULL, service_id VARCHAR, location_id VARCHAR, zone VARCHAR,
    zid SMALLINT, local_day DATE NOT NULL, start_min INTEGER NOT NULL, end_min INTEGER NOT NULL"""

HOURS_DDL = f"""
CREATE TABLE IF NOT EXISTS hours_records (
    rid BIGINT PRIMARY KEY,
    service_id VARCHAR,
    location_id VARCHAR,
    zone VARCHAR,
    parse_status VARCHAR NOT NULL,
    mode VARCHAR NOT NULL DEFAULT 'weekly',
    dated_from DATE,
    dated_to DATE,
    appointment_only BOOLEAN DEFAULT FALSE,
    closed_on_holidays BOOLEAN DEFAULT FALSE,
    source_format VARCHAR,
    source_text VARCHAR,
    unparsed VARCHAR
);
CREATE TABLE IF NOT EXISTS hours_zones (
    zid SMALLINT PRIMARY KEY,
    zone VARCHAR NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS hours_weekly (
    rid BIGINT NOT NULL,
    service_id VARCHAR,
    location_id VARCHAR,
    zone VARCHAR,
    zid SMALLINT,
    wk_start INTEGER NOT NULL,
    wk_end INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS hours_dated ({_DAY_SPANS});
CREATE TABLE IF NOT EXISTS hours_unclear ({_DAY_SPANS});
"""

_RECORD_COLS = [
    "rid",
    "service_id",
    "location_id",
    "zone",
    "parse_status",
    "mode",
    "dated_from",
    "dated_to",
    "appointment_only",
    "closed_on_holidays",
    "source_format",
    "source_text",
    "unparsed",
]
_WEEK = 10080

# Dated rows open at T (an overnight row of the day before included).
_DATED_HITS = """
    SELECT d.rid FROM hours_dated d JOIN _hours_zt z ON d.zid = z.zid
    WHERE (d.local_day = z.ld AND d.start_min <= z.dm AND d.end_min > z.dm)
       OR (d.local_day = z.ld - 1 AND d.start_min <= z.dm + 1440 AND d.end_min > z.dm + 1440)
"""

# Rows of OSM records an ``unknown`` rule, a comment or an open end leaves unclear, at T.
_UNCLEAR_HITS = _DATED_HITS.replace("hours_dated", "hours_unclear")

_HITS = f"""
    SELECT w.rid FROM hours_weekly w JOIN _hours_zt z ON w.zid = z.zid
    WHERE w.wk_start <= z.wm AND w.wk_end > z.wm
    UNION ALL {_DATED_HITS}"""

# The state of a record at T: unknown hours never read as closed (a partial record that is
# not open is "unknown", not "closed"), nor dated records outside their expanded window.
_STATE = """
    CASE
        WHEN r.parse_status = 'unknown' OR z.zone IS NULL THEN 'unknown'
        WHEN r.mode = 'dated' AND (z.ld < r.dated_from OR z.ld > r.dated_to) THEN 'unknown'
        WHEN h.rid IS NOT NULL THEN 'open'
        WHEN u.rid IS NOT NULL THEN 'unknown'
        -- an OSM record's unclear times are rows of hours_unclear: closed outside them
        WHEN r.parse_status = 'partial' AND NOT (r.mode = 'dated' AND r.source_format = 'osm')
            THEN 'unknown'
        ELSE 'closed'
    END AS state"""

OPEN_AT_SQL = f"""
WITH hits AS ({_HITS}), unclear AS (SELECT DISTINCT rid FROM ({_UNCLEAR_HITS}))
SELECT r.service_id, r.location_id,{_STATE}
FROM hours_records r
LEFT JOIN _hours_zt z ON r.zone = z.zone
LEFT JOIN hits h ON h.rid = r.rid
LEFT JOIN unclear u ON u.rid = r.rid
"""

# One row per open record: a record's weekly rows never overlap (write_hours merges them),
# weekly and dated rows never coexist for a record, records with status 'unknown' get no
# interval rows, and dated rows exist only inside their window -> no DISTINCT, no records join.
OPEN_RIDS_SQL = _HITS

# The same, faster: one scan per zone with T's week-minute in that zone as a constant. Weekly
# rows are written in (zid, wk_start) order, so DuckDB's per-segment min/max skip the other
# zones and the intervals that start after T; no join with the zone table.
_WEEKLY_IN_ZONE = "SELECT rid FROM hours_weekly WHERE zid = ? AND wk_start <= ? AND wk_end > ?"


def _open_rids_query(zones: pd.DataFrame) -> tuple[str, list[int]]:
    """OPEN_RIDS_SQL as one weekly scan per zone (T's week-minute bound) + the dated rows."""
    params = [int(v) for zid, wm in zip(zones["zid"], zones["wm"], strict=True)
              for v in (zid, wm, wm)]
    return " UNION ALL ".join([_WEEKLY_IN_ZONE] * len(zones) + [_DATED_HITS]), params


def create_hours_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the ``hours_*`` tables (idempotent)."""
    con.execute(HOURS_DDL)


def delete_hours(con: duckdb.DuckDBPyConnection, source_id: str | None = None) -> None:
    """Empty the ``hours_*`` tables of one source's services (or of all)."""
    prefix = f"{source_id}/%" if source_id else "%"
    for table in ("hours_records", "hours_weekly", "hours_dated", "hours_unclear"):
        con.execute(f"DELETE FROM {table} WHERE service_id LIKE ?", [prefix])


def delete_hours_of(con: duckdb.DuckDBPyConnection, service_ids: list[str]) -> None:
    """Empty the ``hours_*`` tables of these services (their records are rebuilt)."""
    for table in ("hours_records", "hours_weekly", "hours_dated", "hours_unclear"):
        con.execute(f"DELETE FROM {table} WHERE list_contains(?, service_id)", [service_ids])


def weekly_rows(days: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, ...]:
    """Vectorized: (day, start, end) minutes -> week-minute rows, wrap split. Returns
    (index into the input, wk_start, wk_end)."""
    ws = days.astype(np.int64) * 1440 + starts
    we = days.astype(np.int64) * 1440 + ends
    idx = np.arange(len(ws))
    wrap = we > _WEEK
    idx_all = np.concatenate([idx, idx[wrap]])
    s_all = np.concatenate([ws, np.zeros(int(wrap.sum()), dtype=np.int64)])
    e_all = np.concatenate([np.minimum(we, _WEEK), we[wrap] - _WEEK])
    return idx_all, s_all, e_all


def write_weekly_frame(
    con: duckdb.DuckDBPyConnection, records: pd.DataFrame, intervals: pd.DataFrame
) -> None:
    """Bulk write of already-normalized plain weekly hours (vectorized, no per-row Python).

    ``records``: rid, service_id, location_id, zone, parse_status (+ optional record columns).
    ``intervals``: rid, day (0 = Monday), start, end (minutes; end > start, up to 2880).
    """
    rec = records.copy()
    for col in _RECORD_COLS:
        if col not in rec:
            rec[col] = "weekly" if col == "mode" else None
    rec = rec[_RECORD_COLS]
    keys = rec.set_index("rid")[["service_id", "location_id", "zone"]]
    unknown_rids = rec.loc[rec["parse_status"] == ParseStatus.UNKNOWN.value, "rid"]
    intervals = intervals[~intervals["rid"].isin(unknown_rids)]  # unknown never reads as open
    idx, s, e = weekly_rows(
        intervals["day"].to_numpy(), intervals["start"].to_numpy(), intervals["end"].to_numpy()
    )
    rids = intervals["rid"].to_numpy()[idx]
    wk = pd.DataFrame({"rid": rids, "wk_start": s, "wk_end": e})
    wk = wk.join(keys, on="rid")
    wk.insert(4, "zid", _zone_ids(con, rec["zone"]).reindex(wk["zone"]).to_numpy())
    wk = wk[["rid", "service_id", "location_id", "zone", "zid", "wk_start", "wk_end"]]
    con.register("_hours_rec_in", rec)
    con.register("_hours_wk_in", wk)
    con.execute("INSERT INTO hours_records SELECT * FROM _hours_rec_in")
    # in (zone, start) order: what lets "open at T" skip most of the table (open_rids)
    con.execute("INSERT INTO hours_weekly SELECT * FROM _hours_wk_in ORDER BY zid, wk_start")
    con.unregister("_hours_rec_in")
    con.unregister("_hours_wk_in")


def _zone_ids(con: duckdb.DuckDBPyConnection, zones: pd.Series) -> pd.Series:
    """zone name -> small integer id, registering new zones in ``hours_zones``."""
    known = dict(con.execute("SELECT zone, zid FROM hours_zones").fetchall())
    new = [z for z in pd.unique(zones.dropna()) if z not in known]
    nxt = max(known.values(), default=-1) + 1
    for k, z in enumerate(new):
        known[z] = nxt + k
    if new:
        con.executemany("INSERT INTO hours_zones VALUES (?, ?)", [(known[z], z) for z in new])
    return pd.Series(known, dtype="float64")


def write_hours(
    con: duckdb.DuckDBPyConnection,
    rows: pd.DataFrame,
    *,
    today: date | None = None,
    window_days: int = 400,
    country: str = "US",
) -> int:
    """Write parsed hours for many services at once.

    ``rows`` columns: service_id, location_id, hours (:class:`Hours`), zone (name or None;
    falls back to ``hours.timezone``), optional point ((lat, lon) or None: needed for hours
    that follow the sun, unknown without it). Plain weekly records go to ``hours_weekly``; the rest
    are expanded into ``hours_dated`` from ``today - 2`` over ``window_days``.
    Returns the number of records written.
    """

    row = con.execute("SELECT coalesce(max(rid), 0) + 1 FROM hours_records").fetchone()
    start_rid = int(row[0]) if row else 1
    today = today or datetime.now(UTC).date()
    first, last = today - timedelta(days=2), today + timedelta(days=window_days)
    # Each distinct (hours, zone) is turned into rows once: the parse cache hands out one
    # Hours object per distinct hours text, and thousands of services share a few of them.
    points = rows["point"].tolist() if "point" in rows.columns else None
    code, distinct = _distinct_hours(rows["hours"].tolist(), rows["zone"].tolist(), points)
    tmpl, weekly = [], []
    dated: list[list[tuple[object, ...]]] = []
    unclear: list[list[tuple[object, ...]]] = []
    for hours, zone, point in distinct:
        zname = _zone_name(zone, hours)
        mode = "weekly" if _plain(hours) else "dated"
        tmpl.append(_record(0, None, None, zname, hours, mode, first, last, point)[3:])
        known = hours.status is not ParseStatus.UNKNOWN
        weekly.append(_merged_week(hours) if mode == "weekly" and known else [])
        for rows_of, spans_of in ((dated, concrete_intervals), (unclear, unclear_intervals)):
            rows_of.append([d[4:] for d in _dated(0, None, None, zname, hours, first, last,
                                                   country, spans_of, point)]
                           if mode == "dated" and zname and known else [])
    rids = start_rid + np.arange(len(rows), dtype=np.int64)
    rec_df = pd.DataFrame(tmpl, columns=_RECORD_COLS[3:]).iloc[code].reset_index(drop=True)
    rec_df.insert(0, "rid", rids)
    rec_df.insert(1, "service_id", rows["service_id"].to_numpy())
    rec_df.insert(2, "location_id", rows["location_id"].to_numpy())
    row_of, spans = _expand(code, weekly, 3)
    iv_df = pd.DataFrame({"rid": rids[row_of], "day": spans[:, 0].astype(np.int64),
                          "start": spans[:, 1].astype(np.int64),
                          "end": spans[:, 2].astype(np.int64)})
    write_weekly_frame(con, rec_df, iv_df)
    for table, per_hours in (("hours_dated", dated), ("hours_unclear", unclear)):
        _write_dated(con, table, code, per_hours, rids, rows, rec_df)
    return len(rec_df)


def _write_dated(con: duckdb.DuckDBPyConnection, table: str, code: np.ndarray,
                 per_hours: list[list[tuple[object, ...]]], rids: np.ndarray,
                 rows: pd.DataFrame, rec_df: pd.DataFrame) -> None:
    """Day rows (local_day, start_min, end_min) of each distinct hours, for every record
    that has them, into ``hours_dated`` or ``hours_unclear``."""
    row_of, spans = _expand(code, per_hours, 3)
    if not len(row_of):
        return
    dd = pd.DataFrame({
        "rid": rids[row_of],
        "service_id": rows["service_id"].to_numpy()[row_of],
        "location_id": rows["location_id"].to_numpy()[row_of],
        "zone": rec_df["zone"].to_numpy()[row_of],
        "local_day": spans[:, 0], "start_min": spans[:, 1].astype(np.int64),
        "end_min": spans[:, 2].astype(np.int64),
    })
    dd.insert(4, "zid", _zone_ids(con, dd["zone"]).reindex(dd["zone"]).to_numpy())
    con.register("_hours_dated_in", dd)
    con.execute(f"INSERT INTO {table} SELECT * FROM _hours_dated_in")
    con.unregister("_hours_dated_in")


def _distinct_hours(hours: list[Hours], zones: list[object], points: list[object] | None = None
                    ) -> tuple[np.ndarray, list[tuple[Hours, str | None, Point | None]]]:
    """Per row, the index of its distinct (Hours object, zone, point); and those triples.
    The point only tells records apart for hours that follow the sun."""
    seen: dict[tuple[int, str | None, Point | None], int] = {}
    distinct: list[tuple[Hours, str | None, Point | None]] = []
    code = np.empty(len(hours), dtype=np.int64)
    for i, (h, z) in enumerate(zip(hours, zones, strict=True)):
        zone = z if isinstance(z, str) else None
        point = _point(points[i]) if points is not None and needs_point(h) else None
        key = (id(h), zone, point)
        k = seen.get(key)
        if k is None:
            k = seen[key] = len(distinct)
            distinct.append((h, zone, point))
        code[i] = k
    return code, distinct


def _point(value: object) -> Point | None:
    try:
        lat, lon = (float(v) for v in value)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def _expand(code: np.ndarray, items: Sequence[Sequence[tuple[object, ...]]], width: int
            ) -> tuple[np.ndarray, np.ndarray]:
    """Rows repeated once per item of their distinct value: (row index, items as an
    object array of ``width`` columns), in row order then item order."""
    counts = np.array([len(i) for i in items], dtype=np.int64)
    per_row = counts[code] if len(code) else np.zeros(0, dtype=np.int64)
    row_of = np.repeat(np.arange(len(code)), per_row)
    flat = np.empty((int(counts.sum()), width), dtype=object)
    if len(flat):
        flat[:] = [x for i in items for x in i]
    offsets = np.r_[0, np.cumsum(counts)[:-1]]
    pos = np.arange(len(row_of)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    return row_of, flat[offsets[code[row_of]] + pos] if len(row_of) else flat[:0]


def _merged_week(hours: Hours) -> list[tuple[int, int, int]]:
    """Plain weekly intervals merged in week-minute space: (day, start, end), no overlaps."""
    spans = sorted((iv.day * 1440 + iv.start, iv.day * 1440 + iv.end) for iv in hours.intervals)
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    if len(merged) > 1 and merged[-1][1] > _WEEK and merged[-1][1] - _WEEK >= merged[0][0]:
        merged[-1][1] = max(merged[-1][1], merged.pop(0)[1] + _WEEK)
    return [(s // 1440, s % 1440, s % 1440 + min(e - s, _WEEK)) for s, e in merged]


def _zone_name(zone: object, hours: Hours) -> str | None:
    if hours.timezone:
        return hours.timezone
    return str(zone) if zone and resolve_tz(zone) is not None else None


def _plain(hours: Hours) -> bool:
    return (
        all(iv.is_plain for iv in hours.intervals)
        and not hours.exceptions
        and not hours.closed_on_holidays
        and hours.holiday_intervals is None
        and not hours.osm_expr
        and hours.valid_from is None
        and hours.valid_to is None
    )


def _record(
    rid: int,
    sid: object,
    lid: object,
    zone: str | None,
    hours: Hours,
    mode: str,
    first: date,
    last: date,
    point: Point | None = None,
) -> tuple[object, ...]:
    status = hours.status.value
    if not hours.intervals and not hours.osm_expr or point is None and needs_point(hours):
        # sun times need the service's point (rows' ``point``): without one, unknown
        status = ParseStatus.UNKNOWN.value
    return (
        rid,
        sid,
        lid,
        zone,
        status,
        mode,
        first if mode == "dated" else None,
        last if mode == "dated" else None,
        hours.appointment_only,
        hours.closed_on_holidays,
        hours.source_format,
        hours.source,
        "; ".join(hours.unparsed),
    )


def _dated(
    rid: int,
    sid: object,
    lid: object,
    zone: str,
    hours: Hours,
    first: date,
    last: date,
    country: str,
    concrete: object,
    point: Point | None = None,
) -> list[tuple[object, ...]]:
    if point is None and needs_point(hours):
        return []  # sun times without a point: stored as unknown (see _record)
    tz = resolve_tz(zone)
    out: list[tuple[object, ...]] = []
    # from the day before the window: an overnight opening that starts then is still open
    # early on the window's first day (its part after midnight is kept, on that day)
    for s, e in concrete(hours, tz, first - timedelta(days=1), last, country,  # type: ignore[operator]
                         point=point):
        ls, le = s.astimezone(tz), e.astimezone(tz)
        start = ls.hour * 60 + ls.minute
        end = start + int((le.replace(tzinfo=None) - ls.replace(tzinfo=None)).total_seconds() // 60)
        day = ls.date()
        while end > 2880 or (day < first and end > 1440):  # day-sized rows (24/7 weeks)
            if day >= first:
                out.append((rid, sid, lid, zone, day, start, 1440))
            day, start, end = day + timedelta(days=1), 0, end - 1440
        if day >= first:
            out.append((rid, sid, lid, zone, day, start, end))
    return out


def _zone_instants(con: duckdb.DuckDBPyConnection, at: datetime) -> pd.DataFrame:
    rows = con.execute("SELECT zid, zone FROM hours_zones ORDER BY zid").fetchall()
    zt = zone_table([z for _, z in rows], at)
    ids = dict((z, i) for i, z in rows)
    zt.insert(0, "zid", [ids[z] for z in zt["zone"]])
    return zt


def week_minutes(zones: Iterable[str], at: datetime) -> dict[str, int]:
    """T's local week-minute (Monday 00:00 = 0) in each zone (unknown zones left out)."""
    out = {}
    for z in zones:
        tz = resolve_tz(z)
        if tz is not None:
            loc = at.astimezone(tz)
            out[z] = loc.weekday() * 1440 + loc.hour * 60 + loc.minute
    return out


def zone_table(zones: Iterable[str], at: datetime) -> pd.DataFrame:
    """T's local week-minute (wm), local date (ld) and minute of day (dm) per zone."""
    out = []
    for z in zones:
        tz = resolve_tz(z)
        if tz is None:
            continue
        loc = at.astimezone(tz)
        dm = loc.hour * 60 + loc.minute
        out.append((z, loc.weekday() * 1440 + dm, loc.date(), dm))
    return pd.DataFrame(out, columns=["zone", "wm", "ld", "dm"]).astype(
        {"wm": "int32", "dm": "int32"}
    )


def _run(con: duckdb.DuckDBPyConnection, at: datetime, sql: str) -> duckdb.DuckDBPyConnection:
    _check_aware(at)
    con.register("_hours_zt", _zone_instants(con, at))
    return con.execute(sql)


def states_at(con: duckdb.DuckDBPyConnection, at: datetime) -> pd.DataFrame:
    """service_id, location_id, state ('open'|'closed'|'unknown') for every record at T."""
    try:
        return _run(con, at, OPEN_AT_SQL).df()
    finally:
        con.unregister("_hours_zt")


def open_rids(con: duckdb.DuckDBPyConnection, at: datetime) -> np.ndarray:
    """Record ids (``hours_records.rid``) open at the aware instant T: one SQL query."""
    _check_aware(at)
    zones = _zone_instants(con, at)
    sql, params = _open_rids_query(zones)
    con.register("_hours_zt", zones)
    try:
        return con.execute(sql, params).fetchnumpy()["rid"]
    finally:
        con.unregister("_hours_zt")


def open_service_ids(con: duckdb.DuckDBPyConnection, at: datetime) -> list[str]:
    """Service ids open at the aware instant T (one SQL query over all services)."""
    _check_aware(at)
    zones = _zone_instants(con, at)
    hits, params = _open_rids_query(zones)
    sql = f"SELECT DISTINCT r.service_id FROM hours_records r JOIN ({hits}) h USING (rid)"
    con.register("_hours_zt", zones)
    try:
        return [r[0] for r in con.execute(sql, params).fetchall()]
    finally:
        con.unregister("_hours_zt")


# the day rows of these candidates at T (hours_dated; hours_unclear by the same query)
_CAND_DATED_HITS = """
    SELECT d.rid FROM hours_dated d JOIN _hours_zt z ON d.zid = z.zid
    WHERE d.rid IN (SELECT rid FROM r)
      AND ((d.local_day = z.ld AND d.start_min <= z.dm AND d.end_min > z.dm)
        OR (d.local_day = z.ld - 1 AND d.start_min <= z.dm + 1440 AND d.end_min > z.dm + 1440))"""

STATES_FOR_SQL = f"""
WITH r AS MATERIALIZED (
    SELECT r.* FROM hours_records r WHERE r.rid IN (SELECT rid FROM _hours_cand)
),
hits AS (
    SELECT w.rid FROM hours_weekly w JOIN _hours_zt z ON w.zid = z.zid
    WHERE w.rid IN (SELECT rid FROM r) AND w.wk_start <= z.wm AND w.wk_end > z.wm
    UNION ALL {_CAND_DATED_HITS}
),
unclear AS (SELECT DISTINCT rid FROM ({_CAND_DATED_HITS.replace("hours_dated", "hours_unclear")}))
SELECT r.rid,{_STATE}
FROM r
LEFT JOIN _hours_zt z ON r.zone = z.zone
LEFT JOIN (SELECT DISTINCT rid FROM hits) h ON h.rid = r.rid
LEFT JOIN unclear u ON u.rid = r.rid
"""


def states_for(con: duckdb.DuckDBPyConnection, rids: Iterable[int], at: datetime) -> pd.DataFrame:
    """rid, state at T for just these records (search candidates); others are not read."""
    cand = pd.DataFrame({"rid": pd.array(list(rids), dtype="int64")})
    con.register("_hours_cand", cand)
    try:
        return _run(con, at, STATES_FOR_SQL).df()
    finally:
        con.unregister("_hours_zt")
        con.unregister("_hours_cand")


def _check_aware(at: datetime) -> None:
    if at.tzinfo is None:
        raise ValueError("T must be timezone-aware (e.g. 2026-11-27T10:00-05:00)")


__all__ = [
    "HOURS_DDL",
    "create_hours_tables",
    "delete_hours",
    "open_rids",
    "open_service_ids",
    "states_at",
    "states_for",
    "weekly_rows",
    "write_hours",
    "write_weekly_frame",
    "week_minutes",
    "zone_table",
]
