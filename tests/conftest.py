"""Fixtures shared by every test folder: the corpus, a store, the real CLI."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from console.demo.build import build_demo
from hatch_build import compile_all
from plugins.testing import installed_plugins  # noqa: F401  (a fixture)
from storage.connection import Store, open_store
from tests.lookup_servers import dns_server, web_server  # noqa: F401  (fixtures)
from tests.servers import dovecot, smtp_server, tls_cert  # noqa: F401  (fixtures)
from tests.support import CliRunner

ROOT = Path(__file__).resolve().parents[1]
# Beside the checkout, or beside the folder of its worktrees (/work/wt/NAME).
CORPUS = next(
    (
        folder / "shared" / "corpus"
        for folder in ROOT.parents[:2]
        if (folder / "shared" / "corpus").is_dir()
    ),
    ROOT.parent / "shared" / "corpus",
)
COMPTOIR = Path(sys.executable).parent / "comptoir"
DEMO_NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # the frozen instant of UI tests

# The tests read English unless one asks for French (a French desk runs them
# too): the locale's choice is cleared here, for the test process and the
# programs it starts; the catalogues are compiled as the build would.
for _name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"
compile_all(ROOT)


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not beside the checkout ({CORPUS})")
    return CORPUS


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with open_store(tmp_path / "store.db") as opened:
        yield opened


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["COMPTOIR_DB"] = str(tmp_path / "cli.db")
    env["COMPTOIR_CONFIG"] = str(tmp_path / "config.toml")
    env.pop("COMPTOIR_DEBUG", None)
    return env


@pytest.fixture
def comptoir(cli_env: dict[str, str]) -> CliRunner:
    """Run the installed `comptoir` script as a user's shell would."""

    def run(
        *args: str, input: str | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(COMPTOIR), *args],
            capture_output=True,
            text=True,
            env=cli_env,
            input=input,
            timeout=timeout,
            check=False,
        )

    return run


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"

    async def build() -> None:
        async with open_store(path) as store:
            await build_demo(store, DEMO_NOW)
            await store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    asyncio.run(build())
    return path
