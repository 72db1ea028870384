"""The files a reply carries, shown above its text: a file from disk (`ctrl+o`,
a path prompt with completion), the customer's own files (`ctrl+g`), held to
`[replies] max_attachments_mb`; and what inserted canned replies expect."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import Static

from console.attach_files import AttachmentRefused, read_attachment, size_label
from console.i18n import N_, _
from console.text import printable
from plugins.api import Attachment

HINT = N_("ctrl+o attaches a file · ctrl+g the customer's files")


class ReplyFilesBar(Static):
    DEFAULT_CSS = "ReplyFilesBar { color: $text-muted; }"

    def __init__(self, limit: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.limit = limit
        self.files: list[Attachment] = []
        self.expects: list[str] = []  # `attach:` of the canned replies inserted

    def on_mount(self) -> None:
        self.redraw()

    @property
    def carried(self) -> int:
        return sum(len(f.data) for f in self.files)

    def clear(self) -> None:
        self.files, self.expects = [], []
        self.redraw()

    def expect(self, label: str) -> None:
        """A canned reply inserted expects this file: say so, and ask for it."""
        self.expects.append(label)
        self.redraw()
        self.ask_path(_("The canned reply expects a file: {label}").format(label=label))

    def add(self, files: list[Attachment]) -> None:
        for file in files:
            if self.carried + len(file.data) > self.limit:
                self.notify(
                    _("{name} is {size}: a reply may carry {limit} in all").format(
                        name=file.filename,
                        size=size_label(len(file.data)),
                        limit=size_label(self.limit),
                    ),
                    severity="error",
                )
                continue
            self.files.append(file)
        self.redraw()

    def ask_path(self, hint: str = "") -> None:
        from console.tui.attach_prompt import AttachPrompt

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            try:
                self.add([read_attachment(path, self.carried, self.limit)])
            except AttachmentRefused as refused:
                self.notify(str(refused), severity="error", timeout=8)

        self.app.push_screen(AttachPrompt("~/", hint), chosen)

    def redraw(self) -> None:
        text = Text()
        if self.files:
            names = " · ".join(
                f"{printable(f.filename)} ({size_label(len(f.data))})"
                for f in self.files
            )
            text.append(f"📎 {names}\n")
        elif self.expects:
            wanted = ", ".join(printable(e) for e in self.expects)
            said = _("expected: {files} (not attached yet)").format(files=wanted)
            text.append(f"📎 {said}\n", "yellow")
        text.append(_(HINT), "dim")
        self.update(text)
