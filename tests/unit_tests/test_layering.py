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


def _every_module(package: str) -> list[str]:
    """Every module of a package, by name, from its files."""
    folder = ROOT / package
    names = []
    for path in sorted(folder.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _imports_all(package: str) -> str:
    return "\n".join(f"import {name}" for name in _every_module(package))


def test_plugins_import_nothing_of_the_core() -> None:
    """Every plugin module, the built-in email channel's included, talks to the
    core only through plugins.api: no storage, no console (nor their libraries)."""
    loaded = _modules_after(_imports_all("plugins"))
    core = {m for m in loaded if m.split(".")[0] in ("storage", "console")}
    assert core == set()
    assert not {"aiosqlite", "textual", "typer"} & loaded


def test_console_reaches_the_email_channel_only_through_the_registry() -> None:
    """No console module imports a plugins.email module, by name or at all."""
    loaded = _modules_after(_imports_all("console"))
    assert {m for m in loaded if m.startswith("plugins.email")} == set()
    found = subprocess.run(
        ["grep", "-rEn", r"plugins\.email|from plugins import email", "console"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert found.stdout == ""


def test_the_core_pipeline_imports_no_console() -> None:
    loaded = _modules_after(_imports_all("storage"))
    assert not {"textual", "typer", "click", "rich"} & loaded
    assert {m for m in loaded if m.split(".")[0] == "console"} == set()
    assert {m for m in loaded if m.startswith("plugins.email")} == set()


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
