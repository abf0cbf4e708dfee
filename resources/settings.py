"""Every environment variable the project reads, declared once (name, default, meaning).

Callers ask this module, never ``os.environ``: :func:`text` (the value, or None when unset
or empty), :func:`integer`, :func:`flag`, :func:`names`. A value is read when asked for,
not at import, so a test or a deployment can change it before the next request. Each
variable is documented in docs/settings.md (tests/test_settings.py checks that every one
is, and that no other module reads the environment).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from resources.errors import ResourcesError


class SettingError(ResourcesError):
    """A variable is set to a value its reader cannot use."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: str  # what an unset variable means, in words or as a value
    doc: str


SETTINGS: tuple[Setting, ...] = (
    Setting("RESOURCES_DB", "data/resources.duckdb",
            "the store the app, the command line and the API open: a DuckDB file, or a "
            "PostgreSQL/PostGIS database as a postgresql://user:password@host:port/dbname URL "
            "(every command but build-demo, and every page of the app)"),
    Setting("RESOURCES_PG_POLL_SECONDS", "5",
            "PostgreSQL: how often an app server also reads the directory's version row, "
            "besides LISTEN/NOTIFY (a publish reaches it within this even when a "
            "notification is lost, e.g. behind a transaction-mode pooler)"),
    Setting("RESOURCES_CACHE", "$XDG_CACHE_HOME/resources, else ~/.cache/resources",
            "folder for caches (the gazetteer, built once per data version; empty marks "
            "for data files already checked)"),
    Setting("RESOURCES_USERS", "config/users.toml", "the coordinators' users file"),
    Setting("RESOURCES_SECRET", "a random key in session.key beside the users file",
            "the key that signs sign-in sessions; every app server of a deployment shares it"),
    Setting("RESOURCES_REQUIRE_SIGNIN", "off",
            "1/true/yes: the Find and Route pages need a signed-in user too"),
    Setting("RESOURCES_API_TOKENS", "config/api_tokens.json", "the API's partner tokens file"),
    Setting("RESOURCES_API_ANON_PER_MINUTE", "120",
            "API requests a minute per anonymous client address (0: no limit)"),
    Setting("RESOURCES_API_THREADS", "40", "API requests answered at once"),
    Setting("RESOURCES_API_WORKERS", "one per core, at most 4",
            "API worker processes (each holds its own search index in memory)"),
    Setting("RESOURCES_API_DUCKDB_THREADS", "cores / workers, at least 1",
            "threads one API query may use"),
    Setting("RESOURCES_API_DB", "set by `resources api`",
            "the store an API worker process serves (passed to every worker)"),
    Setting("RESOURCES_API_LIMITS", "set by `resources api` with more than one worker",
            "the SQLite file of the rate-limit buckets the workers share"),
    Setting("RESOURCES_API_CORS_ORIGINS", "none (CORS off)",
            "comma-separated origins a browser may call the API from"),
    Setting("RESOURCES_TILE_URL", "none (maps without a base layer, offline)",
            "a map tile URL template for the app's maps"),
    Setting("RESOURCES_TILE_ATTRIBUTION", "none", "the attribution shown with those tiles"),
    Setting("RESOURCES_GEOCODER_URL", "none (places are found offline only)",
            "a Nominatim-compatible /search URL asked, at most once a second, for a street "
            "address the offline gazetteer can only place at its ZIP or city"),
    Setting("XDG_CACHE_HOME", "~/.cache", "the usual cache root, when RESOURCES_CACHE is unset"),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def is_postgres_url(value: object) -> bool:
    """Is this store location (``RESOURCES_DB``, ``--db``) a PostgreSQL URL?"""
    return str(value).startswith(("postgresql://", "postgres://"))


def names() -> list[str]:
    return list(_BY_NAME)


def text(name: str) -> str | None:
    """The variable's value, or None when it is unset or empty."""
    if name not in _BY_NAME:
        raise KeyError(f"{name} is not a declared setting (resources/settings.py)")
    return os.environ.get(name) or None


def integer(name: str) -> int | None:
    value = text(name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise SettingError(f"{name} must be a whole number, got {value!r}") from None


def flag(name: str) -> bool:
    return (text(name) or "").lower() in ("1", "true", "yes")


def cache_dir() -> Path:
    """``$RESOURCES_CACHE``, else ``$XDG_CACHE_HOME/resources``, else ``~/.cache/resources``."""
    explicit = text("RESOURCES_CACHE")
    if explicit:
        return Path(explicit)
    root = text("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "resources"


def export(values: dict[str, str]) -> None:
    """Set declared variables in this process's environment, for the processes it starts
    (``resources api`` passes its settings to its worker processes so)."""
    unknown = [name for name in values if name not in _BY_NAME]
    if unknown:
        raise KeyError(f"{unknown} are not declared settings (resources/settings.py)")
    os.environ.update(values)
