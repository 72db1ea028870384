"""plugins/README.md's tutorial, run as written: its files written in order, its
commands run in a shell in a fresh folder, their output compared with the page."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = ROOT / "plugins" / "README.md"
FENCE = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Block:
    language: str
    file: str  # where a file block goes; "" for a console block
    text: str


def tutorial_blocks() -> list[Block]:
    tutorial = README.read_text(encoding="utf-8").split("\n## Reference\n", 1)[0]
    blocks = []
    for language, info, text in FENCE.findall(tutorial):
        found = re.search(r"\bfile=(\S+)", info)
        blocks.append(Block(language, found.group(1) if found else "", text))
    return blocks


def _matches(expected: str, line: str) -> bool:
    pattern = ".*".join(re.escape(part) for part in expected.split("..."))
    return re.fullmatch(pattern, line) is not None


def _run_console(block: Block, cwd: Path, env: dict[str, str]) -> None:
    steps: list[tuple[str, list[str]]] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    for command, expected in steps:
        done = subprocess.run(
            command, shell=True, cwd=cwd, env=env, capture_output=True, text=True,
            timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, f"$ {command}\n{done.stdout}\n{done.stderr}"
        lines = done.stdout.splitlines()
        for want in expected:  # each shown line appears, in order
            at = next((i for i, got in enumerate(lines) if _matches(want, got)), None)
            assert at is not None, (
                f"$ {command}: no line like {want!r} in\n{done.stdout}"
            )
            lines = lines[at + 1 :]


@pytest.fixture
def project(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    folder = tmp_path / "comptoir-spool"
    folder.mkdir()
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    env["HOME"] = str(tmp_path)
    env["COMPTOIR_CONFIG"] = str(folder / "config.toml")
    env["COMPTOIR_DB"] = str(tmp_path / "comptoir.db")
    env["PIP_NO_BUILD_ISOLATION"] = "0"  # build with the installed hatchling, offline
    env["PIP_QUIET"] = "1"
    env.pop("PYTEST_ADDOPTS", None)
    yield folder, env
    subprocess.run(
        [sys.executable, "-m", "pip", "uninstall", "-q", "-y", "comptoir-spool"],
        capture_output=True,
        check=False,
    )


def test_every_code_block_of_the_tutorial_is_run() -> None:
    blocks = tutorial_blocks()
    unrun = [
        b.text[:40]
        for b in blocks
        if b.language not in ("console", "json") and not b.file
    ]
    assert unrun == []
    assert {b.language for b in blocks} >= {"python", "toml", "console"}


def test_the_tutorial_runs_as_written(project: tuple[Path, dict[str, str]]) -> None:
    folder, env = project
    for block in tutorial_blocks():
        if block.file:
            target = folder / block.file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.text, encoding="utf-8")
        elif block.language == "console":
            _run_console(block, folder, env)
