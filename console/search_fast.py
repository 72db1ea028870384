"""`comptoir search` without typer, for scripts that search in a loop.

typer's import and command tree alone cost more than a whole `notmuch
search`. This path handles the plain forms of the command (words, `--limit`,
`--offset`, `--json`, `--db`) and leaves everything else (`--help`, a
malformed option) to typer, so behaviour stays the same.
"""

from __future__ import annotations

import os
import sqlite3
import sys

# Spelled out rather than imported: typing costs start-up time here.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


class SearchFailed(Exception):
    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def run_search(
    path: Path | str,
    text: str,
    limit: int,
    offset: int,
    as_json: bool,
    config: Path | str | None = None,
) -> list[str]:
    """Result lines: JSON (UTC times), or for a person in the shop's zone, which
    also places a zone-less `before:2026-05-01`."""
    from console.search_output import hit_line
    from storage.search import search_messages_readonly

    if not os.path.exists(path):
        from console.i18n import _

        said = _("no database at {path}: import mail first, or point --db at one")
        raise SearchFailed(said.format(path=path))
    zone = None
    if not as_json or "before:" in text.lower() or "after:" in text.lower():
        from datetime import datetime

        from console.shop_zone import shop_zone

        zone = shop_zone(config)
    try:
        now = datetime.now(zone) if zone else None
        hits = search_messages_readonly(path, text, limit, offset, now)
    except ValueError as exc:  # storage.query is loaded only if a prefix is used
        from storage.query import QueryError

        if not isinstance(exc, QueryError):
            raise
        raise SearchFailed(str(exc), 2) from exc
    except sqlite3.Error as exc:
        from pathlib import Path

        from storage.connection import explain_sqlite_error

        raise SearchFailed(explain_sqlite_error(exc, Path(path)).message) from exc
    except Exception as exc:  # storage.errors is loaded only to migrate
        from storage.errors import StoreError

        if not isinstance(exc, StoreError):
            raise
        raise SearchFailed(exc.message) from exc
    return [hit_line(hit, None if as_json else zone) for hit in hits]


def _parse(argv: list[str]) -> tuple[str | None, list[str], int, int, bool] | None:
    """The arguments of a plain search, or None to let typer handle them."""
    db: str | None = None
    if argv[:1] == ["--db"] and len(argv) > 2:
        db, argv = argv[1], argv[2:]
    if argv[:1] != ["search"]:
        return None
    words: list[str] = []
    limit, offset, as_json = 50, 0, False
    rest = iter(argv[1:])
    for arg in rest:
        if arg == "--json":
            as_json = True
        elif arg in ("--limit", "--offset"):
            value = next(rest, "")
            if not value.isdigit() or (arg == "--limit" and int(value) < 1):
                return None
            limit, offset = (
                (int(value), offset) if arg == "--limit" else (limit, int(value))
            )
        elif arg.startswith("-"):
            return None
        else:
            words.append(arg)
    return (db, words, limit, offset, as_json) if words else None


def try_fast_search(argv: list[str]) -> int | None:
    """Run a plain search and return its exit code, or None if typer must."""
    parsed = _parse(argv)
    if parsed is None:
        return None
    db, words, limit, offset, as_json = parsed
    where = db or os.environ.get("COMPTOIR_DB")
    if not where:  # the default location needs platformdirs, and pathlib with it
        from storage.paths import default_database_path

        where = str(default_database_path())
    try:
        lines = run_search(
            os.path.expanduser(where), " ".join(words), limit, offset, as_json
        )
    except SearchFailed as exc:
        from console.i18n import _  # gettext and pathlib: only to say what failed

        print(_("error: ") + str(exc), file=sys.stderr)
        return exc.code
    if lines:
        sys.stdout.write("\n".join(lines) + "\n")
    return 0
