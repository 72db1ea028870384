"""The spelling check: unknown words found where they are, the shop's and the
customer's words known, links and numbers left alone, no dictionary no error."""

from __future__ import annotations

import builtins
from typing import Any

import pytest

from console.spelling import DICTIONARIES, Dictionaries, Speller, Unknown


def speller(language: str, known: tuple[str, ...] = ()) -> Speller:
    found = DICTIONARIES.speller(language, known)
    if found is None:
        pytest.skip(DICTIONARIES.why_off(language))
    return found


def test_unknown_words_with_their_place() -> None:
    text = "Bonjour Camille,\n\nVotre comande est partie aujourd\u2019hui.\nBien à vous"
    assert speller("fr").unknown(text) == [Unknown("comande", 2, 6, 13)]


def test_names_products_and_the_shops_words_are_known() -> None:
    known = ("Anne-Laure Vasseur", "Sencha Ashikubo 100 g", "Théière Bleue")
    text = "Chère Anne-Laure Vasseur, le Sencha Ashikubo arrive. Théière Bleue"
    assert speller("fr", known).unknown(text) == []
    assert [u.word for u in speller("fr").unknown(text)] == [
        "Vasseur",
        "Sencha",
        "Ashikubo",
    ]


def test_links_numbers_placeholders_and_quotes_are_left_alone() -> None:
    text = (
        "Suivi : https://suivi.example/colis?id=6A123 ou écrivez à sav@shop.example.\n"
        "Commande #1042, colis 6A12345678, livraison ⟦Date de livraison⟧ {{ order.number }}\n"
        "> a qoute from teh customer\n"
        "Transporteur DPD."
    )
    assert speller("fr").unknown(text) == []


def test_each_language_its_dictionary() -> None:
    assert [
        u.word for u in speller("en").unknown("The teh parcel, colour or color")
    ] == ["teh"]
    assert [u.word for u in speller("de").unknown("Ihre Bestelung ist unterwegs")] == [
        "Bestelung"
    ]
    assert [u.word for u in speller("es").unknown("Su pedidoo está en camino")] == [
        "pedidoo"
    ]
    assert [u.word for u in speller("it").unknown("Il suo ordinne è partito")] == [
        "ordinne"
    ]


def test_suggestions_offer_the_word_meant() -> None:
    assert "commande" in speller("fr").suggest("comande")
    assert "parcel" in speller("en").suggest("parcell")


def test_no_dictionary_is_no_error() -> None:
    dictionaries = Dictionaries()
    assert dictionaries.speller("eo") is None
    assert dictionaries.why_off("eo") == (
        "Spelling is off for Esperanto: no dictionary is installed "
        "(apt install a hunspell-eo package)."
    )


def test_no_enchant_library_is_said_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    real = builtins.__import__

    def no_enchant(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "enchant":
            raise ImportError("The 'enchant' C library was not found")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_enchant)
    dictionaries = Dictionaries()
    assert dictionaries.speller("fr") is None
    assert "the Enchant library is not installed (apt install libenchant-2-2)" in (
        dictionaries.why_off("fr")
    )
