"""Nothing the Find page would not show leaves the API without a coordinator token.

The real DC 211 export with privacy flags on the Ayuda records (:mod:`tests.test_privacy`):
a partner crawls every endpoint (every page, every record in full, every record by id, the
ndjson streams, searches near the confidential places) and finds no private street or
number and no service the page does not offer; a coordinator's crawl finds them, so the
check can fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from resources.api.ids import hsds_id
from resources.api.tokens import add_token
from resources.pipeline.load import load_path
from resources.store import Store
from tests.api_helpers import all_pages, serving
from tests.conftest import SHARED, need
from tests.test_privacy import AYUDA, HERMANAS, cut_file, leaks

SEARCHES = [("Hermanas Unidas", "20009"), ("legal help", "20009"),
            ("domestic violence", "20001"), ("shelter", "20001"), ("food", "20009")]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    need(SHARED.is_dir(), "the shared public datasets")
    folder = tmp_path_factory.mktemp("api-privacy")
    db = folder / "dc.duckdb"
    with Store.open(db) as store:
        load_path(store, cut_file(SHARED, folder / "211.csv"), source_id="dc")
        # a service the source keeps but the page never offers
        store.con.execute("UPDATE service SET do_not_refer = true WHERE id = 'dc/373664'")
    tokens = folder / "tokens.json"
    secret = add_token("coord", "coordinator", path=tokens)
    with serving(db, tokens, "--anon-per-minute", "0") as url:
        yield url, secret, db


def _crawl(client: httpx.Client) -> tuple[str, set[str]]:
    """Every response body a caller can get, and every service id seen."""
    bodies: list[str] = []
    ids: set[str] = set()
    for path in ("/services", "/service_at_locations", "/organizations"):
        bodies += [str(item) for item in all_pages(client, path)]  # the list shapes
        # every record in full (the same records as the full pages, in one stream)
        bodies.append(client.get(path, params={"format": "ndjson", "full": "true"}).text)
    services = all_pages(client, "/services")
    ids |= {s["id"] for s in services}
    # by id (the full listings above hold every record): Ayuda's, and a sample
    ayuda = [hsds_id(f"dc/{a}") for a in AYUDA]
    for sid in [*ayuda, *[s["id"] for s in services[::25]]]:
        bodies.append(client.get(f"/services/{sid}").text)
    for org in all_pages(client, "/organizations")[::10]:
        bodies.append(client.get(f"/organizations/{org['id']}",
                                 params={"full_service": "true"}).text)
    for sal in all_pages(client, "/service_at_locations", postcode="20009"):
        bodies.append(client.get(f"/service_at_locations/{sal['id']}").text)
    for need_words, near in SEARCHES:
        bodies.append(client.get("/search", params={"need": need_words, "near": near,
                                                    "limit": 50}).text)
    return "\n".join(bodies), ids


@pytest.fixture(scope="module")
def anonymous(served: tuple[str, str, Path]) -> tuple[str, set[str]]:
    with httpx.Client(base_url=served[0], timeout=120) as client:
        return _crawl(client)


def test_no_private_street_or_number_in_any_anonymous_answer(anonymous: tuple[str, set[str]]):
    text, ids = anonymous
    assert "Hermanas Unidas" in text  # the program is still there (search), coarsely
    assert leaks(text) == []
    assert ids


def test_records_the_page_does_not_offer_are_not_served(served: tuple[str, str, Path],
                                                        anonymous: tuple[str, set[str]]):
    url, secret, db = served
    with Store.open(db, read_only=True) as store:
        hidden = {r[0] for r in store.con.execute(
            "SELECT id FROM service WHERE do_not_refer OR is_private "
            "OR lower(coalesce(status, 'active')) <> 'active'").fetchall()}
        private_locations = [r[0] for r in store.con.execute(
            "SELECT id FROM location WHERE is_private").fetchall()]
    assert "dc/373664" in hidden and private_locations
    _text, ids = anonymous
    assert not ids & {hsds_id(s) for s in hidden}
    with httpx.Client(base_url=url, timeout=60) as client:
        assert client.get(f"/services/{hsds_id('dc/373664')}").status_code == 404
        sals = [client.get(f"/services/{hsds_id(f'dc/{a}')}").json() for a in AYUDA[1:]]
        locations = {sal["location_id"] for s in sals for sal in s.get("service_at_locations", [])}
        assert not locations & {hsds_id(p) for p in private_locations}
        coordinator = {"Authorization": f"Bearer {secret}"}
        assert client.get(f"/services/{hsds_id('dc/373664')}", headers=coordinator
                          ).status_code == 200


def test_a_coordinator_sees_the_private_records(served: tuple[str, str, Path]):
    url, secret, _db = served
    with httpx.Client(base_url=url, timeout=60,
                      headers={"Authorization": f"Bearer {secret}"}) as client:
        record: dict[str, Any] = client.get(f"/services/dc/{HERMANAS}").json()
        text = str(record)
    assert leaks(text)  # the numbers and the street are in the coordinator's answer
