"""Users and roles for the coordinator pages: a TOML file of scrypt-hashed passwords.

The file (``$RESOURCES_USERS``, default ``config/users.toml``) looks like::

    [users.alice]
    role = "coordinator"
    password = "scrypt$16384$8$1$<salt, base64>$<hash, base64>"

Roles, from least to most: ``specialist`` (Find and Directory), ``coordinator`` (also the
coordinator pages), ``admin`` (everything; manages users with ``resources user``). No user
file ships with the project: create one with ``resources user add NAME --role admin``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROLES = ("specialist", "coordinator", "admin")
DEFAULT_PATH = "config/users.toml"
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class AuthError(Exception):
    """A users file that cannot be used, or a bad user command (every problem listed)."""


@dataclass(frozen=True)
class User:
    name: str
    role: str

    def can(self, role: str) -> bool:
        return can(self.role, role)


def can(have: str, need: str) -> bool:
    """True when role ``have`` includes role ``need``."""
    return have in ROLES and ROLES.index(have) >= ROLES.index(need)


def users_path() -> Path:
    return Path(os.environ.get("RESOURCES_USERS") or DEFAULT_PATH)


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    enc = base64.b64encode
    return (f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}$"
            f"{enc(salt).decode()}${enc(digest).decode()}")


def verify_password(password: str, encoded: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = encoded.split("$")
        if scheme != "scrypt":
            return False
        want = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n),
                             r=int(r), p=int(p), dklen=len(want))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


def load_users(path: Path | None = None) -> dict[str, tuple[str, str]]:
    """name -> (role, password hash); a missing file is no users. Problems raise once."""
    path = path or users_path()
    if not path.exists():
        return {}
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise AuthError(f"{path} is not valid TOML: {exc}") from exc
    users, problems = {}, []
    for name, entry in (doc.get("users") or {}).items():
        role = entry.get("role") if isinstance(entry, dict) else None
        password = entry.get("password") if isinstance(entry, dict) else None
        if role not in ROLES:
            problems.append(f"user {name!r}: role must be one of {', '.join(ROLES)}")
        if not isinstance(password, str) or not password.startswith("scrypt$"):
            problems.append(f"user {name!r}: password must be a hash from `resources user add`")
        users[name] = (str(role), str(password))
    if problems:
        raise AuthError(f"{path}: " + "; ".join(problems))
    return users


def authenticate(name: str, password: str, path: Path | None = None) -> User | None:
    """The user when the password matches, else None (same time for unknown names)."""
    users = load_users(path)
    role, encoded = users.get(name.strip().lower(), ("", hash_password("x")))
    ok = verify_password(password, encoded)
    return User(name.strip().lower(), role) if ok and role else None


def _write(path: Path, users: dict[str, tuple[str, str]]) -> None:
    lines = ["# Users of the resources app: `resources user add NAME --role ROLE`.",
             "# Passwords are scrypt hashes; never put a plain password here.", ""]
    for name, (role, encoded) in sorted(users.items()):
        lines += [f"[users.{name}]", f'role = "{role}"', f'password = "{encoded}"', ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    tmp.chmod(0o600)
    os.replace(tmp, path)


def add_user(name: str, role: str, password: str, path: Path | None = None) -> User:
    """Add or update a user (password hashed with a fresh salt)."""
    path = path or users_path()
    name = name.strip().lower()
    problems = []
    if not _NAME.match(name):
        problems.append("name: lower-case letters, digits, '.', '_' or '-' (up to 64)")
    if role not in ROLES:
        problems.append(f"role must be one of {', '.join(ROLES)}")
    if len(password) < 10:
        problems.append("password: at least 10 characters")
    if problems:
        raise AuthError("; ".join(problems))
    users = load_users(path)
    users[name] = (role, hash_password(password))
    _write(path, users)
    return User(name, role)


def remove_user(name: str, path: Path | None = None) -> None:
    path = path or users_path()
    users = load_users(path)
    if users.pop(name.strip().lower(), None) is None:
        raise AuthError(f"no user {name!r} in {path}")
    _write(path, users)


def require_signin_for_find() -> bool:
    """``RESOURCES_REQUIRE_SIGNIN=1``: every page, Find included, needs a signed-in user."""
    return os.environ.get("RESOURCES_REQUIRE_SIGNIN", "").lower() in ("1", "true", "yes")
