"""HSDS 3.0 ids are UUIDs: each record's is a name-based UUID of its store id
(``<source>/<id>``), the same for the same record in every run and store build. The SQL
twin is :func:`resources.store.api_sql.uuid_sql`; a caller may send either id."""

from __future__ import annotations

import hashlib


def hsds_id(store_id: str) -> str:
    """The HSDS UUID of a store id: md5 of ``'hsds:' + id``, version 3, RFC 4122 variant."""
    h = hashlib.md5(("hsds:" + store_id).encode(), usedforsecurity=False).hexdigest()
    return f"{h[:8]}-{h[8:12]}-3{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:32]}"
