"""Every CLI command is documented in the README's reference."""

from __future__ import annotations

import typer.main

from console.cli import app
from tests.conftest import ROOT


def _commands() -> list[tuple[str, str]]:
    root = typer.main.get_command(app)
    found: list[tuple[str, str]] = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        children = getattr(command, "commands", None)
        if children:
            found += [(name, child) for child in children]
        else:
            found.append((name, ""))
    return found


def test_every_command_is_in_the_readme_reference() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    rows = [line for line in readme if line.startswith("| `comptoir ")]
    missing = [
        f"comptoir {group} {leaf}".strip()
        for group, leaf in _commands()
        if not any(f"`comptoir {group}" in row and leaf in row for row in rows)
    ]
    assert missing == []


def test_the_email_options_table_is_the_channels_own_declaration() -> None:
    """docs/configuration.md shows exactly what the email channel declares."""
    from plugins.email.channel import EmailChannel
    from plugins.options import options_table

    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert options_table(EmailChannel.options) in page


def test_every_installed_channels_options_are_documented() -> None:
    """Every option of every built-in channel appears in the configuration page."""
    from plugins.registry import CHANNELS, list_plugins, load_channel

    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = [
        f"{entry.name}.{option.name}"
        for entry in list_plugins(CHANNELS)
        if entry.target.startswith("plugins.")
        for option in load_channel(entry.name).options
        if f"| `{option.name}` |" not in page
    ]
    assert missing == []
