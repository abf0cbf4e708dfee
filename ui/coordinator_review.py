"""Review: editors' proposed changes, field by field, approved or rejected by an approver;
which urgent kinds of an organization's records go live without review."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from resources.coordinator import review
from resources.coordinator.publish import Preview, PublishError, change, preview_import
from resources.coordinator.review import URGENT_KINDS, Proposal, ReviewError
from resources.loaders import LoadError
from resources.store import StoreError
from ui.access import local_zone, open_coordinator_page, require

KIND_LABELS = {"closure": "Closures (temporarily closed, inactive)",
               "alert": "Alerts to specialists", "beds": "Beds tonight"}


def local_time(at: datetime | None) -> str:
    """A time in the reader's own zone (the browser's), e.g. 'Mon 7 Dec, 6:40 PM MST'."""
    if at is None:
        return ""
    local = at.astimezone(local_zone())
    return local.strftime("%a %-d %b, %-I:%M %p %Z")


def _decide(db: str, action, proposal: Proposal, ok: str) -> None:  # type: ignore[no-untyped-def]
    records = None if proposal.table == review.IMPORT else (proposal.table, [proposal.record_id])
    try:
        done = change(db, action, records=records)
    except (ReviewError, PublishError) as exc:
        st.error(str(exc))
        return
    if done.status == "conflict":
        st.warning(f"Not applied: {done.reason}.")
    else:
        st.success(ok)


def _proposal_box(db: str, store, proposal: Proposal, user) -> None:  # type: ignore[no-untyped-def]
    lines = review.field_changes(store, proposal)
    with st.container(border=True, key=f"proposal-{proposal.id}"):
        st.markdown(f"**{proposal.record_name}** · {proposal.table} · proposed by "
                    f"**{proposal.proposed_by}**, {local_time(proposal.proposed_at)}")
        frame = pd.DataFrame([{"Field": c.label, "Before": c.before, "Proposed": c.after,
                               "Now": c.now or ""} for c in lines])
        if not any(c.now for c in lines):
            frame = frame.drop(columns="Now")
        st.table(frame.set_index("Field"))
        conflict = [c.label for c in lines if c.now is not None]
        if conflict:
            st.warning("Changed since it was proposed: " + ", ".join(conflict)
                       + ". Approving will not apply it; reject it, or ask for a new proposal.")
        a, b, c = st.columns([1, 1, 3])
        if a.button("Approve", type="primary", key=f"approve_{proposal.id}"):
            _decide(db, lambda s: review.approve(s, proposal.id, user), proposal,
                    f"Approved: {proposal.record_name} is updated for every specialist.")
        reason = c.text_input("Reason (needed to reject)", key=f"reason_{proposal.id}")
        if b.button("Reject", key=f"reject_{proposal.id}"):
            _decide(db, lambda s: review.reject(s, proposal.id, user, reason), proposal,
                    f"Rejected: {proposal.record_name} stays as it was.")


def _import_box(db: str, proposal: Proposal, user) -> None:  # type: ignore[no-untyped-def]
    """An editor's import: preview it here (what would change), then publish or reject."""
    from ui.coordinator_import import show_preview

    path, kind, source = review.import_args(proposal)
    with st.container(border=True, key=f"proposal-{proposal.id}"):
        st.markdown(f"**{proposal.record_name}** · import proposed by "
                    f"**{proposal.proposed_by}**, {local_time(proposal.proposed_at)} · "
                    f"`{path.name}` ({kind or 'format detected'})")
        key = f"import_preview_{proposal.id}"
        a, b, c = st.columns([1, 1, 3])
        if a.button("Preview", key=f"preview_{proposal.id}"):
            try:
                st.session_state[key] = preview_import(db, path, kind=kind, source_id=source)
            except (LoadError, StoreError, OSError) as exc:
                st.error(f"Cannot read this file: {exc}")
        if isinstance(st.session_state.get(key), Preview):
            show_preview(st.session_state[key])
            if st.button("Publish", type="primary", key=f"publish_{proposal.id}"):
                try:
                    review.approve_import(db, proposal.id, user)
                except (ReviewError, PublishError, LoadError, StoreError) as exc:
                    st.error(str(exc))
                    return
                st.session_state.pop(key, None)
                st.success(f"Published: {proposal.record_name}.")
        reason = c.text_input("Reason (needed to reject)", key=f"reason_{proposal.id}")
        if b.button("Reject", key=f"reject_{proposal.id}"):
            _decide(db, lambda s: review.reject(s, proposal.id, user, reason), proposal,
                    f"Rejected: {proposal.record_name} is not published.")


def _policy(db: str, store, user) -> None:  # type: ignore[no-untyped-def]
    st.header("Live without review")
    st.caption("For an organization's records, an editor's change made only of these kinds "
               "goes live at once (it is still in the audit log).")
    text = st.text_input("Organization name", key="policy_org_query")
    if not text.strip():
        return
    orgs = review.organizations_named(store, text.strip())
    if orgs.empty:
        st.info("No organization with that name.")
        return
    names = dict(zip(orgs["id"], orgs["name"], strict=True))
    org = st.selectbox("Organization", list(names), format_func=names.get, key="policy_org")
    now = review.policy(store, org)
    kinds = [k for k in URGENT_KINDS
             if st.checkbox(KIND_LABELS[k], value=k in now, key=f"policy_{org}_{k}")]
    if st.button("Save", key="policy_save"):
        try:
            change(db, lambda s: review.set_policy(s, org, kinds, user))
        except (ReviewError, PublishError) as exc:
            st.error(str(exc))
            return
        st.success(f"{names[org]}: " + (", ".join(kinds) if kinds else "every change reviewed"))


def render() -> None:
    page = open_coordinator_page("Review")
    if page is None:
        return
    user = require("approver")
    store, db = page.store, page.cfg.db_path
    waiting = review.proposals(store, "pending")
    st.caption(f"{len(waiting)} change{'s' if len(waiting) != 1 else ''} waiting for review, "
               "oldest first. Times are in your own time zone.")
    for proposal in waiting:
        if proposal.table == review.IMPORT:
            _import_box(db, proposal, user)
        else:
            _proposal_box(db, store, proposal, user)
    _policy(db, store, user)
    decided = [p for p in review.proposals(store, None) if p.status != "pending"][-20:]
    if decided:
        st.header("Recently decided")
        st.dataframe(pd.DataFrame([{
            "Record": p.record_name, "Proposed by": p.proposed_by, "Status": p.status,
            "Decided by": p.decided_by, "When": local_time(p.decided_at), "Reason": p.reason or ""}
            for p in reversed(decided)]), hide_index=True)


if __name__ == "__main__":
    render()
