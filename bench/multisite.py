"""Many sites, one directory (issue 23): 40 specialists on two app servers over one
PostgreSQL database while a coordinator publishes a 2,000-service import; then the same
run on one DuckDB server, the baseline.

Run: ``PYTHONPATH=. python bench/multisite.py [--specialists 40] [--seconds 60]
[--publish-at 15] [--rows 2000] [--rounds 3]`` (about 4 minutes a round). Everything is
on loopback: a throwaway PostgreSQL 15 + PostGIS cluster (tests/pg.py, on a free port,
removed afterwards), the app servers are ``resources api`` processes (one worker each: a
worker is what an app server process is, its own search snapshot in memory), the publish
is ``resources load`` run as the coordinator would, from another process.

- **Specialists**: each sends ``/search`` (a need and a place from tests/search_cases.py's
  demo cases), then pauses 2-5 s (the call), again until the run ends; specialist i talks
  to server i % 2. Search p50/p95 over the run (and during the publish: from its start
  until both servers serve it), errors (anything but a 200 answer) must be 0.
- **Mixed reads**: a probe asks a server every 0.2 s (each of two servers every 0.4 s: the
  same probing load on both runs) how many services of the import it serves
  (``/services?search=<the import's marker>``) and which directory version (``/health``): any count but 0 or all of them is a mixed read (must be 0), and so is a
  server that answers with an older version than it answered before.
- **Visible**: seconds from the end of the publish (its commit) until each server serves
  all of the import (target < 10 s).
- **Two coordinators edit** meanwhile, each its own service of the directory, from its own
  process as the Records page does (``publish.change`` + ``edits.save``), one edit every
  few seconds (at most ``EDITS`` each; the alert shown to specialists): each edit's time to commit, and any failure (an
  error, must be 0).
- **Baseline**: one ``resources api`` over a DuckDB file of the same directory, the same 40
  specialists and the same two editing coordinators; the publish is ``resources import
  --yes`` (copy, load, swap the file), and an edit swaps the file the same way. An API
  server over a DuckDB file serves the file it opened until restarted (the Streamlit app
  notices the swap by the file's time): it re-reads nothing, and its "visible" says so.

The machine is shared (2 cores, other work running): read the figures as ±30 %.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from resources.pipeline.demo import demo_sources

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import pg  # noqa: E402 - tests/pg.py: the throwaway cluster
from search_cases import CASES  # noqa: E402

EDITS = 6  # per editing coordinator
MARKER = "Multisitebench"  # in every imported service's name: /services?search= finds them
PLACE = re.compile(r"^(\d{5}|[A-Za-z .]+, [A-Z]{2})$")  # a ZIP or "City, ST"


@dataclass
class Run:
    name: str
    servers: list[str]
    expected: int
    latencies: list[tuple[float, float]] = field(default_factory=list)  # (start, seconds)
    errors: list[str] = field(default_factory=list)
    mixed: list[str] = field(default_factory=list)
    probes: int = 0
    publish: tuple[float, float] | None = None  # (start, end)
    visible: dict[str, float] = field(default_factory=dict)  # server -> seconds after end
    edits: list[float] = field(default_factory=list)  # seconds from start to commit
    server_pids: list[int] = field(default_factory=list)
    database_dir: Path | None = None  # PostgreSQL's data folder (its postmaster.pid)
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds over the run


def write_import(folder: Path, rows: int) -> Path:
    """An HSDS CSV folder of ``rows`` food pantries around Denver (one each: organization,
    service, location, address, phone)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(23)
    tables: dict[str, tuple[list[str], list[list[object]]]] = {
        "organizations": (["id", "name", "description"], []),
        "services": (["id", "organization_id", "name", "description", "status"], []),
        "locations": (["id", "location_type", "organization_id", "name", "latitude",
                       "longitude"], []),
        "service_at_location": (["id", "service_id", "location_id"], []),
        "addresses": (["id", "location_id", "address_1", "city", "state_province",
                       "postal_code", "country", "address_type"], []),
        "phones": (["id", "service_id", "number", "type"], []),
    }
    zips = ["80202", "80203", "80204", "80205", "80206", "80210", "80211", "80216", "80219"]
    for i in range(rows):
        n = f"{i:04d}"
        tables["organizations"][1].append([f"o{n}", f"{MARKER} Network {n}",
                                           "Food bank (bench data)."])
        tables["services"][1].append([f"s{n}", f"o{n}", f"{MARKER} Food Pantry {n}",
                                      "Free groceries and a food pantry once a week.",
                                      "active"])
        tables["locations"][1].append([f"l{n}", "physical", f"o{n}", f"{MARKER} Site {n}",
                                       round(39.60 + rng.random() * 0.25, 5),
                                       round(-105.10 + rng.random() * 0.25, 5)])
        tables["service_at_location"][1].append([f"sl{n}", f"s{n}", f"l{n}"])
        tables["addresses"][1].append([f"a{n}", f"l{n}", f"{100 + i} Bench St", "Denver",
                                       "CO", rng.choice(zips), "US", "physical"])
        tables["phones"][1].append([f"p{n}", f"s{n}", f"(303) 555-{i % 10000:04d}",
                                    "voice"])
    for name, (header, body) in tables.items():
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(body)
    return folder


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get(
        "PYTHONPATH", "")]), "RESOURCES_API_ANON_PER_MINUTE": "0",
        "PYTHONFAULTHANDLER": "1"}  # a server that dies says where (in its log)


def cli(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "resources.cli", *args], env=env(),
                          capture_output=True, text=True, check=False, timeout=900)
    if done.returncode != 0:
        raise SystemExit(f"resources {' '.join(args)} failed:\n{done.stderr[-2000:]}")


def start_api(db: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    out = log.open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "resources.cli", "api", "--db", db, "--port", str(port),
         "--workers", "1", "--anon-per-minute", "0", "--log-level", "warning",
         "--tokens", str(log.with_suffix(".tokens.json"))],
        env=env(), stdout=out, stderr=subprocess.STDOUT)


async def wait_up(url: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(timeout=5) as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get(f"{url}/health")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.5)
    raise SystemExit(f"{url} did not start")


async def specialist(run: Run, client: httpx.AsyncClient, server: str, seed: int,
                     until: float) -> None:
    rng = random.Random(seed)
    cases = [c for c in CASES if c.dataset == "demo" and PLACE.match(c.place)]
    await asyncio.sleep(rng.uniform(0, 3))  # not all at once
    while time.monotonic() < until:
        case = rng.choice(cases)
        start = time.monotonic()
        try:
            answer = await client.get(f"{server}/search",
                                      params={"need": case.need, "near": case.place})
            if answer.status_code != 200:
                run.errors.append(f"{server} {answer.status_code} {case.need!r}")
            else:
                run.latencies.append((start, time.monotonic() - start))
        except httpx.HTTPError as exc:
            run.errors.append(f"{server} {type(exc).__name__} {case.need!r}")
        await asyncio.sleep(rng.uniform(2, 5))


async def probe(run: Run, client: httpx.AsyncClient, server: str, until: float) -> None:
    last_version = None
    while time.monotonic() < until:
        try:
            health = (await client.get(f"{server}/health")).json()
            answer = (await client.get(f"{server}/services", params={
                "search": MARKER, "per_page": "1"})).json()
            run.probes += 1
            seen, version = int(answer["total_items"]), health.get("version")
            if seen not in (0, run.expected):
                run.mixed.append(f"{server}: {seen} of {run.expected} imported services")
            if version is not None and last_version is not None and version < last_version:
                run.mixed.append(f"{server}: version {version} after {last_version}")
            last_version = version if version is not None else last_version
            if seen == run.expected and run.publish and server not in run.visible:
                run.visible[server] = time.monotonic() - run.publish[1]
        except (httpx.HTTPError, KeyError, ValueError) as exc:
            run.errors.append(f"{server} probe {type(exc).__name__}")
        await asyncio.sleep(0.2 * len(run.servers))


async def coordinator(run: Run, at: float, publish: list[str]) -> None:
    await asyncio.sleep(max(0.0, at - time.monotonic()))
    start = time.monotonic()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "resources.cli", *publish, env=env(),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    _, err = await proc.communicate()
    if proc.returncode != 0:
        run.errors.append(f"publish failed: {err.decode()[-500:]}")
    run.publish = (start, time.monotonic())


_EDIT = """
import sys
from resources.coordinator.edits import save
from resources.coordinator.publish import change
db, rid, n = sys.argv[1], sys.argv[2], sys.argv[3]
change(db, lambda s: save(s, "service", rid, {"alert": f"Bench edit {n}: call first."},
                          "bench-editor"), records=("service", [rid]))
"""


def edited() -> list[str]:
    """One demo service per editing coordinator: the first two of the demo directory."""
    with (REPO / "data" / "raw" / "demo-denver" / "services.csv").open(encoding="utf-8") as fh:
        rows = csv.DictReader(fh)
        return [f"demo-denver/{next(rows)['id']}" for _ in range(2)]


async def editor(run: Run, db: str, record_id: str, seed: int, until: float) -> None:
    """A coordinator editing one service, one save every few seconds, each from a new
    process (as a page run would open the store)."""
    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(3, 8))
    for n in range(EDITS):
        if time.monotonic() >= until:
            return
        start = time.monotonic()
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", _EDIT, db, record_id, str(n), env=env(),
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        _, err = await proc.communicate()
        if proc.returncode != 0:
            run.errors.append(f"edit of {record_id} failed: {err.decode()[-300:]}")
        else:
            run.edits.append(time.monotonic() - start)
        await asyncio.sleep(rng.uniform(2, 5))


def cpu_seconds(pid: int, children: bool = False) -> float:
    """CPU seconds a process has used (Linux /proc), with its reaped children's."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if children:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def database_cpu(data_dir: Path) -> float:
    """CPU seconds of a PostgreSQL cluster: the postmaster, the backends it reaped, and
    those alive now."""
    postmaster = int((data_dir / "postmaster.pid").read_text().split()[0])
    total = cpu_seconds(postmaster, children=True)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == postmaster:  # ppid
                total += cpu_seconds(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue  # it ended meanwhile
    return total


def cpu_now(run: Run) -> dict[str, float]:
    """CPU seconds so far: the app servers, the database, and this bench's reaped child
    processes (the publish and the edits)."""
    out = {"servers": sum(cpu_seconds(p) for p in run.server_pids),
           "coordinators": resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
           + resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime}
    if run.database_dir is not None:
        out["database"] = database_cpu(run.database_dir)
    return out


async def drive(run: Run, specialists: int, seconds: float, publish_at: float,
                publish: list[str], db: str) -> None:
    start = time.monotonic()
    until = start + seconds
    before = cpu_now(run)
    limits = httpx.Limits(max_connections=specialists + 8)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        await asyncio.gather(
            *(specialist(run, client, run.servers[i % len(run.servers)], i, until)
              for i in range(specialists)),
            *(probe(run, client, s, until) for s in run.servers),
            coordinator(run, start + publish_at, publish),
            *(editor(run, db, rid, i, until) for i, rid in enumerate(edited())))
    run.cpu = {k: v - before[k] for k, v in cpu_now(run).items()}
    run.cpu["wall"] = time.monotonic() - start


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def report(run: Run) -> None:
    every = [s for _, s in run.latencies]
    end_window = (run.publish[1] + max(run.visible.values(), default=0.0)) if run.publish \
        else 0.0
    during = [s for t, s in run.latencies
              if run.publish and run.publish[0] <= t <= end_window]
    outside = [s for t, s in run.latencies
               if not (run.publish and run.publish[0] <= t <= end_window)]
    print(f"\n== {run.name}: {len(run.servers)} server(s), {len(every)} searches")
    print(f"  search p50 {pct(every, 0.5):.0f} ms, p95 {pct(every, 0.95):.0f} ms; outside the "
          f"publish ({len(outside)}): p50 {pct(outside, 0.5):.0f} ms, p95 "
          f"{pct(outside, 0.95):.0f} ms; during it ({len(during)}): p50 "
          f"{pct(during, 0.5):.0f} ms, p95 {pct(during, 0.95):.0f} ms")
    print(f"  errors {len(run.errors)}" + (f": {run.errors[:5]}" if run.errors else ""))
    print(f"  mixed reads {len(run.mixed)} (of {run.probes} probes)"
          + (f": {run.mixed[:5]}" if run.mixed else ""))
    if run.publish:
        print(f"  publish ({run.expected} services) took {run.publish[1] - run.publish[0]:.1f} s")
    print(f"  edits by two coordinators: {len(run.edits)}, each start to commit p50 "
          f"{pct(run.edits, 0.5):.0f} ms, max {pct(run.edits, 1.0):.0f} ms")
    if run.cpu:
        used = ", ".join(f"{k} {v:.1f}" for k, v in run.cpu.items() if k != "wall")
        print(f"  CPU seconds over the {run.cpu['wall']:.0f} s run ({os.cpu_count()} cores): "
              f"{used}")
    if not run.database_dir:
        print("  visible: the API serves the DuckDB file it opened until restarted (the "
              "Streamlit app notices a swapped file at its next page run)")
        return
    for server in run.servers:
        seen = run.visible.get(server)
        print(f"  visible on {server}: " + (f"{seen:.1f} s after the publish" if seen is
                                            not None else "NOT within the run"))


def postgres_round(args: argparse.Namespace, tmp: Path, folder: Path, n: int) -> Run:
    """Two app servers over a new PostgreSQL database of the demo directory."""
    with pg.cluster() as cluster:
        url = cluster.new_database("multisite")
        for source in demo_sources(REPO / "data" / "raw"):
            cli("load", "--db", url, str(source))
        ports = [pg._free_port(), pg._free_port()]
        servers = [start_api(url, p, tmp / f"api-{p}.log") for p in ports]
        try:
            run = Run(f"PostgreSQL, round {n}", [f"http://127.0.0.1:{p}" for p in ports],
                      args.rows, server_pids=[s.pid for s in servers],
                      database_dir=cluster.data)
            for s in run.servers:
                asyncio.run(wait_up(s))
            asyncio.run(drive(run, args.specialists, args.seconds, args.publish_at,
                              ["load", "--db", url, "--source", "msite", str(folder)], url))
            return run
        finally:
            for proc, port in zip(servers, ports, strict=True):
                if proc.poll() is not None:  # it stopped during the run: say why
                    log = (tmp / f"api-{port}.log").read_text(errors="replace")
                    print(f"  server on port {port} exited ({proc.returncode}):\n{log[-3000:]}")
                proc.terminate()
                proc.wait(timeout=30)


def duckdb_round(args: argparse.Namespace, tmp: Path, folder: Path, n: int) -> Run:
    """One app server over a new DuckDB file of the demo directory (the baseline)."""
    db = tmp / f"baseline-{n}.duckdb"
    for source in demo_sources(REPO / "data" / "raw"):
        cli("load", "--db", str(db), str(source))
    port = pg._free_port()
    server = start_api(str(db), port, tmp / f"api-{port}.log")
    try:
        run = Run(f"DuckDB (baseline), round {n}", [f"http://127.0.0.1:{port}"], args.rows,
                  server_pids=[server.pid])
        asyncio.run(wait_up(run.servers[0]))
        asyncio.run(drive(run, args.specialists, args.seconds, args.publish_at,
                          ["import", "--db", str(db), "--source", "msite", "--yes",
                           "--user", "bench", str(folder)], str(db)))
        return run
    finally:
        server.terminate()
        server.wait(timeout=30)


def failures(run: Run, servers: int) -> bool:
    return bool(run.errors or run.mixed) or len(run.visible) < servers or not run.edits


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specialists", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--publish-at", type=float, default=15)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3,
                        help="PostgreSQL then DuckDB, this many times (a p95 on a shared "
                        "machine moves by tens of percent from one run to the next)")
    args = parser.parse_args()
    failed = False
    ratios: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory(prefix="multisite-") as tmp_name:
        tmp = Path(tmp_name)
        folder = write_import(tmp / "county-import", args.rows)
        for n in range(1, args.rounds + 1):
            run = postgres_round(args, tmp, folder, n)
            report(run)
            base = duckdb_round(args, tmp, folder, n)
            report(base)
            failed |= failures(run, 2) or failures(base, 0)
            ratios.append((pct([s for _, s in run.latencies], 0.95),
                           pct([s for _, s in base.latencies], 0.95)))
    print("\n== search p95, PostgreSQL (two servers) against DuckDB (one server), per round")
    for n, (p, d) in enumerate(ratios, 1):
        print(f"  round {n}: {p:.0f} ms against {d:.0f} ms: {p / d:.2f}x")
    middle = sorted(p / d for p, d in ratios)[len(ratios) // 2]
    print(f"  median {middle:.2f}x (target: at most 1.5x)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
