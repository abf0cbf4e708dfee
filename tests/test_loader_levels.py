"""Services listed at another level in any format: a place that says what it offers or
when, and holds no service, is a service there (real Ohana San Mateo County directory)."""

from __future__ import annotations

import pytest

from resources.coordinator.searchability import report
from resources.pipeline.load import load_path
from resources.store import Store


@pytest.fixture(scope="module")
def smc(tmp_path_factory):
    from tests.conftest import SHARED, need

    need(SHARED.is_dir(), "the shared public datasets")
    store = Store.open(":memory:")
    result = load_path(store, SHARED / "ohana-smc-2014", source_id="smc")
    yield store, result
    store.close()


def test_farmers_markets_listed_as_places_are_services_there(smc):
    store, result = smc
    markets = store.df(
        "SELECT s.id, s.name, s.organization_id, l.id AS location_id, l.hours_text, "
        "l.organization_id AS place_org FROM service s "
        "JOIN service_at_location x ON x.service_id = s.id "
        "JOIN location l ON l.id = x.location_id WHERE s.name LIKE '%Farmers%Market%'")
    assert len(markets) >= 19
    belmont = markets[markets["name"] == "Belmont Farmers' Market"].iloc[0]
    assert belmont["id"] == belmont["location_id"] + "-service"
    assert belmont["organization_id"] == belmont["place_org"]  # referenced, not copied
    assert "Sunday 9:00 AM to 1:00 PM" in belmont["hours_text"]
    # the hours engine reads the place's hours for the new service
    assert store.scalar("SELECT count(*) FROM hours_records WHERE service_id = ?",
                        [belmont["id"]]) == 1
    assert any("hold no service" in i.problem and i.severity == "info" for i in result.issues)


def test_report_counts_places_that_describe_a_service(smc):
    store, _ = smc
    [rep] = report(store, "smc")
    assert rep.service_rows == rep.services == 1695 + 20
    assert rep.searchable >= 0.95 * rep.service_rows
    assert rep.located_exact > 1400 and rep.by_area > 200
