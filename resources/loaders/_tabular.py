"""The engine behind folder-of-CSV formats that predate HSDS 3.0 (HSDS 1.x/2.x, Ohana CSV).

A format is a dict ``file stem -> FileSpec`` (table, column renames, constants, comma-joined
list columns that become child rows). :class:`TabularLoader` reads each file, renames,
splits lists, then runs the steps every legacy package needs, in this order:

1. schedules: ``regular_schedules`` / ``holiday_schedules`` -> ``schedule`` + ``hours_text``;
2. ``eligibility`` rows -> ``service.eligibility_description``;
3. services linked straight to a location -> ``service_at_location`` rows;
4. service taxonomy links (``services_taxonomy``, ``taxonomy_ids``) -> ``attribute`` rows;
5. addresses without a location are rejected (reported);
6. categories: linked term names (plus the format's own keyword column) -> need ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pandas as pd

from resources.loaders import _hours_legacy as hours
from resources.loaders._clean import (
    LoadError,
    _issue_rows,
    blank_to_none,
    read_csv,
    unique_ids,
)
from resources.loaders._needs_map import categories_by_key
from resources.loaders.base import Loader
from resources.records import Batch, Issue
from resources.store.schema import HSDS_TABLES

SPECIAL = ("regular_schedule", "holiday_schedule", "eligibility", "service_taxonomy")
CORE = ("organization", "program", "service", "location")


@dataclass(frozen=True)
class FileSpec:
    """How one legacy CSV file maps onto an HSDS 3.0 table (or a special step)."""

    table: str
    rename: Mapping[str, str] = field(default_factory=dict)
    const: Mapping[str, object] = field(default_factory=dict)
    # comma-joined column -> (child table, child value column, child column linking back)
    lists: Mapping[str, tuple[str, str, str]] = field(default_factory=dict)
    skip: frozenset[str] = frozenset()  # dropped on purpose (e.g. private admin e-mails)
    id_prefix: str = ""  # when two files feed one table with overlapping ids (source id kept)


def split_list(frame: pd.DataFrame, col: str, child: str, value_col: str,
               link_col: str, parent: str = "") -> pd.DataFrame:
    """'a, b, c' in ``col`` -> one ``child`` row per item, linked by ``link_col``."""
    sub = frame.loc[frame[col].notna(), ["id", col, "source_row", "_file"]]
    items = sub[col].astype(str).str.split(",").explode().str.strip()
    items = items[items != ""]
    out = pd.DataFrame({link_col: sub.loc[items.index, "id"].to_numpy(),
                        value_col: items.to_numpy(),
                        "source_row": sub.loc[items.index, "source_row"].to_numpy(),
                        "_file": sub.loc[items.index, "_file"].to_numpy()})
    n = out.groupby(link_col).cumcount() + 1
    name = col.lstrip("_")
    out["id"] = f"{parent}-" + out[link_col].astype(str) + f"-{name}-" + n.astype(str)
    if child == "attribute":
        out["link_entity"] = parent or link_col.removesuffix("_id")
        out["link_type"] = name
    return out


def _with_ids(table: str, frame: pd.DataFrame, file: str, issues: list[Issue]) -> pd.DataFrame:
    """Child rows without an id get ``<file stem>-row<N>`` (noted once per file)."""
    if table in CORE:
        return frame
    ids = frame["id"] if "id" in frame else pd.Series(None, index=frame.index, dtype=object)
    missing = ids.isna()
    if missing.any():
        made = Path(file).stem + "-row" + frame["source_row"].astype(str)
        frame = frame.assign(id=ids.where(~missing, made))
        issues.append(Issue(file, None, "id", None,
                            f"{int(missing.sum())} rows have no id: ids made from file and row "
                            "number (they change if rows move)", "info"))
    return frame


class TabularLoader(Loader):
    """Base of the legacy folder-of-CSV loaders: subclasses provide :attr:`FILES`."""

    FILES: ClassVar[dict[str, FileSpec]] = {}
    NOT_STORED: ClassVar[dict[str, str]] = {}  # file stem -> why it is not stored
    KEYWORDS: ClassVar[str | None] = None  # service column with category words, if any

    def csv_files(self, path: Path, batch: Batch) -> list[Path]:
        folder = path.parent if path.is_file() else path
        return sorted(folder.glob("*.csv"))

    def fix(self, table: str, frame: pd.DataFrame, batch: Batch) -> pd.DataFrame:
        """Per-format override after renaming (default: nothing)."""
        return frame

    def read(self, path: Path) -> Batch:
        batch = Batch()
        files = self.csv_files(path, batch)
        if not files:
            raise LoadError(f"{path} holds no CSV files", batch.issues)
        tables: list[tuple[str, str, pd.DataFrame]] = []
        for file in files:
            stem = file.stem.lower()
            if stem in self.NOT_STORED:
                batch.issues.append(Issue(file.name, None, None, None, self.NOT_STORED[stem], "info"))
                continue
            if stem not in self.FILES:
                batch.issues.append(Issue(file.name, None, None, None,
                                          f"not a {self.kind} table: file not read", "warning"))
                continue
            frame = blank_to_none(read_csv(file, batch.issues, delimiter=","))
            batch.rows_read += len(frame)
            tables.append((file.name, stem, frame))
        return self.read_tables(path, tables, batch)

    def read_tables(self, path: Path, tables: list[tuple[str, str, pd.DataFrame]],
                    batch: Batch) -> Batch:
        """The format's tables, already read (``(file name, file stem, frame)``, each row
        with ``source_row`` and ``_file``) -> the batch: every shared step."""
        specials: dict[str, list[pd.DataFrame]] = {}
        fatal: list[Issue] = []
        for file_name, stem, frame in tables:
            spec = self.FILES[stem]
            file = Path(file_name)
            frame = frame.rename(columns=dict(spec.rename)).drop(columns=list(spec.skip),
                                                                   errors="ignore")
            if "id" not in frame and spec.table in CORE:
                fatal.append(Issue(file.name, None, "id", None, "required column missing", "error"))
                continue
            frame = _with_ids(spec.table, frame, file.name, batch.issues)
            if spec.id_prefix:
                frame["source_record_id"] = frame["id"]
                frame["id"] = spec.id_prefix + frame["id"].astype(str)
            frame = unique_ids(spec.table, frame, file.name, batch.issues)
            for col, (child, value_col, link) in spec.lists.items():
                if col in frame:
                    batch.add(child, split_list(frame, col, child, value_col, link, spec.table))
            frame = frame.drop(columns=[c for c in spec.lists if c in frame])
            if spec.table in SPECIAL:
                specials.setdefault(spec.table, []).append(frame)
                continue
            for name, value in spec.const.items():
                frame[name] = value
            frame = self.fix(spec.table, frame, batch)
            self._note_unknown(spec.table, frame, file.name, batch.issues)
            batch.add(spec.table, frame)
        if fatal:
            raise LoadError(f"{path.name}: files without an id column", fatal)
        if "service" not in batch.tables and "organization" not in batch.tables:
            raise LoadError(f"{path} has neither services.csv nor organizations.csv", batch.issues)
        self._finish(batch, specials)
        return batch

    @staticmethod
    def _note_unknown(table: str, frame: pd.DataFrame, file: str, issues: list[Issue]) -> None:
        known = {c.name for c in HSDS_TABLES[table]} | {"source_row", "source_record_id"}
        if table == "schedule":  # read by the schedule step (the source's hours text)
            known |= set(hours.ORIGINAL_TEXT)
        for col in frame.columns:
            if col not in known and not col.startswith("_"):
                issues.append(Issue(file, None, col, None,
                                    f"column has no HSDS 3.0 {table} field: not stored", "info"))

    # -- the shared steps, in order ----------------------------------------------------
    def _finish(self, batch: Batch, specials: dict[str, list[pd.DataFrame]]) -> None:
        def joined(name: str) -> pd.DataFrame | None:
            parts = specials.get(name)
            return pd.concat(parts, ignore_index=True) if parts else None

        self._schedules(batch, joined("regular_schedule"), joined("holiday_schedule"))
        self._eligibility(batch, joined("eligibility"))
        self._service_locations(batch)
        self._taxonomy_links(batch, joined("service_taxonomy"))
        self._orphan_addresses(batch)
        self._categories(batch)
        for frame in batch.tables.values():  # frames merged from several files
            if "source_record_id" in frame:
                frame["source_record_id"] = frame["source_record_id"].fillna(frame["id"])

    def _schedules(self, batch: Batch, regular: pd.DataFrame | None,
                   holiday: pd.DataFrame | None) -> None:
        v2 = batch.tables.get("schedule")  # HSDS 2.x schedules.csv, read as it is
        if v2 is not None and any(c in v2 for c in hours.ORIGINAL_TEXT):
            v2 = hours.with_row_text(v2.rename(columns={c: "_original" for c in
                                                        hours.ORIGINAL_TEXT[:1]}))
            self._own_hours_text(batch, v2)
            batch.tables["schedule"] = v2.drop(columns=["_text", "_original"])
        parts = []
        if regular is not None and "weekday" in regular:
            parts.append(hours.regular_schedules(regular, batch.issues))
        if holiday is not None:
            parts.append(hours.holiday_schedules(holiday, batch.issues))
        if not parts:
            return
        sched = pd.concat(parts, ignore_index=True)
        self._own_hours_text(batch, sched)  # the source's text first
        made = hours.hours_text(sched)
        for table, texts in (("service", made[0]), ("location", made[1])):
            batch.tables[table] = hours.apply_hours_text(batch.tables.get(table), texts)
        batch.tables = {k: v for k, v in batch.tables.items() if v is not None}
        batch.add("schedule", sched.drop(columns=["_order", "_text", "_original"],
                                         errors="ignore"))

    @staticmethod
    def _own_hours_text(batch: Batch, sched: pd.DataFrame) -> None:
        """The source's ``original_text`` as hours text (rows it contradicts marked)."""
        own = hours.original_texts(sched, batch.issues)
        for table, texts in (("service", own[0]), ("location", own[1])):
            batch.tables[table] = hours.apply_hours_text(batch.tables.get(table), texts, "text")
        batch.tables = {k: v for k, v in batch.tables.items() if v is not None}

    @staticmethod
    def _eligibility(batch: Batch, elig: pd.DataFrame | None) -> None:
        """Eligibility rows -> their service's ``eligibility_description``. A row without a
        ``service_id`` is attached through its ``service_at_location_id``, or its
        ``location_id`` when that location has one service; a row naming no service of this
        source is reported (never dropped silently)."""
        if elig is None or elig.empty:
            return
        files = ", ".join(sorted(elig["_file"].astype(str).unique()))
        if "eligibility" not in elig:
            batch.issues.append(Issue(files, None, "eligibility", None,
                                      "no eligibility column: rows not read", "warning"))
            return
        services = batch.tables.get("service")
        if services is None:
            services = pd.DataFrame({"id": pd.Series(dtype=object)})
        empty = elig["eligibility"].isna()
        batch.issues.extend(_issue_rows(elig, empty, "eligibility",
                                        "no eligibility text: nothing to attach", "info"))
        elig = elig[~empty]
        sid = elig["service_id"] if "service_id" in elig else pd.Series(None, index=elig.index)
        sal = batch.tables.get("service_at_location")
        if "service_at_location_id" in elig and sal is not None and "service_id" in sal:
            via = elig["service_at_location_id"].map(
                sal.drop_duplicates("id").set_index("id")["service_id"])
            sid = sid.where(sid.notna(), via)
        if "location_id" in elig and sal is not None and {"service_id", "location_id"} <= set(
                sal.columns):  # a location with one service: unambiguous
            pairs = sal.drop_duplicates(["location_id", "service_id"])
            only = pairs.groupby("location_id")["service_id"].agg(
                lambda s: s.iloc[0] if len(s) == 1 else None)
            sid = sid.where(sid.notna(), elig["location_id"].map(only))
        known = sid.isin(set(services["id"]))
        batch.issues.extend(_issue_rows(
            elig, sid.isna(), "service_id",
            "eligibility row names no service (no service_id, service_at_location_id or "
            "location with one service of this source): not attached to any service",
            "warning", elig["eligibility"]))
        batch.issues.extend(_issue_rows(
            elig, sid.notna() & ~known, "service_id",
            "eligibility row refers to a service that is not in this source: not attached",
            "warning", sid))
        elig = elig.assign(service_id=sid)[known]
        if elig.empty:
            return
        batch.issues.append(Issue(files, None, "eligibility", None,
                                  f"{len(elig)} rows joined into their services' "
                                  "eligibility_description", "info"))
        text = elig.groupby("service_id", sort=False)["eligibility"].agg("; ".join)
        made = services["id"].map(text)
        have = services.get("eligibility_description", pd.Series(None, index=services.index))
        services = services.copy()
        services["eligibility_description"] = have.where(have.notna(), made)
        if len(services):
            batch.tables["service"] = services

    @staticmethod
    def _service_locations(batch: Batch) -> None:
        services = batch.tables.get("service")
        if services is None or "_location_id" not in services:
            return
        s = services.dropna(subset=["_location_id"])
        sal = pd.DataFrame({"id": s["id"] + "@" + s["_location_id"], "service_id": s["id"],
                            "location_id": s["_location_id"], "source_row": s["source_row"],
                            "_file": s["_file"]})
        have = batch.tables.get("service_at_location")
        if have is not None:
            pairs = set(zip(have["service_id"], have["location_id"], strict=False))
            keep = [p not in pairs for p in zip(sal["service_id"], sal["location_id"], strict=False)]
            sal = sal[keep]
        batch.add("service_at_location", sal)

    @staticmethod
    def _taxonomy_links(batch: Batch, links: pd.DataFrame | None) -> None:
        services = batch.tables.get("service")
        if services is not None and "_taxonomy_ids" in services:
            batch.add("attribute", split_list(services, "_taxonomy_ids", "attribute",
                                              "taxonomy_term_id", "link_id", "service"))
        if links is None or links.empty:
            return
        attr = pd.DataFrame({"id": links["id"], "link_id": links.get("service_id"),
                             "link_entity": "service", "link_type": "service_taxonomy",
                             "taxonomy_term_id": links.get("taxonomy_id"),
                             "value": links.get("taxonomy_detail"),
                             "source_row": links["source_row"], "_file": links["_file"]})
        batch.add("attribute", attr)

    @staticmethod
    def _orphan_addresses(batch: Batch) -> None:
        addr = batch.tables.get("address")
        if addr is None:
            return
        loc = addr["location_id"] if "location_id" in addr else pd.Series(None, index=addr.index)
        orphan = loc.isna()
        if orphan.any():
            org = addr.get("organization_id", pd.Series(None, index=addr.index))
            batch.issues.extend(_issue_rows(
                addr, orphan, "location_id",
                "address has no location (HSDS 3.0 addresses belong to locations; "
                "organization_id shown); row not loaded", "error", org))
            batch.tables["address"] = addr[~orphan]

    def _categories(self, batch: Batch) -> None:
        services = batch.tables.get("service")
        if services is None:
            return
        keys, terms = [], []
        attr, term = batch.tables.get("attribute"), batch.tables.get("taxonomy_term")
        if attr is not None and term is not None and "taxonomy_term_id" in attr:
            names = term.set_index("id")["name"] if "name" in term else pd.Series(dtype=object)
            linked = attr[attr["link_entity"] == "service"]
            keys.append(linked["link_id"])
            terms.append(linked["taxonomy_term_id"].map(names))
        if self.KEYWORDS and f"_{self.KEYWORDS}" in services:
            kw = services[["id", f"_{self.KEYWORDS}"]].dropna()
            items = kw[f"_{self.KEYWORDS}"].str.split(",").explode().str.strip()
            keys.append(kw.loc[items.index, "id"])
            terms.append(items)
        if not keys:
            return
        # TODO(needs vocabulary): needs_for_open_eligibility / needs_for_airs when on main
        cats = categories_by_key(pd.concat(keys), pd.concat(terms))
        services = services.copy()
        services["categories"] = services["id"].astype(str).map(lambda i: cats.get(i))
        batch.tables["service"] = services
