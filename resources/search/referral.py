"""The referral slip: a short text for an SMS and a printable page. Nothing is stored.

The slip holds only directory facts (names, addresses, phones, hours, distance); it never
includes anything about the caller.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from resources.geo.tz import zone_for_point
from resources.hours.status import when_text
from resources.phones import display as display_phone

_NO_LIMITS = re.compile(r"(none|n/?a|no (eligibility )?(requirements?|restrictions?|limits?))\.?",
                        re.IGNORECASE)


def eligibility_text(text: str | None) -> str:
    """Eligibility as one line for a card or a slip. Sources write "no requirements" as a
    bare "None" or "N/A" (DC 211, Ohana), and Ohana adds its audience on a line of its own
    ("None\nAudience: Low-income persons"): say so in words, one part per line."""
    parts = [p.strip() for p in (text or "").splitlines() if p.strip()]
    parts = ["no eligibility requirements" if _NO_LIMITS.fullmatch(p) else p for p in parts]
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


def _phone(result: Any) -> str:
    voice = [p for p in result.phones if (p.type or "voice").lower() in ("voice", "cell", "")]
    best = voice[0] if voice else (result.phones[0] if result.phones else None)
    if best is None:
        return "no phone listed"
    return display_phone(best.number) + (f" x{best.extension}" if best.extension else "")


def notice_lines(result: Any) -> list[str]:
    """'Alert: entrance moved to the back (until 2026-12-10)', 'Beds: 3 beds free (of 40) ·
    updated 25 min ago': what coordinators posted for the place's services (see
    :mod:`resources.search.notices`), each once."""
    lines: list[str] = []
    for svc in getattr(result, "services", []):
        if getattr(svc, "alert", ""):
            until = f" (until {svc.alert_until})" if getattr(svc, "alert_until", None) else ""
            lines.append(f"Alert: {svc.alert}{until}")
        if getattr(svc, "beds", ""):
            lines.append(f"Beds: {svc.beds}")
    return list(dict.fromkeys(lines))


def slip_text(results: Sequence[Any], *, at: datetime | None = None,
              zone: tzinfo | None = None, hotlines: Sequence[dict[str, Any]] = ()) -> str:
    """Plain text ready to send as SMS: a stamp in the place's zone, one block per place of at
    most :data:`SMS_SERVICE_LIMIT` characters (absolute hours, the phone, the address, one
    eligibility line), then the 988 and 911 lines."""
    at = at or datetime.now(UTC)
    zone = zone or _zone_of(results)
    blocks = [f"Referral · hours as of {stamp(at, zone)}. Call before you go."]
    blocks += [sms_block(i, r, at) for i, r in enumerate(results, start=1)]
    blocks += [f"{h.get('name')}: {h.get('phone') or h.get('phones') or ''}".strip()
               for h in hotlines[:2]]
    blocks.append(CRISIS_LINE)
    return "\n\n".join(blocks)


def slip_html(results: Sequence[Any], *, title: str = "Referral", at: datetime | None = None,
              zone: tzinfo | None = None, hotlines: Sequence[dict[str, Any]] = ()) -> str:
    """A printable page (self-contained HTML in English, no scripts, no external files),
    stamped in the place's zone."""
    at = at or datetime.now(UTC)
    zone = zone or _zone_of(results)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'><title>"
        + html.escape(title) + f"</title><style>{PRINT_CSS}</style></head><body><main>"
        + slip_section(results, title=title, at=at, zone=zone, hotlines=hotlines, level=1)
        + "</main></body></html>"
    )


PRINT_CSS = ("body{font:14px sans-serif;color:#000;max-width:40em;margin:1em auto}"
             ".rf-slip-print h1{font-size:20px;margin:.2em 0}"
             ".rf-slip-print h2{font-size:16px;margin:.2em 0}"
             ".rf-slip-print h3{font-size:16px;margin:.2em 0}"
             ".rf-slip-print li{margin-bottom:1em}")


def slip_section(results: Sequence[Any], *, title: str, at: datetime, zone: tzinfo,
                 hotlines: Sequence[dict[str, Any]] = (), level: int = 2) -> str:
    """The slip as one HTML section (title at heading ``level``, one level below per place):
    the printable page's body (level 1), and what the Find page prints with the browser's
    Print (level 2, under the page's h1)."""
    esc = html.escape
    h, sub = f"h{level}", f"h{level + 1}"
    items = []
    for r in results:
        services = ", ".join(esc(s.name) for s in r.services)
        phones = "<br>".join(esc(f"{display_phone(p.number)} ({p.type})")
                             for p in distinct_phones(r.phones)) or "no phone listed"
        items.append(
            f"<li><{sub}>{esc(r.name)}</{sub}><p>{services}</p>"
            f"<p><b>Address:</b> {esc(safe_address(r))}<br>"
            f"<b>Phone:</b> {phones}<br><b>Hours:</b> {esc(absolute_hours(r, at))}<br>"
            f"<b>Distance:</b> {r.distance_miles:.1f} mi"
            + "".join(f"<br><b>{esc(line.partition(': ')[0])}:</b> {esc(line.partition(': ')[2])}"
                      for line in notice_lines(r))
            + f"<br><b>Eligibility:</b> {esc(eligibility_line(r))}"
            + (f"<br><small>Last verified {esc(r.last_verified)}</small>" if r.last_verified else "")
            + "</p></li>"
        )
    lines = "".join(f"<li>{esc(str(h.get('name')))}: {esc(str(h.get('phone') or ''))}</li>"
                    for h in hotlines)
    return (
        f"<section class='rf-slip-print' aria-label='{esc(title, quote=True)}'>"
        f"<{h}>{esc(title)}</{h}><p>Hours as of {esc(stamp(at, zone))}</p>"
        f"<ol>{''.join(items)}</ol><{sub}>Crisis and emergency</{sub}>"
        f"<ul>{lines}<li>{esc(CRISIS_LINE)}</li></ul>"
        "<p><small>Call before you go: hours and beds change.</small></p></section>"
    )


SMS_SERVICE_LIMIT = 320  # two SMS segments per place: the block arrives whole
CRISIS_LINE = "Crisis: call or text 988 (24/7). Danger now: call 911."
_PRIVATE = "Confidential location — call for the address"


def stamp(at: datetime, zone: tzinfo) -> str:
    """'Mon Dec 7 2026 9:10 PM MST': the instant the hours were read for (now, or the chosen
    time), in the place's zone."""
    local = at.astimezone(zone)
    clock = local.strftime("%I:%M %p").lstrip("0")
    return f"{local:%a %b} {local.day} {local.year} {clock} {local.tzname()}"


def absolute_hours(result: Any, at: datetime) -> str:
    """The result's hours with absolute times ('Opens Sat 8 PM', never 'Opens 8 PM'), read
    in the place's own zone: a slip is read later, elsewhere. Unknown hours say so."""
    svc = next((s for s in getattr(result, "services", [])
                if s.open_label == result.open_label), None)
    label = result.open_label or "Hours not listed — call first"
    change = getattr(svc, "next_change", None)
    if change is None:
        return label
    seen = getattr(result, "arrival", None) or at  # the instant the label was worked out at
    zone = _zone_of([result])
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


def safe_address(result: Any) -> str:
    """The address to give out: a confidential place's is never its street."""
    address = str(getattr(result, "address", "") or "")
    if getattr(result, "precision", "") == "area" and not address.startswith(_PRIVATE):
        return _PRIVATE
    return address or "address not listed"


def eligibility_line(result: Any) -> str:
    """Who is served, one line; said plainly when the directory lists nothing."""
    return eligibility_text(getattr(result, "eligibility", "")).replace("\n", " ") or \
        "not listed — ask when you call"


def sms_block(number: int, result: Any, at: datetime,
              limit: int = SMS_SERVICE_LIMIT) -> str:
    """One place as at most ``limit`` characters: name, hours, phone, address, alerts, then
    the eligibility line cut to what room is left (alerts and beds are dropped last)."""
    head = [_cut(f"{number}. {result.name}", 80), absolute_hours(result, at),
            f"Call {_phone(result)}", _cut(safe_address(result), 110)]
    notices = [_cut(n, 100) for n in notice_lines(result)]
    tail = f"{result.distance_miles:.1f} mi"
    while notices and _size(head + notices + [tail]) > limit - 20:
        notices.pop()
    room = limit - _size(head + notices + [tail]) - 1
    who = _cut("Who: " + eligibility_line(result), room) if room >= 12 else ""
    block = "\n".join(head + notices + ([who] if who else []) + [tail])
    return block[:limit]


def _size(lines: list[str]) -> int:
    return sum(len(x) for x in lines) + max(0, len(lines) - 1)


def _cut(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def _zone_of(results: Sequence[Any]) -> tzinfo:
    """The zone of the first place (its coordinates), UTC when none is known."""
    for r in results:
        lat, lon = getattr(r, "lat", None), getattr(r, "lon", None)
        name = zone_for_point(lat, lon) if lat is not None and lon is not None else None
        if name:
            return ZoneInfo(name)
    return UTC
