"""ZIP centroids, offline: the packaged table (``resources/data/zip_centroids.parquet``,
derived from the ``zipcodes`` package by scripts/derive_zip_centroids.py), read by the
loaders (a record with a ZIP and no point), the service areas and the store's SQL."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyarrow.parquet as pq

ZIP_TABLE = Path(__file__).resolve().parents[1] / "data" / "zip_centroids.parquet"


@lru_cache(maxsize=1)
def zip_centroids() -> dict[str, tuple[float, float]]:
    """5-digit ZIP -> (lat, lon), offline (42,789 ZIPs): the packaged table derived from the
    ``zipcodes`` package (scripts/derive_zip_centroids.py), or the package itself when the
    table is missing or from another ``zipcodes`` version."""
    import zipcodes

    if ZIP_TABLE.exists():
        table = pq.read_table(ZIP_TABLE)
        meta = table.schema.metadata or {}
        if meta.get(b"zipcodes_version", b"").decode() == zipcodes.__version__:
            codes, lats, lons = (table[c].to_pylist() for c in ("zip_code", "lat", "lon"))
            return dict(zip(codes, zip(lats, lons, strict=True), strict=True))
    return zip_centroids_from_package()


def zip_centroids_from_package() -> dict[str, tuple[float, float]]:
    """The same table read from ``zipcodes.list_all()`` (slow: 1-6 s)."""
    import zipcodes

    out: dict[str, tuple[float, float]] = {}
    for row in zipcodes.list_all():
        try:
            out[row["zip_code"]] = (float(row["lat"]), float(row["long"]))
        except (TypeError, ValueError):
            continue
    return out
