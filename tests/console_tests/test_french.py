"""The console in French and in English (issue 15): the same demo inbox, the
words, dates and amounts of the interface's language; snapshots in French."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from console.i18n import set_language
from tests.console_tests.conftest import MakeApp, screen_text, settle
from tests.console_tests.test_snapshots import after

Compare = Callable[..., bool]
# What each language shows on the same screens: the footer's keys, the view,
# the customer pane (a date, an amount), the deadlines.
SEEN = {
    "fr": [
        "r Répondre", "c Fermer", "s Reporter", "/ Rechercher", "? Aide",
        "À répondre (20)", "Commandes (3)", "10 nov. 2026  69,60 €",
        "3 commandes, 211,56 €", "première réponse : lun. 23 nov. 13:00",
        "sam. 21 nov. 19:00", "Réponses types (i)", "4j22h",
    ],
    "en": [
        "r Reply", "c Close", "s Snooze", "/ Search", "? Help",
        "Needs answer (20)", "Orders (3)", "10 Nov 2026  €69.60",
        "3 orders, €211.56", "first response: Mon 23 Nov 13:00",
        "Sat 21 Nov 19:00", "Canned replies (i)", "4d22h",
    ],
}  # fmt: skip


@pytest.fixture
def french() -> Iterator[None]:
    set_language("fr")
    try:
        yield
    finally:
        set_language("en")


async def _seen(
    make_app: MakeApp, *keys: str, size: tuple[int, int] = (160, 48)
) -> str:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        said = "\n".join(str(n.message) for n in app._notifications)
        return screen_text(app) + "\n" + said


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_the_inbox_in_each_language(make_app: MakeApp, language: str) -> None:
    set_language(language)
    try:
        seen = await _seen(make_app, "j", "enter")
    finally:
        set_language("en")
    assert [words for words in SEEN[language] if words not in seen] == []
    other = SEEN["en" if language == "fr" else "fr"]
    assert [words for words in other if words in seen] == []


async def test_closing_in_french_says_so_and_undo_says_it_too(
    make_app: MakeApp, french: None
) -> None:
    seen = await _seen(make_app, "c")
    assert "Fermée #" in seen and "u annule" in seen
    assert "Annulé : Fermée #" in await _seen(make_app, "c", "u")


async def test_the_questions_are_asked_in_french(
    make_app: MakeApp, french: None
) -> None:
    snooze = await _seen(make_app, "s")
    assert "Reporter jusqu'à" in snooze and "demain 9:00 · lundi" in snooze
    priority = await _seen(make_app, "P")
    assert all(word in priority for word in ("Urgente", "Haute", "Normale", "Basse"))
    help_screen = await _seen(make_app, "question_mark")
    assert "comptoir — touches  (Échap ferme)" in help_screen
    assert "Reporter jusqu'à une heure (2h, demain 9:00, lundi)" in help_screen


async def test_a_priority_chosen_by_its_french_initial(
    make_app: MakeApp, french: None
) -> None:
    """The choice takes a label's first letter: B for Basse, in French."""
    seen = await _seen(make_app, "P", "b")
    assert "Priorité Basse" in seen


def test_the_queue_in_french_at_140_by_40(
    snap_compare: Compare, make_app: MakeApp, french: None
) -> None:
    assert snap_compare(make_app(), terminal_size=(140, 40), run_before=after("j"))


def test_a_conversation_in_french_at_80_by_24(
    snap_compare: Compare, make_app: MakeApp, french: None
) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=after("enter"))


def test_the_composer_in_french_at_140_by_40(
    snap_compare: Compare, make_app: MakeApp, french: None
) -> None:
    keys = after("j", "enter", "r")
    assert snap_compare(make_app(), terminal_size=(140, 40), run_before=keys)
