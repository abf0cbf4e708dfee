"""The shapes of the search's data files, as pydantic models: ``matching.yaml`` (who the
caller is, what contradicts a need) and ``when.yaml`` (day and time words).
:func:`resources.datafile.check` validates a document against one and reports every problem
with its path in the document; the need ids a contradiction may name come in the validation
context (``need_ids``; None: not checked). Imported only to check a document."""

from __future__ import annotations

import re
from typing import Annotated, Any

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    ValidationInfo,
    model_validator,
)

from resources.vocab.schemas import Entry, Required, Text
from resources.vocab.terms import normalize


def _word(value: str) -> str:
    if not normalize(value).split():
        raise ValueError(f"{value!r} has no word in it")
    return value


def _regex(value: str) -> str:
    """Read by Python and by RE2 (Arrow's engine, which searches the rows: no look-around)."""
    try:
        re.compile(value)
        pc.match_substring_regex(pa.array([""]), value)
    except (re.error, pa.ArrowInvalid) as exc:
        raise ValueError(f"{value!r} is a bad regex (RE2 syntax: "
                         f"{str(exc).splitlines()[0]})") from exc
    return value


Word = Annotated[Text, AfterValidator(_word)]
Words = Annotated[list[Word], Field(min_length=1)]
Regex = Annotated[Text, AfterValidator(_regex)]


# ---------------------------------------------------------------- matching.yaml


def _known_need(value: str, info: ValidationInfo) -> str:
    known = (info.context or {}).get("need_ids")
    if known is not None and value not in known:
        raise ValueError(f"need {value!r} does not exist")
    return value


class PopulationEntry(Entry):
    label: Text | None = None
    query: Words
    fits: Annotated[list[Regex], Field(min_length=1)]
    codes: list[str | int] | None = None
    conflicts: list[Regex] | None = None
    chip: str = ""
    unless: list[Regex] | None = None
    fit_reason: str = ""
    conflict_reason: str = ""


class FilterSet(Entry):
    language: Text | None = None
    wheelchair: bool | None = None

    @model_validator(mode="after")
    def _something(self) -> FilterSet:
        if not self.model_fields_set:
            raise ValueError("must map `language` (an ISO code) or `wheelchair: true`")
        return self


class FilterEntry(Entry):
    query: Words
    unless: list[Regex] | None = None
    chip: Required
    sets: FilterSet = Field(alias="set")


class ContradictionEntry(Entry):
    needs: list[Annotated[Text, AfterValidator(_known_need)]]
    words: list[Regex] = []


class MatchingFile(Entry):
    populations: dict[str, PopulationEntry] | None = None
    filters: dict[str, FilterEntry] | None = None
    contradictions: list[ContradictionEntry] | None = None


# ---------------------------------------------------------------- when.yaml


def _clock(value: Any) -> Any:
    hh_mm = re.fullmatch(r"(\d{1,2}):(\d{2})", str(value))
    if not hh_mm or int(hh_mm[1]) > 23 or int(hh_mm[2]) > 59:
        raise ValueError(f"{value!r} is not a time HH:MM (quoted: '09:00')")
    return value


Clock = Annotated[str, BeforeValidator(_clock)]
Weekday = Annotated[int, Field(ge=0, le=6)]


class DayEntry(Entry):
    offset: int | None = None
    weekday: Weekday | None = None
    time: Annotated[str, BeforeValidator(lambda v: v if v == "now" else _clock(v))] = "12:00"
    anywhere: bool = False
    also_today: list[Weekday] = []
    words: Words

    @model_validator(mode="after")
    def _offset_or_weekday(self) -> DayEntry:
        if (self.offset is None) == (self.weekday is None):
            raise ValueError("give exactly one of `offset` or `weekday` (0..6)")
        return self


class PartEntry(Entry):
    time: Clock
    until: Clock
    pm: bool = False
    anywhere: bool = False
    words: Words


class WhenFile(Entry):
    now: Words
    leads: Words
    clock_leads: Words
    pm_hours: list[Annotated[int, Field(ge=1, le=11)]] | None = None
    days: dict[str, DayEntry] | None = None
    parts: dict[str, PartEntry] | None = None
