"""What every page shares: settings, the cached store connection, static assets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from resources import settings as env
from resources.store import Store, StoreError
from resources.store.live import Live
from ui.maps import install_static_assets

APP_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    db_path: str
    tile_url: str | None
    tile_attribution: str | None


def settings() -> Settings:
    return Settings(
        db_path=env.text("RESOURCES_DB") or str(APP_DIR / "data" / "resources.duckdb"),
        tile_url=env.text("RESOURCES_TILE_URL"),
        tile_attribution=env.text("RESOURCES_TILE_ATTRIBUTION"),
    )


@st.cache_resource
def static_assets() -> Path:
    return install_static_assets(APP_DIR / "static")


@st.cache_resource(max_entries=2)
def open_store(path: str, mtime: float) -> Store:
    """One read-only connection per store file version (``mtime`` keys the cache). Only the
    newest versions are kept: an older store is closed once no session still uses it."""
    return Store.open(path, read_only=True)


@dataclass(frozen=True)
class Served:
    """What this app server reads a PostgreSQL directory through: a snapshot and its
    search engine, swapped together when the directory changes (resources.store.live)."""

    store: Store
    engine: Any  # resources.search.engine.SearchEngine


@st.cache_resource
def live_directory(url: str) -> Live[Served]:
    """A PostgreSQL directory, one per app server process, shared by every session: the
    search snapshot is re-read when another server (or the command line) publishes, in the
    store's watcher thread (so what it needs from Streamlit's caches is read here, once)."""
    from resources.geo.places import GeocoderSettings
    from resources.search.engine import SearchEngine

    vocab, places = vocabulary(), gazetteer()
    geocoder = GeocoderSettings.from_settings()  # off unless configured

    def served(view: Store) -> Served:
        engine = SearchEngine(view, vocab, places, geocoder=geocoder)
        engine.warm()  # built before it is swapped in: no search waits for a new snapshot
        return Served(view, engine)

    return Live(Store.open(url, read_only=True), served)


def _live_or_message(cfg: Settings) -> Live[Served] | None:
    try:
        return live_directory(cfg.db_path)
    except StoreError as exc:
        st.error(f"The directory store cannot be opened: {exc}")
        return None


def catch_up(cfg: Settings) -> None:
    """Bring this server's snapshot of a PostgreSQL directory up to its committed version
    now, not when the watcher next hears of it: a coordinator page reads what was just
    saved (one small read of the version; a new snapshot only when it changed)."""
    live = _live_or_message(cfg)
    if live is not None:
        live.refresh(live.store.directory_version())


def store_or_message(cfg: Settings) -> Store | None:
    """The store to read, or None after showing a person what to do. On PostgreSQL: this
    server's current snapshot of it (read-only, in memory)."""
    if env.is_postgres_url(cfg.db_path):
        live = _live_or_message(cfg)
        return None if live is None else live.get().store
    path = Path(cfg.db_path)
    if not path.exists():
        st.warning(
            f"The directory is empty: no store at `{path}`. Build the demo with "
            "`make data` (or `resources build-demo`), or load a file with "
            "`resources load PATH`."
        )
        return None
    try:
        return open_store(str(path), path.stat().st_mtime)
    except StoreError as exc:
        st.error(f"The directory store cannot be opened: {exc}")
        return None


@st.cache_resource
def vocabulary():  # type: ignore[no-untyped-def]
    from resources.vocab.needs import load_vocabulary

    return load_vocabulary()


@st.cache_resource
def gazetteer():  # type: ignore[no-untyped-def]
    from resources.geo.places import Gazetteer

    return Gazetteer.load()


@st.cache_resource(max_entries=2)
def _engine(path: str, mtime: float):  # type: ignore[no-untyped-def]
    import threading

    from resources.geo.places import GeocoderSettings
    from resources.search.engine import SearchEngine

    engine = SearchEngine(open_store(path, mtime), vocabulary(), gazetteer(),
                          geocoder=GeocoderSettings.from_settings())  # off unless configured
    # read the search index into memory now, not during the first specialist's search (a
    # search that comes first waits for it; it is built once either way)
    threading.Thread(target=engine.warm, name="engine-warm-up", daemon=True).start()
    return engine


def engine_or_message(cfg: Settings):  # type: ignore[no-untyped-def]
    """The search engine over the current store, or None after telling the person why."""
    if env.is_postgres_url(cfg.db_path):
        live = _live_or_message(cfg)
        return None if live is None else live.get().engine
    store = store_or_message(cfg)
    if store is None:
        return None
    path = Path(cfg.db_path)
    return _engine(str(path), path.stat().st_mtime)
