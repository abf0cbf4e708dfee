"""Data files checked by pydantic models: every problem found, each with its place in the
document ("lines[2].phones[0].number: ..."), raised at once as one
:class:`~resources.errors.DataFileError` (or the file's own subclass of it).

A file's model is named by text (``"resources.vocab.schemas:NationalLinesFile"``) and
imported only to check a document not checked before: a document that passed is remembered
by a hash of its content, its context and the model's source in the cache folder
(``RESOURCES_CACHE``), so a one-off ``resources search`` reads the packaged vocabulary again
without importing pydantic (about 0.1 s) to check the same files.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from resources import settings
from resources.errors import DataFileError


def check(data: Any, source: str, error: type[DataFileError], model: str, *,
          context: Mapping[str, Any] | None = None, more: Iterable[str] = ()) -> None:
    """Validate ``data`` (a parsed YAML document) against ``model`` ("module:Class", a
    pydantic model; ``context`` reaches its validators); raise ``error`` listing every
    problem: the model's, then ``more`` (checks across entries the caller made)."""
    more = list(more)
    key = None if more else _key(data, model, context)
    if key is not None and _passed(key):
        return
    problems = problems_of(data, model, context) + more
    if problems:
        raise error(source, problems)
    if key is not None:
        _remember(key)


def where(loc: Iterable[str | int]) -> str:
    """A pydantic error location as a path in the document: ``lines[2].phones[0].number``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def problems_of(data: Any, model: str, context: Mapping[str, Any] | None = None) -> list[str]:
    """Every problem ``model`` finds in ``data``, as "path: why" lines (for a file whose
    error is not a DataFileError: a mapping file's MappingError)."""
    module, name = model.split(":")
    cls = getattr(importlib.import_module(module), name)
    try:
        cls.model_validate(data, context=dict(context or {}))
    except Exception as exc:  # noqa: BLE001 - pydantic's ValidationError, not imported here
        errors = getattr(exc, "errors", None)
        if errors is None:
            raise
        return [f"{where(e['loc'])}: {_why(e)}" for e in errors()]
    return []


def _why(error: Mapping[str, Any]) -> str:
    msg = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        return "unknown field"
    if error["type"] == "missing":
        return "is required"
    if error["type"] in ("dict_type", "model_type", "model_attributes_type"):
        return "must be a mapping (key: value lines)"
    if error["type"] == "list_type":
        return "must be a list"
    return msg


def _key(data: Any, model: str, context: Mapping[str, Any] | None) -> str | None:
    digest = hashlib.sha1(models_source(Path(__file__).parent))
    digest.update(model.encode())
    try:
        digest.update(json.dumps([data, context], sort_keys=True, default=repr).encode())
    except (TypeError, ValueError):  # keys of mixed types: check every time
        return None
    return digest.hexdigest()[:24]


@functools.lru_cache(maxsize=4)
def models_source(package: Path) -> bytes:
    """The text of every models module of ours (``schemas.py``, ``_*_schema.py``) and of
    this file: a model importing another's base class is re-checked when either changes."""
    files = sorted({*package.rglob("schemas.py"), *package.rglob("_*_schema.py"),
                    Path(__file__)})
    return b"".join(f.read_bytes() for f in files)


def _passed(key: str) -> bool:
    return (settings.cache_dir() / "checked" / key).exists()


def _remember(key: str) -> None:
    folder = settings.cache_dir() / "checked"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / key).touch()
    except OSError:
        pass  # an unwritable cache only means checking again next time


def repeated(values: Iterable[Any]) -> list[str]:
    """The texts that occur more than once in ``values`` (ids of a file's entries), sorted;
    for a model's context, so that each repeat is reported where it is."""
    seen: dict[str, int] = {}
    for v in values:
        if isinstance(v, str):
            seen[v] = seen.get(v, 0) + 1
    return sorted(v for v, n in seen.items() if n > 1)


def texts(value: Any) -> list[str]:
    """The strings of a list (what a model's context may safely hold), else []."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
