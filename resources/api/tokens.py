"""API tokens: one per partner system, created, listed and revoked with ``resources api token``.

The file (``$RESOURCES_API_TOKENS``, default ``config/api_tokens.json``) holds, per token, its
name, role, rate limit and the SHA-256 of the token; the token itself is shown once, when it
is made (``secrets.token_urlsafe``: 256 random bits, so a fast hash is enough). Roles:
``partner`` (what the Find page shows: no private address or phone, no do-not-refer or
inactive service) and ``coordinator`` (every record). A caller without a token is a partner
with the anonymous rate limit.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from resources import settings
from resources.errors import ResourcesError

ROLES = ("partner", "coordinator")
DEFAULT_PATH = "config/api_tokens.json"
DEFAULT_PER_MINUTE = 600
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
PREFIX = "rsk_"  # makes a leaked token recognisable in logs and secret scanners


class TokenError(ResourcesError):
    """A tokens file that cannot be used, or a bad token command (one clear sentence)."""


@dataclass(frozen=True)
class Token:
    name: str
    role: str
    sha256: str
    per_minute: int = DEFAULT_PER_MINUTE
    created: str = ""

    @property
    def coordinator(self) -> bool:
        return self.role == "coordinator"


def tokens_path() -> Path:
    return Path(settings.text("RESOURCES_API_TOKENS") or DEFAULT_PATH)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def load_tokens(path: Path | None = None) -> dict[str, Token]:
    """name -> token; a missing file is no tokens."""
    path = path or tokens_path()
    if not path.exists():
        return {}
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        tokens = {t["name"]: Token(**t) for t in doc.get("tokens", [])}
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise TokenError(f"{path} is not a tokens file written by `resources api token`: "
                         f"{exc}") from exc
    bad = [t.name for t in tokens.values() if t.role not in ROLES]
    if bad:
        raise TokenError(f"{path}: role must be one of {', '.join(ROLES)} (tokens {bad})")
    return tokens


def _write(path: Path, tokens: dict[str, Token]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"tokens": [asdict(t) for t in tokens.values()]}, indent=1) + "\n",
                   encoding="utf-8")
    os.chmod(tmp, 0o600)
    tmp.replace(path)


def add_token(name: str, role: str, *, per_minute: int = DEFAULT_PER_MINUTE,
              path: Path | None = None) -> str:
    """Create a token for a partner system; returns the secret (shown once, never stored)."""
    path = path or tokens_path()
    name = name.strip().lower()
    if not _NAME.match(name):
        raise TokenError(f"token name {name!r}: use lower-case letters, digits, '.', '_', '-'")
    if role not in ROLES:
        raise TokenError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if per_minute < 1:
        raise TokenError("--per-minute must be at least 1")
    tokens = load_tokens(path)
    if name in tokens:
        raise TokenError(f"a token named {name!r} exists: revoke it first")
    secret = PREFIX + secrets.token_urlsafe(32)
    tokens[name] = Token(name, role, digest(secret), per_minute,
                         datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    _write(path, tokens)
    return secret


def revoke_token(name: str, path: Path | None = None) -> None:
    path = path or tokens_path()
    tokens = load_tokens(path)
    if name not in tokens:
        raise TokenError(f"no token named {name!r}")
    del tokens[name]
    _write(path, tokens)


class TokenBook:
    """The tokens of a running service: re-read when the file changes (a revoked token stops
    working without a restart)."""

    def __init__(self, path: Path):
        self.path = path
        self._mtime: float | None = None
        self._by_digest: dict[str, Token] = {}

    def _refresh(self) -> None:
        mtime = self.path.stat().st_mtime if self.path.exists() else None
        if mtime != self._mtime:
            self._by_digest = {t.sha256: t for t in load_tokens(self.path).values()}
            self._mtime = mtime

    def find(self, secret: str) -> Token | None:
        self._refresh()
        want = digest(secret)
        for known, token in self._by_digest.items():
            if hmac.compare_digest(known, want):
                return token
        return None
