"""Where the demo lives, and opening it once built: without typer, so that
`comptoir demo` on a terminal goes straight to the console (`console.launch`)."""

from __future__ import annotations

import os
from pathlib import Path


def demo_paths() -> tuple[Path, Path]:
    import platformdirs

    db = os.environ.get("COMPTOIR_DEMO_DB")
    return (
        Path(db) if db else platformdirs.user_data_path("comptoir") / "demo.db",
        platformdirs.user_config_path("comptoir") / "demo.toml",
    )


def write_demo_config(path: Path) -> None:
    """The demo shop's own config file (never the shop's)."""
    from console.config_file import write_default_config
    from console.demo import data

    write_default_config(
        path,
        data.SHOP_NAME,
        [data.SHOP_ADDRESS],
        "Europe/Paris",
        data.AGENT,
        data.SLA + data.AUTOMATION,
    )


def config_usable(path: Path) -> bool:
    """The demo's own config: written anew by the command when missing or no
    longer valid (an older version's)."""
    from console.config import load_config
    from plugins.api import ConfigurationError

    if not path.exists():
        return False
    try:
        load_config(path, full=False)
    except ConfigurationError:
        return False
    return True


def open_built_demo() -> bool:
    """Open the demo if it is built and its config usable; False leaves the
    building (and anything else) to the `demo` command."""
    db, config = demo_paths()
    if not (db.exists() and config_usable(config)):
        return False
    open_demo(db, config)
    return True


def open_demo(db: Path, config: Path) -> None:
    """The console on the demo, with its live chat beside it: the shop's page
    and its widget server, where a visitor writes a few seconds in. The server
    starts once the queue is painted, before the console's channels listen."""
    from console.demo.live_chat import demo_chat_named
    from console.open_app import open_console

    with demo_chat_named(db.parent, config) as chat:
        open_console(db, config, before_channels=chat.start_and_invite)
