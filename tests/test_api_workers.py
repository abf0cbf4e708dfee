"""``resources api --workers N``: N worker processes answer, and what a partner is promised
holds whichever worker answers: one rate limit per token across the service, a revoked token
refused by every worker."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from resources.api.limits import RateLimiter, SharedRateLimiter
from resources.api.tokens import add_token, revoke_token
from tests.api_helpers import serving


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _fresh(url: str, path: str, secret: str | None = None) -> httpx.Response:
    """One request on a new connection (so the workers take turns accepting them)."""
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    return httpx.get(url + path, headers=headers, timeout=60)


def test_shared_buckets_hold_one_limit_across_processes(tmp_path: Path):
    clock = _Clock()
    path = tmp_path / "limits.sqlite"
    one, two = SharedRateLimiter(path, clock), SharedRateLimiter(path, clock)  # two workers
    waits = [(one if i % 2 else two).take("token:county-211", 4) for i in range(6)]
    assert waits[:4] == [0, 0, 0, 0] and waits[4] == 15 and waits[5] == 15
    clock.now += 15  # a quarter of a minute: one request back
    assert [one.take("token:county-211", 4), two.take("token:county-211", 4)] == [0, 15]
    assert two.take("token:other", 4) == 0  # each token its own bucket
    one.close()
    two.close()


def test_the_bucket_arithmetic_is_the_same_in_memory_and_shared(tmp_path: Path):
    clock = _Clock()
    memory, shared = RateLimiter(clock), SharedRateLimiter(tmp_path / "l.sqlite", clock)
    answers = []
    for step in range(40):
        clock.now += 0.5 * (step % 3)
        answers.append((memory.take("k", 10), shared.take("k", 10)))
    assert all(a == b for a, b in answers) and any(a for a, _ in answers)
    shared.close()


@pytest.fixture(scope="module")
def two_workers(demo_db: Path, tmp_path_factory: pytest.TempPathFactory,
                ) -> tuple[str, Path, str]:
    tokens = tmp_path_factory.mktemp("workers") / "tokens.json"
    slow = add_token("slow", "partner", per_minute=6, path=tokens)
    with serving(demo_db, tokens, "--workers", "2", "--anon-per-minute", "0") as url:
        yield url, tokens, slow


def test_two_workers_start_and_both_answer(two_workers: tuple[str, Path, str]):
    url, _tokens, _slow = two_workers
    seen: set[int] = set()
    for _ in range(60):
        r = _fresh(url, "/health")
        assert r.status_code == 200
        seen.add(r.json()["process"])
        if len(seen) == 2:
            break
    assert len(seen) == 2, "one process answered every connection"
    services = _fresh(url, "/services", None).json()
    assert services["total_items"] > 0
    one = services["contents"][0]["id"]
    assert all(_fresh(url, f"/services/{one}").json()["id"] == one for _ in range(4))


def test_a_token_rate_limit_holds_across_the_workers(two_workers: tuple[str, Path, str]):
    url, _tokens, slow = two_workers
    codes = [_fresh(url, "/taxonomies", slow).status_code for _ in range(12)]
    assert codes.count(200) == 6 and codes.count(429) == 6, codes  # 6 a minute, not 6 each


def test_a_revoked_token_is_refused_by_every_worker(two_workers: tuple[str, Path, str]):
    url, tokens, _slow = two_workers
    secret = add_token("short-lived", "partner", path=tokens)
    assert [_fresh(url, "/taxonomies", secret).status_code for _ in range(4)] == [200] * 4
    revoke_token("short-lived", tokens)
    assert [_fresh(url, "/taxonomies", secret).status_code for _ in range(8)] == [401] * 8


def test_each_worker_gives_a_query_its_share_of_the_cores(demo_db: Path, tmp_path: Path):
    from resources.api.app import ApiSettings, create_app

    app = create_app(ApiSettings(str(demo_db), tokens_path=tmp_path / "t.json", warm=False,
                                 duckdb_threads=1))
    assert app.state.api.get().store.scalar("SELECT current_setting('threads')") == 1


def test_answers_from_several_workers_are_not_held_back_by_nagle(
        two_workers: tuple[str, Path, str]):
    """Without TCP_NODELAY an answer's body waits for the client's delayed ACK: every request
    takes 40 ms or more (a few may be quick: Linux acknowledges at once now and then)."""
    url, _tokens, _slow = two_workers
    with httpx.Client(base_url=url, timeout=30) as client:  # one kept-alive connection
        times = [client.get("/health").elapsed.total_seconds() for _ in range(15)]
    assert sorted(times)[len(times) // 2] < 0.03, times
