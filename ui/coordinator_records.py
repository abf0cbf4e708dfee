"""Records: find a service or location, edit it, verify it, report beds, see its history."""

from __future__ import annotations

from datetime import date

import streamlit as st

from resources.coordinator import audit, beds, review
from resources.coordinator.edits import (
    STATUSES,
    EditError,
    current_values,
    edits,
    resolve,
)
from resources.coordinator.fields import FIELDS
from resources.coordinator.publish import PublishError, change
from resources.store import Store
from resources.store.queries import find_records, record_source
from ui.access import local_zone, open_coordinator_page

OPEN_KEY = "coord_open_record"
NOTICE_KEY = "coord_records_notice"  # a message that outlives the rerun after a proposal  # (table, id), set by other pages to open a record here


def _find(store: Store) -> tuple[str, str] | None:
    opened = st.session_state.get(OPEN_KEY)
    query = st.text_input("Find a service or location by name", key="records_query")
    if query.strip():
        found = find_records(store, query.strip())
        if found.empty:
            st.info("No record with that name.")
        else:
            options = [(r.t, r.id) for r in found.itertuples()]
            labels = {(r.t, r.id): _record_label(r) for r in found.itertuples()}
            choice = st.selectbox("Record", options, format_func=labels.get, key="records_pick")
            if choice:
                st.session_state[OPEN_KEY] = opened = choice
    return opened


def _record_label(r) -> str:  # type: ignore[no-untyped-def]
    """'Low-Barrier Shelter — at Yarrow House (service, demo)'; a place with its owner."""
    where = f" — at {r.context}" if r.t == "service" and r.context else (
        f" — {r.context}" if r.context else "")
    return f"{r.name}{where} ({r.t}, {r.source_id})"


def _phones_text(value: list[dict] | None) -> str:  # type: ignore[type-arg]
    lines = []
    for p in value or []:
        line = p["number"] + (f" x{p['extension']}" if p.get("extension") else "")
        lines.append(line + (f" ({p['type']})" if p.get("type") not in (None, "voice") else ""))
    return "\n".join(lines)


def _parse_phones(text: str) -> list[dict[str, str | None]]:
    phones = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        kind = "voice"
        if line.endswith(")") and "(" in line[-12:]:
            line, kind = line[: line.rindex("(")].strip(), line[line.rindex("(") + 1 : -1]
        number, _, ext = line.partition(" x")
        phones.append({"number": number.strip(), "extension": ext.strip() or None, "type": kind})
    return phones


def _form(table: str, rid: str, values: dict) -> dict:  # type: ignore[type-arg]
    new: dict = {}  # type: ignore[type-arg]
    # after a proposal the form starts again from the live values: new widget keys (a widget
    # keeps what was typed in it through reruns, whatever its session state says)
    gen = st.session_state.get(f"form_gen_{rid}", 0)
    rid = f"{rid}#{gen}" if gen else rid
    new["name"] = st.text_input("Name", values["name"] or "", key=f"f_name_{rid}")
    if table == "service":
        status = values["status"] or "active"
        new["status"] = st.selectbox("Status", STATUSES, index=STATUSES.index(status)
                                     if status in STATUSES else 0, key=f"f_status_{rid}")
        until = values.get("closed_until")
        closed = st.date_input("Temporarily closed until (optional)",
                               date.fromisoformat(until) if until else None,
                               key=f"f_until_{rid}")
        new["closed_until"] = closed.isoformat() if closed else None
        new["eligibility_description"] = st.text_area(
            "Eligibility", values["eligibility_description"] or "", key=f"f_elig_{rid}")
        a1, a2 = st.columns([3, 1])
        new["alert"] = a1.text_input("Alert shown to specialists", values["alert"] or "",
                                     key=f"f_alert_{rid}")
        alert_until = values.get("alert_until")
        shown_until = a2.date_input("Alert shown until (optional)",
                                    date.fromisoformat(alert_until) if alert_until else None,
                                    key=f"f_alert_until_{rid}")
        new["alert_until"] = shown_until.isoformat() if shown_until else None
        langs = st.text_input("Languages (comma separated)",
                              ", ".join(values["languages"] or []), key=f"f_langs_{rid}")
        new["languages"] = [x.strip() for x in langs.split(",") if x.strip()]
    else:
        addr = values["address"] or {}
        cols = st.columns([3, 2, 2, 1, 1])
        parts = ["address_1", "address_2", "city", "state_province", "postal_code"]
        labels = ["Street", "Unit", "City", "State", "ZIP"]
        new["address"] = {p: c.text_input(lbl, addr.get(p) or "", key=f"f_{p}_{rid}")
                          for p, lbl, c in zip(parts, labels, cols, strict=True)}
        private = st.checkbox(PRIVATE_ADDRESS, bool(addr.get("private")),
                              key=f"f_address_private_{rid}")
        new["address"].update(_private_choice(private, bool(addr.get("private"))))
        point = values["point"] or ["", ""]
        c1, c2 = st.columns(2)
        lat = c1.text_input("Latitude", str(point[0]), key=f"f_lat_{rid}")
        lon = c2.text_input("Longitude", str(point[1]), key=f"f_lon_{rid}")
        new["point"] = [lat, lon] if lat.strip() or lon.strip() else None
    new["hours_text"] = st.text_input("Hours (as text)", values["hours_text"] or "",
                                      key=f"f_hours_{rid}")
    phones = st.text_area("Phones (one per line; 'x12' extension, '(text)' type)",
                          _phones_text(values["phones"]), key=f"f_phones_{rid}")
    new["phones"] = _private_phones(_parse_phones(phones), values["phones"], rid)
    return new


PRIVATE_ADDRESS = ("Private address (confidential: never shown to specialists, on the map, "
                   "a slip, a route or an export; the place is shown only coarsely)")


def _private_choice(checked: bool, was: bool) -> dict[str, bool]:
    """The ``private`` key of a changed value: set when checked, False when a coordinator
    unchecks a private one, left out otherwise (the value then compares equal)."""
    return {"private": True} if checked else {"private": False} if was else {}


def _digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit())


def _private_phones(phones: list[dict], old: list[dict] | None,  # type: ignore[type-arg]
                    rid: str) -> list[dict]:  # type: ignore[type-arg]
    """One "private" toggle per phone in the box (checked where the number is private)."""
    was = {_digits(p["number"]) for p in old or [] if p.get("private")}
    if phones:
        st.caption("Private phones are never shown to specialists, on a slip or in an export.")
    seen: dict[str, int] = {}
    for phone in phones:  # keyed by the number: a toggle follows its line when lines move
        digits = _digits(str(phone["number"]))
        seen[digits] = seen.get(digits, 0) + 1
        checked = st.checkbox(f"Private: {phone['number']}", digits in was,
                              key=f"f_phone_private_{rid}_{digits}_{seen[digits]}")
        phone.update(_private_choice(checked, digits in was))
    return phones


def _publish(db: str, action, records: tuple[str, list[str]]):  # type: ignore[no-untyped-def]
    """Apply ``action`` and publish (only what derives from ``records`` is rebuilt):
    (True, its result), or (False, None) after showing every problem."""
    try:
        return True, change(db, action, records=records)
    except EditError as exc:
        for problem in exc.problems:
            st.error(problem)
    except PublishError as exc:
        st.error(str(exc))
    return False, None


def _write(db: str, action, ok: str,  # type: ignore[no-untyped-def]
           records: tuple[str, list[str]]) -> None:
    if _publish(db, action, records)[0]:
        st.success(ok)


def _seen_key(table: str, rid: str) -> str:
    return f"seen_{table}_{rid}"


def _submit(db: str, table: str, rid: str, changes: dict, user, what: str,  # type: ignore[no-untyped-def,type-arg]
            ok: str | None = None, action: str = "edit") -> None:
    """An approver's change goes live; an editor's waits for review (resources.coordinator.review).
    The values shown when the record was opened go along: a field another coordinator saved
    since is refused with what it is now, and the form then shows the record as it is."""
    seen = st.session_state.pop(_seen_key(table, rid), None)
    published, done = _publish(
        db, lambda s: review.submit(s, table, rid, changes, user, action=action, seen=seen),
        (table, [rid]))
    if not published:
        return
    if done.outcome == "pending":
        # the form goes back to the live values (the proposal is listed under it), so a
        # second proposal does not carry the first one again
        st.session_state[NOTICE_KEY] = (f"Sent for review: {what}. An approver applies it; "
                                        "it is not live yet.")
        st.session_state[f"form_gen_{rid}"] = st.session_state.get(f"form_gen_{rid}", 0) + 1
        st.rerun()
    elif done.outcome == "live":
        st.success(ok or f"Saved: {what}.")
    else:
        st.info("Nothing changed.")


def _pending(store: Store, rid: str) -> None:
    """Changes to this record waiting for review, and the last decisions on it."""
    waiting = review.proposals(store, "pending", rid)
    for p in waiting:
        fields = ", ".join(c.label for c in review.field_changes(store, p))
        st.info(f"Waiting for review: {fields} (proposed by {p.proposed_by}).")
    for p in review.proposals(store, None, rid)[-3:]:
        if p.status in ("rejected", "conflict"):
            st.warning(f"Proposal by {p.proposed_by} {p.status}: {p.reason}")


def render() -> None:
    page = open_coordinator_page("Records")
    if page is None:
        return
    store = page.store
    user, cfg = page.user, page.cfg
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.info(notice)
    opened = _find(store)
    if not opened:
        st.caption("Search above, or open a record from the Data quality or Duplicates page.")
        return
    table, rid = opened
    values = current_values(store.con, table, rid)
    # what the coordinator sees now: a save is checked against it (someone else may save
    # the same record meanwhile); taken again after each save or refusal
    st.session_state.setdefault(_seen_key(table, rid), values)
    source = record_source(store, table, rid)
    if source is None:
        st.warning(f"{rid} is no longer in the store (removed by its source).")
        return
    st.header(f"{values['name']}")
    st.caption(f"{table} `{rid}` from source `{source[0]}` "
               f"(id in the source: `{source[1]}`)"
               + (f"; verified {values['assured_date']}" if values.get("assured_date") else ""))
    for c in edits(store.con, conflicts_only=True).itertuples():
        if c.record_id != rid:
            continue
        st.warning(f"Conflict on **{c.field}**: your value {c.value}, the source now says "
                   f"{c.conflict_value or '(record removed)'}")
        a, b = st.columns(2)
        if a.button("Keep mine", key=f"keep_mine_{c.field}"):
            _write(cfg.db_path, lambda s, f=c.field: resolve(s, table, rid, f, "mine", user.name),
                   "Kept your value.", (table, [rid]))
        if b.button("Take the source's", key=f"take_source_{c.field}"):
            _write(cfg.db_path, lambda s, f=c.field: resolve(s, table, rid, f, "source",
                                                             user.name), "Took the source's value.",
                   (table, [rid]))
    new = _form(table, rid, values)
    editable = {f.name for f in FIELDS.values() if f.table == table}
    changes = {k: v for k, v in new.items() if k in editable and _differs(values.get(k), v)}
    left, right = st.columns(2)
    live = user.can("approver")
    if left.button("Save changes" if live else "Propose changes", type="primary",
                   key="records_save"):
        if not changes:
            st.info("Nothing changed.")
        else:
            _submit(cfg.db_path, table, rid, changes, user, ", ".join(sorted(changes)))
    if table == "service" and right.button("Mark verified today", key="records_verify"):
        _submit(cfg.db_path, table, rid, {"assured_date": date.today().isoformat()}, user,
                "verified today", "Marked verified today.", action="verify")
    _pending(store, rid)
    st.divider()
    st.markdown("**Beds available tonight**")
    found = beds.beds_for(store.con, **{f"{table}_ids": [rid]})
    if not found.empty:
        st.caption(beds.label(found.iloc[0]))
    c1, c2, c3 = st.columns([1, 1, 3])
    available = c1.number_input("Available", min_value=0, step=1, key="beds_available")
    total = c2.number_input("Total (0: unknown)", min_value=0, step=1, key="beds_total")
    note = c3.text_input("Note", key="beds_note")
    if st.button("Update beds", key="beds_update"):
        _submit(cfg.db_path, table, rid, {"beds": {"available": int(available),
                                                   "total": int(total) or None,
                                                   "note": note or None}}, user,
                "beds tonight", "Beds updated.")
    st.divider()
    st.markdown("**History**")
    st.dataframe(audit.readable(audit.entries(store.con, record_id=rid), local_zone()),
                 hide_index=True)


def _differs(old: object, new: object) -> bool:
    empty = ("", None, [], {})
    if new in empty and old in empty:
        return False
    if isinstance(new, dict) and not any(new.values()) and old in empty:
        return False
    if isinstance(new, list) and isinstance(old, list) and len(new) == 2 and not isinstance(
            new[0], dict):
        try:
            return [float(x) for x in new] != [float(x) for x in old]
        except (TypeError, ValueError):
            return True
    if isinstance(new, dict) and isinstance(old, dict):
        return any((new.get(k) or None) != (old.get(k) or None) for k in new)
    return new != old


if __name__ == "__main__":
    render()
