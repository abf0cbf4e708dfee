"""The HSDS API started for real (``resources api`` under uvicorn, on a free port) and the
HSDS 3.0 JSON schemas of ../shared/data/hsds3-spec, for the API tests."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import REPO, SHARED

SPEC = SHARED / "hsds3-spec" / "schema"
_BASE = "https://hsds.invalid/schema/"  # the schemas' own relative refs resolve under it


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: Path, tokens: Path, *extra: str, startup_s: float = 120.0) -> Iterator[str]:
    """``resources --db DB api`` in its own process; yields its base URL."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])}
    log = tokens.with_name(f"api-{port}.log")
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "resources.cli", "--db", str(db), "api", "--port", str(port),
             "--tokens", str(tokens), "--log-level", "warning", *extra],
            env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the API exited ({proc.returncode}):\n{log.read_text()}")
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the API did not answer in {startup_s} s:\n{log.read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(15)


def all_pages(client: httpx.Client, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every record of a list endpoint, page after page (checking the paging fields)."""
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        r = client.get(path, params={**params, "page": page, "per_page": 200})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["page_number"] == page and body["size"] == len(body["contents"])
        items += body["contents"]
        if body["last_page"]:
            assert len(items) == body["total_items"]
            return items
        page += 1


@cache
def _registry() -> Any:
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    resources = []
    for path in [*SPEC.glob("*.json"), *(SPEC / "compiled").glob("*_list.json")]:
        if path.name == "openapi.json":
            continue
        name = path.relative_to(SPEC).as_posix()
        resources.append((_BASE + name, DRAFT202012.create_resource(json.loads(path.read_text()))))
    return Registry().with_resources(resources)


@cache
def validator(schema: str) -> Any:
    """A validator for ``service.json``, ``compiled/service_list.json`` ... (formats too)."""
    import jsonschema

    return jsonschema.Draft202012Validator({"$ref": _BASE + schema}, registry=_registry(),
                                           format_checker=jsonschema.FormatChecker())


def problems(schema: str, record: dict[str, Any], limit: int = 5) -> list[str]:
    found = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
             for e in validator(schema).iter_errors(record)]
    return found[:limit]


def hsds_document() -> dict[str, Any]:
    """The HSDS 3.0 OpenAPI document with its schema refs pointing at the local copies:
    the per-table schemas stand for the compiled ones the specification links (compiled
    ``service.json`` and ``organization.json`` are not in the shared copy)."""
    doc = json.loads((SPEC / "openapi.json").read_text())
    remote = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
    schemas: dict[str, Any] = doc.setdefault("components", {}).setdefault("schemas", {})
    for path in [*SPEC.glob("*.json"), *(SPEC / "compiled").glob("*_list.json")]:
        if path.name == "openapi.json":
            continue
        schema = json.loads(path.read_text())
        schemas[path.stem] = _local_refs(schema)

    def fix(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(remote):
                return {"$ref": "#/components/schemas/" + Path(ref).stem}
            return {k: fix(v) for k, v in node.items()}
        if isinstance(node, list):
            return [fix(v) for v in node]
        return node

    doc["paths"] = fix(doc["paths"])
    doc["servers"] = []
    return doc


def _local_refs(node: Any) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.endswith(".json") and "/" not in ref:
            return {"$ref": "#/components/schemas/" + ref[:-5]}
        return {k: _local_refs(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_local_refs(v) for v in node]
    return node
