"""Snapshots at fixed sizes, frozen clock and time zone (Europe/Paris in the settings).

Regenerate after a deliberate change of looks:
    .venv/bin/python -m pytest tests/console_tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from textual.pilot import Pilot

from tests.console_tests.conftest import MakeApp, settle

Compare = Callable[..., bool]


def after(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def check(
    snap_compare: Compare,
    make_app: MakeApp,
    size: tuple[int, int],
    keys: Sequence[str] = (),
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=after(*keys))


def test_the_queue(snap_compare: Compare, make_app: MakeApp) -> None:
    check(snap_compare, make_app, (140, 36))


def test_a_conversation_with_its_customer_and_orders(
    snap_compare: Compare, make_app: MakeApp
) -> None:
    check(snap_compare, make_app, (140, 36), ["j", "j", "enter", "w"])


def test_the_help_screen(snap_compare: Compare, make_app: MakeApp) -> None:
    check(snap_compare, make_app, (120, 48), ["question_mark"])


def test_a_narrow_terminal(snap_compare: Compare, make_app: MakeApp) -> None:
    check(snap_compare, make_app, (80, 24))


def test_a_narrow_terminal_reading(snap_compare: Compare, make_app: MakeApp) -> None:
    check(snap_compare, make_app, (80, 24), ["enter"])


def test_the_reply_picker_with_its_preview(
    snap_compare: Compare, make_app: MakeApp
) -> None:
    check(snap_compare, make_app, (120, 36), ["i", *"track"])


def test_the_composer_with_its_recipients(
    snap_compare: Compare, make_app: MakeApp
) -> None:
    check(snap_compare, make_app, (140, 36), ["j", "ctrl+r"])


def test_the_customer_pane_at_80_by_24(
    snap_compare: Compare, make_app: MakeApp
) -> None:
    check(snap_compare, make_app, (80, 24), ["C"])


def test_the_promise_question_chooses_nothing(
    snap_compare: Compare, make_app: MakeApp
) -> None:
    check(
        snap_compare,
        make_app,
        (120, 36),
        ["r", *"Je reviens vers vous demain.", "ctrl+s"],
    )
