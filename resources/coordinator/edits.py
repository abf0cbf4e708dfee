"""Local edits to services and locations: validate, apply, audit, survive re-imports.

An edit is one field of one record, kept in the ``edit`` table keyed by
``(source_id, source_record_id, table_name, field)`` with the coordinator's value and the
source's value at edit time. After every load of a source, :func:`apply_edits` writes the
edits back over the fresh records; when the source now has a different value than it had at
edit time, the edit is kept and flagged as a conflict for a coordinator to resolve
(:func:`resolve`). Every change is appended to the audit log.

Fields (:data:`FIELDS`) are columns of the record's table, or small structured values kept in
child tables (phones, languages, the physical address, the point).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import duckdb
import pandas as pd

from resources.coordinator import audit
from resources.coordinator.audit import to_json
from resources.coordinator.fields import FIELDS, VIRTUAL, Field
from resources.errors import ResourcesError
from resources.phones import problem as phone_problem
from resources.store import Store, edits_sql
from resources.store.coord_sql import ensure_coord_tables, has_table, split_id
from resources.store.edits_sql import ADDRESS_PARTS, record_exists

STATUSES = ("active", "inactive", "defunct", "temporarily closed")
PHONE_TYPES = ("voice", "text", "fax", "cell", "video", "pager", "textphone")
LANGUAGE_CODES = {
    "english": "en", "spanish": "es", "español": "es", "vietnamese": "vi", "amharic": "am",
    "arabic": "ar", "somali": "so", "russian": "ru", "asl": "ase", "american sign language": "ase",
    "chinese": "zh", "mandarin": "zh", "cantonese": "yue", "french": "fr", "korean": "ko",
    "nepali": "ne", "tigrinya": "ti", "ukrainian": "uk", "dari": "prs", "pashto": "ps",
    "portuguese": "pt", "haitian creole": "ht", "tagalog": "tl", "hmong": "hmn",
}


class EditError(ResourcesError, ValueError):
    """Every problem with a set of changes, reported once."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Change:
    record_id: str
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Conflict:
    record_id: str
    table: str
    field: str
    mine: Any
    source_then: Any
    source_now: Any
    kind: str  # changed | removed


# -- reading and writing one field -------------------------------------------------------------
def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, datetime | pd.Timestamp):
        return value.date().isoformat() if isinstance(value, pd.Timestamp) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def read_field(con: duckdb.DuckDBPyConnection, table: str, record_id: str, field: str) -> Any:
    """The value a record has now (for structured fields, from its child rows)."""
    kind = FIELDS[(table, field)].kind
    if field in VIRTUAL:
        return None
    if kind == "phones":
        rows = edits_sql.phones(con, table, record_id)
        return [{"number": n, "extension": e, "type": t, **({"private": True} if p else {})}
                for n, e, t, p in rows] or None
    if kind == "languages":
        return [n for n in edits_sql.languages(con, record_id) if n] or None
    if kind == "address":
        return edits_sql.address(con, record_id)
    if kind == "point":
        row = edits_sql.point(con, record_id)
        return None if row is None or row[0] is None else [float(row[0]), float(row[1])]
    value = edits_sql.column_value(con, table, record_id, field)
    return None if value is None else _plain(value[0])


def _write_field(con: duckdb.DuckDBPyConnection, table: str, record_id: str, field: str,
                 value: Any) -> None:
    kind = FIELDS[(table, field)].kind
    _source_id, rec = split_id(record_id)
    if field in VIRTUAL:
        return
    if kind == "phones":
        edits_sql.replace_phones(con, table, record_id, [
            (f"edit-{table}-{rec}-phone-{i}", phone["number"], phone.get("extension"),
             phone.get("type") or "voice", phone.get("private"))
            for i, phone in enumerate(value or [], start=1)])
    elif kind == "languages":
        edits_sql.replace_languages(con, record_id, [
            (f"edit-service-{rec}-language-{i}", name, LANGUAGE_CODES.get(name.lower()))
            for i, name in enumerate(value or [], start=1)])
    elif kind == "address":
        edits_sql.write_address(con, record_id, value, f"edit-location-{rec}-address")
    elif kind == "point":
        _write_point(con, record_id, value)
    else:
        edits_sql.update_column(con, table, record_id, field, value)


def _write_point(con: duckdb.DuckDBPyConnection, location_id: str, value: Any) -> None:
    if value is None:
        edits_sql.write_point(con, location_id, None)
        return
    from tzfpy import get_tz

    lat, lon = float(value[0]), float(value[1])
    edits_sql.write_point(con, location_id, (lat, lon), get_tz(lon, lat) or None)


# -- validation ----------------------------------------------------------------------------------
def clean_value(field: Field, value: Any, problems: list[str]) -> Any:
    """The value normalized for storage, or None; problems are appended, never raised."""
    label = field.label
    if field.kind in ("text", "name"):
        text = (str(value).strip() if value is not None else "") or None
        if field.kind == "name" and not text:
            problems.append(f"{label}: a name is required")
        if text and len(text) > (300 if field.kind == "name" else 5000):
            problems.append(f"{label}: too long")
        return text
    if field.kind == "status":
        text = str(value or "").strip().lower()
        if text not in STATUSES:
            problems.append(f"{label}: must be one of {', '.join(STATUSES)}")
        return text
    if field.kind == "date":
        if value in (None, ""):
            return None
        try:
            return (value if isinstance(value, date) else date.fromisoformat(str(value))).isoformat()
        except ValueError:
            problems.append(f"{label}: {value!r} is not a date (YYYY-MM-DD)")
            return None
    if field.kind == "phones":
        return _clean_phones(value, label, problems)
    if field.kind == "languages":
        names = [str(v).strip() for v in (value or []) if str(v).strip()]
        for name in names:
            if len(name) > 50:
                problems.append(f"{label}: {name[:20]!r}... is not a language name")
        return names or None
    if field.kind == "address":
        return _clean_address(value, label, problems)
    if field.kind == "point":
        return _clean_point(value, label, problems)
    raise AssertionError(field.kind)


def _clean_phones(value: Any, label: str, problems: list[str]) -> list[dict[str, Any]] | None:
    phones = []
    for item in value or []:
        phone = {"number": item} if isinstance(item, str) else dict(item)
        number = str(phone.get("number") or "").strip()
        if not number:
            continue
        if (why := phone_problem(number)) is not None:
            problems.append(f"{label}: {why}")
        ext = str(phone.get("extension") or "").strip() or None
        if ext and not ext.isdigit():
            problems.append(f"{label}: extension {ext!r} must be digits")
        kind = str(phone.get("type") or "voice").strip().lower()
        if kind not in PHONE_TYPES:
            problems.append(f"{label}: type {kind!r} must be one of {', '.join(PHONE_TYPES)}")
        private = phone.get("private")
        phones.append({"number": number, "extension": ext, "type": kind,
                       **({"private": private} if isinstance(private, bool) else {})})
    return phones or None


def _clean_address(value: Any, label: str, problems: list[str]) -> dict[str, Any] | None:
    if not value:
        return None
    parts = {p: (str(value.get(p) or "").strip() or None) for p in ADDRESS_PARTS}
    if not any(parts.values()):
        return None
    for required in ("address_1", "city", "state_province"):
        if not parts[required]:
            problems.append(f"{label}: {required.replace('_', ' ')} is required")
    state = parts["state_province"]
    if state and not re.fullmatch(r"[A-Za-z]{2}", state):
        problems.append(f"{label}: state must be a 2-letter code")
    elif state:
        parts["state_province"] = state.upper()
    zip_code = parts["postal_code"]
    if zip_code and not re.fullmatch(r"\d{5}(-\d{4})?", zip_code):
        problems.append(f"{label}: ZIP {zip_code!r} must be 5 digits (or ZIP+4)")
    private = value.get("private")
    return {**parts, "private": private} if isinstance(private, bool) else parts


def _clean_point(value: Any, label: str, problems: list[str]) -> list[float] | None:
    if value in (None, "", []) or (isinstance(value, list | tuple) and all(
            v in (None, "") for v in value)):
        return None
    try:
        lat, lon = (float(v) for v in value)
    except (TypeError, ValueError):
        problems.append(f"{label}: latitude and longitude must both be numbers")
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        problems.append(f"{label}: ({lat}, {lon}) is not a valid point")
        return None
    return [round(lat, 7), round(lon, 7)]


def validate(table: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Normalized changes, or :class:`EditError` with every problem."""
    problems: list[str] = []
    cleaned = {}
    for name, value in changes.items():
        field = FIELDS.get((table, name))
        if field is None:
            problems.append(f"{table}.{name} cannot be edited here")
            continue
        cleaned[name] = clean_value(field, value, problems)
    status = cleaned.get("status")
    until = cleaned.get("closed_until")
    if until and status not in (None, "temporarily closed"):
        problems.append("Temporarily closed until: only for status 'temporarily closed'")
    if until and "closed_until" in changes and until < date.today().isoformat():
        problems.append("Temporarily closed until: the date has passed")
    alert_until = cleaned.get("alert_until")
    if alert_until and "alert_until" in changes and alert_until < date.today().isoformat():
        problems.append("Alert shown until: the date has passed")
    if problems:
        raise EditError(problems)
    return cleaned


# -- saving, applying, resolving ---------------------------------------------------------------------
def current_values(con: duckdb.DuckDBPyConnection, table: str, record_id: str) -> dict[str, Any]:
    """Every editable field of a record as it is now (closed_until from the edit table)."""
    values = {f.name: read_field(con, table, record_id, f.name)
              for f in FIELDS.values() if f.table == table}
    if table == "service" and has_table(con, "edit"):
        for name in sorted(VIRTUAL):
            row = edits_sql.edit_values(con, table, record_id, name)
            values[name] = json.loads(row[0]) if row and row[0] else None
    return values


def save(store: Store, table: str, record_id: str, changes: dict[str, Any], user: str, *,
         action: str = "edit", now: datetime | None = None,
         seen: dict[str, Any] | None = None) -> list[Change]:
    """Validate and apply ``changes`` to one record; keep them as edits; audit each.

    The record is locked for the transaction (:meth:`Store.lock_record`: on PostgreSQL a
    second coordinator's edit of it waits for the first to commit) and its values are read
    under the lock. ``seen``: the values the coordinator saw when opening the record; when a
    field they change is no longer that value (someone else saved meanwhile) nothing is
    written and :class:`EditConflictError` says what it is now."""
    con = store.con
    ensure_coord_tables(con)
    if not record_exists(con, table, record_id):
        raise EditError([f"no {table} {record_id!r} in the store"])
    cleaned = validate(table, changes)
    if cleaned.get("status") not in (None, "temporarily closed") and "closed_until" not in cleaned:
        cleaned["closed_until"] = None  # reopening clears the closure date
    if "alert" in cleaned and not cleaned["alert"]:
        cleaned["alert_until"] = None  # no alert, no end date
    now = now or datetime.now(UTC)
    done = []
    with store.transaction():
        if not store.lock_record(table, record_id):
            raise EditError([f"no {table} {record_id!r} in the store"])
        before_all = current_values(con, table, record_id)
        if seen is not None:
            check_seen(table, record_id, cleaned, seen, before_all)
        for name, value in cleaned.items():
            before = before_all.get(name)
            if to_json(before) == to_json(value):
                continue
            existing = edits_sql.edit_values(con, table, record_id, name)
            source_value = existing[1] if existing else to_json(before)
            edits_sql.delete_edit(con, table, record_id, name)
            if to_json(value) != source_value or name in VIRTUAL and value is not None:
                edits_sql.insert_edit(con, table, record_id, name, to_json(value), source_value,
                                      user, now)
            _write_field(con, table, record_id, name, value)
            audit.record(con, user, action, table=table, record_id=record_id, field=name,
                         before=before, after=value, at=now)
            done.append(Change(record_id, name, before, value))
    return done


class EditConflictError(EditError):
    """Someone else changed the record since the coordinator opened it: nothing was saved."""

    def __init__(self, record_id: str, changed: dict[tuple[str, str], tuple[Any, Any]]):
        self.record_id, self.changed = record_id, changed
        super().__init__([
            f"{FIELDS[f].label if f in FIELDS else f[1]} of {record_id} was changed by "
            f"someone else since you opened it (now: {to_json(v[1]) or 'empty'}); your "
            "change was not saved: look again and save again" for f, v in changed.items()])


def check_seen(table: str, record_id: str, cleaned: dict[str, Any], seen: dict[str, Any],
               now: dict[str, Any]) -> None:
    """:class:`EditConflictError` when a field of ``cleaned`` no longer has the value the
    coordinator saw (``seen``) but ``now`` another: someone else saved it meanwhile."""
    changed = {(table, k): (seen[k], now.get(k)) for k in sorted(cleaned)
               if k in seen and to_json(seen[k]) != to_json(now.get(k))}
    if changed:
        raise EditConflictError(record_id, changed)


def verify(store: Store, table: str, record_id: str, user: str, *,
           today: date | None = None) -> list[Change]:
    """Mark a service verified today (its ``assured_date``), as an audited edit."""
    if table != "service":
        raise EditError(["only services carry a verification date (HSDS assured_date)"])
    day = (today or date.today()).isoformat()
    return save(store, table, record_id, {"assured_date": day}, user, action="verify")


def apply_edits(store: Store, source_id: str | None = None, *, user: str = "system",
                today: date | None = None) -> list[Conflict]:
    """Re-apply the edits of ``source_id`` (or all) right after a load; report conflicts."""
    con = store.con
    ensure_coord_tables(con)
    today_s = (today or date.today()).isoformat()
    _expire_closures(store, source_id, today_s, user)
    conflicts = []
    for record_id, table, name, value_json, source_json in edits_sql.edit_rows(con, source_id):
        mine = json.loads(value_json) if value_json else None
        then = json.loads(source_json) if source_json else None
        if not record_exists(con, table, record_id):
            edits_sql.set_conflict(con, table, record_id, name, "removed")
            conflicts.append(Conflict(record_id, table, name, mine, then, None, "removed"))
            continue
        if name in VIRTUAL:
            continue
        now_value = read_field(con, table, record_id, name)
        now_json = to_json(now_value)
        if name == "assured_date" and now_value and mine and now_value >= mine:
            # the source verified the record more recently: its date wins
            edits_sql.delete_edit(con, table, record_id, name)
            continue
        if now_json not in (source_json, value_json):
            edits_sql.set_conflict(con, table, record_id, name, "changed", now_json)
            conflicts.append(Conflict(record_id, table, name, mine, then, now_value, "changed"))
        elif now_json == source_json:
            edits_sql.set_conflict(con, table, record_id, name, None)
        _write_field(con, table, record_id, name, mine)
    return conflicts


def _expire_closures(store: Store, source_id: str | None, today: str, user: str) -> None:
    """Closures whose date has passed end: the status edit is dropped (audited)."""
    con = store.con
    for record_id, value in edits_sql.closures(con, source_id):
        if json.loads(value) >= today:
            continue
        status = edits_sql.edit_values(con, "service", record_id, "status")
        edits_sql.delete_closure(con, record_id)
        if status and record_exists(con, "service", record_id):
            back = json.loads(status[1]) if status[1] else "active"
            _write_field(con, "service", record_id, "status", back)
        audit.record(con, user, "reopen", table="service", record_id=record_id,
                     field="status", before="temporarily closed", after="(source status)",
                     note=f"closure ended {json.loads(value)}")


def edits(con: duckdb.DuckDBPyConnection, *, source_id: str | None = None,
          conflicts_only: bool = False) -> pd.DataFrame:
    """The kept edits (with conflicts), newest first."""
    if not has_table(con, "edit"):
        return pd.DataFrame(columns=edits_sql.EDIT_COLUMNS)
    return edits_sql.edits_frame(con, source_id=source_id, conflicts_only=conflicts_only)


def resolve(store: Store, table: str, record_id: str, field: str, keep: str,
            user: str) -> None:
    """Settle a conflict: keep ``mine`` (the edit stays) or take the ``source`` value."""
    con = store.con
    row = edits_sql.edit_conflict(con, table, record_id, field)
    if row is None:
        raise EditError([f"no edit of {field} on {record_id}"])
    mine = json.loads(row[0]) if row[0] else None
    theirs = json.loads(row[1]) if row[1] else None
    with store.transaction():
        if keep == "mine":
            edits_sql.accept_conflict_value(con, table, record_id, field)
        elif keep == "source":
            edits_sql.delete_edit(con, table, record_id, field)
            if row[2] != "removed":
                _write_field(con, table, record_id, field, theirs)
        else:
            raise EditError([f"keep must be 'mine' or 'source', not {keep!r}"])
        audit.record(con, user, "resolve", table=table, record_id=record_id, field=field,
                     before=mine, after=mine if keep == "mine" else theirs,
                     note=f"conflict resolved: kept {keep}")
