"""The shapes of the vocabulary's data files, as pydantic models: ``national_lines.yaml``,
``needs.yaml`` and ``crisis.yaml``. :func:`resources.datafile.check` validates a document
against one and reports every problem with its path in the document; what a check needs from
outside the entry (the groups and hotline topics the file declares, the national line ids)
comes in the validation context. Imported only to check a document (pydantic is not loaded
by a search that reads files already checked)."""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    ValidationInfo,
    field_validator,
    model_validator,
)

from resources.vocab.crisis import CALLS, LANGS
from resources.vocab.national_lines import PHONE_TYPES, number_key

_SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_AIRS = re.compile(r"^[A-Z]{1,2}(-\d{4}(\.\d{4}(-\d{3}(\.\d{2})?)?)?)?$")
_OSM_RULE = re.compile(r"^[^=+\s][^=+]*=[^=+]+(\+[^=+\s][^=+]*=[^=+]+)*$")
MAX_EXPANSIONS = 2000  # one phrase's alternatives multiplied out


def _text(value: Any) -> Any:
    """A non-empty string; a number says to quote it (YAML reads 988 as a number)."""
    if isinstance(value, bool) or not isinstance(value, str):
        hint = " (write it in quotes: YAML reads a bare yes, no, on, off as true or false)" \
            if isinstance(value, bool) else \
            " (quote numbers: '988')" if isinstance(value, int | float) else ""
        raise ValueError(f"must be a non-empty string, got {value!r}{hint}")
    if not value.strip():
        raise ValueError("must not be empty")
    return value


Text = Annotated[str, BeforeValidator(_text)]


def _required_text(value: Any) -> Any:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("is required")
    return value


Required = Annotated[str, BeforeValidator(_required_text)]


class Entry(BaseModel):
    """A mapping with only the fields its model declares (any other is an unknown field)."""

    model_config = ConfigDict(extra="forbid")


class _Identified(Entry):
    """An entry with an id of a given shape, not repeated (the repeats come in the context)."""

    id_shape: ClassVar[re.Pattern[str]] = _SNAKE
    id_said: ClassVar[str] = "snake_case"
    id_of: ClassVar[str] = "entry"
    id: Any

    @field_validator("id", mode="before")
    @classmethod
    def _an_id(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, str) or not cls.id_shape.match(value):
            raise ValueError(f"id must be {cls.id_said}, got {value!r}")
        if value in (info.context or {}).get("duplicates", ()):
            raise ValueError(f"{cls.id_of} id {value!r} is defined more than once")
        return value


# ---------------------------------------------------------------- national_lines.yaml


class LinePhoneEntry(Entry):
    number: Any
    type: str = "voice"
    keyword: Any = None
    description: Any = None

    @field_validator("number", mode="before")
    @classmethod
    def _digits(cls, value: Any) -> Any:
        if not isinstance(value, str) or not number_key(value):
            raise ValueError("number must be a quoted string with digits ('988')")
        return value

    @field_validator("type", mode="before")
    @classmethod
    def _known_type(cls, value: Any) -> Any:
        if value not in PHONE_TYPES:
            raise ValueError(f"type must be one of {PHONE_TYPES}")
        return value


class LineEntry(_Identified):
    id_shape, id_said, id_of = _SLUG, "a lowercase slug like poison-control", "line"
    name: Required
    say: Required
    phones: list[LinePhoneEntry] = Field(min_length=1)
    hours: Any = None
    languages: list[Any] | None = None
    url: Any = None
    unresolved: Any = False


class NationalLinesFile(BaseModel):
    lines: list[LineEntry] = Field(min_length=1)


# ---------------------------------------------------------------- needs.yaml


def _declared_topic(value: str, info: ValidationInfo) -> str:
    if value not in (info.context or {}).get("topics", ()):
        raise ValueError(f"hotline topic {value!r} is not declared under hotline_topics")
    return value


def _airs_code(value: str) -> str:
    if not _AIRS.match(value):
        raise ValueError(f"{value!r} is not an AIRS code like BD-1800.2000")
    return value


def _osm_rule(value: str) -> str:
    if not _OSM_RULE.match(value):
        raise ValueError(f"OSM rule {value!r} must be key=value joined by +")
    if "amenity=shelter" in value.split("+"):
        raise ValueError("amenity=shelter is a bus/picnic shelter in OSM")
    return value


class NeedEntry(_Identified):
    id_of = "need"
    label: Required
    group: Any = None
    safety: StrictBool = False
    synonyms: list[Text] = []
    misspellings: list[Text] = []
    spanish: list[Text] = []
    phrases: list[Text] = []
    related: list[Text] = []
    hotline_topics: list[Annotated[Text, AfterValidator(_declared_topic)]] = []
    airs_codes: list[Annotated[Text, AfterValidator(_airs_code)]] = []
    airs_terms: list[Text] = []
    open_eligibility: list[Text] = []
    osm_tags: list[Annotated[Text, AfterValidator(_osm_rule)]] = []
    hifld_types: list[Text] = []

    @field_validator("group", mode="before")
    @classmethod
    def _declared_group(cls, value: Any, info: ValidationInfo) -> Any:
        groups = sorted((info.context or {}).get("groups", ()))
        if value not in groups:
            raise ValueError(f"group {value!r} is not one of {groups}")
        return value

    @field_validator("related")
    @classmethod
    def _related_exist(cls, value: list[str], info: ValidationInfo) -> list[str]:
        ids = (info.context or {}).get("ids", ())
        own = info.data.get("id")
        for r in value:
            if r == own:
                raise ValueError("related lists itself")
            if r not in ids:
                raise ValueError(f"related need {r!r} does not exist")
        return value

    @model_validator(mode="after")
    def _some_words(self) -> NeedEntry:
        if not (self.synonyms or self.spanish or self.phrases):
            raise ValueError("give at least one synonym, spanish term or phrase")
        return self


class NeedsFile(BaseModel):
    groups: list[Text] = []
    hotline_topics: list[Text] = []
    needs: list[NeedEntry] = Field(min_length=1)
    crisis: None = Field(None, description="moved to crisis.yaml")

    @field_validator("crisis", mode="before")
    @classmethod
    def _moved(cls, value: Any) -> Any:
        raise ValueError("`crisis:` moved to resources/data/crisis.yaml (crisis classes, "
                         "English and Spanish, with their lines): move the phrases there")


# ---------------------------------------------------------------- crisis.yaml


def _phrases(value: Any) -> Any:
    """A phrase with ``(a|b)`` alternatives: balanced, not nested, not too many."""
    text = _text(value)
    if text.count("(") != text.count(")") or re.search(r"\([^)]*\(", text):
        raise ValueError(f"{text!r} has unbalanced or nested parentheses")
    n = 1
    for group in re.findall(r"\(([^()]*)\)", text):
        n *= len(group.split("|"))
    if n > MAX_EXPANSIONS:
        raise ValueError(f"{text!r} expands to {n} phrases (at most {MAX_EXPANSIONS}: split it)")
    return text


Phrase = Annotated[str, BeforeValidator(_phrases)]


class ByLanguage(Entry):
    en: list[Phrase] = []
    es: list[Phrase] = []


def _languages(value: Any) -> Any:
    if value is not None and (not isinstance(value, dict) or set(value) - set(LANGS)):
        raise ValueError(f"must map languages {LANGS} to lists")
    return value


Languages = Annotated[ByLanguage | None, BeforeValidator(_languages)]


class CrisisClassEntry(_Identified):
    id_of = "class"
    label: Required
    call: Any
    banner: Required
    lines: list[Text] = []
    needs: list[Text] = []
    phrases: Languages = None
    words: Languages = None
    not_when: Languages = None
    patterns: list[Text] = []

    @field_validator("call", mode="before")
    @classmethod
    def _call(cls, value: Any) -> Any:
        if value not in CALLS:
            raise ValueError(f"call must be one of {CALLS} (quoted), got {value!r}")
        return value

    @field_validator("lines")
    @classmethod
    def _known_lines(cls, value: list[str], info: ValidationInfo) -> list[str]:
        known = (info.context or {}).get("lines", ())
        if not value:
            raise ValueError("lines must name at least one national line")
        for x in value:
            if x not in known:
                raise ValueError(f"line {x!r} is not in national_lines.yaml "
                                 f"(known: {', '.join(known)})")
        return value

    @field_validator("patterns")
    @classmethod
    def _regexes(cls, value: list[str]) -> list[str]:
        for p in value:
            try:
                re.compile(p)
            except re.error as exc:
                raise ValueError(f"{p!r} is not a regular expression ({exc})") from exc
        return value

    @model_validator(mode="after")
    def _some_phrases(self) -> CrisisClassEntry:
        if self.phrases is None or not (self.phrases.en or self.phrases.es):
            raise ValueError("phrases must list at least one phrase")
        return self


class CrisisFile(BaseModel):
    classes: list[CrisisClassEntry] = Field(min_length=1)

    @field_validator("classes", mode="before")
    @classmethod
    def _a_list(cls, value: Any) -> Any:
        if not isinstance(value, list) or not value:
            raise ValueError("must be a non-empty list, most urgent first")
        return value

