"""Real headless Chromium (Debian's) driven by playwright, for the widget."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
needs_chromium = pytest.mark.skipif(
    shutil.which(CHROMIUM) is None, reason="chromium is not installed"
)


@dataclass(slots=True)
class Console:
    """What pages printed: CSP violations and script errors show here."""

    lines: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [
            line
            for line in self.lines
            if "Content Security Policy" in line or line.startswith("pageerror")
        ]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(
            executable_path=CHROMIUM, args=FLAGS, timeout=30_000
        )
        yield launched
        launched.close()
