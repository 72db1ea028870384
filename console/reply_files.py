"""Canned replies as Markdown files: `NAME.md`, a small front matter, the body.

    ---
    title: Where is my order
    tags: [livraison, suivi]
    ---
    Your order {{ order.number }} is on its way: {{ order.tracking_url }}

The exchange format of `comptoir replies import|export|edit`: plain files a
person edits, versions and shares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_NAME = re.compile(r"^[\w][\w.-]{0,63}$")
KEYS = ("title", "tags")


class ReplyFileError(ValueError):
    """A file that is not a canned reply; `line` says where (1-based)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class ReplyFile:
    name: str
    title: str
    tags: tuple[str, ...]
    body: str


def valid_name(name: str) -> bool:
    return bool(_NAME.match(name))


def _tags(value: str) -> tuple[str, ...]:
    inner = value.strip().removeprefix("[").removesuffix("]")
    return tuple(t.strip().strip("'\"") for t in inner.split(",") if t.strip())


def parse_reply(name: str, text: str) -> ReplyFile:
    """Front matter is optional; an unknown key or an unclosed block is an error."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return ReplyFile(name, "", (), text)
    fields: dict[str, str] = {}
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            body = "".join(lines[number:])
            return ReplyFile(
                name, fields.get("title", ""), _tags(fields.get("tags", "")), body
            )
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        if not colon or key not in KEYS:
            raise ReplyFileError(
                f"expected `title: ...` or `tags: [a, b]` in the front matter, got {line.strip()!r}",
                number,
            )
        fields[key] = value.strip().strip("'\"") if key == "title" else value
    raise ReplyFileError("the front matter is not closed: add a line `---` after it", 1)


def format_reply(reply: ReplyFile) -> str:
    head = ["---", f"title: {reply.title}"]
    head.append(f"tags: [{', '.join(reply.tags)}]")
    return "\n".join([*head, "---", ""]) + reply.body


def read_folder(folder: Path) -> tuple[list[ReplyFile], list[str]]:
    """Every `*.md` in the folder, and a `file:line: what to do` for each bad one."""
    found: list[ReplyFile] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.md")):
        name = path.stem
        if not valid_name(name):
            problems.append(
                f"{path}:1: {name!r} is not a reply name: use letters, digits, - . _"
            )
            continue
        try:
            found.append(parse_reply(name, path.read_text(encoding="utf-8")))
        except UnicodeDecodeError:
            problems.append(f"{path}:1: not UTF-8 text: save it as UTF-8")
        except ReplyFileError as error:
            problems.append(f"{path}:{error.line}: {error}")
    return found, problems
