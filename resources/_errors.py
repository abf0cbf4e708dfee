"""Errors shared by the modules that read the project's own data files."""

from __future__ import annotations

from collections.abc import Sequence


class DataFileError(ValueError):
    """A data file (needs vocabulary, crisis classes, national lines, matching rules) is
    unusable: ``problems`` lists every problem found, reported at once."""

    what = "the file"  # what the file holds, in the message

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{source}: {len(self.problems)} problem(s) in {self.what}:\n{lines}")
