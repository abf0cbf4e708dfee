"""Record editor: validation, audit log, edits that survive re-imports, conflicts, beds."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest
from coord_helpers import MINI, copy_source, edit_csv

from resources.coordinator import audit, beds, quality
from resources.coordinator.edits import (
    EditConflictError,
    EditError,
    current_values,
    resolve,
    save,
    validate,
    verify,
)
from resources.coordinator.publish import change, import_path, open_live


def test_validation_collects_every_problem():
    with pytest.raises(EditError) as err:
        validate("service", {"name": " ", "status": "closed", "phones": ["12"],
                             "closed_until": "tomorrow", "colour": "red"})
    text = str(err.value)
    for expected in ("name is required", "must be one of", "not a phone number", "not a date",
                     "cannot be edited"):
        assert expected in text
    with pytest.raises(EditError, match="ZIP.*5 digits"):
        validate("location", {"address": {"address_1": "1 Main", "city": "X",
                                          "state_province": "CO", "postal_code": "802"}})
    with pytest.raises(EditError, match="not a valid point"):
        validate("location", {"point": [123, 4]})
    ok = validate("service", {"phones": ["303 555 0199", {"number": "988", "type": "text"}],
                              "status": "Temporarily Closed"})
    assert ok["status"] == "temporarily closed" and ok["phones"][1]["type"] == "text"


def test_edits_are_applied_audited_and_searchable(coord_db):
    live_db = coord_db
    until = (date.today() + timedelta(days=10)).isoformat()
    done = change(live_db, lambda s: save(s, "service", "mini/svc-2", {
        "name": "Northside Pantry (Saturdays)", "phones": ["720-555-0123"],
        "languages": ["English", "Somali"], "status": "temporarily closed",
        "closed_until": until}, "carol"))
    assert {c.field for c in done} == {"name", "phones", "languages", "status", "closed_until"}
    change(live_db, lambda s: save(s, "location", "mini/loc-3", {
        "point": [39.7402, -104.9897],
        "address": {"address_1": "1212 Lawrence St", "city": "Denver", "state_province": "co",
                    "postal_code": "80204"}}, "carol"))
    with open_live(live_db) as live:
        values = current_values(live.con, "service", "mini/svc-2")
        assert values["name"] == "Northside Pantry (Saturdays)"
        assert values["phones"] == [{"number": "720-555-0123", "extension": None,
                                     "type": "voice"}]
        assert values["closed_until"] == until
        # a temporarily closed service is never offered
        assert not live.scalar("SELECT count(*) FROM search_index "
                               "WHERE service_id = 'mini/svc-2'")
        loc = live.con.execute("SELECT geo_precision, timezone FROM location "
                               "WHERE id = 'mini/loc-3'").fetchone()
        assert loc == ("exact", "America/Denver")
        log = audit.entries(live.con, user="carol")
        assert len(log) == 7 and set(log["action"]) == {"edit"}
        row = log[log["field"] == "name"].iloc[0]
        assert (row["before"], row["after"]) == ('"Northside Food Pantry"',
                                                 '"Northside Pantry (Saturdays)"')
        exported = pd.read_csv(io.StringIO(audit.to_csv(live.con, user="carol")))
    assert list(exported["user_name"].unique()) == ["carol"] and len(exported) == 7


def test_edit_survives_reimport_and_conflicts_when_the_source_changes(coord_db, tmp_path):
    live_db = coord_db
    change(live_db, lambda s: save(s, "service", "mini/svc-1",
                                   {"name": "Harbor Light Shelter (local name)",
                                    "eligibility_description": "Adults 18+, pets welcome."},
                                   "dana"))
    change(live_db, lambda s: verify(s, "service", "mini/svc-1", "dana"))
    # 1. the source re-sends the same file: edits survive, no conflict
    result = import_path(live_db, MINI, "dana", source_id="mini")
    assert result.conflicts == []
    with open_live(live_db) as live:
        values = current_values(live.con, "service", "mini/svc-1")
    assert values["name"] == "Harbor Light Shelter (local name)"
    assert values["assured_date"] == date.today().isoformat()
    # 2. the source changes the name too: the local edit is kept and flagged
    src = copy_source(MINI, tmp_path / "mini")
    edit_csv(src / "services.csv", {"id": "svc-1"}, name="Harbor Light Overnight Shelter")
    result = import_path(live_db, src, "dana", source_id="mini")
    assert [(c.field, c.source_then, c.source_now) for c in result.conflicts] == [
        ("name", "Harbor Light Night Shelter", "Harbor Light Overnight Shelter")]
    with open_live(live_db) as live:
        assert current_values(live.con, "service", "mini/svc-1")["name"] == (
            "Harbor Light Shelter (local name)")
        listed = quality.edit_conflicts(live.con)
        assert list(listed["record_id"]) == ["mini/svc-1"]
        assert "Harbor Light Overnight Shelter" in listed["detail"].iloc[0]
    # 3. the coordinator takes the source's value: the edit is gone, the source wins
    change(live_db, lambda s: resolve(s, "service", "mini/svc-1", "name", "source", "dana"))
    with open_live(live_db) as live:
        assert current_values(live.con, "service", "mini/svc-1")["name"] == (
            "Harbor Light Overnight Shelter")
        assert quality.edit_conflicts(live.con).empty
        actions = list(audit.entries(live.con, user="dana")["action"])
    assert actions[0] == "resolve" and "verify" in actions and actions.count("import") == 2


def test_beds_report_with_age_and_who(coord_db):
    live_db = coord_db
    with pytest.raises(EditError, match="cannot exceed"):
        change(live_db, lambda s: beds.set_beds(s, "service", "mini/svc-1", 50, "erin",
                                                total=40))
    earlier = datetime.now(UTC) - timedelta(hours=20)
    change(live_db, lambda s: beds.set_beds(s, "service", "mini/svc-1", 3, "erin", total=40,
                                            now=earlier))
    change(live_db, lambda s: beds.set_beds(s, "service", "mini/svc-1", 7, "erin", total=40))
    import_path(live_db, MINI, "erin", source_id="mini")  # reports survive re-imports
    with open_live(live_db) as live:
        found = beds.beds_for(live.con, service_ids=["mini/svc-1", "mini/svc-2"])
        assert list(found["beds_available"]) == [7] and not found["stale"].iloc[0]
        assert beds.label(found.iloc[0]).startswith("7 beds free (of 40) · updated 0 min ago by erin")
        log = audit.entries(live.con, action="beds")
    assert list(log["after"]) == ["7", "3"]
    old = {"beds_available": 1, "beds_total": None, "updated_at": earlier, "updated_by": "erin"}
    assert beds.label(old).endswith("call to check")


def test_an_edit_over_a_value_changed_since_it_was_opened_is_refused(coord_db):
    with open_live(coord_db) as live:
        opened = current_values(live.con, "service", "mini/svc-1")
    change(coord_db, lambda s: save(s, "service", "mini/svc-1", {"name": "First (Ana)"}, "ana",
                                    seen=opened))
    with pytest.raises(EditConflictError, match=r"changed by someone else.*First \(Ana\)"):
        change(coord_db, lambda s: save(s, "service", "mini/svc-1", {"name": "Second (Ben)"},
                                        "ben", seen=opened))
    # a field nobody else changed still saves against what was seen
    change(coord_db, lambda s: save(s, "service", "mini/svc-1",
                                    {"eligibility_description": "Adults."}, "ben", seen=opened))
    with open_live(coord_db) as live:
        values = current_values(live.con, "service", "mini/svc-1")
        users = list(audit.entries(live.con, record_id="mini/svc-1", action="edit")["user_name"])
    assert values["name"] == "First (Ana)" and values["eligibility_description"] == "Adults."
    assert users == ["ben", "ana"]
