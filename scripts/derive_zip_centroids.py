"""Derive the packaged ZIP centroid table from the ``zipcodes`` package.

    PYTHONPATH=. python scripts/derive_zip_centroids.py

Writes ``resources/data/zip_centroids.parquet`` (zip_code, lat, lon; the ``zipcodes``
version in the file's metadata). Reading it takes milliseconds where
``zipcodes.list_all()`` materializes 42,789 dicts (1-6 s): every load and every coverage
resolution needs the table. :func:`resources.loaders._geo.zip_centroids` uses the file
only when its version matches the installed ``zipcodes``, else reads the package.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import zipcodes

from resources.geo.zips import ZIP_TABLE, zip_centroids_from_package


def main() -> None:
    table = zip_centroids_from_package()
    codes = sorted(table)
    frame = pa.table({
        "zip_code": pa.array(codes, pa.string()),
        "lat": pa.array([table[z][0] for z in codes], pa.float64()),
        "lon": pa.array([table[z][1] for z in codes], pa.float64()),
    }).replace_schema_metadata({"zipcodes_version": zipcodes.__version__})
    pq.write_table(frame, ZIP_TABLE, compression="zstd")
    print(f"{len(codes)} ZIPs -> {ZIP_TABLE}")


if __name__ == "__main__":
    main()
