"""The composer's parts for languages, on their own: unknown words underlined
and corrected with F7, the attach prompt completing paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input, Static

from console.spelling import DICTIONARIES, Speller
from console.tui.attach_prompt import AttachPrompt
from console.tui.spelling_area import UNKNOWN_STYLE, SpellingArea


def french() -> Speller:
    found = DICTIONARIES.speller("fr", ("Emily",))
    if found is None:
        pytest.skip(DICTIONARIES.why_off("fr"))
    return found


class AreaApp(App[None]):
    def compose(self) -> ComposeResult:
        yield SpellingArea("Bonjour Emily,\nvotre comande est partie.", id="text")


async def test_unknown_words_are_underlined_and_corrected() -> None:
    app = AreaApp()
    async with app.run_test(size=(80, 12)) as pilot:
        area = app.query_one(SpellingArea)
        area.use_speller(french())
        line = area.get_line(1)
        underlined = [
            line.plain[span.start : span.end]
            for span in line.spans
            if span.style == UNKNOWN_STYLE
        ]
        assert underlined == ["comande"]
        assert area.get_line(0).spans == []  # "Emily" is the customer's name
        area.focus()
        await pilot.press("f7")
        await pilot.pause()
        assert "“comande” is not in the dictionary" in str(
            app.screen.query_one(Static).render()
        )
        await pilot.press("enter")  # the first suggestion is highlighted
        await pilot.pause()
        assert area.text == "Bonjour Emily,\nvotre commande est partie."
        assert area.unknown_words() == []
        await pilot.press("f7")
        await pilot.pause()
        assert "No unknown word." in [n.message for n in app._notifications]


class PromptApp(App[None]):
    def __init__(self, start: str) -> None:
        super().__init__()
        self.start = start
        self.chosen: Path | None = None

    def on_mount(self) -> None:
        self.push_screen(
            AttachPrompt(self.start, "The reply expects: invoice"), self.got
        )

    def got(self, path: Path | None) -> None:
        self.chosen = path


async def test_the_attach_prompt_completes_and_answers(tmp_path: Path) -> None:
    folder = tmp_path / "factures"
    folder.mkdir()
    (folder / "F-1042 été.pdf").write_bytes(b"%PDF")
    (folder / "F-1043.pdf").write_bytes(b"%PDF")
    app = PromptApp(f"{tmp_path}/fac")
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        field = app.screen.query_one(Input)
        await pilot.press("tab")
        assert field.value == f"{folder}/"
        await pilot.pause()
        matches = str(app.screen.query_one("#attach-matches", Static).render())
        assert "F-1042 été.pdf" in matches and "F-1043.pdf" in matches
        await pilot.press("F", "-", "1", "0", "4", "tab")
        assert field.value == f"{folder}/F-104"
        await pilot.press("2", "tab", "enter")
        await pilot.pause()
    assert app.chosen == folder / "F-1042 été.pdf"
