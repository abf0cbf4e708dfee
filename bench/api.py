"""API load bench: clients doing mixed ``/search`` and ``/services/{id}`` against the HSDS
API (``resources api`` under uvicorn, started here in its own processes), three runs:

1. **1 client**, closed loop (the baseline: one request at a time, the next sent when the last
   answers);
2. **capacity**: 50 closed-loop clients with no pause, the most the service answers (every
   client waits only for its own answer: the answers a second are the throughput, and the
   latency is what a queue of 50 costs);
3. **call pace**: 50 clients as the issue's users are, partner systems and specialists on a
   call: each sends a request, then pauses (uniform in :data:`PAUSE_S`, 1-5 s: reading the
   answer, talking) before the next; the mix is :data:`MIX` (a search, then a service
   opened, about as often). Clients start at random points of a pause, not all at once.

Run: ``PYTHONPATH=. python bench/api.py [--db STORE] [--clients 50] [--seconds 30]
[--paced-seconds 60] [--workers N]``

The store defaults to the newest 1M-location search bench store (``bench/search.py`` builds
it, in this checkout or the main one) when there is one, else the demo store. Requests: a city
ZIP (from the store's addresses) x a need (as in bench/search.py), half of them "open now";
and services by id (ids from ``/services`` pages). Printed per run: answers a second, p50 /
p95 / p99 per endpoint, errors (anything but 200), the load average, and the CPU seconds the
server processes and this client process used. The client (asyncio + httpx, one process) is
not the server's process, but on a 2-core machine it shares the cores: its CPU share is
printed beside the server's, so a capacity figure can be read with it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
# the newest 1M-location search bench store here or in the main checkout, else the demo
STORES = [*sorted((p for folder in (REPO / "bench" / "output",
                                    REPO.parent / "main" / "bench" / "output")
                   for p in folder.glob("search-v*-1000000.duckdb")),
                  key=lambda p: p.stat().st_mtime, reverse=True),
          REPO / "data" / "resources.duckdb"]
MIX = {"search": 0.5, "service": 0.5}  # shares of the requests
PAUSE_S = (1.0, 5.0)  # call pace: seconds between an answer and the client's next request
NEEDS = ["shelter", "food", "detox", "clinic", "food pantry", "emergency shelter",
         "mental health", "dental", "legal aid", "housing"]


def start_server(db: Path, tokens: Path, port: int,
                 workers: int | None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    extra = ["--workers", str(workers)] if workers else []
    return subprocess.Popen([sys.executable, "-m", "resources.cli", "--db", str(db), "api",
                             "--port", str(port), "--tokens", str(tokens),
                             "--log-level", "warning", *extra], env=env)


def wait_ready(url: str, proc: subprocess.Popen[bytes], limit_s: float = 900) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit_s:
        if proc.poll() is not None:
            raise SystemExit(f"the API exited with {proc.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                return time.perf_counter() - start
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the API did not start in {limit_s:.0f} s")


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux /proc)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            todo += [int(c) for c in task.read_text().split()]
    return out


def server_usage(pid: int) -> tuple[float, float]:
    """CPU seconds used so far and resident GB of the server's processes."""
    cpu = rss = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            cpu += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
            rss += int(fields[21]) * os.sysconf("SC_PAGE_SIZE") / 1e9
        except (OSError, IndexError, ValueError):
            continue  # a process that just ended
    return cpu, rss


def workload(url: str, headers: dict[str, str], db: Path, seed: int) -> list[tuple[str, str]]:
    """(kind, path) requests: searches near the store's ZIPs, services by id, in the
    proportions of :data:`MIX`."""
    from resources.store import Store

    rng = random.Random(seed)
    with Store.open(db, read_only=True) as store:
        zips = [r[0] for r in store.con.execute(
            "SELECT DISTINCT left(postal_code, 5) FROM address "
            "WHERE regexp_full_match(left(postal_code, 5), '[0-9]{5}') LIMIT 300").fetchall()]
    ids: list[str] = []
    with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
        total = client.get("/services", params={"per_page": 1}).json()["total_pages"]
        for page in rng.sample(range(1, max(2, total // 500)), k=min(5, max(1, total // 500))):
            body = client.get("/services", params={"per_page": 500, "page": page}).json()
            ids += [s["id"] for s in body["contents"]]
    n = 800
    searches = [f"/search?need={rng.choice(NEEDS)}&near={rng.choice(zips)}"
                + ("&open=now" if rng.random() < 0.5 else "")
                for _ in range(round(n * MIX["search"]))]
    services = [f"/services/{rng.choice(ids)}" for _ in range(round(n * MIX["service"]))]
    mixed = [("search", s) for s in searches] + [("service", s) for s in services]
    rng.shuffle(mixed)
    return mixed


@dataclass
class Run:
    label: str
    latencies: dict[str, list[float]]
    errors: int
    answers: int
    wall: float
    load: tuple[float, float, float]
    server_cpu: float
    client_cpu: float


async def _clients(url: str, headers: dict[str, str], requests: list[tuple[str, str]],
                   clients: int, seconds: float, pause: tuple[float, float] | None,
                   seed: int) -> tuple[dict[str, list[float]], int, int, float]:
    latencies: dict[str, list[float]] = {"search": [], "service": []}
    errors = 0
    done = 0
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    rng = random.Random(seed)

    async def client(n: int, http: httpx.AsyncClient) -> None:
        nonlocal errors, done
        i = n
        if pause:  # start somewhere in a pause, not all at once
            await asyncio.sleep(rng.uniform(0, pause[1]))
        while time.perf_counter() < stop:
            kind, path = requests[i % len(requests)]
            i += clients
            t0 = time.perf_counter()
            try:
                r = await http.get(path)
                ok = r.status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies[kind].append((time.perf_counter() - t0) * 1000)
                done += 1
            else:
                errors += 1
            if pause:
                await asyncio.sleep(rng.uniform(*pause))

    start = time.perf_counter()
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=120,
                                 limits=limits) as http:
        await asyncio.gather(*(client(n, http) for n in range(clients)))
    return latencies, errors, done, time.perf_counter() - start


def run(label: str, server: int, url: str, headers: dict[str, str],
        requests: list[tuple[str, str]], clients: int, seconds: float,
        pause: tuple[float, float] | None = None, seed: int = 7) -> Run:
    """One run of ``clients`` for ``seconds`` (closed loop, or with a pause after each
    answer); with the CPU seconds the server and this client used meanwhile."""
    cpu0, _rss = server_usage(server)
    me0 = resource.getrusage(resource.RUSAGE_SELF)
    latencies, errors, done, wall = asyncio.run(
        _clients(url, headers, requests, clients, seconds, pause, seed))
    cpu1, _rss = server_usage(server)
    me1 = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = (me1.ru_utime + me1.ru_stime) - (me0.ru_utime + me0.ru_stime)
    return Run(label, latencies, errors, done, wall, os.getloadavg(), cpu1 - cpu0, client_cpu)


def report(runs: list[Run]) -> None:
    head = (f"{'run':<34}{'answers/s':>10}{'errors':>7}   {'/search p50 / p95 / p99 ms':<28}"
            f"{'/services/{id} p50 / p95 / p99 ms':<36}{'load avg':>9}  CPU s: server / client")
    print(head)
    for r in runs:
        cells = []
        for kind in ("search", "service"):
            q = _quantiles(r.latencies[kind])
            cells.append(f"{q[0]:7.0f} {q[1]:7.0f} {q[2]:7.0f} (n={len(r.latencies[kind])})"
                         if q else "no answers")
        print(f"{r.label:<34}{r.answers / r.wall:>10.1f}{r.errors:>7}   {cells[0]:<28}"
              f"{cells[1]:<36}{r.load[0]:>9.1f}  {r.server_cpu:.0f} / {r.client_cpu:.0f} "
              f"in {r.wall:.0f} s")


def _quantiles(values: list[float]) -> tuple[float, float, float] | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0], values[0], values[0]
    q = statistics.quantiles(values, n=100, method="inclusive")
    return q[49], q[94], q[98]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=next((p for p in STORES if p.exists()),
                                                        STORES[-1]))
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0,
                        help="the closed-loop runs (1 client: half of it)")
    parser.add_argument("--paced-seconds", type=float, default=90.0, help="the call-pace run")
    parser.add_argument("--warm-seconds", type=float, default=15.0)
    parser.add_argument("--workers", type=int, default=None,
                        help="the API's worker processes (default: as `resources api`)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not args.db.exists():
        raise SystemExit(f"no store at {args.db}: `make data` or bench/search.py first")
    from resources.api.tokens import add_token
    from resources.cli.api import default_workers

    url = f"http://127.0.0.1:{args.port}"
    workers = args.workers or default_workers()
    with tempfile.TemporaryDirectory() as tmp:
        tokens = Path(tmp) / "tokens.json"
        secret = add_token("bench", "partner", per_minute=10_000_000, path=tokens)
        headers = {"Authorization": f"Bearer {secret}"}
        proc = start_server(args.db, tokens, args.port, workers)
        try:
            ready = wait_ready(url, proc)
            health = httpx.get(f"{url}/health", timeout=30).json()
            print(f"store {args.db} ({json.dumps(health['records'])}); API ready in "
                  f"{ready:.0f} s with {workers} worker(s), "
                  f"{server_usage(proc.pid)[1]:.1f} GB resident (search index in memory, "
                  f"id table)")
            requests = workload(url, headers, args.db, args.seed)
            # warm-up (not counted): each worker reads its caches and the store's pages, as
            # a service that has run a while has; with other requests than the runs' first
            run("warm-up", proc.pid, url, headers, requests[::-1], 4, args.warm_seconds)
            print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
                  f"({os.cpu_count()} CPUs); mix {MIX}; call pace: a pause of "
                  f"{PAUSE_S[0]:g}-{PAUSE_S[1]:g} s after each answer")
            runs = [run("1 client, closed loop (baseline)", proc.pid, url, headers, requests,
                        1, args.seconds / 2)]
            runs.append(run(f"{args.clients} clients, closed loop (capacity)", proc.pid, url,
                            headers, requests, args.clients, args.seconds))
            runs.append(run(f"{args.clients} clients at call pace", proc.pid, url, headers,
                            requests, args.clients, args.paced_seconds, PAUSE_S, args.seed))
            report(runs)
            print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        finally:
            proc.terminate()
            proc.wait(60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
