"""``/search``: the Find page's search over HTTP, answering the JSON of ``resources search
--json`` (:func:`resources.search.response_json.response_json`): results with reasons, distances and open
state, hotlines, the crisis signal, what the filters left out.

The request is the page's: what the caller needs (any words), where (``near``: ZIP,
address, City ST, county; or ``lat`` + ``lon``, a map click), when (``open``: any, now, at
``at``, or on arrival by ``mode``), and the filters. A place that cannot be found is not an
HTTP error: the answer says so (``status``) and still carries the crisis and national lines.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from resources.api.errors import BadParameter, ErrorBody, iso_datetime
from resources.api.state import CallerDep, StateDep
from resources.search.engine import SearchRequest
from resources.search.response_json import response_json

router = APIRouter(tags=["search"])


class SearchAnswer(BaseModel, extra="allow"):
    """The JSON of ``resources search --json``."""

    status: Literal["ok", "no_results", "place_not_found", "place_ambiguous", "empty_directory"]
    message: str
    results: list[dict[str, Any]]
    hotlines: list[dict[str, Any]]


@router.get("/search", summary="Find services: the Find page's search", responses={
    200: {"model": SearchAnswer},
    401: {"model": ErrorBody, "description": "Unknown or revoked token"},
    422: {"model": ErrorBody, "description": "A bad parameter (named in `parameters`)"},
    429: {"model": ErrorBody, "description": "Over the rate limit (see Retry-After)"}})
def search(
    state: StateDep, caller: CallerDep,
    need: Annotated[str, Query(max_length=300, description="What the caller needs.")] = "",
    near: Annotated[str, Query(max_length=200,
                               description="ZIP, address, City ST or county.")] = "",
    lat: Annotated[float | None, Query(ge=-90, le=90, description="A point (with lon).")] = None,
    lon: Annotated[float | None, Query(ge=-180, le=180)] = None,
    open: Annotated[Literal["any", "now", "at", "arrive"], Query(  # noqa: A002
        description="any | now | at (with `at`) | arrive (by `mode`)")] = "any",
    at: Annotated[str | None, Query(
        description="ISO time for open=at; without an offset: wall-clock at the place.",
        json_schema_extra={"format": "date-time"})] = None,
    mode: Annotated[Literal["walk", "transit", "drive"], Query()] = "drive",
    within: Annotated[float | None, Query(gt=0, le=500, description="Miles.")] = None,
    lang: Annotated[str | None, Query(max_length=40, description="e.g. es")] = None,
    age: Annotated[int | None, Query(ge=0, le=130)] = None,
    gender: Annotated[Literal["woman", "man"] | None, Query()] = None,
    families: bool = False, veterans: bool = False, lgbtq: bool = False, pets: bool = False,
    wheelchair: bool = False, free: bool = False, walk_in: bool = False,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Any:
    if (lat is None) != (lon is None):
        raise BadParameter("lon" if lon is None else "lat", "a point needs both lat and lon")
    when = iso_datetime("at", at)
    if open == "at" and when is None:
        raise BadParameter("at", "open=at needs a time, e.g. 2026-12-07T21:30-05:00")
    request = SearchRequest(
        need=need, place=near, point=(lat, lon) if lat is not None and lon is not None else None,
        open_mode=open, at=when if open == "at" else None, travel_mode=mode,
        within_miles=within, language=lang or None, age=age, gender=gender,
        families=families, veterans=veterans, lgbtq=lgbtq, pets=pets, wheelchair=wheelchair,
        free=free, walk_in=walk_in, limit=limit)
    # serialized as `resources search --json` serializes it (dates as str(), not FastAPI's)
    body = json.dumps(response_json(state.engine.search(request)), default=str)
    return Response(body, media_type="application/json")
