"""Changes to the open conversation: status, snooze, tags, priority, assignee,
merge and split, with undo; and finding conversations (search, views)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from console.tui.inbox_base import InboxBase
from console.tui.modals import AskModal, ChoiceModal
from storage.query import QueryError, parse_query
from storage.timewords import TimeWordError, future_instant
from storage.vocabulary import PRIORITIES

Undo = tuple[str, Callable[[], Awaitable[Any]]]


class ChangesMixin(InboxBase):
    undo_stack: list[Undo]  # set per screen in InboxScreen.__init__

    def _change_status(self, status: str, label: str, until: Any = None) -> None:
        cid = self.open_id
        if cid is None:
            return
        made: list[int] = []  # the change's event, which the undo takes back

        async def change() -> None:
            if (event := await self.inbox.set_status(cid, status, until)) is not None:
                made.append(event)

        async def undo() -> None:
            if made:
                await self.inbox.undo_status(cid, made.pop())

        self.undo_stack = [*self.undo_stack[-19:], (f"{label} #{cid}", undo)]
        self.perform(change, f"{label} #{cid} · u undoes")

    def action_close(self) -> None:
        self._change_status("closed", "Closed")

    def action_reopen(self) -> None:
        self._change_status("open", "Reopened")

    def action_pending(self) -> None:
        self._change_status("pending", "Pending (waiting on the customer)")

    def action_snooze(self) -> None:
        if self.open_id is None:
            return

        def chosen(text: str | None) -> None:
            if not text:
                return
            try:
                until = future_instant(text, self.inbox.settings.now())
            except TimeWordError as error:
                self.notify(str(error), severity="error")
                return
            self._change_status(
                "snoozed", f"Snoozed until {until:%a %d %b %H:%M}", until
            )

        self.app.push_screen(
            AskModal(
                "Snooze until", "2h · 30min · tomorrow 9:00 · monday · 2026-05-04 14:00"
            ),
            chosen,
        )

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo.", timeout=3)
            return
        label, undo = self.undo_stack.pop()
        self.perform(undo, f"Undone: {label}")

    def action_tag(self) -> None:
        cid = self.open_id
        if cid is None:
            return

        def chosen(text: str | None) -> None:
            words = (text or "").replace(",", " ").split()
            if not words:
                return

            async def change() -> None:
                for word in words:
                    await self.inbox.tag(
                        cid, word.lstrip("-+#"), remove=word.startswith("-")
                    )

            self.perform(change, "Tags: " + " ".join(words))

        self.app.push_screen(
            AskModal("Tags", "vip livraison -urgent (a minus removes)"), chosen
        )

    def action_priority(self) -> None:
        cid = self.open_id
        if cid is None:
            return
        choices = [(p, p.capitalize()) for p in reversed(PRIORITIES)]

        def chosen(value: str | None) -> None:
            if value:
                self.perform(
                    lambda: self.inbox.set_priority(cid, value), f"Priority {value}"
                )

        self.app.push_screen(ChoiceModal("Priority", choices), chosen)

    def action_assign(self) -> None:
        cid = self.open_id
        if cid is None:
            return

        def chosen(text: str | None) -> None:
            if text is not None:
                who = text.strip() or None
                self.perform(
                    lambda: self.inbox.assign(cid, who),
                    f"Assigned to {who or 'nobody'}",
                )

        hint = "a name; empty to unassign"
        self.app.push_screen(
            AskModal("Assign to", hint, self.inbox.settings.agent), chosen
        )

    def action_merge(self) -> None:
        cid = self.open_id
        if cid is None:
            return

        def chosen(text: str | None) -> None:
            target = (text or "").strip().lstrip("#")
            if not target.isdigit():
                if text:
                    self.notify(
                        "Give the number of a conversation, like 42.", severity="error"
                    )
                return
            self.perform(
                lambda: self.inbox.merge(cid, int(target)),
                f"#{cid} merged into #{target}",
            )

        self.app.push_screen(
            AskModal(f"Merge #{cid} into conversation", "its number, e.g. 42"), chosen
        )

    def action_split(self) -> None:
        detail = self.view.detail
        if detail is None or len(detail.messages) < 2:
            self.notify("Only a conversation of two messages or more can be split.")
            return
        last = detail.messages[-1]

        async def split() -> None:
            created = await self.inbox.split(last.id)
            self.notify(f"The last message is now conversation #{created}.")

        self.perform(split)

    def action_search(self) -> None:
        def chosen(text: str | None) -> None:
            if text is None:
                return
            try:
                parse_query(text)
            except QueryError as error:
                self.notify(str(error), severity="error")
                return
            self.view_name, self.query_text = (
                ("Search", text) if text else self.views[0]
            )
            self.load_queue()

        hint = "words, from: subject: tag: status: channel: order: before: after: is:unanswered"
        self.app.push_screen(AskModal("Search", hint, self.query_text), chosen)

    def action_views(self) -> None:
        from console.tui.views_screen import ViewsScreen

        async def show() -> None:
            counted = await self.inbox.views()
            self.views = [(name, query) for name, query, _ in counted]

            def chosen(index: int | None) -> None:
                if index is not None:
                    self.view_name, self.query_text = self.views[index]
                    self.load_queue()

            self.app.push_screen(ViewsScreen(counted), chosen)

        self.run_worker(show(), group="views", exit_on_error=False)

    def action_save_view(self) -> None:
        query = self.query_text

        def chosen(name: str | None) -> None:
            if name and name.strip():
                self.perform(
                    lambda: self.inbox.save_view(name.strip(), query),
                    f"View {name.strip()!r} saved",
                )

        self.app.push_screen(
            AskModal("Save this search as a view named", query), chosen
        )
