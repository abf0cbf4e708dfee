"""The referral slip as HTML, where the pages are: the printable page ("Save the slip as a
page") and the section the Find page prints with the browser's Print. The slip's words
(absolute hours, safe addresses, the SMS text) are the engine's: :mod:`resources.search.referral`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from typing import Any

from resources.i18n import DEFAULT, catalog
from resources.search.referral import (
    absolute_hours,
    display_phone,
    distinct_phones,
    eligibility_line,
    notice_lines,
    safe_address,
    stamp,
    zone_of,
)


def slip_html(results: Sequence[Any], *, title: str | None = None, at: datetime | None = None,
              zone: tzinfo | None = None, hotlines: Sequence[dict[str, Any]] = (),
              lang: str = DEFAULT) -> str:
    """A printable page (self-contained HTML in ``lang``, no scripts, no external files),
    stamped in the place's zone."""
    at = at or datetime.now(UTC)
    zone = zone or zone_of(results)
    title = title or catalog().text("slip.heading", lang)
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'><title>"
        + html.escape(title) + f"</title><style>{PRINT_CSS}</style></head><body><main>"
        + slip_section(results, title=title, at=at, zone=zone, hotlines=hotlines, level=1,
                       lang=lang)
        + "</main></body></html>"
    )


PRINT_CSS = ("body{font:14px sans-serif;color:#000;max-width:40em;margin:1em auto}"
             ".rf-slip-print h1{font-size:20px;margin:.2em 0}"
             ".rf-slip-print h2{font-size:16px;margin:.2em 0}"
             ".rf-slip-print h3{font-size:16px;margin:.2em 0}"
             ".rf-slip-print li{margin-bottom:1em}")


def slip_section(results: Sequence[Any], *, title: str, at: datetime, zone: tzinfo,
                 hotlines: Sequence[dict[str, Any]] = (), level: int = 2,
                 lang: str = DEFAULT) -> str:
    """The slip as one HTML section in ``lang`` (title at heading ``level``, one level below
    per place): the printable page's body (level 1), and what the Find page prints with the
    browser's Print (level 2, under the page's h1). Marked with its language, so a Spanish
    slip on an English page is read in a Spanish voice."""
    esc, cat = html.escape, catalog()

    def t(key: str, **values: Any) -> str:
        return esc(cat.text(key, lang, **values))

    h, sub = f"h{level}", f"h{level + 1}"
    items = []
    for r in results:
        services = ", ".join(esc(s.name) for s in r.services)
        phones = "<br>".join(esc(f"{display_phone(p.number)} ({cat.phone_type(p.type, lang)})")
                             for p in distinct_phones(r.phones)) or t("card.no_phone")
        items.append(
            f"<li><{sub}>{esc(r.name)}</{sub}><p>{services}</p>"
            f"<p><b>{t('slip.address')}:</b> {esc(safe_address(r, lang))}<br>"
            f"<b>{t('slip.phone')}:</b> {phones}<br>"
            f"<b>{t('slip.hours')}:</b> {esc(absolute_hours(r, at, lang))}<br>"
            f"<b>{t('slip.distance')}:</b> {r.distance_miles:.1f} mi"
            + "".join(f"<br><b>{esc(line.partition(': ')[0])}:</b> {esc(line.partition(': ')[2])}"
                      for line in notice_lines(r, lang))
            + f"<br><b>{t('slip.eligibility')}:</b> {esc(eligibility_line(r, lang))}"
            + (f"<br><small>{t('slip.last_verified', date=r.last_verified)}</small>"
               if r.last_verified else "")
            + "</p></li>"
        )
    lines = "".join(f"<li>{esc(str(h.get('name')))}: {esc(str(h.get('phone') or ''))}</li>"
                    for h in hotlines)
    return (
        f"<section class='rf-slip-print' lang='{lang}' aria-label='{esc(title, quote=True)}'>"
        f"<{h}>{esc(title)}</{h}><p>{t('slip.hours_as_of', stamp=stamp(at, zone, lang))}</p>"
        f"<ol>{''.join(items)}</ol><{sub}>{t('slip.crisis_heading')}</{sub}>"
        f"<ul>{lines}<li>{t('slip.crisis_line')}</li></ul>"
        f"<p><small>{t('slip.call_first')}</small></p></section>"
    )
