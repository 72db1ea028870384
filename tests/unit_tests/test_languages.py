"""The language detector: the customer's own words, the shop's languages, and
a floor on the labelled messages of tests/data/languages/."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from storage.languages import Detector
from storage.quotes import customer_words

DATA = Path(__file__).resolve().parents[1] / "data" / "languages"


def labelled() -> list[tuple[str, str]]:
    found = []
    for path in sorted(DATA.glob("*.txt")):
        parts = path.read_text(encoding="utf-8").split("\n%%\n")
        found += [(path.stem, part.strip("\n")) for part in parts]
    return found


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(("fr", "en", "de", "es", "it"))


def test_the_labelled_set_is_large_enough() -> None:
    counts = Counter(label for label, _ in labelled())
    assert set(counts) == {"fr", "en", "de", "es", "it"}
    assert sum(counts.values()) >= 200 and min(counts.values()) >= 40
    short = [text for _, text in labelled() if len(text) < 40]
    assert len(short) >= 50


def test_accuracy_on_the_labelled_set(detector: Detector) -> None:
    results: dict[str, list[bool]] = {}
    for label, text in labelled():
        found = detector.detect_message(text)
        results.setdefault(label, []).append(
            found is not None and found.language == label
        )
    overall = sum(sum(r) for r in results.values()) / sum(
        len(r) for r in results.values()
    )
    assert overall >= 0.97, results
    for label, hits in results.items():
        assert sum(hits) / len(hits) >= 0.94, label


def test_a_sure_detection_is_right_on_the_labelled_set(detector: Detector) -> None:
    """A sure detection decides a conversation's language: it must not be wrong."""
    wrong = [
        (label, text)
        for label, text in labelled()
        if (found := detector.detect_message(text)) is not None
        and found.sure
        and found.language != label
    ]
    assert wrong == []


def test_the_customer_words_not_the_quoted_reply(detector: Detector) -> None:
    body = (
        "Hi, the parcel never came.\n\n"
        "Le lun. 4 mai 2026 à 10:02, La Théière Bleue a écrit :\n"
        "> Bonjour, votre commande a bien été expédiée et sera livrée demain.\n"
        "> Nous restons à votre disposition pour toute question.\n"
        "> Bien cordialement, Camille\n"
    )
    assert customer_words(body) == "Hi, the parcel never came."
    found = detector.detect_message(body)
    assert found is not None and found.language == "en"


def test_signatures_and_device_lines_are_left_out() -> None:
    body = "Danke für alles!\n-- \nMax Mustermann\nMusterweg 1\n"
    assert customer_words(body) == "Danke für alles!"
    assert customer_words("Gracias\n\nEnviado desde mi iPhone") == "Gracias"
    assert customer_words("Grazie\nInviato da iPhone") == "Grazie"


def test_too_little_to_tell_is_none(detector: Detector) -> None:
    assert detector.detect("1042") is None
    assert detector.detect("?? !") is None
    assert detector.detect_message("> only a quote\n> of the shop") is None


def test_a_message_with_no_words_is_read_by_its_subject(detector: Detector) -> None:
    found = detector.detect_message("", subject="Re: Wo bleibt meine Bestellung?")
    assert found is not None and found.language == "de"


def test_only_the_shop_languages_are_answered() -> None:
    two = Detector(("fr", "en"))
    found = two.detect("Hallo, wo ist mein Paket? Ich warte schon lange.")
    assert found is not None and found.language in ("fr", "en")
    assert Detector(("de",)).detect("Where is my parcel?") == Detector(("de",)).detect(
        "Wo ist mein Paket?"
    )


def test_the_first_language_wins_what_could_be_either() -> None:
    assert (found := Detector(("fr", "it")).detect("Merci !")) is not None
    assert found.language == "fr"


def test_unknown_codes_are_refused() -> None:
    with pytest.raises(ValueError, match="xx"):
        Detector(("fr", "xx"))
