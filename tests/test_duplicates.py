"""Duplicates across sources: candidates by place and name, decisions that persist."""

from __future__ import annotations

import pytest
from coord_helpers import OTHER

from resources.coordinator import audit
from resources.coordinator.duplicates import (
    Thresholds,
    also_listed_by,
    candidates,
    decide,
    decisions,
    merged_away,
    normalize_address,
)
from resources.coordinator.edits import EditError
from resources.coordinator.publish import change, import_path, open_live
from resources.store.coord_sql import NOT_MERGED_AWAY


def test_candidates_pair_the_same_shelter_across_sources(coord_db):
    with open_live(coord_db) as live:
        pairs = candidates(live.con)
        none_near = candidates(live.con, thresholds=Thresholds(max_m=20))
    assert list(zip(pairs["a_id"], pairs["b_id"], strict=True)) == [("mini/svc-1", "other/s1")]
    row = pairs.iloc[0]
    assert row["meters"] < 200 and row["name_score"] >= 80 and row["address_score"] >= 90
    assert none_near.empty  # the two points are about 60 m apart
    assert normalize_address("1200 Lawrence Street") == normalize_address("1200 lawrence st.")
    assert normalize_address(float("nan")) == normalize_address(None) == ""  # a missing one


def test_merge_decision_persists_across_reimports_and_hides_one(coord_db):
    with pytest.raises(EditError, match="record to keep"):
        change(coord_db, lambda s: decide(s, "mini/svc-1", "other/s1", "merge", "fay"))
    change(coord_db, lambda s: decide(s, "other/s1", "mini/svc-1", "merge", "fay",
                                     keep="mini/svc-1", note="same shelter"))
    import_path(coord_db, OTHER, "fay", source_id="other")  # the other source re-imported
    with open_live(coord_db) as live:
        assert candidates(live.con).empty  # decided pairs are not proposed again
        again = candidates(live.con, include_decided=True)
        assert list(again["decision"]) == ["merge"]
        assert merged_away(live.con) == {"other/s1"}
        kept = decisions(live.con)
        assert (kept["a_id"].iloc[0], kept["b_id"].iloc[0], kept["keep"].iloc[0]) == (
            "mini/svc-1", "other/s1", "a")
        # the search-index build can leave the merged-away record out with one predicate
        shown = live.con.execute(
            f"SELECT s.id FROM service s WHERE s.name LIKE 'Harbor Light Night%' "
            f"AND {NOT_MERGED_AWAY}").fetchall()
        assert shown == [("mini/svc-1",)]
        # ... and does: searches offer the kept record only
        offered = live.con.execute(
            "SELECT DISTINCT service_id FROM search_index WHERE service_id IN "
            "('mini/svc-1', 'other/s1')").fetchall()
        assert offered == [("mini/svc-1",)]
        # both provenances are kept
        assert list(also_listed_by(live.con, ["mini/svc-1"])["merged_source"]) == ["other"]
        assert list(audit.entries(live.con, action="duplicate")["user_name"]) == ["fay"]


def test_keep_apart_is_remembered(coord_db):
    change(coord_db, lambda s: decide(s, "mini/svc-1", "other/s1", "apart", "gus"))
    with open_live(coord_db) as live:
        assert candidates(live.con).empty and merged_away(live.con) == set()
