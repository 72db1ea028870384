"""`1` `2` `3`: a suggested canned reply, rendered for the order the message is
about, inserted at the composer's cursor (its `ask()` placeholders asked one by
one first, as the picker does); the pick is recorded, so suggestions learn."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from textual.app import App
from textual.worker import WorkType

from console.i18n import _
from console.tui.modals import AskModal
from storage.reply_templates import ReplyContext, TemplateProblem, prompts, render_reply

if TYPE_CHECKING:
    from console.tui.composer import Composer


async def insert_suggested(composer: Composer, index: int) -> None:
    """Open the reply if it is not, then insert the suggestion at the cursor and
    record the pick; a reply that expects a file asks for it, as the picker does."""
    cid = composer.conversation_id
    if cid is None:
        return
    writing = composer.inbox.writing
    found = await writing.suggestion(cid, index)
    if found is None:
        composer.notify(_("No suggestion here yet (the model is still reading)."))
        return
    reply, context = found
    if not composer.is_open or composer.loaded_for != cid:
        composer.begin("reply")

    def done(text: str) -> None:
        composer.insert(text)
        composer.area.focus()
        if reply.attach:
            composer.app.call_later(composer.files.expect, reply.attach)

        async def record() -> None:  # a coroutine made when the worker runs
            await writing.record_pick(cid, reply.name)

        job: WorkType[None] = record
        composer.run_worker(job, group="pick", exit_on_error=False)

    ask_then_render(composer.app, reply.body, context, done)


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
        app.notify(
            _("This reply cannot be rendered: {problem}").format(problem=problem),
            severity="error",
        )
        return

    def answered(value: str | None) -> None:
        given = {**(answers or {}), asked[0]: value or ""}
        ask_then_render(app, body, context, done, asked[1:], given)

    app.push_screen(AskModal(asked[0], "the value goes into the reply"), answered)
