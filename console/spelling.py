"""The spelling of a reply, in the conversation's language.

Enchant (pyenchant, LGPL, imported and not copied) reads the system's Hunspell
dictionaries (Debian's hunspell-fr, hunspell-en-us, hunspell-de-de, hunspell-es,
hunspell-it): the C library checks a word in a few microseconds, so a long reply
is checked as it is typed (benchmarks/spelling_speed.py). spylls, Hunspell in
pure Python, was the other candidate: no release since 2022, suggestions that
take seconds, and its wheel installs a top-level `tests` package.

No Enchant, or no dictionary for a language, is no error: `why_off` says what
to install, and the console says it once.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from console.i18n import _

# A word: letters, with inner apostrophes and hyphens ("aujourd'hui", "peut-être").
_APOSTROPHE = "\u2019"  # the typographic one, as phones and word processors type it
WORD = re.compile(rf"[^\W\d_]+(?:['{_APOSTROPHE}-][^\W\d_]+)*")
# Left alone: links, addresses, placeholders, template code, order numbers.
_SKIP = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+\.\w+|⟦[^⟧]*⟧|\{\{.*?\}\}|\{%.*?%\}|\S*\d\S*"
)
# Dictionaries tried for a language, the first found serving suggestions;
# English takes both spellings (colour, color).
_TAGS = {"en": ("en_US", "en_GB", "en")}
_PACKAGES = {
    "fr": "hunspell-fr",
    "en": "hunspell-en-us",
    "de": "hunspell-de-de",
    "es": "hunspell-es",
    "it": "hunspell-it",
}


@dataclass(frozen=True, slots=True)
class Unknown:
    """A word no dictionary knows: where it is (row and columns, as the
    composer counts them) and what it is."""

    word: str
    row: int
    start: int
    end: int


class Speller:
    """One language's dictionaries, and the words known besides them."""

    def __init__(
        self, language: str, dictionaries: list[Any], known: Iterable[str] = ()
    ) -> None:
        self.language = language
        self._dictionaries = dictionaries
        self._known = {w.lower() for word in known for w in WORD.findall(word)}
        self._seen: dict[str, bool] = {}

    def knows(self, word: str) -> bool:
        if (found := self._seen.get(word)) is not None:
            return found
        plain = word.replace(_APOSTROPHE, "'")
        found = (
            plain.lower() in self._known
            or (plain.isupper() and len(plain) > 1)  # DPD, SEUR: acronyms
            or any(d.check(plain) for d in self._dictionaries)
            or ("-" in plain and all(self.knows(p) for p in plain.split("-") if p))
        )
        self._seen[word] = found
        return found

    def unknown_in_line(self, line: str) -> list[tuple[int, int, str]]:
        """(start, end, word) of each unknown word of one line."""
        masked = _SKIP.sub(lambda m: " " * len(m.group()), line)
        return [
            (m.start(), m.end(), m.group())
            for m in WORD.finditer(masked)
            if not self.knows(m.group())
        ]

    def unknown(self, text: str) -> list[Unknown]:
        """Every unknown word of the text, in order; quoted lines (`>`) left out."""
        return [
            Unknown(word, row, start, end)
            for row, line in enumerate(text.split("\n"))
            if not line.startswith(">")
            for start, end, word in self.unknown_in_line(line)
        ]

    def fresh(self) -> Speller:
        """The same dictionaries and words, nothing remembered (to measure)."""
        return Speller(self.language, self._dictionaries, self._known)

    def suggest(self, word: str, limit: int = 6) -> list[str]:
        if not self._dictionaries:
            return []
        return list(self._dictionaries[0].suggest(word.replace(_APOSTROPHE, "'")))[
            :limit
        ]


class Dictionaries:
    """The installed dictionaries, opened once per language and process."""

    def __init__(self) -> None:
        self._opened: dict[str, list[Any]] = {}
        self._lock = threading.Lock()
        self._broker: Any = None
        self.missing_library = ""

    def _tags(self, language: str) -> tuple[str, ...]:
        return _TAGS.get(language, (f"{language}_{language.upper()}", language))

    def _open(self, language: str) -> list[Any]:
        if self._broker is None and not self.missing_library:
            try:
                import enchant
            except ImportError as error:  # pyenchant without libenchant-2
                self.missing_library = str(error)
                return []
            self._broker = enchant.Broker()
        if self._broker is None:
            return []
        tags = [t for t in self._tags(language) if self._broker.dict_exists(t)]
        if not tags:  # any region will do: de_AT, es_MX
            listed = [str(tag) for tag, _ in self._broker.list_dicts()]
            tags = [t for t in listed if t.startswith(f"{language}_")][:1]
        return [self._broker.request_dict(tag) for tag in tags]

    def speller(self, language: str, known: Iterable[str] = ()) -> Speller | None:
        """A speller for the language, or None when nothing can check it."""
        with self._lock:
            if language not in self._opened:
                self._opened[language] = self._open(language)
            found = self._opened[language]
        return Speller(language, found, known) if found else None

    def why_off(self, language: str) -> str:
        """Why there is no speller for the language, said to a person."""
        if self.missing_library:
            return _(
                "Spelling is off: the Enchant library is not installed "
                "(apt install libenchant-2-2)."
            )
        from console.l10n import language_in_sentence

        package = _PACKAGES.get(language) or _("a hunspell-{code} package").format(
            code=language
        )
        said = _(
            "Spelling is off for {language}: no dictionary is installed "
            "(apt install {package})."
        )
        return said.format(language=language_in_sentence(language), package=package)


DICTIONARIES = Dictionaries()
