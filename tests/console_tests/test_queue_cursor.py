"""The queue's cursor: unmistakable, and after close, send, snooze or pending on
the row that took the acted-on row's place; rows and order right after any
change; a new search from its top."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich.color import ColorSystem
from textual.pilot import Pilot

from console.config import load_config
from console.config_sla import sla_settings
from console.demo import data
from console.tui.app import ComptoirApp
from console.tui.badges import deadline_badge
from console.tui.inbox_data import Inbox
from console.tui.queue_list import QueueList
from console.tui.queue_row import CURSOR_MARK
from tests.console_tests.conftest import MakeApp, inbox, screen_text, settle


def queue_lines(app: ComptoirApp) -> list[str]:
    """The queue's lines as shown (the left pane), two per conversation."""
    lines = screen_text(app).splitlines()
    return [line.split("│")[0].strip() for line in lines if "│" in line]


async def moved_down(pilot: Pilot[None]) -> QueueList:
    """The queue once settled, after one `j`."""
    await settle(pilot)
    queue = inbox(pilot).queue
    await pilot.press("j")
    await settle(pilot)
    return queue


async def test_the_cursor_row_stands_out_in_256_colours_and_without_colour(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        queue = await moved_down(pilot)
        selected, other = queue.render_line(2), queue.render_line(4)  # rows 2, 3
        mark, plain = selected.text[0], other.text[0]
        assert (mark, plain) == (CURSOR_MARK, " ")  # seen even without colour
        background = [
            next(s.style.bgcolor for s in strip if s.style and s.style.bgcolor)
            for strip in (selected, other)
        ]
        palette = [color.downgrade(ColorSystem.EIGHT_BIT) for color in background]
        assert palette[0] != palette[1]
        lines = queue_lines(app)
        assert lines[2].startswith(CURSOR_MARK) and not lines[0].startswith(CURSOR_MARK)


async def test_g_j_c_shows_the_row_that_took_its_place(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        before = list(screen.queue.ids)
        await pilot.press("g", "j", "c")
        await settle(pilot)
        assert before[1] not in screen.queue.ids
        assert (screen.queue.cursor, screen.open_id) == (1, before[2])
        assert screen.view.detail is not None
        assert screen.view.detail.summary.id == before[2]


async def send_here(pilot: Pilot[None], text: str) -> None:
    await pilot.press("r", *text, "ctrl+s")
    await settle(pilot)


async def test_after_each_send_the_cursor_goes_to_the_next_row(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        queue = inbox(pilot).queue
        for row in (1, 2, 4):  # rows 2, 3 and 5 as the issue tried them
            queue.move_to(row)
            await settle(pilot)
            before = list(queue.ids)
            await send_here(pilot, "Merci, c'est noté.")
            assert before[row] not in queue.ids  # answered: out of Needs answer
            assert queue.current == before[row + 1], row
            assert inbox(pilot).open_id == before[row + 1]


async def test_pending_and_snooze_also_go_to_the_next_row(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        queue = inbox(pilot).queue
        queue.move_to(3)
        await settle(pilot)
        before = list(queue.ids)
        await pilot.press("p")
        await settle(pilot)
        assert queue.current == before[4]
        await pilot.press("s", *"2h", "enter")
        await settle(pilot)
        assert queue.current == before[5]


async def test_in_the_open_view_a_reply_moves_on_and_the_row_is_right_at_once(
    make_app: MakeApp,
) -> None:
    """The answered conversation stays in "Open": its badge and its place are
    right without opening it again."""
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        target = screen.queue.ids[1]  # its first response is overdue
        await pilot.press("slash", "ctrl+u", *"status:open", "enter")
        await settle(pilot)
        queue = screen.queue
        queue.move_to(queue.ids.index(target))
        await settle(pilot)
        before = list(queue.ids)
        old = deadline_badge(queue.deadlines[target], app.inbox.settings.now()).text
        await send_here(pilot, "Merci, je regarde.")
        assert queue.current == before[before.index(target) + 1]
        deadline, _ = await app.inbox.deadline(target)
        assert deadline is not None and queue.deadlines.get(target) == deadline
        new = deadline_badge(deadline, app.inbox.settings.now()).text
        assert new.strip() != old.strip()
        row = queue.ids.index(target)
        queue.scroll_to(y=row * 2, animate=False, immediate=True)  # not opened
        await settle(pilot)
        who = queue.rows[target].customer
        shown = [line for line in queue_lines(app) if who in line]
        assert any(line.endswith(new.strip()) for line in shown), shown
        async with make_app().run_test(size=(140, 40)) as fresh:  # a fresh read
            await settle(fresh)
            await fresh.press("slash", "ctrl+u", *"status:open", "enter")
            await settle(fresh)
            assert inbox(fresh).queue.ids == queue.ids


def with_demo_levels(app: ComptoirApp, tmp_path: Path) -> ComptoirApp:
    """The demo shop's service levels (urgent and high get a 1-hour target)."""
    config = tmp_path / "config.toml"
    config.write_text(f'[shop]\ntimezone = "Europe/Paris"\n{data.SLA}', "utf-8")
    levels = sla_settings(load_config(config))
    app.inbox = Inbox(replace(app.inbox.settings, sla=levels))
    return app


async def test_a_new_priority_puts_the_row_in_its_new_place(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = with_demo_levels(make_app(), tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        await pilot.press("G")  # the last of "Needs answer", the newest
        await settle(pilot)
        last = screen.queue.current
        await pilot.press("P", "u")  # urgent: a one-hour target
        await settle(pilot)
        assert screen.queue.current == last
        assert screen.queue.ids.index(last) < len(screen.queue.ids) - 1
        async with with_demo_levels(make_app(), tmp_path).run_test() as fresh:
            await settle(fresh)
            assert inbox(fresh).queue.ids == screen.queue.ids


async def test_a_new_search_starts_at_its_top(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        await pilot.press("v", "end", "enter")  # All: 300 conversations
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        assert screen.queue.scroll_y > 0
        await pilot.press("slash", "ctrl+u", *"from:george", "enter")
        await settle(pilot)
        assert (screen.queue.cursor, screen.queue.scroll_y) == (0, 0)
        assert screen.open_id == screen.queue.ids[0]
        assert "George" in queue_lines(app)[0]


async def test_moving_repaints_the_rows_it_leaves_and_the_badge_read_again(
    make_app: MakeApp,
) -> None:
    """Only the rows that change are painted again when the cursor moves, and a
    deadline read again for the row under it shows at once."""
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        queue = await moved_down(pilot)
        lines = queue_lines(app)
        assert lines[2].startswith(CURSOR_MARK) and not lines[0].startswith(CURSOR_MARK)
        current = queue.current
        assert current is not None and current in queue.deadlines
        later = replace(queue.deadlines[current], state="paused")
        queue.set_deadline(current, later)
        await settle(pilot)
        badge = deadline_badge(later, app.inbox.settings.now()).text.strip()
        assert badge == "paused" and badge in queue_lines(app)[2]
        await pilot.press("k")
        await settle(pilot)
        lines = queue_lines(app)
        assert lines[0].startswith(CURSOR_MARK) and not lines[2].startswith(CURSOR_MARK)
