"""How many records a source marks private (shown to coordinators only).

Read by the load report and ``resources info``; what is hidden where is in
docs/coordinators.md ("Confidential records").
"""

from __future__ import annotations

import duckdb

# tables with an ``is_private`` flag, in the order they are reported
PRIVATE_TABLES = ("service", "location", "address", "phone")


def private_counts(con: duckdb.DuckDBPyConnection,
                   source_id: str | None = None) -> dict[str, int]:
    """Private rows per table (only tables with some), of one source or of all."""
    where = "coalesce(is_private, false)" + (" AND source_id = $source" if source_id else "")
    sql = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM \"{t}\" WHERE {where}"
                             for t in PRIVATE_TABLES)
    rows = con.execute(sql, {"source": source_id} if source_id else {}).fetchall()
    return {str(t): int(n) for t, n in rows if n}


def private_text(counts: dict[str, int]) -> str:
    """'location 14, address 19, phone 9' (or 'none')."""
    return ", ".join(f"{t} {n}" for t, n in counts.items()) or "none"
