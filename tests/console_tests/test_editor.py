"""`e`: the reply in $EDITOR, opened on the draft with the answered message
quoted below a marker; leaving the editor without saving keeps the draft."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.editor import MARKER
from storage.drafts import get_draft
from tests.console_tests.conftest import MakeApp, inbox, settle


def editor(tmp_path: Path, script: str) -> str:
    path = tmp_path / "editor.sh"
    path.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    path.chmod(0o755)
    return str(path)


async def test_e_opens_on_the_draft_and_quitting_without_saving_keeps_it(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "seen.txt"
    # The editor copies what it was given, then quits without saving (:q!).
    monkeypatch.setenv("EDITOR", editor(tmp_path, f'cp "$1" {seen}'))
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        conversation = screen.open_id
        assert conversation is not None
        await pilot.press("r", *"Je regarde ça", "escape")
        await settle(pilot)
        assert not screen.composer.is_open
        await pilot.press("e")
        await settle(pilot)
        given = seen.read_text(encoding="utf-8")
        above, marker, below = given.partition(MARKER)
        assert above.strip() == "Je regarde ça" and marker
        customer = (await app.inbox.conversation(conversation)).messages[0]
        first_line = customer.text.splitlines()[0]
        assert f"> {first_line}" in below and "wrote:" in below
        assert screen.composer.is_open
        assert screen.composer.area.text == "Je regarde ça"
        await pilot.pause(0.8)  # past the draft's quiet delay
        await settle(pilot)
        draft = await get_draft(app.inbox.store, conversation)
        assert draft is not None and draft.body == "Je regarde ça"
        assert any("unchanged" in str(n.message) for n in app._notifications)


async def test_what_is_written_above_the_marker_becomes_the_draft(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "EDITOR", editor(tmp_path, "sed -i '1a Le colis part demain matin.' \"$1\"")
    )
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        conversation = screen.open_id
        assert conversation is not None
        await pilot.press("r", *"Bonjour,", "escape", "e")
        await settle(pilot)
        assert screen.composer.area.text == "Bonjour,\nLe colis part demain matin."
        await pilot.pause(0.8)
        await settle(pilot)
        draft = await get_draft(app.inbox.store, conversation)
        assert (
            draft is not None and draft.body == "Bonjour,\nLe colis part demain matin."
        )


async def test_a_failing_editor_leaves_the_draft_alone(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", editor(tmp_path, 'echo x > "$1"; exit 1'))
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        await pilot.press("r", *"Merci", "escape", "e")
        await settle(pilot)
        assert screen.composer.area.text == "Merci"
        assert any("exited with 1" in str(n.message) for n in app._notifications)
