"""The users file's shape, checked by pydantic: every problem found, each with the user it
belongs to, reported at once (resources/coordinator/auth.py raises them as one AuthError)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator


class UserEntry(BaseModel):
    """``[users."NAME"]``: a role (the roles come in the validation context) and a hash."""

    model_config = ConfigDict(validate_default=True)  # a missing role or password is checked
    role: Any = None
    password: Any = None

    @field_validator("role", mode="before")
    @classmethod
    def _known_role(cls, value: Any, info: ValidationInfo) -> Any:
        context = info.context or {}
        roles, aliases = context["roles"], context["aliases"]
        if aliases.get(str(value), str(value)) not in roles:
            raise ValueError(f"role must be one of {', '.join(roles)}")
        return value

    @field_validator("password", mode="before")
    @classmethod
    def _a_hash(cls, value: Any) -> Any:
        if not isinstance(value, str) or not value.startswith("scrypt$"):
            raise ValueError("password must be a hash from `resources user add`")
        return value


def check_users(doc: dict[str, Any], roles: tuple[str, ...],
                aliases: dict[str, str]) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """(name -> (role, password hash), problems) of a parsed users file."""
    users: dict[str, tuple[str, str]] = {}
    problems: list[str] = []
    for name, entry in (doc.get("users") or {}).items():
        raw = entry if isinstance(entry, dict) else {}
        try:
            UserEntry.model_validate(raw, context={"roles": roles, "aliases": aliases})
        except ValidationError as exc:
            problems += [f"user {name!r}: {error['msg'].removeprefix('Value error, ')}"
                         for error in exc.errors()]
        users[name] = (str(raw.get("role")), str(raw.get("password")))
    return users, problems
