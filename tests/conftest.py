"""Shared fixtures: the real public files in ../shared/data, stores, the demo directory."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest

from resources.store import Store

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RESOURCES_SHARED_DATA", REPO.parent / "shared" / "data"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(condition: bool, what: str) -> None:
    """Skip locally when a test prerequisite is missing; in CI, fail instead."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI must provide {what}")
    pytest.skip(f"{what} not available")


@pytest.fixture(scope="session")
def pg_cluster():  # type: ignore[no-untyped-def]
    """A throwaway PostgreSQL 15 + PostGIS cluster for the session (tests/pg.py); skipped
    locally when PostgreSQL or PostGIS is missing, a failure in CI."""
    import pg

    what = pg.missing()
    need(what is None, what or "")
    with pg.cluster() as cluster:
        yield cluster


@pytest.fixture(scope="module")
def pg_url(pg_cluster, request: pytest.FixtureRequest) -> str:  # type: ignore[no-untyped-def]
    """A fresh database (schema migrated, no data) for this test module: its URL."""
    name = "t_" + "".join(ch if ch.isalnum() else "_" for ch in request.module.__name__)[-50:]
    return str(pg_cluster.new_database(name.lower()))


@pytest.fixture
def pg_fresh(pg_cluster) -> str:  # type: ignore[no-untyped-def]
    """A fresh database (schema migrated, no data) for this test alone: its URL."""
    return str(pg_cluster.new_database(f"f_{uuid.uuid4().hex[:16]}"))


@pytest.fixture(scope="session")
def pg_demo(pg_cluster) -> str:  # type: ignore[no-untyped-def]
    """The demo directory (data/raw, loaded as the demo build loads it) in a PostgreSQL
    database, once per session (read only): its URL."""
    from resources.pipeline.demo import demo_sources
    from resources.pipeline.load import load_path

    url = str(pg_cluster.new_database("demo"))
    with Store.open(url) as store:
        for path in demo_sources(REPO / "data" / "raw"):
            load_path(store, path)
    return url


@pytest.fixture(params=["duckdb", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store location on each backend: a DuckDB file, then a fresh PostgreSQL database."""
    if request.param == "duckdb":
        return str(tmp_path / "store.duckdb")
    return str(request.getfixturevalue("pg_fresh"))


@pytest.fixture(scope="session")
def shared() -> Path:
    need(SHARED.is_dir(), f"the shared public datasets at {SHARED}")
    return SHARED


@pytest.fixture
def store() -> Store:
    s = Store.open(":memory:")
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store built from data/raw, once per test session (read-only use)."""
    from resources.pipeline.demo import build_demo

    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    list(build_demo(db, REPO / "data" / "raw"))
    return db


@pytest.fixture
def app(demo_db: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The whole app in Streamlit's AppTest, on the demo store, after its first run."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("RESOURCES_DB", str(demo_db))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    at.run()
    assert not at.exception
    return at


@pytest.fixture
def chromium() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    need(Path(path).exists(), "Debian's chromium (/usr/bin/chromium)")
    return path


@pytest.fixture(scope="session")
def mini_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A live store with the small coordinator fixtures published (read it, or copy it)."""
    from resources.coordinator.publish import import_path

    data = REPO / "tests" / "data"
    db = tmp_path_factory.mktemp("coord") / "live.duckdb"
    import_path(db, data / "coord-mini", "fixture", source_id="mini")
    import_path(db, data / "coord-other", "fixture", source_id="other")
    return db


@pytest.fixture(scope="session")
def pg_mini(pg_cluster) -> str:  # type: ignore[no-untyped-def]
    """:func:`mini_db` on PostgreSQL, once per session: the name of a template database."""
    from resources.coordinator.publish import import_path

    data = REPO / "tests" / "data"
    url = pg_cluster.new_database("coord_mini")
    import_path(url, data / "coord-mini", "fixture", source_id="mini")
    import_path(url, data / "coord-other", "fixture", source_id="other")
    return "coord_mini"


@pytest.fixture(params=["duckdb", "postgres"])
def coord_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """:func:`live_db` on each backend: a private DuckDB copy, then a private PostgreSQL
    database copied from :func:`pg_mini` (a template copy: a fraction of a second)."""
    if request.param == "duckdb":
        return str(request.getfixturevalue("live_db"))
    template = request.getfixturevalue("pg_mini")
    cluster = request.getfixturevalue("pg_cluster")
    return str(cluster.new_database(f"m_{uuid.uuid4().hex[:16]}", template=template))


@pytest.fixture
def live_db(mini_db: Path, tmp_path: Path) -> Path:
    """A private copy of :func:`mini_db` for a test that writes."""
    db = tmp_path / "live.duckdb"
    shutil.copyfile(mini_db, db)
    return db
