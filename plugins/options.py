"""Options a plugin declares as data, and the one check every instance goes through.

The declaration is the single source for `comptoir config check` (mistakes by
line), the tables of docs/configuration.md and `comptoir channels list`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# Keys that would put a secret in the config file in plain text.
FORBIDDEN_KEYS = frozenset(
    {"password", "passwd", "secret", "token", "api_key", "smtp_password"}
)


class OptionType(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    LIST = "list"
    FLOAT = "float"


@dataclass(frozen=True, slots=True)
class Option:
    """An option a plugin declares as data; the core renders and validates it.

    `secret` marks options that name where a secret comes from (a variable's
    name, a command): shown masked, never a secret itself. `choices` limits a
    string to these values. `example` is shown in messages and docs.
    """

    name: str
    type: OptionType
    help: str
    default: Any = None
    required: bool = False
    secret: bool = False
    choices: tuple[str, ...] = ()
    example: str = ""


_EXAMPLES = {
    OptionType.STRING: '"..."',
    OptionType.INTEGER: "993",
    OptionType.BOOLEAN: "true",
    OptionType.LIST: '["INBOX"]',
    OptionType.FLOAT: "2.5",
}


def _like(option: Option) -> str:
    return option.example or _EXAMPLES[option.type]


def _type_ok(option: Option, value: Any) -> bool:
    if option.type is OptionType.STRING:
        return isinstance(value, str)
    if option.type is OptionType.INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    if option.type is OptionType.FLOAT:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if option.type is OptionType.BOOLEAN:
        return isinstance(value, bool)
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def validate_options(
    label: str, declared: Sequence[Option], values: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """Every mistake in `values` against `declared`, as (key, message).

    `label` names the instance in messages (`channels.support`). The key `type`
    (which plugin the instance uses) is the core's and always allowed."""
    by_name = {option.name: option for option in declared}
    found: list[tuple[str, str]] = []
    for key, value in values.items():
        if key == "type":
            continue
        if key in FORBIDDEN_KEYS:
            found.append((key, f"{label}.{key}: secrets never go in the config file; "
                          "name an environment variable or a command instead "
                          "(see the channel's *_env and *_command settings)"))  # fmt: skip
            continue
        option = by_name.get(key)
        if option is None:
            close = difflib.get_close_matches(key, list(by_name), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            found.append((key, f"{label}.{key} is not a setting of this channel{hint}"))
        elif not _type_ok(option, value):
            found.append(
                (
                    key,
                    f"{label}.{key} must be {option.type}, like {key} = {_like(option)}",
                )
            )
        elif option.choices and value not in option.choices:
            allowed = ", ".join(f'"{c}"' for c in option.choices)
            found.append((key, f"{label}.{key} must be one of {allowed}"))
    for option in declared:
        if option.required and option.name not in values:
            found.append(
                (
                    option.name,
                    f"{label} needs {option.name}, like {option.name} = {_like(option)}",
                )
            )
    return found


def with_defaults(
    declared: Sequence[Option], values: Mapping[str, Any]
) -> dict[str, Any]:
    """The instance's values, each missing option at its declared default."""
    merged = {o.name: o.default for o in declared if o.default is not None}
    merged.update(values)
    return merged


_TYPES = {
    OptionType.STRING: "text",
    OptionType.INTEGER: "number",
    OptionType.BOOLEAN: "true/false",
    OptionType.LIST: "list of text",
    OptionType.FLOAT: "number",
}


def _default(option: Option) -> str:
    if option.required:
        return "required"
    value = option.default
    if value is None:
        return ""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f'`"{value}"`'
    if isinstance(value, list):
        return "`[" + ", ".join(f'"{v}"' for v in value) + "]`"
    return f"`{value}`"


def options_table(declared: Sequence[Option]) -> str:
    """The Markdown table of a plugin's options, as docs/configuration.md shows
    it (a test keeps the page equal to this)."""
    lines = [
        "| setting | type | default | what it is for |",
        "| --- | --- | --- | --- |",
    ]
    for option in declared:
        kind = (
            ", ".join(f'`"{c}"`' for c in option.choices)
            if option.choices
            else _TYPES[option.type]
        )
        lines.append(
            f"| `{option.name}` | {kind} | {_default(option)} | {option.help} |"
        )
    return "\n".join(lines) + "\n"
