"""Review before publish: an editor proposes, an approver approves or rejects.

The directory is what a crisis line reads out, so a change by an *editor* waits as a
proposal until an *approver* (or an admin) approves it; an approver's own change goes live at
once (:mod:`resources.coordinator.auth` has the roles). A proposal keeps the record's values as they were
when it was made: when the record changed in the meantime (a re-import, another edit), the
approval is refused and the proposal marked ``conflict``: it is never applied blindly.

Urgent kinds (a closure, an alert, beds tonight) can be let through without review, per
organization (:func:`set_policy`): an editor's change made only of those kinds goes live at
once, audited as such.
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from resources.coordinator import audit, beds, edits
from resources.coordinator.audit import to_json
from resources.coordinator.auth import User
from resources.coordinator.edits import EditError, current_values
from resources.coordinator.fields import BEDS, FIELDS, show_value
from resources.coordinator.publish import change, open_live, preview_import, publish
from resources.errors import ResourcesError
from resources.store import Store, review_sql
from resources.store.coord_sql import ensure_coord_tables, has_table
from resources.store.queries import record_source

URGENT_KINDS = ("closure", "alert", "beds")
CLOSING = ("temporarily closed", "inactive", "defunct")


class ReviewError(ResourcesError, ValueError):
    """A proposal that cannot be decided (gone, already decided, no reason, no right)."""


@dataclass(frozen=True)
class Proposal:
    id: int
    table: str
    record_id: str
    record_name: str
    changes: dict[str, Any]
    before: dict[str, Any]
    proposed_by: str
    proposed_at: datetime
    status: str
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str | None = None


@dataclass(frozen=True)
class FieldChange:
    """One line of a readable before/after: the field's label and the values as text."""

    field: str
    label: str
    before: str
    after: str
    now: str | None = None  # the value today, when it is no longer ``before`` (a conflict)


@dataclass(frozen=True)
class Submitted:
    outcome: str  # live | pending | nothing
    changes: list[str] = field(default_factory=list)
    proposal_id: int | None = None


def urgent_kind(name: str, value: Any) -> str | None:
    """Which urgent kind a change of one field is, if any (a closure only when it closes)."""
    if name == "closed_until" or (name == "status" and value in CLOSING):
        return "closure"
    if name in ("alert", "alert_until"):
        return "alert"
    if name == BEDS:
        return "beds"
    return None


def live_without_review(store: Store, table: str, record_id: str,
                        changes: dict[str, Any]) -> bool:
    """Every field of the change is an urgent kind the record's organization lets through."""
    org = review_sql.organization_of(store.con, table, record_id)
    allowed = review_sql.policy_kinds(store.con, org) if org else set()
    kinds = {urgent_kind(k, v) for k, v in changes.items()}
    return bool(changes) and None not in kinds and kinds <= allowed


def submit(store: Store, table: str, record_id: str, changes: dict[str, Any], user: User, *,
           now: datetime | None = None, action: str = "edit",
           seen: dict[str, Any] | None = None) -> Submitted:
    """An edit from the Records page: live for an approver (or an urgent kind the
    organization lets through), a proposal for an editor. Problems raise :class:`EditError`.
    ``action`` names a live change in the audit log (``verify`` for "verified today").
    ``seen``: the values the coordinator saw when opening the record; a field changed by
    someone else since raises :class:`edits.EditConflictError` (checked again under the
    record's lock when the change goes live)."""
    ensure_coord_tables(store.con)
    now = now or datetime.now(UTC)
    bed_report = changes.get(BEDS)
    cleaned = edits.validate(table, {k: v for k, v in changes.items() if k != BEDS})
    before = current_values(store.con, table, record_id)
    if seen is not None:
        edits.check_seen(table, record_id, cleaned, seen, before)
    changed = {k: v for k, v in cleaned.items() if to_json(before.get(k)) != to_json(v)}
    if bed_report is not None:
        changed[BEDS] = _clean_beds(bed_report)
    if not changed:
        return Submitted("nothing")
    if user.can("approver") or live_without_review(store, table, record_id, changed):
        _apply(store, table, record_id, changed, user.name, now, action, seen)
        return Submitted("live", sorted(changed))
    name = str(before.get("name") or record_id)
    pid = review_sql.insert_proposal(
        store.con, table, record_id, name, to_json(changed) or "{}",
        to_json({k: before.get(k) for k in changed if k != BEDS}) or "{}", user.name, now)
    audit.record(store.con, user.name, "propose", table=table, record_id=record_id,
                 field=", ".join(sorted(changed)), after=changed, note=f"proposal {pid}", at=now)
    return Submitted("pending", sorted(changed), pid)


def _clean_beds(report: dict[str, Any]) -> dict[str, Any]:
    available, total = report.get("available"), report.get("total")
    problems = []
    if not isinstance(available, int) or isinstance(available, bool) or available < 0:
        problems.append("beds available must be a whole number, 0 or more")
    if total is not None and (not isinstance(total, int) or total < 0):
        problems.append("total beds must be a whole number, 0 or more")
    if problems:
        raise EditError(problems)
    return {"available": available, "total": total, "note": report.get("note") or None}


def _apply(store: Store, table: str, record_id: str, changes: dict[str, Any], user: str,
           now: datetime, action: str = "edit", seen: dict[str, Any] | None = None) -> None:
    fields = {k: v for k, v in changes.items() if k != BEDS}
    if fields:
        edits.save(store, table, record_id, fields, user, action=action, now=now, seen=seen)
    if BEDS in changes:
        b = changes[BEDS]
        beds.set_beds(store, table, record_id, b["available"], user, total=b["total"],
                      note=b["note"], now=now)


def _proposal(row: dict[str, Any]) -> Proposal:
    return Proposal(
        id=int(row["id"]), table=str(row["table_name"]), record_id=str(row["record_id"]),
        record_name=str(row["record_name"] or row["record_id"]),
        changes=json.loads(str(row["changes"])), before=json.loads(str(row["before"])),
        proposed_by=str(row["proposed_by"]), proposed_at=_utc(row["proposed_at"]),
        status=str(row["status"]), decided_by=row["decided_by"],
        decided_at=_utc(row["decided_at"]), reason=row["reason"])


def _utc(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return None if value is None or value != value else value


def proposals(store: Store, status: str | None = "pending",
              record_id: str | None = None) -> list[Proposal]:
    """Proposals (pending ones by default), oldest first."""
    if not has_table(store.con, "proposal"):  # a store from before review (read-only)
        return []
    frame = review_sql.proposals(store.con, status, record_id)
    return [_proposal(r) for r in frame.to_dict("records")]


def get(store: Store, proposal_id: int) -> Proposal:
    row = review_sql.proposal(store.con, proposal_id)
    if row is None:
        raise ReviewError(f"no proposal {proposal_id}")
    return _proposal(row)


def changed_meanwhile(store: Store, proposal: Proposal) -> dict[str, Any]:
    """field -> value now, for the fields whose value is no longer what the editor saw."""
    if record_source(store, proposal.table, proposal.record_id) is None:
        return {"(record)": "removed by its source"}
    now = current_values(store.con, proposal.table, proposal.record_id)
    return {k: now.get(k) for k, was in proposal.before.items()
            if to_json(now.get(k)) != to_json(was)}


def field_changes(store: Store, proposal: Proposal) -> list[FieldChange]:
    """The proposal as a readable before/after, field by field."""
    meanwhile = changed_meanwhile(store, proposal)
    out = []
    for name, after in proposal.changes.items():
        spec = FIELDS.get((proposal.table, name))
        label = spec.label if spec else ("Beds tonight" if name == BEDS else name)
        kind = spec.kind if spec else name
        now = show_value(kind, meanwhile[name]) if name in meanwhile else None
        out.append(FieldChange(name, label, show_value(kind, proposal.before.get(name)),
                               show_value(kind, after), now))
    return out


def approve(store: Store, proposal_id: int, user: User, *,
            now: datetime | None = None) -> Proposal:
    """Apply a pending proposal. When the record changed since it was proposed it is not
    applied: the proposal comes back marked ``conflict`` with the reason (kept, so the editor
    sees it)."""
    _need_approver(user)
    now = now or datetime.now(UTC)
    proposal = get(store, proposal_id)
    if proposal.status != "pending":
        raise ReviewError(f"proposal {proposal_id} is {proposal.status}, not pending")
    meanwhile = changed_meanwhile(store, proposal)
    if meanwhile:
        what = ", ".join(sorted(meanwhile))
        reason = f"the record changed since it was proposed ({what}): propose again"
        review_sql.decide(store.con, proposal_id, "conflict", user.name, now, reason)
        audit.record(store.con, user.name, "conflict", table=proposal.table,
                     record_id=proposal.record_id, field=what,
                     note=f"proposal {proposal_id} not applied", at=now)
        return get(store, proposal_id)
    # (all on the writable copy that resources.coordinator.publish.change swaps in whole, or not at all)
    _apply(store, proposal.table, proposal.record_id, proposal.changes, proposal.proposed_by,
           now)
    review_sql.decide(store.con, proposal_id, "approved", user.name, now, None)
    audit.record(store.con, user.name, "approve", table=proposal.table,
                 record_id=proposal.record_id, field=", ".join(sorted(proposal.changes)),
                 note=f"proposal {proposal_id} by {proposal.proposed_by}", at=now)
    return get(store, proposal_id)


def reject(store: Store, proposal_id: int, user: User, reason: str, *,
           now: datetime | None = None) -> Proposal:
    """Close a pending proposal without applying it; the reason is required."""
    _need_approver(user)
    if not reason.strip():
        raise ReviewError("say why the change is rejected (the editor reads it)")
    now = now or datetime.now(UTC)
    proposal = get(store, proposal_id)
    if proposal.status != "pending":
        raise ReviewError(f"proposal {proposal_id} is {proposal.status}, not pending")
    review_sql.decide(store.con, proposal_id, "rejected", user.name, now, reason.strip())
    audit.record(store.con, user.name, "reject", table=proposal.table,
                 record_id=proposal.record_id, field=", ".join(sorted(proposal.changes)),
                 note=f"proposal {proposal_id} by {proposal.proposed_by}: {reason.strip()}",
                 at=now)
    return get(store, proposal_id)


# -- imports by an editor ----------------------------------------------------------------------
IMPORT = "import"  # a proposal's table_name for a whole file waiting to be published


def submit_import(store: Store, db: str | Path, path: str | Path, kind: str | None,
                  source_id: str | None, user: User, *, now: datetime | None = None) -> int:
    """An editor's import: the uploaded file(s) are kept beside the store (in
    ``pending-imports/``) until an approver previews and publishes them (:func:`approve_import`)
    or rejects them. Returns the proposal id."""
    ensure_coord_tables(store.con)
    now = now or datetime.now(UTC)
    path = Path(path)
    folder = Path(db).resolve().parent / "pending-imports" / uuid.uuid4().hex[:12]
    shutil.copytree(path if path.is_dir() else path.parent, folder)
    target = folder if path.is_dir() else folder / path.name
    what = {"file": str(target), "format": kind or "detect", "source": source_id or "(from the file name)"}
    name = f"Import of {source_id or path.name}"
    pid = review_sql.insert_proposal(store.con, IMPORT, source_id or path.name, name,
                                     to_json(what) or "{}", "{}", user.name, now)
    audit.record(store.con, user.name, "propose import", record_id=source_id or path.name,
                 after=what, note=f"proposal {pid}", at=now)
    return pid


def import_args(proposal: Proposal) -> tuple[Path, str | None, str | None]:
    """(path, kind, source id) of an import proposal, for :func:`resources.coordinator.publish.preview_import`."""
    c = proposal.changes
    kind = None if c.get("format") in (None, "detect") else str(c["format"])
    source = None if str(c.get("source", "")).startswith("(") else str(c["source"])
    return Path(str(c["file"])), kind, source


def approve_import(db: str | Path, proposal_id: int, user: User) -> Any:
    """Preview the editor's file again and publish it (one transaction, as every import);
    then mark the proposal approved. Returns the publish result."""
    _need_approver(user)
    with open_live(db) as live:
        proposal = get(live, proposal_id)
    if proposal.status != "pending" or proposal.table != IMPORT:
        raise ReviewError(f"proposal {proposal_id} is not a pending import")
    path, kind, source = import_args(proposal)
    if not path.exists():
        raise ReviewError(f"the uploaded file is gone ({path}): ask for the import again")
    result = publish(db, preview_import(db, path, kind=kind, source_id=source), user.name)

    def mark(store: Store) -> None:
        now = datetime.now(UTC)
        review_sql.decide(store.con, proposal_id, "approved", user.name, now, None)
        audit.record(store.con, user.name, "approve", record_id=proposal.record_id,
                     note=f"import proposal {proposal_id} by {proposal.proposed_by}", at=now)

    change(db, mark)
    return result


def organizations_named(store: Store, text: str, limit: int = 50) -> Any:
    """Organizations whose name holds ``text`` (id, name), for picking whose policy to set."""
    return review_sql.organizations_named(store.con, text, limit)


def policy(store: Store, organization_id: str) -> set[str]:
    if not has_table(store.con, "review_policy"):
        return set()
    return review_sql.policy_kinds(store.con, organization_id)


def set_policy(store: Store, organization_id: str, kinds: Iterable[str], user: User, *,
               now: datetime | None = None) -> None:
    """Which urgent kinds of an organization's records go live without review."""
    _need_approver(user)
    kinds = set(kinds)
    unknown = kinds - set(URGENT_KINDS)
    if unknown:
        raise ReviewError(f"unknown kinds {sorted(unknown)}: use {', '.join(URGENT_KINDS)}")
    ensure_coord_tables(store.con)
    now = now or datetime.now(UTC)
    before = review_sql.policy_kinds(store.con, organization_id)
    review_sql.set_policy(store.con, organization_id, kinds, user.name, now)
    audit.record(store.con, user.name, "review policy", table="organization",
                 record_id=organization_id, before=sorted(before), after=sorted(kinds), at=now)


def _need_approver(user: User) -> None:
    if not user.can("approver"):
        raise ReviewError(f"{user.name} ({user.role}) cannot approve: an approver or admin can")
