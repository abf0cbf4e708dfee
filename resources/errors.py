"""The project's errors: :class:`ResourcesError`, the base of every error a person can act on
(the CLI prints it as one line and exits 2), a directory file that cannot be loaded, and the
project's own data files."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources as importlib_resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml  # type: ignore[import-untyped]

if TYPE_CHECKING:
    from resources.records import Issue


class ResourcesError(Exception):
    """Base of every error raised for a person to act on (bad input, an unusable file, a
    refused action); anything else is a bug. The CLI's one handler prints
    :meth:`cli_message` and exits 2."""

    def cli_message(self) -> str:
        """The one line (or short block) the command line prints."""
        return str(self)


class LoadError(ResourcesError):
    """A directory file that cannot be loaded at all; carries every problem found. (Here,
    not in the loaders, so that commands which load nothing need not import them.)"""

    def __init__(self, message: str, issues: list[Issue] | None = None):
        self.issues = issues or []
        detail = "".join(f"\n  - {i}" for i in self.issues[:50])
        more = f"\n  ... and {len(self.issues) - 50} more" if len(self.issues) > 50 else ""
        super().__init__(message + detail + more)


class DataFileError(ResourcesError, ValueError):
    """A data file (needs vocabulary, crisis classes, national lines, matching rules) is
    unusable: ``problems`` lists every problem found, reported at once."""

    what = "the file"  # what the file holds, in the message

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{source}: {len(self.problems)} problem(s) in {self.what}:\n{lines}")


def data_path(name: str) -> Path:
    """A data file shipped in the package (``resources/data/<name>``)."""
    return Path(str(importlib_resources.files("resources") / "data" / name))


def read_yaml(path: str | Path | None, default: str,
              error: type[DataFileError]) -> tuple[Any, str]:
    """(the file's data, its name for messages): ``path``, else the package's ``default``
    data file; an unreadable file or bad YAML is one ``error`` naming it. libyaml's safe
    loader where built (same data, several times faster), else PyYAML's."""
    src = Path(path) if path else data_path(default)
    try:
        data = yaml.load(src.read_text(encoding="utf-8"),
                         Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise error(str(src), [f"cannot read YAML: {exc}"]) from exc
    return data, str(src)
