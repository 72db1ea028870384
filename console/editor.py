"""Writing a text in the person's own editor ($VISUAL, then $EDITOR, then vi)."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path


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
            raise EditorFailed(f"{editor} could not be started: {error}") from None
        if done.returncode != 0:
            raise EditorFailed(f"{editor} exited with {done.returncode}")
        return path.read_text(encoding="utf-8")
