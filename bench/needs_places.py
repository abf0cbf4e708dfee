"""Tiny benchmark: need matching and place resolution, per call, after the one-off builds.

Run: ``PYTHONPATH=. python bench/needs_places.py``
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from resources.geo.places import Gazetteer, resolve_place
from resources.vocab.needs import is_crisis_text, load_vocabulary, match_needs, text_score

NEED_QUERIES = [
    "shleter tonite",
    "somewhere to sleep tonight",
    "bed for me and my kids",
    "my husband hits me",
    "comida",
    "withdrawl",
    "need narcan",
    "tooth ache",
    "food and a shower",
    "i want to kill myself",
    "asdfgh",
    "necesito un lugar para dormir y comida para mis hijos",
]


def per_call_ms(fn: Callable[[], object], n: int = 300) -> tuple[float, float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * len(times)) - 1]


def main() -> None:
    t = time.perf_counter()
    vocab = load_vocabulary()
    print(f"Vocabulary build           {1000 * (time.perf_counter() - t):8.1f} ms (once)")
    t = time.perf_counter()
    gaz = Gazetteer.build()
    print(f"Gazetteer build            {1000 * (time.perf_counter() - t):8.1f} ms (once)")
    for q in NEED_QUERIES:
        med, p95 = per_call_ms(lambda q=q: (match_needs(q, vocab), is_crisis_text(q, vocab)))
        print(f"match+crisis {q[:34]!r:38} median {med:6.3f} ms  p95 {p95:6.3f} ms")
    names = [f"Service {i} food pantry clinic shelter {i % 97}" for i in range(10_000)]
    med, p95 = per_call_ms(lambda: text_score("food pantry", names), n=30)
    print(
        f"text_score over 10,000 names                      median {med:6.3f} ms  p95 {p95:6.3f} ms"
    )
    for q in [
        "80202",
        "39.74, -104.99",
        "Denver, CO",
        "Springfield",
        "Denvr, CO",
        "Denver County, CO",
        "Xyzzyville",
    ]:
        med, p95 = per_call_ms(lambda q=q: resolve_place(q, gazetteer=gaz))
        print(f"resolve_place {q!r:37} median {med:6.3f} ms  p95 {p95:6.3f} ms")


if __name__ == "__main__":
    main()
