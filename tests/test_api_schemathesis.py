"""schemathesis against the running service: with our own OpenAPI document (``/openapi.json``:
valid requests answered as documented, invalid ones refused with a 4xx, never a 5xx) and
with the Open Referral HSDS 3.0 document (``../shared/data/hsds3-spec/schema/openapi.json``,
its schema links pointed at the local copies: every answer has the document's shape).

A fixed example budget per operation, derandomized: the same requests every run.

Against the HSDS document two checks are left out, because the document cannot pass them
as written: it declares only 200 for each operation (so a 404 for an unknown id, or a 422
for ``page=-3``, counts as "undocumented"), and its parameters are unconstrained (``page``
any integer, ``proximity`` any string), so refusing a meaningless value counts as rejecting
valid data. Our own document declares both, and both checks run against it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hypothesis
import pytest
from hypothesis import HealthCheck

from resources.api.tokens import add_token
from tests.api_helpers import SPEC, hsds_document, serving
from tests.conftest import need

EXAMPLES = 25  # per operation and generation mode

OWN = ["GET /", "GET /services", "GET /services/{id}", "GET /organizations",
       "GET /organizations/{id}", "GET /service_at_locations", "GET /service_at_locations/{id}",
       "GET /taxonomies", "GET /taxonomies/{id}", "GET /taxonomy_terms",
       "GET /taxonomy_terms/{id}", "GET /search", "GET /health"]
HSDS = [label for label in OWN if label not in ("GET /search", "GET /health")]


@pytest.fixture(scope="module")
def url(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    need(SPEC.is_dir(), "the HSDS 3.0 specification in ../shared/data/hsds3-spec")
    tokens = tmp_path_factory.mktemp("api-st") / "tokens.json"
    add_token("nobody", "partner", path=tokens)
    with serving(demo_db, tokens, "--anon-per-minute", "0") as base:
        yield base


@pytest.fixture(scope="module")
def own_schema(url: str) -> Any:
    import schemathesis

    return schemathesis.openapi.from_url(f"{url}/openapi.json")


@pytest.fixture(scope="module")
def hsds_schema() -> Any:
    import schemathesis

    return schemathesis.openapi.from_dict(hsds_document())


def _run(schema: Any, label: str, url: str, negative: bool = False,
         excluded: tuple[Any, ...] = ()) -> None:
    import schemathesis

    operation = schema.find_operation_by_label(label)
    assert operation is not None, f"{label} is not in the document"
    mode = schemathesis.GenerationMode.NEGATIVE if negative \
        else schemathesis.GenerationMode.POSITIVE

    @hypothesis.settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                         suppress_health_check=list(HealthCheck), phases=[
                             hypothesis.Phase.explicit, hypothesis.Phase.generate])
    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    def check(case: Any) -> None:
        case.call_and_validate(base_url=url, excluded_checks=list(excluded), timeout=60)

    check()


# parameters that need each other, which an OpenAPI document cannot say: a valid request
# without its partner parameter is refused (422 naming it), and test_api checks that
DEPENDENT = {"GET /search": "lat needs lon (and lon lat); open=at needs at",
             "GET /service_at_locations": "proximity needs postcode"}


@pytest.mark.parametrize("label", OWN)
def test_own_document_valid_requests(own_schema: Any, url: str, label: str):
    from schemathesis.specs.openapi import checks

    _run(own_schema, label, url,
         excluded=(checks.positive_data_acceptance,) if label in DEPENDENT else ())


# operations whose query parameters can be made invalid (a path id may be any string)
NEGATIVE = ["GET /services", "GET /organizations", "GET /organizations/{id}",
            "GET /service_at_locations", "GET /taxonomies", "GET /taxonomy_terms",
            "GET /search"]


@pytest.mark.parametrize("label", NEGATIVE)
def test_own_document_invalid_requests_are_refused(own_schema: Any, url: str, label: str):
    _run(own_schema, label, url, negative=True)


@pytest.mark.parametrize("label", HSDS)
def test_hsds_document(hsds_schema: Any, url: str, label: str):
    from schemathesis.specs.openapi import checks

    _run(hsds_schema, label, url,
         excluded=(checks.status_code_conformance, checks.positive_data_acceptance))
