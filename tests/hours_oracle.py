"""Our OSM hours against the reference: opening_hours.js's answers, committed as test data.

``tests/data/osm_oracle.csv.gz`` (``make hours-oracle``, Node at dev time only) holds, for every
distinct value of the shared corpus, the reference's state at 45 local instants (weekday and
weekend, around midnight, DST change days, federal holidays and the days around them, sunrise
and sunset in winter and summer) in New York and Denver, at a point in each city.

Run ``python -m tests.hours_oracle`` for the figures and the list of disagreements.
"""

from __future__ import annotations

import csv
import gzip
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from resources.hours import Hours, evaluate, parse_osm
from resources.hours._osm_lex import LexError
from resources.hours._osm_parse import compile_value
from resources.hours._osm_rules import Unsupported

ORACLE = Path(__file__).parent / "data" / "osm_oracle.csv.gz"


@dataclass
class Figures:
    pairs: int = 0  # (value, instant) pairs the reference reads (not 'invalid')
    answered: int = 0  # of those, pairs we answer open or closed
    ref_answers: int = 0  # pairs the reference answers open or closed (not 'unknown')
    both_unread: int = 0  # of those, pairs of a value we do not read at all
    we_guess: int = 0  # pairs the reference calls unknown and we answer
    agree: int = 0  # of those answered by both (reference open/closed), the same answer
    both: int = 0
    wrong: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    # pairs the reference answers and we do not, by why (ranked by ``main``)
    why_unknown: Counter[str] = field(default_factory=Counter)
    values_read: int = 0
    values: int = 0

    @property
    def agreement(self) -> float:
        return self.agree / self.both if self.both else 1.0

    @property
    def answered_share(self) -> float:
        """Share of the pairs the reference answers (open/closed) that we answer too."""
        return self.both / self.ref_answers if self.ref_answers else 0.0


def compare() -> Figures:
    fig = Figures()
    seen: dict[str, bool] = {}
    parsed: dict[str, Hours] = {}
    with gzip.open(ORACLE, "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            value, ref = row["value"], row["state"]
            hours = parsed.get(value) or parsed.setdefault(value, parse_osm(value))
            if value not in seen:
                seen[value] = ref != "invalid"
            if ref == "invalid":
                continue
            zone = ZoneInfo(row["zone"])
            at = datetime.fromisoformat(row["instant"].replace("Z", "+00:00"))
            ours = evaluate(hours, at, zone, point=(float(row["lat"]), float(row["lon"]))).state
            fig.pairs += 1
            fig.answered += ours != "unknown"
            fig.ref_answers += ref != "unknown"
            fig.both_unread += ref != "unknown" and hours.status.value == "unknown"
            fig.we_guess += ref == "unknown" and ours != "unknown"
            if ref != "unknown" and ours == "unknown":
                fig.why_unknown[_why(hours, value)] += 1
            if ref != "unknown" and ours != "unknown":
                fig.both += 1
                if ours == ref:
                    fig.agree += 1
                else:
                    local = at.astimezone(zone).strftime("%a %Y-%m-%d %H:%M")
                    fig.wrong.append((value, row["zone"], local, ref, ours))
    fig.values = len(seen)
    fig.values_read = sum(1 for v in seen if parse_osm(v).status.value != "unknown")
    return fig


def _why(hours: Hours, value: str) -> str:
    """Why a value is unknown at an instant: the construct not read (the parser's reason), or,
    for a value we read, that a comment, ``unknown`` or an open end left the instant open."""
    if hours.status.value == "unknown":
        try:
            compile_value(value)
        except LexError:
            return "not read: a word or sign"
        except Unsupported as exc:
            return f"not read: {exc}"
        return "not read: " + hours.unparsed[0]
    return "read, unknown here: " + ("comment/unknown rule" if hours.unparsed else "other")


@lru_cache(maxsize=1)
def _rows_by_value() -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    with gzip.open(ORACLE, "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["value"], []).append(row)
    return out


def corpus_values() -> list[str]:
    """The distinct values of the oracle (the shared corpus), in its order."""
    return list(_rows_by_value())


def against_reference(value: str) -> list[tuple[str, str, str]]:
    """For a corpus value: (instant, the reference's state, ours) at every instant of the
    oracle where the reference reads the value."""
    rows = _rows_by_value()[value]
    hours = parse_osm(value)
    out = []
    for row in rows:
        if row["state"] == "invalid":
            continue
        at = datetime.fromisoformat(row["instant"].replace("Z", "+00:00"))
        ours = evaluate(hours, at, ZoneInfo(row["zone"]),
                        point=(float(row["lat"]), float(row["lon"]))).state
        out.append((f"{row['zone']} {row['instant']}", row["state"], ours))
    return out


def main() -> None:
    fig = compare()
    print(f"values: {fig.values}, read by us: {fig.values_read}")
    print(f"pairs the reference reads: {fig.pairs}, answers open/closed: {fig.ref_answers}; "
          f"we answer {fig.answered_share:.1%} of those ({fig.both}; "
          f"{fig.both_unread} in values we do not read); of all it reads, we answer "
          f"{fig.answered / fig.pairs:.1%}; we answer where it says unknown: {fig.we_guess}")
    print(f"agreement where both answer: {fig.agreement:.2%} ({fig.agree}/{fig.both})")
    by_value = Counter(w[0] for w in fig.wrong)
    for value, n in by_value.most_common():
        sample = next(w for w in fig.wrong if w[0] == value)
        print(f"  {n:3d}  {value!r}  e.g. {sample[1]} {sample[2]}: reference {sample[3]}, "
              f"ours {sample[4]}")
    print(f"unanswered where the reference answers: {sum(fig.why_unknown.values())}, by why:")
    for why, n in fig.why_unknown.most_common():
        print(f"  {n:6d}  {why}")
    if "--unanswered" in sys.argv:
        refs = Counter()
        with gzip.open(ORACLE, "rt", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row["state"] in ("open", "closed") and parse_osm(row["value"]).status.value == "unknown":
                    refs[row["value"]] += 1
        for value, n in refs.most_common():
            print(f"  unread {n:3d} {value!r} {parse_osm(value).unparsed}")


if __name__ == "__main__":
    main()
