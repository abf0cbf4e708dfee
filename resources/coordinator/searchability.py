"""The searchability report: how much of a source a search can actually reach.

A load can look normal (thousands of records, few issues) while almost nothing in it is
searchable: services exported at a level the loader did not read as services, places
without a point, taxonomy no need maps to. This report puts the shares side by side, per
source, after every load and in ``resources info``, and warns loudly when one falls far
below what the source suggests.

*Service rows* are the source rows that describe a service (what is offered or when:
taxonomy, description or hours), told by the loader; a *searchable* service is one at a
located place (exact or approximate point), or a hotline reached by its area: what a search
by place can return.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from resources.store import Store
from resources.store.searchability_sql import per_source


@dataclass(frozen=True)
class Floor:
    """Warn when ``part`` is below ``share`` of ``whole``."""

    part: str
    whole: str
    share: float
    says: str


# The shares a healthy load keeps; below these the report warns (the rules, as data).
FLOORS = (
    Floor("services", "service_rows", 0.5, "services: {pct} of the {whole:,} source rows that "
          "describe a service (are services exported at a level this loader does not read?)"),
    Floor("searchable", "services", 0.5, "located: {pct} of {whole:,} services have a point "
          "or an area (the others are never found by place)"),
    Floor("reachable", "services", 0.3, "reachable by a need: {pct} of {whole:,} services "
          "(no category: never found by what the caller needs)"),
)
TARGET = 0.95  # searchable services per service row, where a loader says how many


@dataclass(frozen=True)
class Searchability:
    source_id: str
    kind: str
    rows_read: int
    service_rows: int | None
    services: int
    located_exact: int
    located_approximate: int
    located_none: int
    by_area: int
    reachable: int
    hours_understood: int
    private_records: int
    warnings: list[str] = field(default_factory=list)

    @property
    def searchable(self) -> int:
        return self.located_exact + self.located_approximate + self.by_area

    @property
    def share(self) -> float | None:
        """Searchable services per source row that describes a service."""
        return self.searchable / self.service_rows if self.service_rows else None

    def lines(self) -> list[str]:
        def pct(n: int, of: int) -> str:
            return f"{n:,} ({100 * n / of:.0f} %)" if of else f"{n:,}"

        rows = (f"{self.service_rows:,} describe a service" if self.service_rows is not None
                else "rows describing a service not told by this loader")
        share = f" = {100 * self.share:.1f} % of those rows" if self.share is not None else ""
        out = [
            f"searchability of {self.source_id!r}:",
            f"  rows read: {self.rows_read:,}; {rows}",
            f"  services: {self.services:,}; searchable (at a located place, or by "
            f"area): "
            f"{self.searchable:,}{share}",
            f"  located: exact {pct(self.located_exact, self.services)}, approximate "
            f"{pct(self.located_approximate, self.services)}, none "
            f"{pct(self.located_none, self.services)}"
            + (f" (of which {self.by_area:,} reached by their area: hotlines)"
               if self.by_area else ""),
            f"  reachable by at least one need: {pct(self.reachable, self.services)}",
            f"  hours understood: {pct(self.hours_understood, self.services)}",
            f"  private records: {self.private_records:,}",
        ]
        out += [f"  !! WARNING {w}" for w in self.warnings]
        return out

    def as_dict(self) -> dict[str, object]:
        return {**{k: getattr(self, k) for k in self.__dataclass_fields__},
                "searchable": self.searchable, "share": self.share}


def _warnings(values: dict[str, int | None]) -> list[str]:
    out = []
    for floor in FLOORS:
        part, whole = values.get(floor.part), values.get(floor.whole)
        if part is None or not whole or part >= floor.share * whole:
            continue
        out.append(floor.says.format(pct=f"{100 * part / whole:.0f} %", whole=whole))
    return out


def report(store: Store, source_id: str | None = None) -> list[Searchability]:
    """The report of every source (or of one)."""
    out = []
    for row in per_source(store.con):
        if source_id is not None and row["source_id"] != source_id:
            continue
        values = {k: (None if v is None else int(v)) for k, v in row.items()  # type: ignore[call-overload]
                  if k not in ("source_id", "kind")}
        values["searchable"] = sum(int(row[k]) for k in  # type: ignore[call-overload]
                                   ("located_exact", "located_approximate", "by_area"))
        fields = {k: v for k, v in values.items() if k != "searchable"}
        out.append(Searchability(source_id=str(row["source_id"]), kind=str(row["kind"]),
                                 warnings=_warnings(values), **fields))  # type: ignore[arg-type]
    return out
