"""`i`: pick a canned reply by a few letters, see it filled in, insert it.

The preview is rendered for this customer and an order: the one the
conversation mentions, else their newest; Tab and shift+Tab go through their
other orders, and the order chosen stays chosen for the conversation.
Placeholders (`ask(...)`) are asked one by one after the choice; the text
handed back is ready to edit.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from console.editor import EditorFailed, edit_text
from console.i18n import N_, _
from console.l10n import language_in_sentence
from console.reply_files import (
    ReplyFile,
    ReplyFileError,
    format_reply,
    parse_reply,
    valid_name,
)
from console.text import printable
from console.tui.inbox_data import Inbox
from console.tui.localized import translate_bindings
from console.tui.modals import AskModal
from storage.replies import CannedReply
from storage.reply_context import rank_replies
from storage.reply_templates import ReplyContext, TemplateProblem, prompts, render_reply


class ReplyPicker(ModalScreen[str | None]):
    DEFAULT_CSS = """
    ReplyPicker { align: center middle; }
    ReplyPicker > Vertical {
        width: 90%; height: 80%; border: thick $primary; background: $surface;
    }
    ReplyPicker #picker-query { margin: 0 1; }
    ReplyPicker #picker-list { width: 2fr; height: 1fr; }
    ReplyPicker #picker-preview { width: 3fr; height: 1fr; padding: 0 1;
        border-left: solid $primary 30%; }
    ReplyPicker #picker-order { color: $text-muted; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "dismiss(None)", N_("Cancel")),
        Binding("down", "move(1)", show=False, priority=True),
        Binding("up", "move(-1)", show=False, priority=True),
        Binding("tab", "other_order(1)", N_("Next order"), priority=True),
        Binding("shift+tab", "other_order(-1)", N_("Previous order"), priority=True),
        Binding("ctrl+e", "edit_reply", N_("Edit in $EDITOR"), priority=True),
        Binding("ctrl+n", "new_reply", N_("New reply"), priority=True),
    ]

    def __init__(
        self,
        inbox: Inbox,
        conversation_id: int,
        order: str | None = None,
        remember: Callable[[str], None] | None = None,
        expect: Callable[[str], None] | None = None,
    ) -> None:
        """`expect` is told the attachment a chosen reply expects (`attach:`)."""
        super().__init__()
        translate_bindings(self)
        translate_bindings(self)
        self.writing, self.conversation_id = inbox.writing, conversation_id
        self.order, self.remember, self.expect = order, remember, expect
        self.replies: list[CannedReply] = []
        self.shown: list[CannedReply] = []
        self.context: ReplyContext | None = None
        self.language = ""
        self.elsewhere: dict[str, tuple[str, ...]] = {}  # name: its languages

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(placeholder=_("Type to find a canned reply"), id="picker-query")
            with Horizontal():
                yield OptionList(id="picker-list")
                yield Static(id="picker-preview")
            yield Static(id="picker-order")

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, exit_on_error=False)
    async def load(self) -> None:
        await self._read_replies()
        await self.choose_order(self.order)
        self.filter("")

    async def _read_replies(self) -> None:
        self.language, choices = await self.writing.reply_choices(self.conversation_id)
        self.replies = [choice.reply for choice in choices]
        self.elsewhere = {
            c.reply.name: c.languages for c in choices if not c.in_language
        }

    async def choose_order(self, number: str | None) -> None:
        self.context = await self.writing.reply_context(self.conversation_id, number)
        order = self.context.order
        numbers = self.context.order_numbers
        self.order = str(order["number"]) if order else None
        label = (
            _("Order {number}").format(number=self.order)
            if order
            else _("No order for this customer")
        )
        hint = _("  (Tab, shift+Tab: other orders)") if len(numbers) > 1 else ""
        language = _("In {language}").format(
            language=language_in_sentence(self.language)
        )
        language = language[:1].upper() + language[1:] + " · "
        self.query_one("#picker-order", Static).update(
            Text(language + printable(label) + hint)
        )

    def action_other_order(self, step: int) -> None:
        numbers = list(self.context.order_numbers) if self.context else []
        if len(numbers) > 1:
            here = numbers.index(self.order) if self.order in numbers else 0
            number = numbers[(here + step) % len(numbers)]
            if self.remember is not None:
                self.remember(number)
            self.run_worker(self._switch(number), exit_on_error=False)

    async def _switch(self, number: str) -> None:
        await self.choose_order(number)
        self.preview()

    @on(Input.Changed, "#picker-query")
    def _typed(self, event: Input.Changed) -> None:
        self.filter(event.value)

    def filter(self, query: str) -> None:
        ranked = rank_replies(self.replies, query)  # the language's first, stable
        self.shown = sorted(ranked, key=lambda r: r.name in self.elsewhere)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(self._label(r)) for r in self.shown)
        options.highlighted = 0 if self.shown else None
        self.preview()

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if self.shown:
            current = options.highlighted or 0
            options.highlighted = max(0, min(len(self.shown) - 1, current + delta))
            self.preview()

    def _label(self, reply: CannedReply) -> Text:
        label = Text.assemble(
            (printable(reply.name), "bold"), "  ", (printable(reply.title), "dim")
        )
        if reply.name in self.elsewhere:
            has = ", ".join(self.elsewhere[reply.name]).upper()
            missing = _("no {language} variant ({has})").format(
                language=language_in_sentence(self.language), has=has
            )
            label.append("  " + missing, "yellow")
        return label

    @property
    def selected(self) -> CannedReply | None:
        index = self.query_one(OptionList).highlighted
        return (
            self.shown[index] if index is not None and index < len(self.shown) else None
        )

    @on(OptionList.OptionHighlighted)
    def preview(self) -> None:
        reply, preview = self.selected, self.query_one("#picker-preview", Static)
        if reply is None or self.context is None:
            preview.update(Text(_("No canned reply matches."), "dim"))
            return
        try:
            preview.update(Text(printable(render_reply(reply.body, self.context))))
        except TemplateProblem as problem:
            said = _("This reply cannot be rendered: {problem}")
            preview.update(Text(said.format(problem=problem), "red"))

    @on(Input.Submitted, "#picker-query")
    @on(OptionList.OptionSelected)
    def _chosen(self) -> None:
        reply = self.selected
        if reply is not None and self.context is not None:
            self.ask_then_insert(reply, prompts(reply.body), {})

    def action_edit_reply(self) -> None:
        if (r := self.selected) is not None:
            self._edit(ReplyFile(r.name, r.title, r.tags, r.body, r.language, r.attach))

    def action_new_reply(self) -> None:
        def named(name: str | None) -> None:
            if name and valid_name(name.strip()):
                self._edit(ReplyFile(name.strip(), "", (), "", self.language))
            elif name:
                self.notify(
                    _("{name} is not a reply name: use letters, digits, - . _").format(
                        name=repr(name)
                    ),
                    severity="error",
                )

        self.app.push_screen(
            AskModal(_("Name of the new canned reply"), _("like tracking-fr")), named
        )

    def _edit(self, file: ReplyFile) -> None:
        """The reply as a Markdown file in $EDITOR; saved when it comes back changed."""
        before = format_reply(file)
        try:
            with self.app.suspend():
                after = edit_text(before, file.file_name)
            edited = parse_reply(file.name, after, file.language)
            prompts(edited.body)
        except (EditorFailed, ReplyFileError, TemplateProblem) as error:
            said = _("{name}: {error}; nothing was saved")
            self.notify(said.format(name=file.name, error=error), severity="error")
            return
        if after != before:
            self.run_worker(self._save(edited), exit_on_error=False)

    async def _save(self, edited: ReplyFile) -> None:
        await self.writing.save_reply(edited)
        await self._read_replies()
        self.filter(self.query_one("#picker-query", Input).value)
        self.notify(_("Canned reply {name} saved.").format(name=repr(edited.name)))

    def ask_then_insert(
        self, reply: CannedReply, left: list[str], answers: dict[str, str]
    ) -> None:
        """Ask each placeholder in turn; Escape on one leaves it visibly unfilled."""
        if not left:
            assert self.context is not None
            try:
                text = render_reply(reply.body, self.context, answers)
            except TemplateProblem as problem:
                self.notify(f"{reply.name}: {problem}", severity="error")
                return
            self.dismiss(text)
            if reply.attach and self.expect is not None:  # once the text is in
                self.app.call_later(self.expect, reply.attach)
            return

        def answered(value: str | None) -> None:
            self.ask_then_insert(reply, left[1:], {**answers, left[0]: value or ""})

        self.app.push_screen(
            AskModal(
                left[0], _("for the canned reply {name}").format(name=repr(reply.name))
            ),
            answered,
        )
