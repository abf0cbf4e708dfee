"""Review before publish: the ``proposal`` and ``review_policy`` tables (see
:mod:`resources.coordinator.review` for what is decided; these are the statements)."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

PROPOSAL_COLUMNS = ["id", "table_name", "record_id", "record_name", "changes", "before",
                    "proposed_by", "proposed_at", "status", "decided_by", "decided_at", "reason"]
# times read as UTC wall-clock (TIMESTAMPTZ values would need pytz in Python)
_SELECT = ", ".join(f"timezone('UTC', {c}) AS {c}" if c.endswith("_at") else c
                    for c in PROPOSAL_COLUMNS)


def insert_proposal(con: duckdb.DuckDBPyConnection, table: str, record_id: str,
                    record_name: str | None, changes: str, before: str, user: str,
                    at: datetime) -> int:
    row = con.execute(
        "INSERT INTO proposal (table_name, record_id, record_name, changes, before, "
        "proposed_by, proposed_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending') "
        "RETURNING id", [table, record_id, record_name, changes, before, user, at]).fetchone()
    assert row is not None
    return int(row[0])


def proposal(con: duckdb.DuckDBPyConnection, proposal_id: int) -> dict[str, object] | None:
    cur = con.execute(f"SELECT {_SELECT} FROM proposal WHERE id = ?", [proposal_id])
    row = cur.fetchone()
    return None if row is None else dict(zip(PROPOSAL_COLUMNS, row, strict=True))


def proposals(con: duckdb.DuckDBPyConnection, status: str | None = None,
              record_id: str | None = None) -> pd.DataFrame:
    """Proposals, oldest first (the order they are reviewed in)."""
    where, params = [], []
    if status:
        where.append("status = ?")
        params.append(status)
    if record_id:
        where.append("record_id = ?")
        params.append(record_id)
    sql = f"SELECT {_SELECT} FROM proposal"
    if where:
        sql += " WHERE " + " AND ".join(where)
    cur = con.execute(sql + " ORDER BY proposed_at, id", params)
    return pd.DataFrame(cur.fetchall(), columns=PROPOSAL_COLUMNS)


def decide(con: duckdb.DuckDBPyConnection, proposal_id: int, status: str, user: str,
           at: datetime, reason: str | None) -> None:
    con.execute("UPDATE proposal SET status = ?, decided_by = ?, decided_at = ?, reason = ? "
                "WHERE id = ?", [status, user, at, reason, proposal_id])


def organization_of(con: duckdb.DuckDBPyConnection, table: str, record_id: str) -> str | None:
    row = con.execute(f'SELECT organization_id FROM "{table}" WHERE id = ?',
                      [record_id]).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def policy_kinds(con: duckdb.DuckDBPyConnection, organization_id: str) -> set[str]:
    return {str(r[0]) for r in con.execute(
        "SELECT kind FROM review_policy WHERE organization_id = ?", [organization_id]).fetchall()}


def set_policy(con: duckdb.DuckDBPyConnection, organization_id: str, kinds: set[str],
               user: str, at: datetime) -> None:
    con.execute("DELETE FROM review_policy WHERE organization_id = ?", [organization_id])
    for kind in sorted(kinds):
        con.execute("INSERT INTO review_policy VALUES (?, ?, ?, ?)",
                    [organization_id, kind, user, at])


def organizations_named(con: duckdb.DuckDBPyConnection, text: str, limit: int) -> pd.DataFrame:
    return con.execute("SELECT id, name FROM organization WHERE name ILIKE ? ORDER BY name "
                       f"LIMIT {int(limit)}", [f"%{text}%"]).df()
