"""A batch of messages read at once says what reading them one by one says:
the same language and the same confidence, for the labelled messages, the
shared corpus, and the awkward cases (no letters, no n-gram the model knows,
one language, the shop's own mail)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from plugins.api import RawMessage
from plugins.email.channel import EmailChannel
from plugins.records import Address, InboundMessage
from storage.ingest_rows import customer_language, customer_languages
from storage.language_batch import probabilities
from storage.languages import NO_LANGUAGE, Detector, shop_languages, use_languages
from tests.unit_tests.test_languages import labelled

AWKWARD = [
    "",
    "1042",
    "ok",
    "Merci !",
    "ZZZZ QQQQ",  # all capitals: py3langid lowers them
    "ÇA NE MARCHE PAS",
    "あいうえお、このメールはテスト用のメールです。",  # three bytes a letter
    "Привет, где мой заказ?",
    "a\udc80b cd",  # a lone surrogate, as a broken mail can decode to
    "x" * 300,
    "\U0001f600\U0001f600 hi",
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(("fr", "en", "de", "es", "it"))


def _same(detector: Detector, texts: list[str]) -> None:
    one_by_one = [detector.detect(text) for text in texts]
    at_once = detector.detect_many(texts)
    for text, one, many in zip(texts, one_by_one, at_once, strict=True):
        assert many == one, text  # the confidence too, to the last bit


def test_the_labelled_messages_come_out_the_same(detector: Detector) -> None:
    texts = [text for _, text in labelled()]
    _same(detector, texts)
    pairs = [(text, "") for text in texts]
    assert detector.detect_messages(pairs) == [
        detector.detect_message(text) for text in texts
    ]


def test_the_model_scores_are_py3langids_bit_for_bit(detector: Detector) -> None:
    texts = [text[:120] for _, text in labelled()] + AWKWARD
    model = detector._identifier()
    expected = np.array([model._decide(text) for text in texts])
    assert np.array_equal(probabilities(model, texts), expected)


def test_the_awkward_texts_come_out_the_same(detector: Detector) -> None:
    _same(detector, AWKWARD)
    found = detector.detect_many(AWKWARD)
    assert found[0] is None and found[1] is None  # nothing to tell
    _same(detector, ["?? !", "Danke!"])  # one readable: read alone
    assert detector.detect_many([]) == []


def test_one_language_needs_no_model() -> None:
    german = Detector(("de",))
    found = german.detect_many(["Where is my parcel?", "1042", "Wo ist es?"])
    assert [f and (f.language, f.confidence) for f in found] == [
        ("de", 1.0),
        None,
        ("de", 1.0),
    ]
    assert german._model is None


def _corpus_messages(corpus: Path) -> Iterator[InboundMessage]:
    for path in sorted((corpus / "email").rglob("*")):
        if path.is_file():
            yield EmailChannel.parse(RawMessage(path.name, path.read_bytes()))


def test_the_corpus_comes_out_the_same(corpus: Path, detector: Detector) -> None:
    pairs = [(m.text, m.subject) for m in _corpus_messages(corpus)]
    assert len(pairs) > 100
    at_once = detector.detect_messages(pairs)
    for (body, subject), many in zip(pairs, at_once, strict=True):
        assert many == detector.detect_message(body, subject), subject


@pytest.fixture
def shop() -> Iterator[str]:
    before = shop_languages()
    use_languages(("fr", "en"), frozenset({"hello@shop.example"}))
    yield "hello@shop.example"
    use_languages(before)


def test_the_shops_own_mail_and_responders_are_not_read(shop: str) -> None:
    def message(sender: str, text: str, automatic: str = "") -> InboundMessage:
        return InboundMessage(
            "x", b"", Address("", sender), text=text, automatic=automatic
        )

    messages = [
        message("anne@example.org", "Bonjour, où est ma commande ?"),
        message(shop, "Hello, your parcel left today."),
        message("bot@example.org", "I am away until Monday.", "auto-replied"),
        message("bob@example.org", "Hi, where is my order please?"),
        message("carl@example.org", "1042"),
    ]
    found = customer_languages(messages)
    assert found == [customer_language(m) for m in messages]
    assert [f.language for f in found] == ["fr", "", "", "en", ""]
    assert found[1] is NO_LANGUAGE and found[2] is NO_LANGUAGE
