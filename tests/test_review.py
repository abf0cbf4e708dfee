"""Review before publish: an editor's change waits for an approver; approving applies it,
rejecting needs a reason, a record changed meanwhile is a conflict (never applied blindly);
urgent kinds go live without review where the organization allows it."""

from __future__ import annotations

import pytest

from resources.coordinator import review
from resources.coordinator.auth import User, can
from resources.coordinator.edits import EditError, current_values, save
from resources.coordinator.publish import change, open_live
from resources.coordinator.review import ReviewError

EDITOR = User("eddie", "editor")
APPROVER = User("ada", "approver")
LEGACY = User("cora", "coordinator")  # a users file from before review: an approver
SHELTER = "mini/svc-1"


def _submit(db, changes, user=EDITOR, rid=SHELTER, table="service"):
    return change(db, lambda s: review.submit(s, table, rid, changes, user),
                  records=(table, [rid]))


def _values(db, rid=SHELTER, table="service"):
    with open_live(db) as live:
        return current_values(live.con, table, rid)


def test_roles():
    assert can("editor", "coordinator") and not can("editor", "approver")
    assert can("coordinator", "approver") and can("admin", "approver")
    assert not can("specialist", "coordinator")


def test_editor_proposes_approver_approves(live_db):
    sent = _submit(live_db, {"hours_text": "Mo-Su 17:00-08:00", "alert": "Side door"})
    assert sent.outcome == "pending" and sent.changes == ["alert", "hours_text"]
    assert _values(live_db)["hours_text"] is None  # not live yet
    with open_live(live_db) as live:
        (pending,) = review.proposals(live)
        lines = {c.label: (c.before, c.after, c.now) for c in review.field_changes(live, pending)}
    assert pending.record_name == "Harbor Light Night Shelter"
    assert pending.proposed_by == "eddie"
    assert lines["Hours (as text)"] == ("—", "Mo-Su 17:00-08:00", None)
    with pytest.raises(ReviewError, match="cannot approve"):
        change(live_db, lambda s: review.approve(s, pending.id, EDITOR))
    done = change(live_db, lambda s: review.approve(s, pending.id, LEGACY),
                  records=("service", [SHELTER]))
    assert done.status == "approved" and done.decided_by == "cora"
    values = _values(live_db)
    assert values["hours_text"] == "Mo-Su 17:00-08:00" and values["alert"] == "Side door"
    with open_live(live_db) as live:
        log = live.df("SELECT user_name, action FROM audit_log WHERE action <> 'import' "
                      "ORDER BY seq")
        assert live.scalar("SELECT hours_status FROM search_index "
                           "WHERE service_id = ?", [SHELTER]) == "parsed"
    assert [tuple(r) for r in log.itertuples(index=False)] == [
        ("eddie", "propose"), ("eddie", "edit"), ("eddie", "edit"), ("cora", "approve")]


def test_rejected_change_never_shows_and_needs_a_reason(live_db):
    sent = _submit(live_db, {"name": "Wrong Name"})
    with pytest.raises(ReviewError, match="say why"):
        change(live_db, lambda s: review.reject(s, sent.proposal_id, APPROVER, "  "))
    done = change(live_db, lambda s: review.reject(s, sent.proposal_id, APPROVER,
                                                   "Name is right as it is"))
    assert done.status == "rejected" and done.reason == "Name is right as it is"
    assert _values(live_db)["name"] == "Harbor Light Night Shelter"
    with pytest.raises(ReviewError, match="rejected, not pending"):
        change(live_db, lambda s: review.approve(s, sent.proposal_id, APPROVER))


def test_a_record_changed_meanwhile_is_a_conflict_not_applied(live_db):
    sent = _submit(live_db, {"phones": ["720-555-0111"]})
    # an approver changes the phones directly before the proposal is reviewed
    change(live_db, lambda s: save(s, "service", SHELTER, {"phones": ["720-555-0199"]}, "ada"))
    with open_live(live_db) as live:
        (pending,) = review.proposals(live)
        (line,) = review.field_changes(live, pending)
    assert line.now == "720-555-0199"  # shown to the approver
    done = change(live_db, lambda s: review.approve(s, sent.proposal_id, APPROVER))
    assert done.status == "conflict" and "changed since it was proposed (phones)" in done.reason
    assert _values(live_db)["phones"][0]["number"] == "720-555-0199"
    with open_live(live_db) as live:
        assert review.proposals(live, status="conflict")[0].id == sent.proposal_id


def test_an_approvers_change_goes_live(live_db):
    sent = _submit(live_db, {"eligibility_description": "Adults 18+, pets welcome"}, APPROVER)
    assert sent.outcome == "live"
    assert _values(live_db)["eligibility_description"] == "Adults 18+, pets welcome"


def test_urgent_kinds_go_live_where_the_organization_allows(live_db):
    closing = {"status": "temporarily closed", "closed_until": "2099-01-01"}
    assert _submit(live_db, closing).outcome == "pending"
    with pytest.raises(ReviewError, match="cannot approve"):
        change(live_db, lambda s: review.set_policy(s, "mini/org-1", ["closure"], EDITOR))
    change(live_db, lambda s: review.set_policy(s, "mini/org-1", ["closure", "beds"], APPROVER))
    assert _submit(live_db, closing).outcome == "live"
    assert _values(live_db)["status"] == "temporarily closed"
    # an alert is not let through for this organization; beds are
    assert _submit(live_db, {"alert": "Flooded"}).outcome == "pending"
    assert _submit(live_db, {"beds": {"available": 2, "total": 40}}).outcome == "live"
    # a mix with a field that is not urgent waits
    assert _submit(live_db, {"status": "inactive", "name": "X"}).outcome == "pending"
    with pytest.raises(ReviewError, match="unknown kinds"):
        change(live_db, lambda s: review.set_policy(s, "mini/org-1", ["name"], APPROVER))


def test_bad_values_are_refused_before_anything_waits(live_db):
    with pytest.raises(EditError, match="not a phone number"):
        _submit(live_db, {"phones": ["12"]})
    with pytest.raises(EditError, match="beds available"):
        _submit(live_db, {"beds": {"available": -1}})
    with open_live(live_db) as live:
        assert review.proposals(live) == []


def test_audit_names_records_in_local_time_with_readable_values(live_db):
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    from resources.coordinator import audit

    change(live_db, lambda s: save(s, "service", SHELTER, {
        "phones": [{"number": "720-555-0199", "extension": "12", "type": "voice"}],
        "languages": ["English", "Somali"]}, "ada"))
    with open_live(live_db) as live:
        frame = audit.entries(live.con, record="night shelter")
        shown = audit.readable(frame, ZoneInfo("America/Denver"))
        soon = datetime.now(UTC) + timedelta(hours=1)
        assert audit.entries(live.con, record="night shelter", since=soon).empty
        assert len(audit.entries(live.con, user="ada", until=soon)) == 2
        csv_text = audit.to_csv(live.con, record="night shelter")
    assert set(shown["Record"]) == {"Harbor Light Night Shelter (mini/svc-1)"}
    phones = shown[shown["Field"] == "Phones"].iloc[0]
    assert phones["Before"] == "(303) 555-0101" and phones["After"] == "720-555-0199 x12"
    langs = shown[shown["Field"] == "Languages"].iloc[0]
    assert langs["After"] == "English, Somali"
    assert shown["When"].str.endswith(("MST", "MDT")).all()
    assert "Harbor Light Night Shelter" in csv_text


def test_an_editors_import_waits_until_an_approver_publishes_it(live_db, tmp_path):
    from coord_helpers import OTHER, copy_source, edit_csv

    src = copy_source(OTHER, tmp_path / "county-211")
    edit_csv(src / "services.csv", {"id": "s2"}, name="Harbor Light Winter Coats")
    pid = change(live_db, lambda s: review.submit_import(s, live_db, src, None, "other", EDITOR))
    held = live_db.parent / "pending-imports"
    assert any(held.rglob("services.csv"))  # kept beside the store, not in a temp folder
    with open_live(live_db) as live:
        assert live.scalar("SELECT count(*) FROM service WHERE name = "
                           "'Harbor Light Winter Coats'") == 0
        (pending,) = review.proposals(live)
    assert pending.table == "import" and pending.proposed_by == "eddie"
    with pytest.raises(ReviewError, match="cannot approve"):
        review.approve_import(live_db, pid, EDITOR)
    review.approve_import(live_db, pid, APPROVER)
    with open_live(live_db) as live:
        assert live.scalar("SELECT service_name FROM search_index "
                           "WHERE service_id = 'other/s2'") == "Harbor Light Winter Coats"
        assert review.get(live, pid).status == "approved"


def test_an_editors_privacy_toggle_waits_for_review_then_hides_the_phone(live_db):
    """Marking a phone private is a field change like any other: proposed by an editor,
    shown to the approver as "(private)", live only once approved; unmarking it (an explicit
    False) makes it public again, while an edit that leaves the toggle out keeps it private."""
    rid, number = "mini/svc-2", "(303) 555-0102"
    sent = _submit(live_db, {"phones": [{"number": number, "private": True}]}, rid=rid)
    assert sent.outcome == "pending"
    with open_live(live_db) as live:
        (pending,) = review.proposals(live)
        (line,) = review.field_changes(live, pending)
        assert line.after == f"{number} (private)"
        assert not live.scalar("SELECT is_private FROM phone WHERE service_id = ?", [rid])
    change(live_db, lambda s: review.approve(s, pending.id, APPROVER), records=("service", [rid]))
    with open_live(live_db) as live:
        assert live.scalar("SELECT is_private FROM phone WHERE service_id = ?", [rid]) is True
        row = live.df("SELECT service_phones, hidden_phones FROM search_index "
                      "WHERE service_id = ?", [rid]).iloc[0]
        assert "555-0102" not in str(row["service_phones"]) and row["hidden_phones"] == 1
    # an edit of the number alone keeps it private; an explicit False publishes it
    _submit(live_db, {"phones": [{"number": "303-555-0102"}]}, user=APPROVER, rid=rid)
    assert _values(live_db, rid)["phones"] == [
        {"number": "303-555-0102", "extension": None, "type": "voice", "private": True}]
    _submit(live_db, {"phones": [{"number": "303-555-0102", "private": False}]},
            user=APPROVER, rid=rid)
    assert "private" not in _values(live_db, rid)["phones"][0]
