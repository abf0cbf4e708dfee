"""API load bench: 50 concurrent clients doing mixed ``/search`` and ``/services/{id}``
against the HSDS API (``resources api`` under uvicorn, started here), beside one client in
the same run (the baseline: the same requests one at a time).

Run: ``PYTHONPATH=. python bench/api.py [--db STORE] [--clients 50] [--seconds 30]``

The store defaults to the newest 1M-location search bench store (``bench/search.py`` builds
it, in this checkout or the main one) when there is one, else the demo store. Requests: a city ZIP
(from the store's addresses) x a need (as in bench/search.py), half of them "open now";
and services by id (ids from ``/services`` pages). Each client sends its next request when
the last one answers (closed loop). Printed: requests a second, p50 / p95 / p99 per
endpoint, errors (anything but 200) and the load average. The client runs in this process
(asyncio + httpx): on a 2-core machine it competes with the server for CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
# the newest 1M-location search bench store here or in the main checkout, else the demo
STORES = [*sorted((p for folder in (REPO / "bench" / "output",
                                    REPO.parent / "main" / "bench" / "output")
                   for p in folder.glob("search-v*-1000000.duckdb")),
                  key=lambda p: p.stat().st_mtime, reverse=True),
          REPO / "data" / "resources.duckdb"]
NEEDS = ["shelter", "food", "detox", "clinic", "food pantry", "emergency shelter",
         "mental health", "dental", "legal aid", "housing"]


def _pct(values: list[float]) -> str:
    if not values:
        return "no answers"
    q = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 \
        else [values[0]] * 99
    return f"p50 {q[49]:7.1f} ms  p95 {q[94]:7.1f} ms  p99 {q[98]:7.1f} ms  (n={len(values)})"


def start_server(db: Path, tokens: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "resources.cli", "--db", str(db), "api",
                             "--port", str(port), "--tokens", str(tokens),
                             "--log-level", "warning"], env=env)


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


def workload(url: str, headers: dict[str, str], db: Path, seed: int) -> list[tuple[str, str]]:
    """(kind, path) requests: searches near the store's ZIPs, services by id."""
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
    searches = [f"/search?need={rng.choice(NEEDS)}&near={rng.choice(zips)}"
                + ("&open=now" if rng.random() < 0.5 else "") for _ in range(400)]
    services = [f"/services/{rng.choice(ids)}" for _ in range(400)]
    mixed = [("search", s) for s in searches] + [("service", s) for s in services]
    rng.shuffle(mixed)
    return mixed


async def run(url: str, headers: dict[str, str], requests: list[tuple[str, str]],
              clients: int, seconds: float) -> tuple[dict[str, list[float]], int, int, float]:
    """Closed-loop clients for ``seconds``: latencies per kind, errors, answers, wall time."""
    latencies: dict[str, list[float]] = {"search": [], "service": []}
    errors = 0
    done = 0
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(n: int, http: httpx.AsyncClient) -> None:
        nonlocal errors, done
        i = n
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

    start = time.perf_counter()
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=120,
                                 limits=limits) as http:
        await asyncio.gather(*(client(n, http) for n in range(clients)))
    return latencies, errors, done, time.perf_counter() - start


def report(label: str, result: tuple[dict[str, list[float]], int, int, float]) -> None:
    latencies, errors, done, wall = result
    print(f"{label}: {done / wall:6.1f} requests/s, {errors} errors, {done} answers in "
          f"{wall:.0f} s")
    for kind, values in latencies.items():
        print(f"    {'/search' if kind == 'search' else '/services/{id}':<15} {_pct(values)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=next((p for p in STORES if p.exists()),
                                                        STORES[-1]))
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not args.db.exists():
        raise SystemExit(f"no store at {args.db}: `make data` or bench/search.py first")
    from resources.api.tokens import add_token

    url = f"http://127.0.0.1:{args.port}"
    with tempfile.TemporaryDirectory() as tmp:
        tokens = Path(tmp) / "tokens.json"
        secret = add_token("bench", "partner", per_minute=10_000_000, path=tokens)
        headers = {"Authorization": f"Bearer {secret}"}
        proc = start_server(args.db, tokens, args.port)
        try:
            ready = wait_ready(url, proc)
            health = httpx.get(f"{url}/health", timeout=30).json()
            print(f"store {args.db} ({json.dumps(health['records'])}); "
                  f"API ready in {ready:.0f} s (search index in memory, id table)")
            requests = workload(url, headers, args.db, args.seed)
            asyncio.run(run(url, headers, requests[:20], 2, 3.0))  # warm connections, caches
            print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
            report("1 client (baseline)", asyncio.run(run(url, headers, requests, 1,
                                                          args.seconds / 2)))
            report(f"{args.clients} clients", asyncio.run(run(url, headers, requests,
                                                             args.clients, args.seconds)))
            print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
                  f"({os.cpu_count()} CPUs)")
        finally:
            proc.terminate()
            proc.wait(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
