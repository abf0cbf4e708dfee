"""The JSON shape of a search response: what ``resources search --json`` prints and what
the API's ``/search`` answers (one shape, so another program reads either the same way)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the engine is imported where a search runs, not to describe its answer
    from resources.search.engine import SearchResponse


def response_json(response: SearchResponse) -> dict[str, Any]:
    return {
        "status": response.status, "message": response.message,
        "place": dataclasses.asdict(response.place) if response.place else None,
        "place_candidates": [p.label for p in response.place_candidates],
        "needs": [{"need": m.need_id, "label": m.label, "score": m.score, "how": m.how,
                   "term": m.term} for m in response.needs],
        "crisis": response.crisis.kind if response.crisis else None,
        "crisis_kinds": list(response.crisis.kinds) if response.crisis else [],
        "crisis_call": response.crisis.call if response.crisis else None,
        "results": [r.as_dict() for r in response.results],
        "hotlines": response.hotlines, "excluded": response.excluded,
        "nearest_outside": [r.as_dict() for r in response.nearest_outside],
        "timings_ms": response.timings_ms,
        "need_searched": response.need_searched,
        "chips": [dataclasses.asdict(c) for c in response.chips],
        "when": ({"mode": response.when.mode, "words": response.when.words,
                  "label": response.when.label,
                  "at": response.when.at.isoformat() if response.when.at else None}
                 if response.when else None),
    }
