"""What is derived from the HSDS tables after every load, in order.

1. service areas: coverage text/codes resolved to geometries (hotlines, 211 Coverage);
2. hours: every service's hours parsed once into the ``hours_*`` tables;
3. the search index: one denormalized, R-tree indexed table for searches.
"""

from __future__ import annotations

from resources.store import Store
from resources.store.search_sql import rebuild_search_index


def after_load(store: Store, source_id: str | None = None) -> dict[str, int]:
    from resources.hours_lookup import build_hours

    counts: dict[str, int] = {}
    try:
        from resources.store.boundaries_sql import resolve_service_areas
    except ImportError:  # coverage resolution arrives with the hotline loaders
        resolve_service_areas = None
    if resolve_service_areas is not None:
        counts["service_areas_resolved"] = int(resolve_service_areas(store.con) or 0)
    counts["hours_records"] = build_hours(store, source_id)
    counts["search_index"] = rebuild_search_index(store.con)
    return counts
