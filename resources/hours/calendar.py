"""The one public-holiday calendar behind every hours path.

OSM ``PH``, free text "closed on federal holidays", HSDS holiday hours, the Python evaluator
and the SQL hours tables all ask :func:`is_public_holiday`. The calendar is the **US federal**
one from the ``holidays`` package (no state: see docs/hours.md, "Holidays"), and it holds both
the actual day and the observed day: Independence Day 2026 falls on a Saturday, so Friday
2026-07-03 (observed) and Saturday 2026-07-04 (actual) are both public holidays. That is also
what opening_hours.js answers for ``PH`` in the US without a state.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays

COUNTRY = "US"
SUBDIV: str | None = None  # federal only: a decision, documented in docs/hours.md


@lru_cache(maxsize=64)
def holiday_calendar(country: str = COUNTRY, subdiv: str | None = SUBDIV) -> holidays.HolidayBase:
    """The calendar for ``country``/``subdiv`` (observed days included)."""
    return holidays.country_holidays(country, subdiv=subdiv, observed=True)


def is_public_holiday(d: date, country: str = COUNTRY, subdiv: str | None = SUBDIV) -> bool:
    return d in holiday_calendar(country, subdiv)


def holiday_name(d: date, country: str = COUNTRY, subdiv: str | None = SUBDIV) -> str | None:
    """'Independence Day (observed)' / 'Independence Day' / None: actual vs observed day."""
    return holiday_calendar(country, subdiv).get(d)
