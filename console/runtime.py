"""What every command shares: resolved paths, one-line errors, JSON output.

Kept free of heavy imports: `comptoir --help` must not pay for storage or Textual.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer

from console.exits import EXIT_FAILURE as EXIT_FAILURE  # the commands' from here
from console.exits import EXIT_OK as EXIT_OK
from console.exits import EXIT_TEMPORARY as EXIT_TEMPORARY
from console.exits import EXIT_USAGE as EXIT_USAGE
from console.exits import error
from console.exits import warn as warn
from console.jsonout import dumps

if TYPE_CHECKING:
    from console.config import Config

T = TypeVar("T")


@dataclass(slots=True)
class CliState:
    db_path: Path
    config_path: Path | None


def state(ctx: typer.Context) -> CliState:
    root = ctx.find_root()
    obj = root.obj
    if not isinstance(obj, CliState):  # a sub-app invoked alone, as in some tests
        from storage.connection import resolve_database_path

        obj = CliState(resolve_database_path(None), None)
        root.obj = obj
    return obj


def config_of(ctx: typer.Context) -> Config:
    """The config file read; a mistake in it is one line and exit 2."""
    from console.config import load_config
    from plugins.api import ConfigurationError

    try:
        return load_config(state(ctx).config_path)
    except ConfigurationError as exc:
        fail(f"{exc.title}: {exc.message}" if exc.title else exc.message, EXIT_USAGE)


def shop_addresses(ctx: typer.Context) -> frozenset[str]:
    """The shop's own addresses, which tell its replies from customers' mail.
    What storing mail needs of the shop: its languages too, which the language
    detector takes for the whole process (before parse workers are forked)."""
    from storage.languages import use_languages

    config = config_of(ctx)
    addresses = frozenset(address.lower() for address in config.shop.addresses)
    use_languages(config.shop.languages, addresses)
    return addresses


def fail(message: str, code: int = EXIT_FAILURE) -> NoReturn:
    """One clear line on stderr, then exit with `code`."""
    error(message)
    raise typer.Exit(code)


def run(coro: Coroutine[Any, Any, T], where: Path | None = None) -> T:
    """Run a storage coroutine, turning domain errors into one line and an exit code.

    `where` is the database the coroutine uses, named when SQLite fails.
    """
    import sqlite3

    from plugins.api import ConfigurationError, PluginError
    from storage.connection import explain_sqlite_error
    from storage.errors import StoreError

    try:
        return asyncio.run(coro)
    except sqlite3.Error as exc:
        fail(explain_sqlite_error(exc, where or Path("the database")).message)
    except StoreError as exc:
        fail(exc.message)
    except ConfigurationError as exc:
        fail(f"{exc.title}: {exc.message}" if exc.title else exc.message, EXIT_USAGE)
    except PluginError as exc:
        fail(f"{exc.title}: {exc.message}" if exc.title else exc.message)


def emit_json(value: object) -> None:
    """One JSON document (or one JSON line) on stdout."""
    sys.stdout.write(dumps(value) + "\n")


def parse_when(text: str, option: str, zone: tzinfo = UTC) -> int:
    """An option's instant as a timestamp, in storage/timewords.py's words: a
    date or time (in `zone`, the shop's, unless it says otherwise), or a span
    ago: `30d`, `12h`, `45min`."""
    from storage.timewords import TimeWordError, parse_instant

    try:
        return int(parse_instant(text, datetime.now(zone), past=True).timestamp())
    except TimeWordError as problem:
        fail(f"{option} {text!r}: {problem}", EXIT_USAGE)


def zone_of(ctx: typer.Context) -> tzinfo:
    """The shop's time zone, in which people read and write times."""
    from console.shop_zone import shop_zone

    return shop_zone(state(ctx).config_path)
