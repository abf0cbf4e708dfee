"""The referral slip: a short text for an SMS and a printable page. Nothing is stored.

The slip holds only directory facts (names, addresses, phones, hours, distance); it never
includes anything about the caller.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from resources.geo.tz import zone_for_point
from resources.hours.status import when_text
from resources.i18n import DEFAULT, catalog
from resources.phones import display as display_phone

_NO_LIMITS = re.compile(r"(none|n/?a|no (eligibility )?(requirements?|restrictions?|limits?))\.?",
                        re.IGNORECASE)


def eligibility_text(text: str | None, lang: str = DEFAULT) -> str:
    """Eligibility as one line for a card or a slip. Sources write "no requirements" as a
    bare "None" or "N/A" (DC 211, Ohana), and Ohana adds its audience on a line of its own
    ("None\nAudience: Low-income persons"): say so in words (ours, so in ``lang``), one part
    per line; the source's own words are kept as written."""
    parts = [p.strip() for p in (text or "").splitlines() if p.strip()]
    none = catalog().text("slip.no_limits", lang)
    parts = [none if _NO_LIMITS.fullmatch(p) else p for p in parts]
    return "; ".join(parts)


def distinct_phones(phones: Sequence[Any]) -> list[Any]:
    """Each number once (the same digits written two ways are one phone)."""
    seen: set[str] = set()
    out = []
    for p in phones:
        key = display_phone(p.number) + (f" x{p.extension}" if getattr(p, "extension", "") else "")
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _phone(result: Any, lang: str = DEFAULT) -> str:
    voice = [p for p in result.phones if (p.type or "voice").lower() in ("voice", "cell", "")]
    best = voice[0] if voice else (result.phones[0] if result.phones else None)
    if best is None:
        return catalog().text("card.no_phone", lang)
    return display_phone(best.number) + (f" x{best.extension}" if best.extension else "")


def notice_lines(result: Any, lang: str = DEFAULT) -> list[str]:
    """'Alert: entrance moved to the back (until 2026-12-10)', 'Beds: 3 beds free (of 40) ·
    updated 25 min ago': what coordinators posted for the place's services (see
    :mod:`resources.search.notices`), each once. The alert is the coordinator's own words."""
    cat = catalog()
    lines: list[str] = []
    for svc in getattr(result, "services", []):
        if getattr(svc, "alert", ""):
            until = " " + cat.text("card.until", lang, date=svc.alert_until) \
                if getattr(svc, "alert_until", None) else ""
            lines.append(f"{cat.text('card.alert', lang)}: {svc.alert}{until}")
        if getattr(svc, "beds", ""):
            lines.append(f"{cat.text('card.beds', lang)}: "
                         f"{cat.derived('notices', svc.beds, lang)}")
    return list(dict.fromkeys(lines))


def slip_text(results: Sequence[Any], *, at: datetime | None = None,
              zone: tzinfo | None = None, hotlines: Sequence[dict[str, Any]] = (),
              lang: str = DEFAULT) -> str:
    """Plain text ready to send as SMS, in ``lang``: a stamp in the place's zone, one block
    per place of at most :data:`SMS_SERVICE_LIMIT` characters (absolute hours, the phone, the
    address, one eligibility line), then the 988 and 911 lines."""
    at = at or datetime.now(UTC)
    zone = zone or zone_of(results)
    cat = catalog()
    blocks = [cat.text("slip.sms_head", lang, stamp=stamp(at, zone, lang))]
    blocks += [sms_block(i, r, at, lang=lang) for i, r in enumerate(results, start=1)]
    blocks += [f"{h.get('name')}: {h.get('phone') or h.get('phones') or ''}".strip()
               for h in hotlines[:2]]
    blocks.append(cat.text("slip.crisis_line", lang))
    return "\n\n".join(blocks)


SMS_SERVICE_LIMIT = 320  # two SMS segments per place: the block arrives whole
CRISIS_LINE = "Crisis: call or text 988 (24/7). Danger now: call 911."
_PRIVATE = "Confidential location — call for the address"


def stamp(at: datetime, zone: tzinfo, lang: str = DEFAULT) -> str:
    """'Mon Dec 7 2026 9:10 PM MST' ('lun 7 dic 2026 9:10 p. m. MST'): the instant the hours
    were read for (now, or the chosen time), in the place's zone."""
    local = at.astimezone(zone)
    return f"{catalog().day_time(local, lang, dated=True, year=True)} {local.tzname()}"


def absolute_hours(result: Any, at: datetime, lang: str = DEFAULT) -> str:
    """The result's hours with absolute times ('Opens Sat 8 PM', never 'Opens 8 PM'; 'Abre
    sáb 8:00 p. m.'), read in the place's own zone: a slip is read later, elsewhere. Unknown
    hours say so."""
    return catalog().derived("hours", _absolute_hours(result, at), lang)


def _absolute_hours(result: Any, at: datetime) -> str:
    svc = next((s for s in getattr(result, "services", [])
                if s.open_label == result.open_label), None)
    label = result.open_label or "Hours not listed — call first"
    change = getattr(svc, "next_change", None)
    if change is None:
        return label
    seen = getattr(result, "arrival", None) or at  # the instant the label was worked out at
    zone = zone_of([result])
    relative, absolute = when_text(change, seen, zone), _absolute_when(change, seen, zone)
    if _CLOSING_IN.search(label):
        return _CLOSING_IN.sub(f"Open · closes {absolute}", label)
    return label.replace(relative, absolute, 1) if relative in label else label


_CLOSING_IN = re.compile(r"Closing in \d+ min")


def with_absolute_hours(result: Any, at: datetime) -> Any:
    """A copy of ``result`` whose hours read the same later: each label in absolute words
    ('Opens Sat 8 PM'), its next change dropped. A slip keeps places from earlier searches
    this way (their labels were worked out at those searches' instants)."""
    services = [replace(s, open_label=absolute_hours(_one(result, s), at), next_change=None)
                for s in getattr(result, "services", [])]
    return replace(result, open_label=absolute_hours(result, at), services=services)


def _one(result: Any, service: Any) -> Any:
    """The result seen through one of its services (for that service's label)."""
    return replace(result, open_label=service.open_label, services=[service])


def _absolute_when(t: datetime, seen: datetime, zone: tzinfo) -> str:
    """'Sat 8 PM' within six days of ``seen``, else 'Sat Dec 19 8 PM'."""
    local = t.astimezone(zone)
    clock = local.strftime("%I:%M %p").lstrip("0").replace(":00 ", " ")
    if (local.date() - seen.astimezone(zone).date()).days < 7:
        return f"{local:%a} {clock}"
    return f"{local:%a %b} {local.day} {clock}"


def safe_address(result: Any, lang: str = DEFAULT) -> str:
    """The address to give out: a confidential place's is never its street."""
    cat = catalog()
    address = str(getattr(result, "address", "") or "")
    if getattr(result, "precision", "") == "area" and not address.startswith(_PRIVATE):
        return cat.text("slip.private", lang)
    if address.startswith(_PRIVATE):  # our words around the area's name
        return cat.derived("address", address, lang)
    return address or cat.text("slip.no_address", lang)


def eligibility_line(result: Any, lang: str = DEFAULT) -> str:
    """Who is served, one line; said plainly when the directory lists nothing."""
    return eligibility_text(getattr(result, "eligibility", ""), lang).replace("\n", " ") or \
        catalog().text("slip.elig_unknown", lang)


def sms_block(number: int, result: Any, at: datetime,
              limit: int = SMS_SERVICE_LIMIT, *, lang: str = DEFAULT) -> str:
    """One place as at most ``limit`` characters (accented letters count one each): name,
    hours, phone, address, alerts, then the eligibility line cut to what room is left
    (alerts and beds are dropped last)."""
    cat = catalog()
    head = [_cut(f"{number}. {result.name}", 80), absolute_hours(result, at, lang),
            cat.text("slip.call", lang, phone=_phone(result, lang)),
            _cut(safe_address(result, lang), 110)]
    notices = [_cut(n, 100) for n in notice_lines(result, lang)]
    tail = f"{result.distance_miles:.1f} mi"
    while notices and _size(head + notices + [tail]) > limit - 20:
        notices.pop()
    room = limit - _size(head + notices + [tail]) - 1
    who = _cut(cat.text("slip.who", lang, text=eligibility_line(result, lang)), room) \
        if room >= 12 else ""
    block = "\n".join(head + notices + ([who] if who else []) + [tail])
    return block[:limit]


def _size(lines: list[str]) -> int:
    return sum(len(x) for x in lines) + max(0, len(lines) - 1)


def _cut(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def zone_of(results: Sequence[Any]) -> tzinfo:
    """The zone of the first place (its coordinates), UTC when none is known."""
    for r in results:
        lat, lon = getattr(r, "lat", None), getattr(r, "lon", None)
        name = zone_for_point(lat, lon) if lat is not None and lon is not None else None
        if name:
            return ZoneInfo(name)
    return UTC
