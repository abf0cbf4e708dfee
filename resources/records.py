"""Data contracts shared by the loaders and the store.

A loader turns a source file into a :class:`Batch` (one pandas DataFrame per HSDS table,
HSDS column names) plus the :class:`Issue` list of everything it fixed, flagged or
rejected. The store writes a batch for one source atomically and answers with a
:class:`LoadResult`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Issue:
    """One problem with one value (or one row, or the whole file when ``row`` is None).

    ``severity``: ``error`` = the row was rejected (not loaded); ``warning`` = the row was
    loaded but a value was dropped, fixed or is doubtful; ``info`` = noted, nothing lost.
    """

    file: str
    row: int | None
    field: str | None
    value: str | None
    problem: str
    severity: str = "warning"
    record_id: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", field {self.field}"
        value = f" (value {self.value!r})" if self.value not in (None, "") else ""
        return f"{self.severity}: {where}: {self.problem}{value}"


@dataclass
class Batch:
    """Normalized records from one source, ready to write."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    rows_read: int = 0
    # source rows that describe a service (what, or when), the searchability report's
    # yardstick; None: the loader does not tell (every service row it read is one)
    service_rows: int | None = None
    notes: str = ""  # goes to source.notes (e.g. the detected format version)

    def add(self, table: str, frame: pd.DataFrame) -> None:
        if frame is None or frame.empty:
            return
        if table in self.tables:
            self.tables[table] = pd.concat([self.tables[table], frame], ignore_index=True)
        else:
            self.tables[table] = frame.reset_index(drop=True)

    def count(self, table: str) -> int:
        frame = self.tables.get(table)
        return 0 if frame is None else len(frame)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]


@dataclass(frozen=True)
class SourceMeta:
    """Which source a batch comes from (provenance kept on every record)."""

    id: str
    kind: str
    path: str
    sha256: str
    title: str = ""
    notes: str = ""


@dataclass(frozen=True)
class TableDiff:
    table: str
    added: int
    changed: int
    removed: int
    unchanged: int


@dataclass
class LoadResult:
    source: SourceMeta
    loaded_at: datetime
    counts: dict[str, int]
    diffs: list[TableDiff]
    issues: list[Issue]
    rows_read: int
    derived: dict[str, int] = field(default_factory=dict)  # hours records, index rows ...

    def summary(self) -> str:
        lines = [f"Loaded source {self.source.id!r} ({self.source.kind}) from {self.source.path}"]
        lines.append(f"  rows read: {self.rows_read}")
        for d in self.diffs:
            lines.append(
                f"  {d.table}: {d.added} added, {d.changed} changed, {d.removed} removed, "
                f"{d.unchanged} unchanged"
            )
        kept = ", ".join(f"{t} {n}" for t, n in self.counts.items() if n)
        lines.append(f"  records: {kept}")
        private = {k.removeprefix("private_"): n for k, n in self.derived.items()
                   if k.startswith("private_")}
        if private:
            lines.append("  private (confidential: coordinators only, never shown in search, "
                         "map, slip, routes or export): "
                         + ", ".join(f"{t} {n}" for t, n in private.items()))
        by_sev = {s: sum(1 for i in self.issues if i.severity == s) for s in SEVERITIES}
        lines.append(
            f"  issues: {by_sev['error']} rows rejected, {by_sev['warning']} warnings, "
            f"{by_sev['info']} notes (see `resources info --issues {self.source.id}`)"
        )
        return "\n".join(lines)
