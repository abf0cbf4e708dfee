"""``resources api``: serve the HSDS 3.0 API; ``resources api token``: partner tokens."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from resources import settings
from resources.cli import db_option


@click.group(invoke_without_command=True)
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--port", type=int, default=8000, show_default=True, help="port to listen on")
@click.option("--tokens", help="tokens file (default: $RESOURCES_API_TOKENS or "
                               "config/api_tokens.json)")
@click.option("--anon-per-minute", type=int, default=None,
              help="requests a minute per address without a token (default 120; 0: none)")
@click.option("--cors-origin", multiple=True,
              help="allow browser pages from this origin (repeatable; default: CORS off)")
@click.option("--workers", type=int, default=None,
              help="worker processes (default: $RESOURCES_API_WORKERS, else one per core, at "
                   "most 4); each holds its own search index in memory")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              default="info", show_default=True, help="server log level")
@click.pass_context
def api(ctx: click.Context, db: str, host: str, port: int, tokens: str | None,
        anon_per_minute: int | None, cors_origin: tuple[str, ...], workers: int | None,
        log_level: str) -> int:
    """Serve the HSDS 3.0 API (default 127.0.0.1:8000); `api token` manages partner tokens."""
    if ctx.invoked_subcommand is not None:
        return 0
    import uvicorn

    from resources.store import Store, StoreError

    workers = workers if workers is not None else default_workers()
    if workers < 1:
        raise click.UsageError("--workers must be at least 1")
    postgres = settings.is_postgres_url(db)
    if not postgres and not Path(db).exists():  # one clear line here, not one per worker
        raise StoreError(f"no store at {db}: build one (`make data`) or pass --db")
    with Store.open(db, read_only=True) as store:  # a store this program can read
        shown = store.path  # a PostgreSQL URL without its password
    env = {"RESOURCES_API_DB": db if postgres else str(Path(db).resolve()),
           # the workers already share the cores: a query on each gets its share of them
           "RESOURCES_API_DUCKDB_THREADS": settings.text("RESOURCES_API_DUCKDB_THREADS")
           or str(max(1, (os.cpu_count() or 1) // workers))}
    if tokens:
        env["RESOURCES_API_TOKENS"] = str(Path(tokens).resolve())
    if anon_per_minute is not None:
        env["RESOURCES_API_ANON_PER_MINUTE"] = str(anon_per_minute)
    if cors_origin:
        env["RESOURCES_API_CORS_ORIGINS"] = ",".join(cors_origin)
    print(f"HSDS 3.0 API on http://{host}:{port} (store {shown}; {workers} "
          f"worker{'s' if workers > 1 else ''}; docs at /docs, OpenAPI at /openapi.json)",
          flush=True)
    with tempfile.TemporaryDirectory(prefix="resources-api-") as tmp:
        if workers > 1:  # the workers' rate-limit buckets, shared (resources.api.limits)
            env["RESOURCES_API_LIMITS"] = str(Path(tmp) / "limits.sqlite")
        settings.export(env)  # every worker process reads its settings from these
        uvicorn.run("resources.api.app:app_from_env", factory=True, workers=workers,
                    http="resources.api.transport:NoDelayHTTPProtocol",
                    host=host, port=port, log_level=log_level,
                    access_log=log_level == "debug")
    return 0


def default_workers() -> int:
    """``$RESOURCES_API_WORKERS``, else one worker per core, at most 4 (each holds its own
    search index in memory: about 1.4 GB per million services)."""
    return settings.integer("RESOURCES_API_WORKERS") or max(1, min(4, os.cpu_count() or 1))


@api.group()
@click.option("--tokens", help="tokens file")
def token(tokens: str | None) -> None:
    """Partner tokens: add, list, revoke."""


def _tokens_file() -> Path | None:
    """``api token --tokens``, else ``api --tokens``, else the default (None)."""
    ctx: click.Context | None = click.get_current_context().parent
    while ctx is not None:
        if ctx.params.get("tokens"):
            return Path(ctx.params["tokens"])
        ctx = ctx.parent
    return None


@token.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["partner", "coordinator"]), default="partner",
              show_default=True,
              help="partner: what the Find page shows; coordinator: every record")
@click.option("--per-minute", type=int, default=600, show_default=True, help="rate limit")
def token_add(name: str, role: str, per_minute: int) -> int:
    """Make a token (shown once, to give to the partner system)."""
    from resources.api.tokens import add_token

    secret = add_token(name, role, per_minute=per_minute, path=_tokens_file())
    print(f"token for {name} ({role}, {per_minute} requests a minute); "
          "shown once, give it to the partner system:")
    print(secret)
    return 0


@token.command("list")
def token_list() -> int:
    """The tokens (names and roles; never the secrets)."""
    from resources.api.tokens import load_tokens

    tokens = load_tokens(_tokens_file())
    for t in tokens.values():
        print(f"{t.name}\t{t.role}\t{t.per_minute}/min\tcreated {t.created}")
    if not tokens:
        print("no tokens: `resources api token add NAME --role partner`")
    return 0


@token.command("revoke")
@click.argument("name")
def token_revoke(name: str) -> int:
    """Stop a token."""
    from resources.api.tokens import revoke_token

    revoke_token(name, _tokens_file())
    print(f"revoked {name}: it stops working at its next request")
    return 0
