"""The national lines built into the engine (911, 988, Crisis Text Line, Poison Control, the
DV hotline, Childhelp): package data, so every store shows them with the crisis banner and
while the caller's place is unresolved, whatever hotline list it holds (or none).

``load_national_lines()`` reads and validates ``resources/data/national_lines.yaml`` (every
problem reported at once). :func:`merge_lines` puts them before a store's own hotlines,
de-duplicated by number: a loaded list adds local lines and never removes a national one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from resources.datafile import check, repeated
from resources.errors import DataFileError, data_path, read_yaml

PHONE_TYPES = ("voice", "text", "tty")


class NationalLinesError(DataFileError):
    """The national lines file is unusable; ``problems`` lists every problem found."""

    what = "the national lines"


@dataclass(frozen=True, slots=True)
class LinePhone:
    number: str
    type: str = "voice"
    keyword: str = ""
    description: str = ""

    def summary(self) -> str:
        """How to reach it, as read aloud: "988", "text HOME to 741741", "TTY 1-800-…"."""
        if self.type == "text":
            return f"text {self.keyword} to {self.number}" if self.keyword else \
                f"text {self.number}"
        return f"TTY {self.number}" if self.type == "tty" else self.number


@dataclass(frozen=True, slots=True)
class NationalLine:
    id: str
    name: str
    say: str
    phones: tuple[LinePhone, ...]
    hours: str = "24/7"
    languages: tuple[str, ...] = ()
    url: str = ""
    unresolved: bool = False

    def numbers(self) -> frozenset[str]:
        return frozenset(number_key(p.number) for p in self.phones if p.type != "tty")

    def record(self) -> dict[str, Any]:
        """The shape of a store hotline record (the hotlines panel and the CLI read both)."""
        return {
            "service_id": f"national:{self.id}", "name": self.name, "say": self.say,
            "phones": [{"number": p.number, "type": p.type, "keyword": p.keyword or None,
                        "description": p.description or None} for p in self.phones],
            "phone_summary": " · ".join(dict.fromkeys(p.summary() for p in self.phones)),
            "url": self.url or None, "hours_text": self.hours, "coverage_kind": "national",
            "coverage": "United States", "source_id": "built-in", "built_in": True,
        }


@dataclass(frozen=True)
class NationalLines:
    lines: tuple[NationalLine, ...]
    by_id: Mapping[str, NationalLine]

    def records(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        return [self.by_id[i].record() for i in dict.fromkeys(ids) if i in self.by_id]

    def unresolved(self) -> list[dict[str, Any]]:
        """The lines listed while the caller's place is not known yet (no crisis words)."""
        return [line.record() for line in self.lines if line.unresolved]


def number_key(number: Any) -> str:
    """A number for comparison: its digits, without a leading US country code."""
    digits = re.sub(r"\D", "", str(number or ""))
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def merge_lines(first: Sequence[dict[str, Any]],
                then: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """``first`` (the built-in lines) then each record of ``then`` (the store's) whose call
    and text numbers are not all shown already: a loaded 988 entry is not listed twice, a
    line with a number of its own (Veterans Crisis Line: 988 then 1, text 838255) is kept."""
    out = list(first)
    seen = {number_key(p.get("number")) for rec in first for p in rec.get("phones") or []
            if (p.get("type") or "voice") not in ("tty", "textphone")}
    for rec in then:
        numbers = {number_key(p.get("number")) for p in rec.get("phones") or []
                   if (p.get("type") or "voice") not in ("tty", "textphone")} - {""}
        if numbers and numbers <= seen:
            continue
        out.append(rec)
        seen |= numbers
    return out


def default_lines_path() -> Path:
    return data_path("national_lines.yaml")


def load_national_lines(path: str | Path | None = None) -> NationalLines:
    data, source = read_yaml(path, "national_lines.yaml", NationalLinesError)
    return national_lines_from_dict(data, source=source)


def national_lines_from_dict(data: Any, *, source: str = "<dict>") -> NationalLines:
    """The national lines of a parsed file, checked by
    :class:`resources.vocab.schemas.NationalLinesFile` (every problem at once)."""
    raw = data.get("lines") if isinstance(data, dict) else None
    ids = [r.get("id") for r in raw if isinstance(r, dict)] if isinstance(raw, list) else []
    check(data, source, NationalLinesError, "resources.vocab.schemas:NationalLinesFile",
          context={"duplicates": repeated(ids)})
    lines = [_line(r) for r in data["lines"]]
    return NationalLines(tuple(lines), MappingProxyType({line.id: line for line in lines}))


def _line(raw: dict[str, Any]) -> NationalLine:
    phones = tuple(LinePhone(p["number"], p.get("type", "voice"), str(p.get("keyword") or ""),
                             str(p.get("description") or "")) for p in raw["phones"])
    return NationalLine(raw["id"], raw["name"].strip(), raw["say"].strip(), phones,
                        str(raw.get("hours") or "24/7"), tuple(raw.get("languages") or ()),
                        str(raw.get("url") or ""), bool(raw.get("unresolved", False)))
