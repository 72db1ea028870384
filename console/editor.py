"""Writing a text in the person's own editor ($VISUAL, then $EDITOR, then vi).

A reply opens on its draft, with the message it answers quoted below a marker
line (as mutt and aerc do); what is above the marker comes back as the draft.
Quitting the editor without saving leaves the file as it was written, so the
draft stays as it was.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from console.i18n import _

MARKER = "-- Write above this line; the message below is not sent. --"


class EditorFailed(RuntimeError):
    pass


def editor_command() -> str:
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"


def edit_text(text: str, filename: str) -> str:
    """The text as the editor saved it; EditorFailed if the editor failed."""
    editor = editor_command()
    with tempfile.TemporaryDirectory(prefix="comptoir-") as folder:
        path = Path(folder) / filename
        path.write_text(text, encoding="utf-8")
        try:
            done = subprocess.run([*shlex.split(editor), str(path)], check=False)
        except OSError as error:
            said = _("{editor} could not be started: {error}")
            raise EditorFailed(said.format(editor=editor, error=error)) from None
        if done.returncode != 0:
            said = _("{editor} exited with {code}")
            raise EditorFailed(said.format(editor=editor, code=done.returncode))
        return path.read_text(encoding="utf-8")


def with_quote(draft: str, quoted: str, intro: str) -> str:
    """The file the editor opens: the draft, the marker, the answered message."""
    if not quoted.strip():
        return draft
    lines = [f"> {line}" if line else ">" for line in quoted.rstrip("\n").splitlines()]
    return f"{draft.rstrip(chr(10))}\n\n{MARKER}\n{intro}\n" + "\n".join(lines) + "\n"


def without_quote(text: str) -> str:
    """What was written above the marker (all of it when the marker is gone)."""
    above, found, _ = text.partition(f"\n{MARKER}\n")
    if not found and text.startswith(f"{MARKER}\n"):
        return ""
    return above.rstrip("\n") if found else text
