"""The example Telegram channel, pip-installed from examples/ once per session,
and a local Bot API server per test."""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.channel_tests.telegram_server import BotServer
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "telegram"


def pip(*args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "-q", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="session")
def telegram_package() -> Iterator[str]:
    """Install the example as a user would (a wheel built from its folder; its
    dependencies, comptoir and httpx, are the test environment's), then remove it."""
    pip(
        "install",
        "--no-deps",
        "--no-build-isolation",
        "--force-reinstall",
        str(EXAMPLE),
    )
    importlib.invalidate_caches()
    yield "comptoir-telegram"
    pip("uninstall", "-y", "comptoir-telegram")
    importlib.invalidate_caches()


@pytest.fixture
def bot() -> Iterator[BotServer]:
    server = BotServer().start()
    yield server
    server.stop()
