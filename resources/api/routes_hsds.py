"""The HSDS 3.0 endpoints of the Open Referral OpenAPI document, with its shapes and paging.

Lists answer a page (``total_items, total_pages, page_number, size, first_page, last_page,
empty, contents``), or with ``format=ndjson`` every item, one JSON object a line. An id a
caller may not see answers 404 like an unknown one (its existence is not told either).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from datetime import UTC
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from resources.api.errors import BadParameter, ErrorBody, iso_datetime
from resources.api.hsds import Records, clean, public
from resources.api.state import CallerDep, StateDep
from resources.store import api_sql
from resources.store.api_sql import ListQuery

router = APIRouter(tags=["HSDS 3.0"])
MAX_PER_PAGE = 1000
NDJSON_CHUNK = 1000
HSDS_VERSION = "3.0"
PROFILE = "https://specs.openreferral.org/hsds/3.0/"


class Page(BaseModel):
    """HSDS 3.0 ``Page``, with the records in ``contents``."""

    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[dict[str, Any]]


class HsdsRecord(BaseModel, extra="allow"):
    """An HSDS 3.0 record (its table's JSON schema)."""

    id: str


_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorBody, "description": "A bad parameter (named in `parameters`)"},
    401: {"model": ErrorBody, "description": "Unknown or revoked token"},
    429: {"model": ErrorBody, "description": "Over the rate limit (see Retry-After)"},
}
_ONE = {200: {"model": HsdsRecord}, **_ERRORS,
        404: {"model": ErrorBody, "description": "No such record"}}
_PAGE: dict[int | str, dict[str, Any]] = {200: {"model": Page, "content": {
    "application/x-ndjson": {"schema": {"type": "string",
                                        "description": "format=ndjson: a record a line"}}}},
    **_ERRORS}

Search = Annotated[str | None, Query(description="Text in the name or description.",
                                     max_length=200)]
PageNo = Annotated[int, Query(ge=1, le=10_000_000, description="Page number (from 1).")]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Records a page.")]
Format = Annotated[Literal["json", "ndjson"], Query(
    description="`ndjson`: every record, one JSON object a line, without pages.")]
Full = Annotated[bool, Query(description="Fully nested records.")]
TermId = Annotated[str | None, Query(description="Services with this taxonomy term.")]
TaxonomyId = Annotated[str | None, Query(
    description="Services with a term of this taxonomy (its id or name).")]
OrgId = Annotated[str | None, Query(description="Services of this organization.")]
ModifiedAfter = Annotated[str | None, Query(
    description="Services modified on or after this ISO date-time.",
    json_schema_extra={"format": "date-time"})]


def _query(page: int, per_page: int, **filters: Any) -> ListQuery:
    after = iso_datetime("modified_after", filters.pop("modified_after", None))
    if after is not None:
        utc = after if after.tzinfo is None else after.astimezone(UTC).replace(tzinfo=None)
        filters["modified_after"] = utc.isoformat()  # the store's timestamps are UTC
    return ListQuery(page=page, per_page=per_page, **filters)


def _page(total: int, contents: list[dict[str, Any]], q: ListQuery) -> dict[str, Any]:
    pages = math.ceil(total / q.per_page) if total else 0
    return {"total_items": total, "total_pages": pages, "page_number": q.page,
            "size": len(contents), "first_page": q.page == 1,
            "last_page": q.page >= pages, "empty": total == 0, "contents": contents}


Fetch = Callable[[ListQuery], tuple[int, list[dict[str, Any]]]]
Shape = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


def _listing(fmt: str, q: ListQuery, fetch: Fetch, shape: Shape) -> Any:
    if fmt == "ndjson":
        def lines() -> Iterator[str]:
            page = 1
            while True:
                chunk = ListQuery(**{**q.__dict__, "page": page, "per_page": NDJSON_CHUNK})
                _total, rows = fetch(chunk)
                for item in public(shape(rows)):
                    yield json.dumps(item, default=str) + "\n"
                if len(rows) < NDJSON_CHUNK:
                    return
                page += 1
        return StreamingResponse(lines(), media_type="application/x-ndjson")
    total, rows = fetch(q)
    return _page(total, public(shape(rows)), q)


def _one(state: StateDep, table: str, id_: str,
         fetch: Callable[[list[str]], list[dict[str, Any]]]) -> dict[str, Any]:
    """The record an id names (its HSDS UUID or its store id), or 404."""
    items = fetch(api_sql.store_ids(state.store.con, table, id_))
    if not items:
        raise HTTPException(404, f"No {table} with id {id_!r}")
    return dict(public(items[0]))


def _store_id(state: StateDep, table: str, given: str | None) -> str | None:
    """A filter's id as the store knows it (an unknown one matches nothing)."""
    if given is None:
        return None
    found = api_sql.store_ids(state.store.con, table, given)
    return found[0] if found else given


def _ids(rows: list[dict[str, Any]]) -> list[str]:  # store ids of raw rows
    return [r["id"] for r in rows]


@router.get("/", summary="This API and its relationship with HSDS")
def meta(request: Request) -> dict[str, str]:
    return {"version": HSDS_VERSION, "profile": PROFILE,
            "openapi_url": str(request.url_for("openapi"))}


@router.get("/services", summary="Services (one-to-one fields; `full` nests)", responses=_PAGE)
def services(state: StateDep, caller: CallerDep, search: Search = None, page: PageNo = 1,
             per_page: PerPage = 50, format: Format = "json",  # noqa: A002 (HSDS name)
             taxonomy_term_id: TermId = None, taxonomy_id: TaxonomyId = None,
             organization_id: OrgId = None, modified_after: ModifiedAfter = None,
             minimal: Annotated[bool, Query(
                 description="Only id, name, status and last_modified.")] = False,
             full: Full = False) -> Any:
    q = _query(page, per_page, search=search,
               taxonomy_term_id=_store_id(state, "taxonomy_term", taxonomy_term_id),
               taxonomy_id=_store_id(state, "taxonomy", taxonomy_id),
               organization_id=_store_id(state, "organization", organization_id),
               modified_after=modified_after)
    records = state.records(caller)

    def shape(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if full:
            return records.services(_ids(rows))
        items = records.service_list_items(rows)
        if minimal:
            keep = ("id", "name", "status", "last_modified", "_raw")
            return [{k: v for k, v in item.items() if k in keep} for item in items]
        return items

    return _listing(format, q, lambda q: api_sql.service_page(
        state.store.con, q, caller.coordinator), shape)


@router.get("/services/{id:path}", summary="A fully nested service", responses=_ONE)
def service(id: str, state: StateDep, caller: CallerDep) -> Any:  # noqa: A002
    return _one(state, "service", id, state.records(caller).services)


@router.get("/organizations", summary="Organizations", responses=_PAGE)
def organizations(state: StateDep, caller: CallerDep, search: Search = None,
                  full_service: Annotated[bool, Query(
                      description="With full services (with `full`).")] = False,
                  full: Full = False, page: PageNo = 1, per_page: PerPage = 50,
                  format: Format = "json") -> Any:  # noqa: A002
    q = _query(page, per_page, search=search)
    records = state.records(caller)

    def shape(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if full:
            return records.organizations(_ids(rows), full_service=full_service)
        return [clean("organization", r) for r in rows]

    return _listing(format, q, lambda q: api_sql.organization_page(state.store.con, q), shape)


@router.get("/organizations/{id:path}", summary="A fully nested organization", responses=_ONE)
def organization(id: str, state: StateDep, caller: CallerDep,  # noqa: A002
                 full_service: Annotated[bool, Query(
                     description="Its services fully nested.")] = False) -> Any:
    return _one(state, "organization", id, lambda ids: state.records(caller).organizations(
        ids, full_service=full_service))


def _postcode(postcode: str | None, proximity: float | None) -> tuple[str | None, float | None]:
    """The ZIP (checked by its pattern) and the metres around it; proximity needs a ZIP."""
    if proximity is not None and postcode is None:
        raise BadParameter("proximity", "needs a postcode (metres from its centroid)")
    return (postcode.strip() if postcode else None), proximity


@router.get("/service_at_locations", summary="Services at locations", responses=_PAGE)
def service_at_locations(
        state: StateDep, caller: CallerDep, search: Search = None,
        taxonomy_term_id: TermId = None, taxonomy_id: TaxonomyId = None,
        organization_id: OrgId = None, modified_after: ModifiedAfter = None, full: Full = False,
        page: PageNo = 1, per_page: PerPage = 50, format: Format = "json",  # noqa: A002
        postcode: Annotated[str | None, Query(
            pattern=r"^\s*[0-9]{5}\s*$",
            description="5-digit ZIP: at an address there or in the service's area.")] = None,
        proximity: Annotated[float | None, Query(
            gt=0, le=500_000,
            description="Metres from the postcode's centroid (with postcode).")] = None) -> Any:
    zip_code, meters = _postcode(postcode, proximity)
    q = _query(page, per_page, search=search,
               taxonomy_term_id=_store_id(state, "taxonomy_term", taxonomy_term_id),
               taxonomy_id=_store_id(state, "taxonomy", taxonomy_id),
               organization_id=_store_id(state, "organization", organization_id),
               modified_after=modified_after, postcode=zip_code, proximity_m=meters)
    records = state.records(caller)

    def shape(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if full:
            return records.service_at_locations(_ids(rows))
        return records.service_at_location_list_items(rows)

    return _listing(format, q, lambda q: api_sql.service_at_location_page(
        state.store.con, q, caller.coordinator), shape)


@router.get("/service_at_locations/{id:path}", summary="A fully nested service at a location",
            responses=_ONE, response_model=HsdsRecord)
def service_at_location(id: str, state: StateDep, caller: CallerDep) -> Any:  # noqa: A002
    return _one(state, "service_at_location", id, state.records(caller).service_at_locations)


@router.get("/taxonomies", summary="Taxonomies", responses=_PAGE)
def taxonomies(state: StateDep, caller: CallerDep, search: Search = None, page: PageNo = 1,
               per_page: PerPage = 50, format: Format = "json") -> Any:  # noqa: A002
    q = _query(page, per_page, search=search)
    return _listing(format, q, lambda q: api_sql.taxonomy_page(state.store.con, q),
                    lambda rows: [clean("taxonomy", r) for r in rows])


@router.get("/taxonomies/{id:path}", summary="A taxonomy", responses=_ONE)
def taxonomy(id: str, state: StateDep, caller: CallerDep) -> Any:  # noqa: A002
    return _one(state, "taxonomy", id, lambda ids: state.records(caller).by_id("taxonomy", ids))


@router.get("/taxonomy_terms", summary="Taxonomy terms", responses=_PAGE)
def taxonomy_terms(state: StateDep, caller: CallerDep, search: Search = None, page: PageNo = 1,
                   per_page: PerPage = 50, format: Format = "json",  # noqa: A002
                   taxonomy_id: Annotated[str | None, Query(
                       description="Terms of this taxonomy (id or name).")] = None,
                   top_only: Annotated[bool, Query(
                       description="Only terms without a parent.")] = False,
                   parent_id: Annotated[str | None, Query(
                       description="Terms under this parent.")] = None) -> Any:
    q = _query(page, per_page, search=search, taxonomy_id=_store_id(state, "taxonomy", taxonomy_id),
               top_only=top_only, parent_id=_store_id(state, "taxonomy_term", parent_id))
    return _listing(format, q, lambda q: api_sql.taxonomy_term_page(state.store.con, q),
                    lambda rows: [clean("taxonomy_term", r) for r in rows])


@router.get("/taxonomy_terms/{id:path}", summary="A taxonomy term", responses=_ONE)
def taxonomy_term(id: str, state: StateDep, caller: CallerDep) -> Any:  # noqa: A002
    return _one(state, "taxonomy_term", id,
                lambda ids: state.records(caller).by_id("taxonomy_term", ids))


__all__ = ["router", "Records"]
