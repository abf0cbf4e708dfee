"""``resources search "NEED" --near PLACE``: what the Find page does, as text or JSON."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

import click

from resources.cli import db_option
from resources.errors import LoadError
from resources.search.response_json import response_json
from resources.store import SEARCH_EXTENSIONS, Store

if TYPE_CHECKING:  # the search engine is imported where the search runs
    from resources.search.engine import SearchResponse


@click.command()
@db_option
@click.argument("need")
@click.option("--near", default="", help="ZIP, address, City ST, county or 'lat, lon' (without "
              "it: only the crisis banner and national lines, exit 3)")
@click.option("--at", help="open at this ISO time (with UTC offset)")
@click.option("--open-now", is_flag=True, help="only places open now")
@click.option("--arrive", is_flag=True, help="open when the caller arrives")
@click.option("--mode", type=click.Choice(["walk", "transit", "drive"]), default="drive",
              show_default=True, help="how the caller travels")
@click.option("--within", type=float, help="miles (default: widen until enough)")
@click.option("--lang", help="language code or name, e.g. es")
@click.option("--age", type=int, help="the caller's age")
@click.option("--walk-in", is_flag=True, help="only walk-in services")
@click.option("--free", is_flag=True, help="only free services")
@click.option("--wheelchair", is_flag=True, help="only wheelchair-accessible places")
@click.option("--limit", type=int, default=10, show_default=True, help="results")
@click.option("--json", "as_json", is_flag=True, help="print JSON (what the API's /search answers)")
def search(db: str, need: str, near: str, at: str | None, open_now: bool, arrive: bool,
           mode: str, within: float | None, lang: str | None, age: int | None, walk_in: bool,
           free: bool, wheelchair: bool, limit: int, as_json: bool) -> int:
    """Find services: search "NEED" --near PLACE (exit 3 when there is nothing to show)."""
    from resources.geo.places import Gazetteer, GeocoderSettings
    from resources.search.engine import SearchEngine, SearchRequest
    from resources.vocab.needs import load_vocabulary

    if sum(map(bool, (at, open_now, arrive))) > 1:
        raise click.UsageError("--at, --open-now and --arrive: one at most")
    when = _when(at)
    open_mode = "at" if when else "now" if open_now else "arrive" if arrive else "any"
    request = SearchRequest(
        need=need, place=near, open_mode=open_mode, at=when,  # type: ignore[arg-type]
        travel_mode=mode, within_miles=within, language=lang,  # type: ignore[arg-type]
        age=age, limit=limit, walk_in=walk_in, free=free, wheelchair=wheelchair,
    )
    # one search reads plain columns (distances are computed in Python), so spatial, the
    # costliest extension to load, stays unloaded; fts answers the text signal
    with Store.open(db, read_only=True, extensions=SEARCH_EXTENSIONS) as store:
        # one search: read only the rows around the place, not the whole index
        engine = SearchEngine(store, load_vocabulary(), Gazetteer.load(), whole_index=False,
                              geocoder=GeocoderSettings.from_settings())  # off unless set
        response = engine.search(request)
    if as_json:
        print(json.dumps(response_json(response), default=str, indent=1))
    else:
        print(response_text(response))
    return 0 if response.status in ("ok", "no_results") else 3


def _when(at: str | None) -> datetime | None:
    if not at:
        return None
    try:
        when = datetime.fromisoformat(at)
    except ValueError:
        raise LoadError(f"--at {at!r} is not an ISO time like 2026-11-27T21:30-07:00") from None
    if when.tzinfo is None:
        raise LoadError("--at needs a UTC offset, e.g. 2026-11-27T21:30-07:00")
    return when


def response_text(response: SearchResponse) -> str:
    from resources.search.engine import CONFIDENTIAL_PHONE
    from resources.search.referral import notice_lines

    lines = []
    if response.crisis:
        lines.append(f"!! {response.crisis.label or 'Crisis words'}: call {response.crisis.call}"
                     f" — {response.crisis.banner.replace('**', '')}".rstrip(" —"))
    lines.append(response.message)
    read = [f"{c.label} (“{c.words}”)" for c in response.chips]
    if response.when is not None:
        read.insert(0, f"{response.when.label} (“{response.when.words}”)")
    if read:
        lines.append("read from the words: " + " · ".join(read))
    for r in response.results or response.nearest_outside:
        phone = (f"{r.phones[0].number}" + (f" ({r.phones[0].description})" if CONFIDENTIAL_PHONE
                                             in r.phones[0].description else "")
                 if r.phones else "no phone listed")
        lines.append(f"{r.rank:>2}. {r.name} — {r.open_label} — {r.distance_miles:.1f} mi — {phone}")
        lines.append(f"    {r.address}" + (" (approximate location)" if r.precision != "exact" else ""))
        lines += [f"    {line}" for line in notice_lines(r)]
        lines.append(f"    {'; '.join(r.reasons)}")
    for h in response.hotlines:
        lines.append(f"hotline: {h.get('name')}: {h.get('phone_summary') or h.get('phones') or ''}")
    return "\n".join(lines)
