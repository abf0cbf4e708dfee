"""A throwaway PostgreSQL 15 + PostGIS cluster for the tests (``initdb``/``pg_ctl``).

One cluster per test session, on a free port, in a temporary folder, stopped at the end. A
template database holds the extensions (postgis, pg_trgm) and the resources schema, so a
test module's own database is a ``CREATE DATABASE ... TEMPLATE`` copy (a fraction of a
second). ``initdb`` refuses to run as root: as root the cluster is run by the ``postgres``
user (the Debian package creates it; CI runs as root).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_BIN_DIRS = ("/usr/lib/postgresql/15/bin",)
TEMPLATE = "resources_template"


def pg_bin() -> Path | None:
    """The folder of PostgreSQL 15's initdb/pg_ctl, when installed."""
    for folder in PG_BIN_DIRS:
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def postgis_installed(bin_dir: Path) -> bool:
    """Is the PostGIS extension installed for this PostgreSQL (its control file)?"""
    out = subprocess.run([str(bin_dir / "pg_config"), "--sharedir"], capture_output=True,
                         text=True, check=False).stdout.strip() if (bin_dir / "pg_config").exists() \
        else ""
    share = Path(out) if out else Path("/usr/share/postgresql/15")
    return (share / "extension" / "postgis.control").exists()


def missing() -> str | None:
    """What is missing to run a cluster here (None: nothing)."""
    bin_dir = pg_bin()
    if bin_dir is None:
        return "PostgreSQL 15 (initdb, pg_ctl): apt-get install postgresql-15"
    if not postgis_installed(bin_dir):
        return "PostGIS for PostgreSQL 15: apt-get install postgresql-15-postgis-3"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner() -> list[str]:
    """The command prefix that runs the cluster's programs as a non-root user."""
    if os.geteuid() != 0:
        return []
    return ["runuser", "-u", "postgres", "--"]


class Cluster:
    def __init__(self, bin_dir: Path, root: Path, port: int):
        self.bin, self.root, self.port = bin_dir, root, port
        self.data = root / "data"

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def run(self, *args: str) -> None:
        subprocess.run([*_as_owner(), *args], check=True, capture_output=True, text=True)

    def start(self) -> None:
        self.run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                 "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        opts = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", opts, "-w",
                 "-l", str(self.root / "log"), "start")

    def stop(self) -> None:
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w",
                 "stop")

    def sql(self, statement: str, dbname: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(dbname), autocommit=True) as con:
            con.execute(statement)  # type: ignore[arg-type]

    def prepare_template(self) -> None:
        """The template database: extensions and the resources schema (migrations)."""
        from resources.store import Store

        self.sql(f"CREATE DATABASE {TEMPLATE}")
        Store.open(self.url(TEMPLATE)).close()  # creates the extensions and the schema
        self.sql(f"ALTER DATABASE {TEMPLATE} WITH is_template true")

    def new_database(self, name: str, template: str = TEMPLATE) -> str:
        """A fresh database copied from ``template`` (default: the empty schema); its URL."""
        self.sql(f"CREATE DATABASE {name} TEMPLATE {template}")
        return self.url(name)


@contextmanager
def cluster() -> Iterator[Cluster]:
    """A started cluster with its template database; stopped and removed on exit."""
    bin_dir = pg_bin()
    assert bin_dir is not None, missing()
    root = Path(tempfile.mkdtemp(prefix="resources-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    c = Cluster(bin_dir, root, _free_port())
    try:
        c.start()
        try:
            c.prepare_template()
            yield c
        finally:
            c.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)
