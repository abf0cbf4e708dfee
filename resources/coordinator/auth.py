"""Users and roles for the coordinator pages: a TOML file of scrypt-hashed passwords.

The file (``$RESOURCES_USERS``, default ``config/users.toml``) looks like::

    [users.alice]
    role = "coordinator"
    password = "scrypt$16384$8$1$<salt, base64>$<hash, base64>"

Roles, from least to most: ``specialist`` (Find and Directory), ``editor`` (also the
coordinator pages; changes wait for review), ``approver`` (approves or rejects editors'
changes; their own changes go live), ``admin`` (everything; manages users with
``resources user``). ``coordinator``, the role of files written before review existed, is
read as ``approver``. No user file ships with the project: create one with
``resources user add NAME --role admin``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
import threading
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from resources import settings
from resources.errors import ResourcesError

ROLES = ("specialist", "editor", "approver", "admin")
ALIASES = {"coordinator": "approver"}  # the role before review existed: it published edits
DEFAULT_PATH = "config/users.toml"
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class AuthError(ResourcesError):
    """A users file that cannot be used, or a bad user command (every problem listed)."""


@dataclass(frozen=True)
class User:
    name: str
    role: str

    def can(self, role: str) -> bool:
        return can(self.role, role)


def role_name(role: str) -> str:
    """The role as it is checked (``coordinator`` is read as ``approver``)."""
    return ALIASES.get(role, role)


def can(have: str, need: str) -> bool:
    """True when role ``have`` includes role ``need``. ``coordinator`` (as ``need``) means the
    coordinator pages, which every editor may open."""
    have = role_name(have)
    need = "editor" if need == "coordinator" else role_name(need)
    return have in ROLES and ROLES.index(have) >= ROLES.index(need)


def users_path() -> Path:
    return Path(settings.text("RESOURCES_USERS") or DEFAULT_PATH)


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
    from resources.coordinator._users_file import check_users  # pydantic: only when read

    users, problems = check_users(doc, ROLES, ALIASES)
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
        # quoted: a name may hold '.', which a bare TOML key would read as nesting
        lines += [f'[users."{name}"]', f'role = "{role}"', f'password = "{encoded}"', ""]
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
    if role_name(role) not in ROLES:
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


# -- sessions that survive a reload ----------------------------------------------------------
SESSION_HOURS = 12
SESSION_COOKIE = "resources_session"


def _secret(path: Path | None = None) -> bytes:
    """The key that signs session tokens: ``$RESOURCES_SECRET``, else a random key kept in
    ``session.key`` beside the users file (created 0600 on first use). Every app server of
    one deployment must share it (same file or same variable)."""
    env = settings.text("RESOURCES_SECRET")
    if env:
        return env.encode()
    key_file = (path or users_path()).parent / "session.key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = key_file.with_name(f"session.key.{os.getpid()}.tmp")
        tmp.write_text(secrets.token_hex(32), encoding="utf-8")
        tmp.chmod(0o600)
        if not key_file.exists():
            os.replace(tmp, key_file)
        else:
            tmp.unlink()
    return key_file.read_text(encoding="utf-8").strip().encode()


def _sign(body: str, key: bytes) -> str:
    return hmac.new(key, body.encode(), hashlib.sha256).hexdigest()


def issue_token(user: User, now: float, path: Path | None = None) -> str:
    """A signed token naming the user and when it expires (``SESSION_HOURS``):
    ``name:role:expiry:signature``. It holds no password and nothing about callers."""
    body = f"{user.name}:{user.role}:{int(now) + SESSION_HOURS * 3600}"
    return f"{body}:{_sign(body, _secret(path))}"


def user_from_token(token: str | None, now: float, path: Path | None = None) -> User | None:
    """The user a token names, when its signature is good, it has not expired and the user
    still has that role in the users file (removing a user or changing the role ends every
    session of theirs); else None."""
    if not token or token.count(":") != 3:
        return None
    name, role, expiry, signature = token.split(":")
    if not hmac.compare_digest(signature, _sign(f"{name}:{role}:{expiry}", _secret(path))):
        return None
    if not expiry.isdigit() or int(expiry) <= now:
        return None
    try:
        current = load_users(path).get(name)
    except AuthError:
        return None
    return User(name, role) if current and current[0] == role else None


# -- throttling ----------------------------------------------------------------------------
@dataclass
class Throttle:
    """Failed sign-ins, per user name and per client address: after ``limit`` failures within
    ``window`` seconds, that name (or address) is refused until ``window`` seconds after its
    last failure, whatever the password. One per app server process."""

    limit: int = 5
    window: float = 15 * 60
    _failures: dict[str, list[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _keys(self, name: str, address: str | None) -> list[str]:
        keys = [f"user:{name.strip().lower()}"]
        return keys + ([f"addr:{address}"] if address else [])

    def wait_seconds(self, name: str, address: str | None, now: float) -> float:
        """Seconds before this name and address may try again (0: now)."""
        wait = 0.0
        with self._lock:
            for key in self._keys(name, address):
                recent = [t for t in self._failures.get(key, []) if now - t < self.window]
                self._failures[key] = recent
                if len(recent) >= self.limit:
                    wait = max(wait, recent[-1] + self.window - now)
        return wait

    def failed(self, name: str, address: str | None, now: float) -> None:
        with self._lock:
            for key in self._keys(name, address):
                self._failures.setdefault(key, []).append(now)

    def succeeded(self, name: str, address: str | None) -> None:
        """A good password clears the user's count (not the address's: one good account does
        not unlock guessing at others from the same place)."""
        with self._lock:
            self._failures.pop(self._keys(name, None)[0], None)


def require_signin_for_find() -> bool:
    """``RESOURCES_REQUIRE_SIGNIN=1``: every page, Find included, needs a signed-in user."""
    return settings.flag("RESOURCES_REQUIRE_SIGNIN")
