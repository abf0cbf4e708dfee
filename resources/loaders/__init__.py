"""Loaders: one per public directory format, all writing into the one HSDS-shaped store.

:data:`LOADERS` is the registry (kind -> class); :func:`detect_kind` picks one for a path;
:func:`get_loader` returns one; :func:`resources.pipeline.load.load_path` loads a path and
derives from it (what the CLI and the app call).
"""

from __future__ import annotations

from pathlib import Path

from resources.loaders._clean import LoadError
from resources.loaders.airs import AIRSCSVLoader
from resources.loaders.base import Loader
from resources.loaders.hifld import HIFLDHospitalsLoader, HIFLDUrgentCareLoader
from resources.loaders.hotlines import HotlinesCSVLoader, HotlinesYAMLLoader
from resources.loaders.hsds3 import HSDS3CSVLoader, HSDS3JSONLoader
from resources.loaders.hsds_legacy import HSDSLegacyCSVLoader
from resources.loaders.linksf import LinkSFCSVLoader, LinkSFJSONLoader
from resources.loaders.mapped import MappedCSVLoader
from resources.loaders.ohana import OhanaCSVLoader, OhanaMongoLoader
from resources.loaders.osm import OSMPointsLoader
from resources.loaders.transformer import HSDSTransformerLoader

LOADERS: dict[str, type[Loader]] = {
    cls.kind: cls for cls in (
        HSDS3CSVLoader, HSDS3JSONLoader, HSDSTransformerLoader, HSDSLegacyCSVLoader, OhanaCSVLoader, OhanaMongoLoader,
        LinkSFJSONLoader, LinkSFCSVLoader, AIRSCSVLoader, HotlinesYAMLLoader, HotlinesCSVLoader,
        HIFLDHospitalsLoader, HIFLDUrgentCareLoader, MappedCSVLoader, OSMPointsLoader,
    )
}

__all__ = ["LOADERS", "LoadError", "Loader", "bench_cases", "detect_kind", "get_loader"]


def supported_kinds() -> str:
    return "\n".join(f"  {k:<16} {c.description}" for k, c in LOADERS.items())


def get_loader(kind: str, mapping: str | Path | None = None) -> Loader:
    """A loader for ``kind``; ``mapping`` (a YAML file or shipped name) is for mapped-csv."""
    if kind not in LOADERS:
        raise LoadError(f"Unknown format {kind!r}. Supported formats:\n{supported_kinds()}")
    if mapping is not None:
        if kind != MappedCSVLoader.kind:
            raise LoadError(f"--mapping applies to mapped-csv files, not {kind}")
        return MappedCSVLoader(mapping)
    return LOADERS[kind]()


def bench_cases(shared: Path) -> list[tuple[str, Path]]:
    """``(kind, path)`` of the shared public datasets, for the benches: each loader module
    may define ``bench_cases(shared)`` listing its own (a bare path: the format detected)."""
    import importlib

    found: list[tuple[str, Path]] = []
    for cls in LOADERS.values():
        fn = getattr(importlib.import_module(cls.__module__), "bench_cases", None)
        for case in fn(shared) if fn is not None else []:
            pair = case if isinstance(case, tuple) else (detect_kind(case), case)
            if pair not in found:
                found.append(pair)
    return found


def detect_kind(path: str | Path) -> str:
    path = Path(path)
    if not path.exists():
        raise LoadError(f"{path} does not exist")
    for kind, cls in LOADERS.items():
        if cls.detect(path):
            return kind
    raise LoadError(
        f"Could not tell the format of {path}. Name it: `resources load KIND {path}`. "
        f"Supported formats:\n{supported_kinds()}"
    )
