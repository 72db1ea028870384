"""Keys typed in a burst right after a key that opens a text field (a fast
typist, a paste, keys sent by tmux) are text in that field, never commands:
`c` typed before the field had the focus closed a conversation."""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Input

from tests.console_tests.conftest import MakeApp, inbox, settle


def burst(pilot: Pilot[None], keys: str) -> None:
    """Every key queued at once, as a terminal delivers a fast typist's keys
    (Pilot's `press` waits for the app between keys, which hides the race)."""
    for character in keys:
        pilot.app.post_message(events.Key(_character_to_key(character), character))


def typed_text(pilot: Pilot[None], opener: str) -> str:
    """What the field `opener` opened holds: the search's, or the reply's."""
    if opener == "/":
        return pilot.app.screen.query_one(Input).value
    return inbox(pilot).composer.area.text


@pytest.mark.parametrize("opener", ["/", "r"])
async def test_keys_typed_right_after_an_opening_key_are_its_text(
    make_app: MakeApp, opener: str
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        shown, count = screen.open_id, len(screen.queue.ids)
        burst(pilot, opener + "close the chat")
        await settle(pilot)
        assert typed_text(pilot, opener).endswith("close the chat")
        assert screen.open_id == shown and len(screen.queue.ids) == count


async def test_keys_held_and_keys_typed_after_keep_their_order(
    make_app: MakeApp,
) -> None:
    """Typing goes on while the held keys are given back: none overtakes another."""
    app = make_app()
    typed = "Je regarde tout de suite, votre colis part demain."
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        burst(pilot, "r" + typed[:6])
        for character in typed[6:]:  # a typist's pace, through the release
            burst(pilot, character)
            await asyncio.sleep(0.002)
        await settle(pilot)
        assert inbox(pilot).composer.area.text.startswith(typed)
