"""Helpers for real-browser tests: a `streamlit run` server and Debian's headless Chromium."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "test-output"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def streamlit_server(env: dict[str, str], timeout: float = 90.0) -> Iterator[str]:
    """Run the app on a free loopback port; yield its base URL; stop it afterwards."""
    port = free_port()
    log = OUTPUT / f"streamlit-{port}.log"
    OUTPUT.mkdir(exist_ok=True)
    cmd = [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"),
           "--server.address", "127.0.0.1", "--server.port", str(port),
           "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env={**os.environ, **env}, stdout=out,
                                stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.time() + timeout
            while time.time() < deadline:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    time.sleep(0.3)
            else:
                raise RuntimeError(f"streamlit did not start; see {log}")
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


@contextlib.contextmanager
def browser_page(chromium_path: str, width: int = 1366, height: int = 768) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            yield page
        finally:
            browser.close()


def idle(page) -> None:  # type: ignore[no-untyped-def]
    """Streamlit marks the app element with its script state: wait for the run to end."""
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-test-script-state='notRunning']", timeout=90_000)


def type_into(page, label: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the box labelled ``label`` and press Enter, as a specialist would."""
    box = page.get_by_label(label)
    box.wait_for(timeout=90_000)
    box.fill(text)
    box.press("Enter")
    idle(page)


@contextlib.contextmanager
def coordinator_browser(chromium_path: str) -> Iterator[object]:
    """Chromium for the coordinator flows: new pages wait up to a minute for an element."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=60_000)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        browser.on("page", lambda page: page.set_default_timeout(60_000))
        try:
            yield browser
        finally:
            browser.close()
