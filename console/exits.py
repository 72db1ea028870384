"""Exit codes and one-line messages on stderr (styled on a terminal).

Free of typer, so that the console's own start (`console.launch`) can use them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import NoReturn

from console.i18n import _

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_TEMPORARY = 75  # sysexits' EX_TEMPFAIL: nothing to fix, run again later


def styled(text: str, style: str) -> str:
    if not sys.stderr.isatty():
        return text
    return f"\x1b[{style}m{text}\x1b[0m"


def warn(message: str) -> None:
    """A warning on stderr, one line, never on stdout."""
    print(styled(_("warning: "), "33") + message, file=sys.stderr)


def error(message: str) -> None:
    print(styled(_("error: "), "1;31") + message, file=sys.stderr)


def leave(message: str, code: int = EXIT_FAILURE) -> NoReturn:
    """One clear line on stderr, then exit with `code` (outside typer)."""
    error(message)
    sys.exit(code)


def guarded(run: Callable[[], object]) -> None:
    """The last guard of every command: one line, never a traceback."""
    try:
        run()
    except KeyboardInterrupt:
        print(_("interrupted"), file=sys.stderr)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("COMPTOIR_DEBUG"):
            raise
        said = _("unexpected {error}: {message} (COMPTOIR_DEBUG=1 shows more)")
        leave(said.format(error=type(exc).__name__, message=exc))
