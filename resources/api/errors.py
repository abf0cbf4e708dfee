"""Every error as one JSON shape, ``{"status", "error", "message", "parameters"}``: unknown
id 404, bad parameter 422 naming it, too many requests 429, never a traceback."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("resources.api")

_KINDS = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 406: "not_acceptable", 422: "bad_parameter",
          429: "too_many_requests", 500: "internal_error", 503: "unavailable"}


class ErrorBody(BaseModel):
    """The body of every error response."""

    status: int
    error: str
    message: str
    parameters: list[str] = []


class BadParameter(Exception):
    """A query parameter that has the right type but a value the service cannot use."""

    def __init__(self, parameter: str, message: str):
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter


def iso_datetime(parameter: str, value: str | None) -> datetime | None:
    """An ISO 8601 date and time (``2026-12-07T21:30`` with or without an offset), else
    :class:`BadParameter` (a bare number is not read as a Unix time)."""
    if value is None or value == "":
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or "T" not in value.upper():
        raise BadParameter(parameter, f"{value!r} is not an ISO date and time like "
                                      "2026-12-07T21:30:00-05:00")
    return parsed


def error_response(status: int, message: str, parameters: list[str] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body = ErrorBody(status=status, error=_KINDS.get(status, "error"), message=message,
                     parameters=parameters or [])
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> tuple[str, list[str]]:
    names, parts = [], []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "header")]
        name = ".".join(loc) or "request"
        names.append(name)
        given = err.get("input")
        shown = f" (got {given!r})" if isinstance(given, str | int | float) else ""
        parts.append(f"{name}: {err.get('msg', 'invalid')}{shown}")
    return "; ".join(parts), list(dict.fromkeys(names))


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into :class:`ErrorBody`."""

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        message, names = _validation_message(exc)
        return error_response(422, message, names)

    @app.exception_handler(BadParameter)
    async def _bad(_request: Request, exc: BadParameter) -> JSONResponse:
        return error_response(422, str(exc), [exc.parameter])

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers: dict[str, Any] | None = getattr(exc, "headers", None)
        return error_response(exc.status_code, str(exc.detail), headers=headers)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("%s %s failed", request.method, request.url.path)
        return error_response(500, "The service failed on this request; it is logged. "
                                   "Try again, or tell the directory coordinators.")
