"""The app factory: :func:`create_app` over one store (a DuckDB file or a PostgreSQL URL),
opened read-only, with one search engine shared by every request (as the Streamlit app
shares one)."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from resources import settings
from resources.api import errors, routes_hsds, routes_search
from resources.api.access import AccessPolicy
from resources.api.limits import RateLimiter, SharedRateLimiter
from resources.api.state import ApiState
from resources.api.tokens import TokenBook, tokens_path
from resources.geo.places import Gazetteer, GeocoderSettings
from resources.search.engine import SearchEngine
from resources.store import Store, StoreError, is_postgres, lookup_sql
from resources.store.api_sql import build_id_map, empty_tables, hidden_ids
from resources.store.live import Live
from resources.vocab.needs import load_vocabulary

LOG = logging.getLogger(__name__)

DESCRIPTION = """The community resource directory as an Open Referral HSDS 3.0 API, read-only,
with `/search`, the Find page's search. Without a token a caller sees what the Find page
shows (no confidential address or phone, no do-not-refer or inactive service); a
coordinator token sees every record. Tokens: `resources api token add NAME`, sent as
`Authorization: Bearer <token>`."""


@dataclass(frozen=True)
class ApiSettings:
    db_path: str
    tokens_path: Path = field(default_factory=tokens_path)
    anonymous_per_minute: int = 120  # per client address; 0: no limit
    cors_origins: tuple[str, ...] = ()  # none: CORS off
    warm: bool = True  # read the search index into memory before serving
    threads: int = 40  # requests answered at once (the others wait their turn)
    limits_path: Path | None = None  # rate-limit buckets shared by worker processes
    duckdb_threads: int | None = None  # threads of one query; None: DuckDB's (every core)

    @classmethod
    def from_env(cls, db_path: str, **overrides: Any) -> ApiSettings:
        env: dict[str, Any] = {}
        if (per_minute := settings.integer("RESOURCES_API_ANON_PER_MINUTE")) is not None:
            env["anonymous_per_minute"] = per_minute
        if (threads := settings.integer("RESOURCES_API_THREADS")) is not None:
            env["threads"] = threads
        if origins := settings.text("RESOURCES_API_CORS_ORIGINS"):
            env["cors_origins"] = tuple(o.strip() for o in origins.split(",") if o.strip())
        if (n := settings.integer("RESOURCES_API_DUCKDB_THREADS")) is not None:
            env["duckdb_threads"] = n
        if limits := settings.text("RESOURCES_API_LIMITS"):
            env["limits_path"] = Path(limits)
        env.update({k: v for k, v in overrides.items() if v is not None})
        return cls(db_path, **env)


def app_from_env() -> FastAPI:
    """The app of one worker process (``uvicorn --factory``): ``resources api`` passes its
    settings to every worker in ``RESOURCES_API_*`` variables (:meth:`ApiSettings.from_env`),
    the store in ``RESOURCES_API_DB``."""
    return create_app(ApiSettings.from_env(settings.text("RESOURCES_API_DB") or ""))


def create_app(settings: ApiSettings) -> FastAPI:
    """The service over ``settings.db_path``; raises :class:`StoreError` when it is missing.

    A PostgreSQL store is served from an in-memory snapshot, re-read when the directory's
    version changes (another server or the command line published): the new snapshot, its
    search engine and id map are built, then swapped in (:class:`resources.store.live.Live`);
    a request reads the one it started with."""
    path = Path(settings.db_path)
    postgres = is_postgres(settings.db_path)
    if not postgres and not path.exists():
        raise StoreError(f"no store at {path}: build one (`make data`) or pass --db")
    store = Store.open(settings.db_path if postgres else path, read_only=True)
    if settings.duckdb_threads and not postgres:  # several workers share the cores
        store.use_threads(settings.duckdb_threads)
    vocabulary, gazetteer = load_vocabulary(), Gazetteer.load()
    limiter = (SharedRateLimiter(settings.limits_path) if settings.limits_path
               else RateLimiter())
    policy = AccessPolicy(TokenBook(settings.tokens_path), limiter,
                          settings.anonymous_per_minute)

    def serve(view: Store) -> ApiState:
        """What the endpoints read, built over one snapshot (``view``) of the store."""
        if settings.duckdb_threads and view is not store:
            view.use_threads(settings.duckdb_threads)
        engine = SearchEngine(view, vocabulary, gazetteer,
                              geocoder=GeocoderSettings.from_settings())  # off unless set
        if settings.warm:
            engine.warm()
        build_id_map(view.con)
        if lookup_sql.missing(view.con):
            LOG.warning("%s has no lookup indexes (written before them): a record by id scans "
                        "its related tables; the next load or publish adds them", store.path)
        return ApiState(view, engine, hidden_ids(view.con), policy, empty_tables(view.con))

    live = Live(store, serve)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # the worker threads that run the endpoints (each a DuckDB cursor): more than the
        # cores only adds contention on a busy machine
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        yield

    app = FastAPI(title="Resources: community resource directory (HSDS 3.0)",
                  version="3.0", description=DESCRIPTION, docs_url="/docs", redoc_url=None,
                  lifespan=lifespan)
    app.state.api = live
    errors.install(app)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET"], allow_headers=["Authorization"])
    app.include_router(routes_hsds.router)
    app.include_router(routes_search.router)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            doc = get_openapi(title=app.title, version=app.version,
                              description=app.description, routes=app.routes)
            for operations in doc.get("paths", {}).values():
                for operation in operations.values():
                    if "security" in operation:  # a token is optional: anonymous is allowed
                        operation["security"] = [{}, *operation["security"]]
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get("/health", tags=["service"], summary="Is the service up, on which store")
    def health() -> dict[str, Any]:
        counts = live.get().store.counts()
        return {"status": "ok", "store": store.path, "process": os.getpid(),
                "version": live.version,
                "records": {t: counts.get(t, 0) for t in
                            ("organization", "service", "location", "service_at_location")}}

    return app
