"""`1` `2` `3`: a suggested canned reply, rendered for the order the message is
about, inserted at the composer's cursor (its `ask()` placeholders asked one by
one first, as the picker does); the pick is recorded, so suggestions learn."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from textual.app import App

from console.tui.modals import AskModal
from storage.reply_templates import ReplyContext, TemplateProblem, prompts, render_reply


def ask_then_render(
    app: App[object],
    body: str,
    context: ReplyContext,
    done: Callable[[str], None],
    left: Sequence[str] | None = None,
    answers: Mapping[str, str] | None = None,
) -> None:
    """Ask each placeholder's value in turn, then hand over the rendered text
    (Esc leaves the rest visible as ⟦label⟧, which the check before sending
    refuses)."""
    try:
        asked = list(prompts(body)) if left is None else list(left)
        if not asked:
            done(render_reply(body, context, answers))
            return
    except TemplateProblem as problem:
        app.notify(f"This reply cannot be rendered: {problem}", severity="error")
        return

    def answered(value: str | None) -> None:
        given = {**(answers or {}), asked[0]: value or ""}
        ask_then_render(app, body, context, done, asked[1:], given)

    app.push_screen(AskModal(asked[0], "the value goes into the reply"), answered)
