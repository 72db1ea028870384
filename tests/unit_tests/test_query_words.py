"""How the search language cuts a query into words and prefixed terms."""

from __future__ import annotations

from storage.query import Query, parse_query


def test_an_apostrophe_stays_inside_the_word() -> None:
    assert parse_query("from:o'connor") == Query((), (("from", "o'connor"),))
    assert parse_query("status:open l'adresse").words == ("l'adresse",)


def test_double_quotes_group_words() -> None:
    assert parse_query('from:"Ann O\'Connor" colis') == Query(
        ("colis",), (("from", "Ann O'Connor"),)
    )


def test_an_unbalanced_quote_is_searched_as_written() -> None:
    assert parse_query('subject:"colis abîmé') == Query(
        ("abîmé",), (("subject", "colis"),)
    )
