"""The referral slip: a short text for an SMS and a printable page. Nothing is stored.

The slip holds only directory facts (names, addresses, phones, hours, distance); it never
includes anything about the caller.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

SMS_LIMIT = 640  # four SMS segments: keep the slip short enough to arrive whole


_NO_LIMITS = re.compile(r"(none|n/?a|no (eligibility )?(requirements?|restrictions?|limits?))\.?",
                        re.IGNORECASE)


def eligibility_text(text: str | None) -> str:
    """Eligibility as one line for a card or a slip. Sources write "no requirements" as a
    bare "None" or "N/A" (DC 211, Ohana), and Ohana adds its audience on a line of its own
    ("None\nAudience: Low-income persons"): say so in words, one part per line."""
    parts = [p.strip() for p in (text or "").splitlines() if p.strip()]
    parts = ["no eligibility requirements" if _NO_LIMITS.fullmatch(p) else p for p in parts]
    return "; ".join(parts)


_US_PHONE = re.compile(
    r"\s*\(?\s*(\d{3})\s*\)?[\s.-]*(\d{3})\s*[\s.-]*\s*(\d{4})"
    r"\s*(?:[,;]?\s*(?:x|xt|ext|extension)\.?\s*(\d{1,6}))?\s*", re.IGNORECASE)


def display_phone(number: str) -> str:
    """A US number written one way: "(202) 408-9584", "(202) 797-8806 x2109". Exports write
    them every way ("202-842-1731", "(202) 408- 9584", "650 345-4886", "... xt 2109");
    anything else (a short code, 1-800 numbers, words after the number) is shown as given."""
    m = _US_PHONE.fullmatch(number or "")
    if m is None:
        return (number or "").strip()
    out = f"({m[1]}) {m[2]}-{m[3]}"
    return out + (f" x{m[4]}" if m[4] else "")


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


def _hours_line(result: Any) -> str:
    return result.open_label or "Hours not listed — call first"


def notice_lines(result: Any) -> list[str]:
    """'Alert: entrance moved to the back (until 2026-12-10)', 'Beds: 3 beds free (of 40) ·
    updated 25 min ago': what coordinators posted for the place's services (see
    :mod:`resources.notices`), each once."""
    lines: list[str] = []
    for svc in getattr(result, "services", []):
        if getattr(svc, "alert", ""):
            until = f" (until {svc.alert_until})" if getattr(svc, "alert_until", None) else ""
            lines.append(f"Alert: {svc.alert}{until}")
        if getattr(svc, "beds", ""):
            lines.append(f"Beds: {svc.beds}")
    return list(dict.fromkeys(lines))


def slip_text(results: Sequence[Any], *, hotlines: Sequence[dict[str, Any]] = ()) -> str:
    """Plain text, one block per place, ready to paste into an SMS."""
    blocks = []
    for i, r in enumerate(results, start=1):
        lines = [f"{i}. {r.name}"]
        if r.address:
            lines.append(r.address)
        lines.append(f"Call {_phone(r)}")
        lines.append(f"{_hours_line(r)} · {r.distance_miles:.1f} mi")
        lines += notice_lines(r)
        blocks.append("\n".join(lines))
    for h in hotlines[:2]:
        blocks.append(f"{h.get('name')}: {h.get('phone') or h.get('phones') or ''}".strip())
    return "\n\n".join(blocks)


def slip_html(results: Sequence[Any], *, title: str = "Referral", when: datetime | None = None,
              hotlines: Sequence[dict[str, Any]] = ()) -> str:
    """A printable page (self-contained HTML, no scripts, no external files)."""
    esc = html.escape
    items = []
    for r in results:
        services = ", ".join(esc(s.name) for s in r.services)
        phones = "<br>".join(esc(f"{display_phone(p.number)} ({p.type})")
                             for p in distinct_phones(r.phones)) or "no phone listed"
        items.append(
            f"<li><h2>{esc(r.name)}</h2><p>{services}</p>"
            f"<p><b>Address:</b> {esc(r.address or 'not listed')}<br>"
            f"<b>Phone:</b> {phones}<br><b>Hours:</b> {esc(_hours_line(r))}<br>"
            f"<b>Distance:</b> {r.distance_miles:.1f} mi"
            + "".join(f"<br><b>{esc(line.partition(': ')[0])}:</b> {esc(line.partition(': ')[2])}"
                      for line in notice_lines(r))
            + (f"<br><b>Eligibility:</b> {esc(eligibility_text(r.eligibility))}"
               if r.eligibility else "")
            + (f"<br><small>Last verified {esc(r.last_verified)}</small>" if r.last_verified else "")
            + "</p></li>"
        )
    lines = "".join(f"<li>{esc(str(h.get('name')))}: {esc(str(h.get('phone') or ''))}</li>"
                    for h in hotlines)
    stamp = f"<p>Printed {when:%Y-%m-%d %H:%M}</p>" if when else ""
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>" + esc(title) + "</title>"
        "<style>body{font:14px sans-serif;max-width:40em;margin:1em auto}h2{font-size:16px;"
        "margin:.2em 0}li{margin-bottom:1em}</style></head><body>"
        f"<h1>{esc(title)}</h1>{stamp}<ol>{''.join(items)}</ol>"
        + (f"<h2>Hotlines</h2><ul>{lines}</ul>" if lines else "")
        + "<p><small>Call before you go: hours and beds change.</small></p></body></html>"
    )
