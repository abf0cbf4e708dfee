"""``resources api``: serve the HSDS 3.0 API; ``resources api token``: partner tokens."""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from resources._errors import LoadError


def default_workers() -> int:
    """``$RESOURCES_API_WORKERS``, else one worker per core, at most 4 (each holds its own
    search index in memory: about 1.4 GB per million services)."""
    if os.environ.get("RESOURCES_API_WORKERS"):
        return int(os.environ["RESOURCES_API_WORKERS"])
    return max(1, min(4, os.cpu_count() or 1))


def cmd_api(args: argparse.Namespace) -> int:
    if getattr(args, "api_command", None) == "token":
        return _token(args)
    import uvicorn

    from resources.store import Store

    workers = args.workers if args.workers is not None else default_workers()
    if workers < 1:
        raise LoadError("--workers must be at least 1")
    if not Path(args.db).exists():  # one clear line here, not one per worker
        raise LoadError(f"no store at {args.db}: build one (`make data`) or pass --db")
    Store.open(args.db, read_only=True).close()  # a store this program can read
    env = {"RESOURCES_API_DB": str(Path(args.db).resolve()),
           # the workers already share the cores: a query on each gets its share of them
           "RESOURCES_API_DUCKDB_THREADS": os.environ.get("RESOURCES_API_DUCKDB_THREADS")
           or str(max(1, (os.cpu_count() or 1) // workers))}
    if args.tokens:
        env["RESOURCES_API_TOKENS"] = str(Path(args.tokens).resolve())
    if args.anon_per_minute is not None:
        env["RESOURCES_API_ANON_PER_MINUTE"] = str(args.anon_per_minute)
    if args.cors_origin:
        env["RESOURCES_API_CORS_ORIGINS"] = ",".join(args.cors_origin)
    print(f"HSDS 3.0 API on http://{args.host}:{args.port} (store {args.db}; {workers} "
          f"worker{'s' if workers > 1 else ''}; docs at /docs, OpenAPI at /openapi.json)",
          flush=True)
    with tempfile.TemporaryDirectory(prefix="resources-api-") as tmp:
        if workers > 1:  # the workers' rate-limit buckets, shared (resources.api.limits)
            env["RESOURCES_API_LIMITS"] = str(Path(tmp) / "limits.sqlite")
        os.environ.update(env)  # every worker process reads its settings from these
        uvicorn.run("resources.api.app:app_from_env", factory=True, workers=workers,
                    http="resources.api.transport:NoDelayHTTPProtocol",
                    host=args.host, port=args.port, log_level=args.log_level,
                    access_log=args.log_level == "debug")
    return 0


def _token(args: argparse.Namespace) -> int:
    from resources.api.tokens import TokenError, add_token, load_tokens, revoke_token

    path = Path(args.tokens) if args.tokens else None
    try:
        if args.token_command == "add":
            secret = add_token(args.name, args.role, per_minute=args.per_minute, path=path)
            print(f"token for {args.name} ({args.role}, {args.per_minute} requests a minute); "
                  "shown once, give it to the partner system:")
            print(secret)
        elif args.token_command == "list":
            tokens = load_tokens(path)
            for t in tokens.values():
                print(f"{t.name}\t{t.role}\t{t.per_minute}/min\tcreated {t.created}")
            if not tokens:
                print("no tokens: `resources api token add NAME --role partner`")
        else:
            revoke_token(args.name, path)
            print(f"revoked {args.name}: it stops working at its next request")
    except TokenError as exc:
        raise LoadError(str(exc)) from exc
    return 0


def register(sub: argparse._SubParsersAction,
             add_db: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("api", help="serve the HSDS 3.0 API (default 127.0.0.1:8000); "
                                   "`api token` manages partner tokens")
    add_db(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--tokens", help="tokens file (default: $RESOURCES_API_TOKENS or "
                                    "config/api_tokens.json)")
    p.add_argument("--anon-per-minute", type=int, default=None,
                   help="requests a minute per address without a token (default 120; 0: none)")
    p.add_argument("--cors-origin", action="append",
                   help="allow browser pages from this origin (repeatable; default: CORS off)")
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes (default: $RESOURCES_API_WORKERS, else one per core, "
                        "at most 4); each holds its own search index in memory")
    p.add_argument("--log-level", default="info",
                   choices=["critical", "error", "warning", "info", "debug"])
    p.set_defaults(func=cmd_api)
    tokens = p.add_subparsers(dest="api_command")
    t = tokens.add_parser("token", help="partner tokens: add, list, revoke")
    t.add_argument("--tokens", default=argparse.SUPPRESS, help="tokens file")
    verbs = t.add_subparsers(dest="token_command", required=True)
    a = verbs.add_parser("add", help="make a token (shown once)")
    a.add_argument("name", help="the partner system, e.g. county-211")
    a.add_argument("--role", choices=["partner", "coordinator"], default="partner",
                   help="partner: what the Find page shows; coordinator: every record")
    a.add_argument("--per-minute", type=int, default=600, help="rate limit (default 600)")
    verbs.add_parser("list", help="the tokens (names and roles; never the secrets)")
    r = verbs.add_parser("revoke", help="stop a token")
    r.add_argument("name")
