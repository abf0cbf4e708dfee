"""The two shapes of an hsds-transformer mapping (:mod:`resources.loaders._transformer_mapping`),
as pydantic models: :func:`resources.datafile.problems_of` reports every problem with its
path in the file (``services.csv.columns.Phone[0].colour: unknown field``). A column's value
is one rule or a list of rules. Imported only to check a mapping."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    RootModel,
    model_validator,
)

from resources.loaders._transformer_mapping import MODELS, model_table
from resources.vocab.schemas import Entry


def _a_table(value: str) -> str:
    if model_table(value) is None:
        raise ValueError(f"model {value!r} is not an HSDS 1.x table (known: "
                         f"{', '.join(sorted(set(MODELS)))})")
    return value


class RuleEntry(Entry):
    """One column -> one field of one table (and, flat shape, the row's foreign key)."""

    model: Annotated[str, AfterValidator(_a_table)]
    field: str
    required: bool = False
    append: bool = False
    map: Any = None
    split: Any = None
    foreign_key_name: str | None = None
    foreign_key_value: str | None = None

    @model_validator(mode="after")
    def _key_pair(self) -> RuleEntry:
        if (self.foreign_key_name is None) != (self.foreign_key_value is None):
            raise ValueError("foreign_key_name and foreign_key_value go together")
        return self


Columns = dict[  # column (a number read as its text) -> a rule, a list of rules, or nothing
    Annotated[str, BeforeValidator(str)],
    Annotated[list[RuleEntry | None], BeforeValidator(lambda v: v if isinstance(v, list)
                                                      else [v])]]


class FileColumns(BaseModel):
    columns: Columns  # other keys are the author's, as the transformer ignores them


class ColumnsMapping(RootModel[dict[str, FileColumns]]):
    """``file.csv: {columns: {Column: rule | [rule, ...]}}`` (the current transformer)."""


class FlatMapping(RootModel[dict[str, Columns]]):
    """``file_stem: {column: rule}`` (the older flat shape)."""
