"""What is derived from the HSDS tables after every load, in order.

1. service areas: coverage text/codes resolved to geometries (hotlines, 211 Coverage);
2. hours: every service's hours parsed once into the ``hours_*`` tables;
3. the search index: one denormalized table for searches, stored in spatial order, and
   the hotline index: one row per hotline area with what the hotlines panel shows.

After a coordinator's edit, :func:`after_edit` rebuilds the same things for the records the
edit touched only (hours and search rows of those services), so the edit reaches every
specialist's next search without rebuilding the whole directory.
"""

from __future__ import annotations

from resources.loaders.coverage import resolve_service_areas
from resources.pipeline.hours_lookup import build_hours
from resources.records import Issue
from resources.store import Store
from resources.store.boundaries_sql import ensure_boundaries
from resources.store.edits_sql import services_of
from resources.store.hotlines_sql import has_hotline_areas, rebuild_hotline_index
from resources.store.privacy_sql import private_counts
from resources.store.search_sql import rebuild_search_index, refresh_search_rows


def after_load(store: Store, source_id: str | None = None) -> tuple[dict[str, int], list[Issue]]:
    """Rebuild what derives from the HSDS tables; returns counts and the issues found
    (coverage text that could not be resolved ...), which are also in ``load_issue``. (On
    a PostgreSQL store the steps run on a DuckDB workbench: :meth:`Store.derive`.)"""
    return store.derive(lambda s: _after_load(s, source_id))


def _after_load(store: Store, source_id: str | None) -> tuple[dict[str, int], list[Issue]]:
    counts: dict[str, int] = {"boundaries": ensure_boundaries(store.con)}
    report = resolve_service_areas(store.con, source_id)
    counts["service_areas_resolved"] = int(report["filled"].sum()) if len(report) else 0
    counts["hours_records"] = build_hours(store, source_id)
    counts["search_index"] = rebuild_search_index(store.con)
    counts["hotline_index"] = rebuild_hotline_index(store.con)
    if source_id:
        counts.update({f"private_{t}": n
                       for t, n in private_counts(store.con, source_id).items()})
    issues = [
        Issue("service_area", None if r.source_row is None or r.source_row != r.source_row
              else int(r.source_row), "coverage", r.text, r.problem, r.severity,
              r.source_record_id)
        for r in report.itertuples() if isinstance(r.severity, str)
    ] if len(report) else []
    return counts, issues


def after_edit(store: Store, table: str, record_ids: list[str]) -> dict[str, int]:
    """Rebuild what derives from these services or locations (a location's edit reaches
    every service offered there); returns counts."""
    service_ids = services_of(store.con, table, record_ids)
    if not service_ids:
        return {"services": 0, "hours_records": 0, "search_index": 0}
    return store.derive(lambda s: _after_edit(s, service_ids), service_ids)


def _after_edit(store: Store, service_ids: list[str]) -> dict[str, int]:
    counts = {
        "services": len(service_ids),
        "hours_records": build_hours(store, service_ids=service_ids),
        "search_index": refresh_search_rows(store.con, service_ids),
    }
    if has_hotline_areas(store.con, service_ids):  # a hotline: its panel row changes too
        counts["hotline_index"] = rebuild_hotline_index(store.con)
    return counts
