"""``resources api``: serve the HSDS 3.0 API; ``resources api token``: partner tokens."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


def cmd_api(args: argparse.Namespace) -> int:
    if getattr(args, "api_command", None) == "token":
        return _token(args)
    import uvicorn

    from resources.api.app import ApiSettings, create_app

    settings = ApiSettings.from_env(
        args.db, anonymous_per_minute=args.anon_per_minute,
        cors_origins=tuple(args.cors_origin) if args.cors_origin else None,
        tokens_path=Path(args.tokens) if args.tokens else None)
    app = create_app(settings)
    print(f"HSDS 3.0 API on http://{args.host}:{args.port} (store {args.db}; "
          f"docs at /docs, OpenAPI at /openapi.json)", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level,
                access_log=args.log_level == "debug")
    return 0


def _token(args: argparse.Namespace) -> int:
    from resources.api.tokens import add_token, load_tokens, revoke_token

    path = Path(args.tokens) if args.tokens else None  # a TokenError is main's: one line
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
