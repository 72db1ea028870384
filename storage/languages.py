"""The language a customer writes in, detected from their own words.

py3langid (BSD-3-Clause; a 4.6 MB wheel over numpy, which comptoir has
already) is langid.py's naive Bayes model over byte n-grams: about 50 µs for a
message (under a third of that in a parse worker's batch, read at once by
storage/language_batch.py), and it can be restricted to the languages the shop
answers in, which is what makes short messages come out right. The model is
read once per process, at the first message that needs it, from a cache made
the first time (storage/language_model.py) and mapped, so that an import's
parse workers share it; `prepare()` makes that cache before they are forked.

Only the customer's own words are read (quoted history, signatures and the
"Sent from my iPhone" line left out), and at most `_READ` characters of them:
more changes nothing but the time.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storage.language_codes import KNOWN
from storage.quotes import customer_words

DEFAULT_LANGUAGES = ("fr", "en", "de", "es", "it")
# English names, for messages ("no French variant"); others show their code.
NAMES = {
    "fr": "French", "en": "English", "de": "German", "es": "Spanish",
    "it": "Italian", "nl": "Dutch", "pt": "Portuguese", "ca": "Catalan",
    "pl": "Polish", "sv": "Swedish", "da": "Danish",
}  # fmt: skip
_READ = 120  # characters of the customer's words read: two sentences tell
# Where the customer's words are looked for: a quote or signature starting
# further down leaves more of them than are read.
_LOOK = 2000
# Two letters: "ok" can be told; "?" or "1042" cannot.
_TWO_LETTERS = re.compile(r"[^\W\d_].*?[^\W\d_]", re.S)
SURE = 0.7  # below this, a guess: kept per message, never decides a conversation


@dataclass(frozen=True, slots=True)
class Detection:
    language: str
    confidence: float  # the model's probability, 0..1

    @property
    def sure(self) -> bool:
        return self.confidence >= SURE


NO_LANGUAGE = Detection("", 0.0)  # read, and nothing to tell


def language_name(code: str) -> str:
    return NAMES.get(code, code)


class Detector:
    """One model restricted to the shop's languages; thread-safe, read lazily.

    The shop's first language is the likeliest for a message that could be
    either ("Ok merci", "Super !"): its probability counts `first_bonus` times.
    """

    def __init__(
        self, languages: Sequence[str] = DEFAULT_LANGUAGES, first_bonus: float = 2.0
    ) -> None:
        unknown = [code for code in languages if code not in KNOWN]
        if unknown or not languages:
            raise ValueError(
                f"unknown language codes: {', '.join(unknown) or '(none)'}"
            )
        self.languages = tuple(dict.fromkeys(languages))
        self.first_bonus = first_bonus
        self._model: Any = None
        self._lock = threading.Lock()

    def _identifier(self) -> Any:
        with self._lock:
            if self._model is None:
                from storage.language_model import load_model

                self._model = load_model(self.languages)
            return self._model

    def warm(self) -> None:
        """Read the model and import the batch reader now: before a pool
        forks, so that the workers share them rather than each make its own."""
        self._identifier()
        import storage.language_batch  # noqa: F401

    def prepare(self) -> None:
        """Make sure the model's cache exists, without keeping the model."""
        if self._model is None and len(self.languages) > 1:
            from storage.language_model import prepare_model

            prepare_model(self.languages)

    def detect(self, text: str) -> Detection | None:
        """The language of `text` as a whole (no quote removal); None when it
        holds too few letters to tell."""
        text = _clipped(text)
        if not text:
            return None
        if len(self.languages) == 1:
            return Detection(self.languages[0], 1.0)
        model = self._identifier()
        scores = dict(model.rank(text))  # probabilities, best first
        scores[self.languages[0]] *= self.first_bonus
        total = sum(scores.values()) or 1.0
        code = max(scores, key=scores.__getitem__)
        return Detection(code, scores[code] / total)

    def detect_many(self, texts: Sequence[str]) -> list[Detection | None]:
        """`detect` for each of many texts, the model reading them all at once
        (storage/language_batch.py): the model's part of a parse worker's
        language step fell from ~0.45 to ~0.14 s of CPU per 10,000 messages.
        The same languages and confidences, to the last bit."""
        texts = [_clipped(text) for text in texts]
        found: list[Detection | None] = [None] * len(texts)
        readable = [at for at, text in enumerate(texts) if text]
        if len(readable) < 2 or len(self.languages) == 1:
            for at in readable:
                found[at] = self.detect(texts[at])
            return found
        import numpy as np

        from storage.language_batch import probabilities

        model = self._identifier()
        scores = probabilities(model, [texts[at] for at in readable]).astype(float)
        # In `detect`'s order (best first, before the bonus), so that the sum
        # and the choice among equals come out the same to the last bit.
        ranked = np.argsort(-scores, axis=1, kind="stable")
        scores[:, model.nb_classes.index(self.languages[0])] *= self.first_bonus
        scores = np.take_along_axis(scores, ranked, axis=1)
        totals = np.zeros(len(readable))
        for column in scores.T:
            totals += column
        best = scores.argmax(axis=1)
        for row, at in enumerate(readable):
            code = int(best[row])
            confidence = float(scores[row, code]) / (float(totals[row]) or 1.0)
            label = model.nb_classes[int(ranked[row, code])]
            found[at] = Detection(label, confidence)
        return found

    def detect_message(self, body: str, subject: str = "") -> Detection | None:
        """A message's language, from the customer's own words; a message with
        none (a bare forward, an attachment) is read by its subject."""
        return self.detect(_words(body, subject))

    def detect_messages(
        self, messages: Sequence[tuple[str, str]]
    ) -> list[Detection | None]:
        """`detect_message` for each (body, subject), all at once."""
        return self.detect_many([_words(body, subject) for body, subject in messages])


def _clipped(text: str) -> str:
    """What the model reads of `text`: its first `_READ` characters, or ""
    when they hold too few letters to tell."""
    text = text[:_READ]
    return text if _TWO_LETTERS.search(text) else ""


def _words(body: str, subject: str) -> str:
    """What is read of a message: the customer's own words, else its subject."""
    words = customer_words(body[:_LOOK])
    if not _clipped(words):
        words = re.sub(
            r"^\s*((re|fwd?|tr|aw|wg|rv|r|i)\s*:\s*)+", "", subject, flags=re.I
        )
    return words


_shop_detector = Detector()
_shop_addresses: frozenset[str] = frozenset()


def use_languages(
    languages: Sequence[str], shop_addresses: frozenset[str] = frozenset()
) -> None:
    """The shop's languages, from its config, for every detection in this
    process; its addresses, whose mail is not read (it is no customer's)."""
    global _shop_detector, _shop_addresses
    wanted = tuple(dict.fromkeys(languages)) or DEFAULT_LANGUAGES
    if wanted != _shop_detector.languages:
        _shop_detector = Detector(wanted)
    _shop_addresses = frozenset(a.lower() for a in shop_addresses)


def is_shop_address(address: str) -> bool:
    return address.lower() in _shop_addresses


def shop_detector() -> Detector:
    return _shop_detector


def shop_languages() -> tuple[str, ...]:
    return _shop_detector.languages


def default_language() -> str:
    """The shop's first language: replies without a language are written in it."""
    return _shop_detector.languages[0]
