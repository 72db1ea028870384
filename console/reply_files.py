"""Canned replies as Markdown files: `NAME.md` or `NAME.LANG.md`, a small front
matter, the body.

    ---
    title: Where is my order
    tags: [livraison, suivi]
    language: en
    attach: invoice
    ---
    Your order {{ order.number }} is on its way: {{ order.tracking_url }}

The exchange format of `comptoir replies import|export|edit`: plain files a
person edits, versions and shares. `tracking.en.md` and `tracking.fr.md` are
two variants of the reply `tracking`; `tracking.md` (no language) is written
in the shop's first language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from console.i18n import _
from storage.language_codes import KNOWN

_NAME = re.compile(r"^[\w][\w.-]{0,63}$")
KEYS = ("title", "tags", "language", "attach")
_EXPECTED = "`title: ...`, `tags: [a, b]`, `language: en` or `attach: invoice`"


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
    language: str = ""
    attach: str = ""

    @property
    def file_name(self) -> str:
        return f"{self.name}.{self.language}.md" if self.language else f"{self.name}.md"


def valid_name(name: str) -> bool:
    return bool(_NAME.match(name))


def split_stem(stem: str) -> tuple[str, str]:
    """`tracking.en` is the reply `tracking` in English; `tracking` has no language."""
    name, dot, code = stem.rpartition(".")
    if dot and name and code.lower() in KNOWN:
        return name, code.lower()
    return stem, ""


def _tags(value: str) -> tuple[str, ...]:
    inner = value.strip().removeprefix("[").removesuffix("]")
    return tuple(t.strip().strip("'\"") for t in inner.split(",") if t.strip())


def _language(value: str, named: str, line: int) -> str:
    code = value.strip().strip("'\"").lower()
    if code and code not in KNOWN:
        said = _("{code} is not a language code: write it like en or fr")
        raise ReplyFileError(said.format(code=repr(code)), line)
    if named and code and code != named:
        raise ReplyFileError(
            _(
                "the file name says {named} and the front matter language: {code}: "
                "make them agree"
            ).format(named=named, code=code),
            line,
        )
    return code or named


def parse_reply(name: str, text: str, language: str = "") -> ReplyFile:
    """Front matter is optional; an unknown key or an unclosed block is an error.
    `language` is the one the file name gives, if any."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return ReplyFile(name, "", (), text, language)
    fields: dict[str, str] = {}
    found_at: dict[str, int] = {}
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            body = "".join(lines[number:])
            code = _language(
                fields.get("language", ""), language, found_at.get("language", 1)
            )
            return ReplyFile(
                name,
                fields.get("title", ""),
                _tags(fields.get("tags", "")),
                body,
                code,
                fields.get("attach", ""),
            )
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        if not colon or key not in KEYS:
            raise ReplyFileError(
                _("expected {keys} in the front matter, got {line}").format(
                    keys=_EXPECTED, line=repr(line.strip())
                ),
                number,
            )
        fields[key] = value if key == "tags" else value.strip().strip("'\"")
        found_at[key] = number
    said = _("the front matter is not closed: add a line `---` after it")
    raise ReplyFileError(said, 1)


def format_reply(reply: ReplyFile) -> str:
    head = ["---", f"title: {reply.title}", f"tags: [{', '.join(reply.tags)}]"]
    if reply.language:
        head.append(f"language: {reply.language}")
    if reply.attach:
        head.append(f"attach: {reply.attach}")
    return "\n".join([*head, "---", ""]) + reply.body


def read_folder(folder: Path) -> tuple[list[ReplyFile], list[str]]:
    """Every `*.md` in the folder, and a `file:line: what to do` for each bad one."""
    found: list[ReplyFile] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.md")):
        name, language = split_stem(path.stem)
        if not valid_name(name):
            said = _("{name} is not a reply name: use letters, digits, - . _")
            problems.append(f"{path}:1: " + said.format(name=repr(name)))
            continue
        try:
            text = path.read_text(encoding="utf-8")
            found.append(parse_reply(name, text, language))
        except UnicodeDecodeError:
            problems.append(f"{path}:1: " + _("not UTF-8 text: save it as UTF-8"))
        except ReplyFileError as error:
            problems.append(f"{path}:{error.line}: {error}")
    return found, problems
