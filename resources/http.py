"""The one HTTP client: every request the project makes (an optional geocoder, an optional
routing engine) goes through :class:`HttpClient`, with a timeout, a pause between requests
to one server (a public Nominatim allows one a second) and an in-memory cache of answers
(the same question is not asked twice).

Nothing here runs unless a geocoder or a routing engine is configured: the app works offline.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
import urllib.request
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

USER_AGENT = "resources-referral-finder"


class HttpClient:
    """GET JSON with a timeout, at most one request per ``min_interval_s`` and a cache of
    the last ``cache_size`` answers. Safe to share between threads (Streamlit sessions).
    Errors are the standard library's (``OSError``, ``TimeoutError``, ``ValueError`` for a
    body that is not JSON): the caller falls back."""

    def __init__(self, *, timeout: float, min_interval_s: float = 0.0,
                 user_agent: str = USER_AGENT, cache_size: int = 256) -> None:
        self.timeout = timeout
        self.min_interval_s = min_interval_s
        self.user_agent = user_agent
        self.cache_size = cache_size
        self.requests = 0  # made over the network (not answered from the cache)
        self._cache: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._next_at = 0.0

    def get_json(self, url: str, params: Mapping[str, Any] | None = None) -> Any:
        if params:
            url = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode(params)}"
        with self._lock:
            if url in self._cache:
                self._cache.move_to_end(url)
                return self._cache[url]
            self._wait_turn()
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        with urllib.request.urlopen(request, timeout=self.timeout) as resp:  # noqa: S310
            body = json.loads(resp.read().decode("utf-8"))
        with self._lock:
            self._cache[url] = body
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return body

    def _wait_turn(self) -> None:
        """Sleep until this client may send again (called with the lock held, so requests
        from several threads are spaced out too)."""
        now = time.monotonic()
        if now < self._next_at:
            time.sleep(self._next_at - now)
        self._next_at = max(now, self._next_at) + self.min_interval_s
        self.requests += 1
