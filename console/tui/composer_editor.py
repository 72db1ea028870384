"""`e`: the draft in the person's own editor, the app suspended meanwhile."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress

from textual.app import App, SuspendNotSupported
from textual.widget import Widget

from console.editor import EditorFailed, edit_text, with_quote, without_quote
from console.i18n import _
from console.tui.inbox_data import Inbox


@contextmanager
def suspended(app: App[object]) -> Iterator[None]:
    """The terminal handed to the editor; where the app cannot let go of it
    (headless, in tests), the editor runs beside it."""
    with ExitStack() as stack:
        with suppress(SuspendNotSupported):
            stack.enter_context(app.suspend())
        yield


async def edit_in_editor(
    widget: Widget, inbox: Inbox, conversation_id: int, text: str, quote: bool = True
) -> str | None:
    """The text as the editor left it (the same text when it quit without
    saving); None when the editor failed, which is said."""
    quoted, intro = (
        await inbox.writing.answered_text(conversation_id) if quote else ("", "")
    )
    written = with_quote(text, quoted, intro)
    try:
        with suspended(widget.app):
            edited = edit_text(written, f"reply-{conversation_id}.txt")
    except EditorFailed as error:
        said = _("{error}; the draft is unchanged.").format(error=error)
        widget.notify(said, severity="error")
        return None
    if edited == written:
        widget.notify(_("Nothing saved in the editor: the draft is unchanged."))
        return text
    return without_quote(edited)
