"""The fields a coordinator edits (:data:`FIELDS`) and how a value of each is shown to a
person (:func:`show_value`): shared by the edits, the review queue and the audit log's
readable form (below all three, so none imports another to show a value)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Field:
    table: str
    name: str
    label: str
    kind: str  # text | name | status | date | phones | languages | address | point


FIELDS: dict[tuple[str, str], Field] = {
    (f.table, f.name): f
    for f in (
        Field("service", "name", "Name", "name"),
        Field("service", "status", "Status", "status"),
        Field("service", "closed_until", "Temporarily closed until", "date"),
        Field("service", "eligibility_description", "Eligibility", "text"),
        Field("service", "hours_text", "Hours (as text)", "text"),
        Field("service", "alert", "Alert shown to specialists", "text"),
        Field("service", "alert_until", "Alert shown until (last day)", "date"),
        Field("service", "phones", "Phones", "phones"),
        Field("service", "languages", "Languages", "languages"),
        Field("service", "assured_date", "Verified on", "date"),
        Field("location", "name", "Name", "name"),
        Field("location", "address", "Address", "address"),
        Field("location", "point", "Point (lat, lon)", "point"),
        Field("location", "hours_text", "Hours (as text)", "text"),
        Field("location", "phones", "Phones", "phones"),
    )
}
VIRTUAL = {"closed_until", "alert_until"}  # kept only in the edit table


BEDS = "beds"  # a proposed bed report (resources.coordinator.review): {"available", "total", "note"}


def show_value(kind: str, value: Any) -> str:
    """A field's value as a person reads it ("—" for none); a value not of its field's
    shape (an old audit entry) is shown as it is."""
    if value in (None, "", [], {}):
        return "—"
    try:
        return _shown(kind, value)
    except (TypeError, KeyError, AttributeError, IndexError):
        return str(value)


def _shown(kind: str, value: Any) -> str:
    if kind == "phones":
        return "; ".join(p["number"] + (f" x{p['extension']}" if p.get("extension") else "")
                         + (f" ({p['type']})" if p.get("type") not in (None, "voice") else "")
                         + (" (private)" if p.get("private") else "")
                         for p in value)
    if kind == "languages":
        return ", ".join(value)
    if kind == "address":
        return ", ".join(str(value[k]) for k in ("address_1", "address_2", "city",
                                                   "state_province", "postal_code")
                         if value.get(k)) + (" (private)" if value.get("private") else "")
    if kind == "point":
        return f"{value[0]}, {value[1]}"
    if kind == BEDS:
        total = f" of {value['total']}" if value.get("total") is not None else ""
        return f"{value['available']} free{total}" + (f" ({value['note']})"
                                                       if value.get("note") else "")
    return str(value)
