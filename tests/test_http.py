"""The one HTTP client: a cache, a pause between requests to one server, a timeout."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from resources.http import HttpClient


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            seen.append(self.path)
            if self.path.startswith("/slow"):
                time.sleep(1.0)
            body = json.dumps({"path": self.path, "agent": self.headers["User-Agent"]})
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body.encode())
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                pass

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", seen
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def test_the_same_question_is_asked_once(server):
    url, seen = server
    client = HttpClient(timeout=2)
    first = client.get_json(f"{url}/search", {"q": "500 Elm St"})
    again = client.get_json(f"{url}/search", {"q": "500 Elm St"})
    assert first == again and first["path"] == "/search?q=500+Elm+St"
    assert seen == ["/search?q=500+Elm+St"] and client.requests == 1
    assert first["agent"] == "resources-referral-finder"


def test_requests_to_a_server_are_spaced_out(server):
    url, seen = server
    client = HttpClient(timeout=2, min_interval_s=0.3)
    start = time.monotonic()
    for q in ("a", "b", "c"):
        client.get_json(f"{url}/search", {"q": q})
    assert time.monotonic() - start >= 0.6 and len(seen) == 3


def test_a_server_too_slow_is_a_timeout_not_a_hang(server):
    url, _ = server
    client = HttpClient(timeout=0.2)
    with pytest.raises(OSError):  # TimeoutError is an OSError
        client.get_json(f"{url}/slow")


def test_the_geocoder_is_off_unless_configured(monkeypatch):
    from resources.geo.places import GeocoderSettings

    monkeypatch.delenv("RESOURCES_GEOCODER_URL", raising=False)
    assert GeocoderSettings.from_settings() is None
    monkeypatch.setenv("RESOURCES_GEOCODER_URL", "http://nominatim.internal/search")
    configured = GeocoderSettings.from_settings()
    assert configured is not None and configured.url == "http://nominatim.internal/search"
    assert configured.min_interval_s >= 1.0  # the public Nominatim's policy
