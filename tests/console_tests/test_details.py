"""The small things seen on the first morning: the priority question starts on
the current value, counts agree with their nouns, the snooze example is ahead,
the header names a saved view, views can be renamed and deleted, `o` waits for
its opener and says when there is no display."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from textual.widgets import OptionList

from console.tui.modals import AskModal, ChoiceModal
from console.tui.views_screen import ViewsScreen
from storage.queue import saved_views
from tests.console_tests.conftest import NOW, MakeApp, inbox, screen_text, settle


async def test_the_priority_question_starts_on_the_current_priority(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        detail = inbox(pilot).view.detail
        assert detail is not None and detail.summary.priority == "high"
        await pilot.press("P")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ChoiceModal)
        options = modal.query_one(OptionList)
        assert options.highlighted is not None
        assert options.get_option_at_index(options.highlighted).id == "high"


async def test_the_snooze_example_is_a_date_ahead(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, AskModal)
        example = app.screen.hint.rsplit("·", 1)[1].strip()
        assert datetime.strptime(example, "%Y-%m-%d %H:%M").date() > NOW.date()


async def test_one_saved_attachment_is_one_file(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(tmp_path))
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        rows = await app.inbox.store.conn.execute_fetchall(
            "SELECT m.conversation_id FROM attachments a JOIN messages m "
            "ON m.id = a.message_id GROUP BY m.conversation_id "
            "HAVING count(*) = 1 LIMIT 1"
        )
        conversation = int(next(iter(rows))[0])
        await pilot.press("v", "end", "enter")
        await settle(pilot)
        screen = inbox(pilot)
        screen.queue.move_to(screen.queue.ids.index(conversation))
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        said = [str(n.message) for n in app._notifications]
        assert any(m.startswith("Saved 1 file in ") for m in said), said


async def test_o_says_there_is_no_display_and_leaves_no_zombie(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(tmp_path))
    opener = tmp_path / "bin" / "xdg-open"
    opener.parent.mkdir()
    opener.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    opener.chmod(0o755)
    monkeypatch.setenv("PATH", f"{opener.parent}:{os.environ['PATH']}")
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        (Path(tmp_path) / "comptoir" / f"conversation-{inbox(pilot).open_id}").mkdir(
            parents=True
        )
        monkeypatch.delenv("DISPLAY", raising=False)
        monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
        await pilot.press("o")
        await settle(pilot)
        said = [str(n.message) for n in app._notifications]
        assert any(m.startswith("No display to open files on") for m in said), said
        monkeypatch.setenv("DISPLAY", ":0")
        await pilot.press("o")
        await settle(pilot)
        said = [str(n.message) for n in app._notifications]
        assert any(m.startswith("Opened ") and "xdg-open" in m for m in said), said
        assert zombies() == []


def zombies() -> list[int]:
    """Children of this process that exited and were never waited for."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] == "Z" and int(fields[1]) == os.getpid():
            found.append(int(stat.parent.name))
    return found


async def test_the_header_names_the_view_just_saved(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "ctrl+u", *"from:george status:open", "enter")
        await settle(pilot)
        assert "Search (" in screen_text(app)
        await pilot.press("V", *"George", "enter")
        await settle(pilot)
        header = screen_text(app).splitlines()[0]
        assert "George (" in header and "Search" not in header


async def test_saved_views_are_renamed_and_deleted(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await app.inbox.save_view("Chat", "channel:chat")
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ViewsScreen)
        await pilot.press("home", "r")  # a built-in view keeps its name
        await settle(pilot)
        assert any("cannot be renamed" in str(n.message) for n in app._notifications)
        await pilot.press("end", "r", "ctrl+u", *"Chat en direct", "enter")
        await settle(pilot)
        assert "Chat en direct" in screen_text(app)
        names = [name for name, _ in await saved_views(app.inbox.store)]
        assert "Chat en direct" in names and "Chat" not in names
        await pilot.press("d")
        await settle(pilot)
        assert "Delete the view 'Chat en direct'?" in screen_text(app)
        await pilot.press("d")  # "Delete it"
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        shown = [str(o.prompt) for o in options.options]
        assert not any("Chat en direct" in line for line in shown) and len(shown) == 6
        said = [str(n.message) for n in app._notifications]
        assert [m for m in said if "cannot" in m] == [said[0]]  # the built-in only
        names = [name for name, _ in await saved_views(app.inbox.store)]
        assert "Chat en direct" not in names
