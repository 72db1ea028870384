"""The layers point one way, and scripted start-up stays cheap."""

from __future__ import annotations

import subprocess
import sys

from plugins.registry import CHANNELS, ORDER_SOURCES, list_plugins, load_channel
from tests.conftest import ROOT


def _modules_after(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return set(done.stdout.split())


def test_storage_and_plugins_import_neither_console_nor_ui_libraries() -> None:
    loaded = _modules_after(
        "import storage.connection, storage.ingest, storage.search, storage.export, "
        "storage.conversations, storage.actions, plugins.api, plugins.registry, "
        "plugins.email.parse, plugins.email.sources"
    )
    assert not {"console", "textual", "typer", "click", "rich"} & loaded


def test_help_loads_neither_textual_nor_the_store() -> None:
    loaded = _modules_after(
        "import sys; sys.argv = ['comptoir', '--help']\n"
        "from console.cli import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass"
    )
    assert "textual" not in loaded
    assert "aiosqlite" not in loaded
    assert "storage.ingest" not in loaded
    assert "jinja2" not in loaded  # every command paid for it once (issue 14)


def test_builtin_plugins_are_found_through_entry_points() -> None:
    assert {"email"} <= {p.name for p in list_plugins(CHANNELS)}
    assert {"shopify", "woocommerce"} <= {p.name for p in list_plugins(ORDER_SOURCES)}
    assert load_channel("email").name == "email"


def test_no_module_imports_click() -> None:
    found = subprocess.run(
        [
            "grep",
            "-rEln",
            r"^\s*(from|import)\s+click\b",
            "console",
            "storage",
            "plugins",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert found.stdout == ""
