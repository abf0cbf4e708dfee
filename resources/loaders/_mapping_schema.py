"""The shape of a ``mapped-csv`` mapping file (docs/mappings.md), as pydantic models:
:func:`resources.datafile.problems_of` reports every problem with its path in the file
(``fields.phone.shout: unknown field``). The need ids a category rule may name come in the
validation context (``need_ids``). Imported only to check a mapping."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)

from resources.loaders._mapping import FIELD_TARGETS, RULE_TESTS, STATUSES


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _texts(value: Any) -> Any:
    """A text or a list of texts (numbers read as text: a column named 2019)."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise ValueError("must be a list of texts")
    return [str(v) for v in value]


Texts = Annotated[list[str], BeforeValidator(_texts)]


class Detect(_Section):
    header: Texts = []


class IdSpec(_Section):
    column: str | None = None
    columns: Texts | None = None
    repeats: Literal["reject", "keep_first"] = "reject"

    @model_validator(mode="after")
    def _one_way(self) -> IdSpec:
        if self.column is None and self.columns is None:
            raise ValueError("id must be a column name, {column: NAME} or {columns: [A, B]} "
                             "(a stable id generated from those columns)")
        return self


class FieldRule(_Section):
    column: str | None = None
    template: str | None = None
    value: Any = None
    map: dict[Any, Any] | None = None
    default: Any = None
    case: Literal["display", "upper", "lower", "as_is"] = "as_is"
    format: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> FieldRule:
        if len({"column", "template", "value"} & self.model_fields_set) != 1:
            raise ValueError("needs exactly one of column, template, value")
        return self


def _rule(value: Any) -> Any:
    return {"column": value} if isinstance(value, str) else value


def _format_only_for_dates(cls: type, value: Any, info: ValidationInfo) -> Any:  # noqa: ARG001
    if value is not None and value.format is not None and info.field_name != "assured_date":
        raise ValueError("format only applies to assured_date")
    return value


Fields = create_model(  # one optional rule per target field; any other name is unknown
    "Fields", __config__=ConfigDict(extra="forbid"),
    __validators__={"_dates": field_validator(*sorted(FIELD_TARGETS))(
        _format_only_for_dates)},
    **{t: (Annotated[FieldRule | None, BeforeValidator(_rule)], None)  # type: ignore[call-overload]
       for t in sorted(FIELD_TARGETS)})


def _coordinate(value: Any) -> Any:
    if not (isinstance(value, dict) and set(value) in ({"latitude", "longitude"}, {"point"})
            and all(isinstance(v, str) for v in value.values())):
        raise ValueError("must be {latitude: COL, longitude: COL} or {point: COL} "
                         "(a '(lat, lon)' text)")
    return value


Coordinate = Annotated[dict[str, str], BeforeValidator(_coordinate)]


class CategoryRule(_Section):
    column: str
    equals: Any = None
    contains: Any = None
    matches: Any = None
    needs: list[str]

    @field_validator("matches")
    @classmethod
    def _regex(cls, value: Any) -> Any:
        try:
            re.compile(str(value))
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value

    @field_validator("needs")
    @classmethod
    def _known_needs(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if not value:
            raise ValueError("must be a list of need ids")
        known = (info.context or {}).get("need_ids", ())
        unknown = [n for n in value if n not in known]
        if unknown:
            raise ValueError(", ".join(f"unknown need id {n!r}" for n in unknown))
        return value

    @model_validator(mode="after")
    def _one_test(self) -> CategoryRule:
        if len(RULE_TESTS & self.model_fields_set) != 1:
            raise ValueError(f"needs exactly one of {sorted(RULE_TESTS)}")
        return self


def _status(value: Any) -> Any:
    if value not in STATUSES:
        raise ValueError(f"{value!r} is not one of {sorted(STATUSES)}")
    return value


Status = Annotated[str, BeforeValidator(_status)]


class StatusRule(_Section):
    column: str
    map: dict[str, Status] = {}
    default: Status = "active"


class MappingFile(_Section):
    name: Any = None
    title: Any = None
    notes: Any = None
    delimiter: Annotated[str, BeforeValidator(str)] = ","
    detect: Detect | None = None
    null_markers: Texts = []
    id: Annotated[IdSpec | None, BeforeValidator(lambda v: {"column": v}
                                                 if isinstance(v, str) else v)] = None
    fields: Fields | None = None  # type: ignore[valid-type]
    address_block: str | None = None
    coordinates: Annotated[list[Coordinate] | None, BeforeValidator(
        lambda v: v if v is None or isinstance(v, list) else [v])] = None
    categories: list[CategoryRule] | None = None
    status: StatusRule | None = None
    attributes: dict[str, str] | None = None

    @field_validator("delimiter")
    @classmethod
    def _one_character(cls, value: str) -> str:
        if len(value) != 1:
            raise ValueError("must be one character, e.g. ',' or ';' (or left out)")
        return value
