"""The shape of a ``resources-hotlines/1`` YAML file (docs/formats.md), as a pydantic model:
``source`` (optional) and a ``hotlines`` list of entries. What is wrong inside one entry (no
phone, an unknown topic, an unreadable coverage) is a row issue the loader reports and
loads around; this model checks only that the file can be read as hotlines at all.
Imported only to check a file."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class HotlinesFile(BaseModel):
    model_config = ConfigDict(extra="allow")  # `format`, notes ... are the author's
    source: Any = None  # a mapping; anything else is ignored, as it always was
    hotlines: list[dict[str, Any]] = Field(min_length=1)
