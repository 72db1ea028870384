"""The labelled intents set of tests/data/intents/, read into records.

Used by benchmarks/intent_eval.py and the tests; the format is described in
tests/data/intents/README.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FOLDER = Path(__file__).resolve().parents[1] / "tests" / "data" / "intents"
_HEADER = re.compile(r"^=== (\S+) (\S+) (fr|en)((?: \w+=\S+)*)\s*$")


@dataclass(frozen=True, slots=True)
class Labelled:
    id: str
    intent: str
    also: tuple[str, ...]
    language: str
    order: str | None
    reply: str | None
    subject: str
    body: str
    file: str
    line: int


def read_set(folder: Path = FOLDER) -> list[Labelled]:
    found: list[Labelled] = []
    for path in sorted(folder.glob("*.txt")):
        found += _read_file(path)
    ids = [item.id for item in found]
    if len(ids) != len(set(ids)):
        raise ValueError("the labelled set repeats an id")
    return found


def _read_file(path: Path) -> list[Labelled]:
    blocks: list[tuple[int, list[str]]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("=== "):
            blocks.append((number, [line]))
        elif blocks:
            blocks[-1][1].append(line)
    return [_block(path, number, lines) for number, lines in blocks]


def _block(path: Path, number: int, lines: list[str]) -> Labelled:
    header = _HEADER.match(lines[0])
    if header is None or not lines[1].startswith("Subject:"):
        raise ValueError(f"{path}:{number}: not a block header and subject line")
    ident, labels, lang, options = header.groups()
    intent, *also = labels.split("+")
    extra = dict(option.split("=", 1) for option in options.split())
    also_list = [a for part in also for a in part.split(",")]
    body = "\n".join(lines[3:]).strip("\n") + "\n"
    return Labelled(
        ident,
        intent,
        tuple(also_list),
        lang,
        extra.get("order"),
        extra.get("reply"),
        lines[1].removeprefix("Subject:").strip(),
        body,
        path.name,
        number,
    )
