"""The composer's text area, with unknown words underlined as they are typed.

Each line is checked when it is drawn (`get_line`, which Textual offers for
this): a speller remembers each word it has looked up, so a key press costs a
few dictionary look-ups at most. `F7` (as in word processors) offers the
suggestions for the unknown word under the cursor, else the next one.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widgets import TextArea

from console.i18n import N_, _
from console.spelling import Speller, Unknown

UNKNOWN_STYLE = Style(underline=True, color="red")


class SpellingArea(TextArea):
    BINDINGS = [Binding("f7", "spelling", N_("Spelling"), show=False)]

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(text, id=id, soft_wrap=True, show_line_numbers=False)
        self.speller: Speller | None = None

    def use_speller(self, speller: Speller | None) -> None:
        """Check with this speller from now on (None: no check)."""
        self.speller = speller
        self.notify_style_update()  # lines already drawn are drawn again
        self.refresh()

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        if self.speller is not None and not line.plain.startswith(">"):
            for start, end, _ in self.speller.unknown_in_line(line.plain):
                line.stylize(UNKNOWN_STYLE, start, end)
        return line

    def unknown_words(self) -> list[Unknown]:
        return self.speller.unknown(self.text) if self.speller else []

    def word_to_correct(self) -> Unknown | None:
        """The unknown word under the cursor, else the next one after it, else
        the first of the text."""
        found = self.unknown_words()
        row, column = self.cursor_location
        for word in found:
            if (word.row, word.end) >= (row, column):
                return word
        return found[0] if found else None

    def replace_word(self, word: Unknown, by: str) -> None:
        self.replace(by, (word.row, word.start), (word.row, word.end))

    def action_spelling(self) -> None:
        from console.tui.modals import ChoiceModal

        if self.speller is None:
            self.notify(_("Spelling is off for this conversation."))
            return
        word = self.word_to_correct()
        if word is None:
            self.notify(_("No unknown word."))
            return
        self.move_cursor((word.row, word.start))
        choices = [(s, s) for s in self.speller.suggest(word.word)]
        choices.append(("", _("Keep “{word}”").format(word=word.word)))

        def chosen(value: str | None) -> None:
            if value:
                self.replace_word(word, value)
            self.focus()

        title = _("“{word}” is not in the dictionary").format(word=word.word)
        first = choices[0][0] if len(choices) > 1 else None
        self.app.push_screen(ChoiceModal(title, choices, first), chosen)
