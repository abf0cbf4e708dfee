"""TEST DOUBLE of an OSRM server (``osrm-routed``): NOT a routing engine.

A tiny ``http.server`` on 127.0.0.1 (a random free port, in a thread) that answers ``/table/v1``
and ``/route/v1`` in the real OSRM JSON shapes, with made-up numbers: every leg takes
``seconds_per_km`` per straight-line km and is ``1.5`` x the straight-line distance. It records the
paths it was asked for, and can be told to answer ``{"code": "NoTable"}`` or HTTP 500.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from resources.geo.distance import km


def _km(a: Sequence[float], b: Sequence[float]) -> float:
    """Straight km, as the engine measures them (the double charges per straight km)."""
    (lon1, lat1), (lon2, lat2) = a, b
    return km(lat1, lon1, lat2, lon2)


@dataclass
class DoubleState:
    seconds_per_km: float = 600.0
    answer: str = "ok"  # "ok" | "bad-code" | "http-500" | "null-pair"
    requests: list[str] = field(default_factory=list)


def _handler(state: DoubleState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

        def _send(self, status: int, body: dict[str, object]) -> None:
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self) -> None:  # noqa: N802 (http.server API)
            state.requests.append(self.path)
            url = urlsplit(self.path)
            parts = url.path.strip("/").split("/")
            if state.answer == "http-500":
                self._send(500, {"code": "InternalError"})
                return
            if state.answer == "bad-code":
                self._send(400, {"code": "NoTable", "message": "test double says no"})
                return
            if len(parts) != 4 or parts[1] != "v1":
                self._send(400, {"code": "InvalidUrl"})
                return
            service, coords = parts[0], parts[3]
            pts = [[float(x) for x in c.split(",")] for c in coords.split(";")]
            if service == "table":
                dur = [[_km(a, b) * state.seconds_per_km for b in pts] for a in pts]
                dist = [[_km(a, b) * 1500.0 for b in pts] for a in pts]
                if state.answer == "null-pair" and len(pts) > 1:
                    dur[0][1] = None  # type: ignore[call-overload]
                self._send(200, {"code": "Ok", "durations": dur, "distances": dist})
            elif service == "route":
                legs = list(zip(pts, pts[1:], strict=False))
                line: list[list[float]] = []
                for a, b in legs:  # a bent line: a midpoint between each pair
                    line += [a, [(a[0] + b[0]) / 2 + 0.001, (a[1] + b[1]) / 2]]
                line.append(pts[-1])
                self._send(
                    200,
                    {
                        "code": "Ok",
                        "routes": [
                            {
                                "geometry": {"type": "LineString", "coordinates": line},
                                "duration": sum(_km(a, b) for a, b in legs) * state.seconds_per_km,
                                "distance": sum(_km(a, b) for a, b in legs) * 1500.0,
                            }
                        ],
                    },
                )
            else:
                self._send(400, {"code": "InvalidService"})

    return Handler


@contextmanager
def osrm_double(state: DoubleState | None = None) -> Iterator[tuple[str, DoubleState]]:
    """Run the double; yields ``(base_url, state)`` and stops the server afterwards."""
    state = state or DoubleState()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
