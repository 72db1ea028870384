"""The project's own rules, checked like behaviour: ruff, mypy, module size."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGES = ("console", "storage", "plugins")


def _tool(name: str) -> str:
    found = Path(sys.executable).parent / name
    if found.exists():
        return str(found)
    which = shutil.which(name)
    if which is None:
        pytest.skip(f"{name} is not installed")
    return which


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, cwd=ROOT, check=False)


def test_ruff_finds_nothing() -> None:
    done = _run(_tool("ruff"), "check", ".")
    assert done.returncode == 0, done.stdout


def test_ruff_format_changes_nothing() -> None:
    done = _run(_tool("ruff"), "format", "--check", ".")
    assert done.returncode == 0, done.stdout


def test_mypy_strict_is_clean() -> None:
    done = _run(_tool("mypy"))
    assert done.returncode == 0, done.stdout


def test_no_sql_outside_storage() -> None:
    pattern = (
        r"\b(SELECT .* FROM|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE TABLE)\b"
    )
    done = _run("grep", "-rEln", "--include=*.py", pattern, "console", "plugins")
    assert done.stdout == ""


@pytest.mark.parametrize("package", PACKAGES)
def test_modules_stay_small(package: str) -> None:
    big = {
        str(path.relative_to(ROOT)): lines
        for path in (ROOT / package).rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert big == {}
