"""Files from disk attached to a reply: read, typed by their name, held to the
size limit of `[replies] max_attachments_mb`, and paths completed as typed."""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path

from console.i18n import N_, _
from plugins.api import Attachment


class AttachmentRefused(ValueError):
    """A file that cannot go with the reply; the message says which and why."""


def size_label(size: float) -> str:
    for unit in (N_("B"), N_("KB"), N_("MB")):
        if size < 1024:
            shown = f"{size:.0f}" if unit == "B" else f"{size:.1f}"
            return f"{shown} {_(unit)}"
        size /= 1024
    return f"{size:.1f} {_('GB')}"


def read_attachment(path: Path, carried: int, limit: int) -> Attachment:
    """The file as an attachment, when the reply can still carry it: `carried`
    bytes are attached already, `limit` is what a reply may carry in all."""
    path = path.expanduser()
    if not path.is_file():
        raise AttachmentRefused(_("{path}: no such file").format(path=path))
    size = path.stat().st_size
    if carried + size > limit:
        room = max(0, limit - carried)
        said = _(
            "{name} is {size}: a reply may carry {limit} in all ({room} left); "
            "raise replies.max_attachments_mb, or send a link"
        )
        raise AttachmentRefused(
            said.format(
                name=path.name,
                size=size_label(size),
                limit=size_label(limit),
                room=size_label(room),
            )
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise AttachmentRefused(f"{path}: {error.strerror or error}") from None
    kind, encoding = mimetypes.guess_type(path.name)
    if kind is None or encoding is not None:  # .tar.gz is a gzip file, not a tar
        kind = "application/octet-stream"
    return Attachment(path.name, kind, data)


def complete_path(typed: str, limit: int = 20) -> list[str]:
    """Paths that start with what is typed (folders end with `/`), sorted,
    hidden files only when a dot was typed."""
    expanded = Path(os.path.expanduser(typed or "./"))
    folder, start = (
        (expanded, "")
        if typed.endswith("/") or not typed
        else (
            expanded.parent,
            expanded.name,
        )
    )
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    shown = typed[: len(typed) - len(start)] if start else typed
    found = []
    for entry in entries:
        if not entry.name.startswith(start) or (
            entry.name.startswith(".") and not start.startswith(".")
        ):
            continue
        found.append(shown + entry.name + ("/" if entry.is_dir() else ""))
        if len(found) == limit:
            break
    return found
