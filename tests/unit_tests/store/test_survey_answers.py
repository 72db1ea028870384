"""Survey answers told from new questions, on replies as customers write them."""

from __future__ import annotations

import pytest

from storage.survey_answers import SurveyAnswer, parse_answer

QUOTE_FR = (
    "\n\nLe lun. 4 mai 2026 à 10:02, La Théière Bleue <bonjour@tea.example> a écrit :\n"
    "> Bonjour Ann,\n>\n> Répondez par un chiffre de 1 à 5.\n"
)
QUOTE_EN = (
    "\n\nOn Mon, 4 May 2026 at 10:02, Tea shop <shop@tea.example> wrote:\n"
    "> Reply with one digit, from 1 (not at all) to 5 (very).\n"
)
OUTLOOK = (
    "\n\n-----Original Message-----\nFrom: Tea shop <shop@tea.example>\n"
    "Sent: Monday, May 4, 2026 10:02\nSubject: How did we do?\n\n"
    "Reply with one digit, from 1 to 5.\n"
)

ANSWERS = [
    ("5", 5, ""),
    ("5/5", 5, ""),
    ("5 / 5 merci", 5, "merci"),
    ("4 - great", 4, "great"),
    ("4 – très bien, merci", 4, "très bien, merci"),  # noqa: RUF001 (a real en dash)
    ("Note : 4", 4, ""),
    ("note: 4/5 livraison rapide", 4, "livraison rapide"),
    ("Ma note : 3", 3, ""),
    ("Rating: 2\nThe parcel was late.", 2, "The parcel was late."),
    ("Score 1. Never again.", 1, "Never again."),
    ("4 sur 5, le colis était bien emballé", 4, "le colis était bien emballé"),
    ("3 out of 5", 3, ""),
    ("**5**", 5, ""),
    ("  4!  ", 4, ""),
    ("4 merci" + QUOTE_FR, 4, "merci"),
    ("5\n\nMerci pour tout !\n\n-- \nAnn Martin\n06 12 34 56 78" + QUOTE_FR, 5,
     "Merci pour tout !"),
    ("\n\n3" + QUOTE_EN, 3, ""),
    ("2 - slow to answer" + OUTLOOK, 2, "slow to answer"),
    ("5 étoiles !", 5, "étoiles !"),
    ("4 - but where is my other parcel?", 4, "but where is my other parcel?"),
]  # fmt: skip

NOT_ANSWERS = [
    "",
    "Merci beaucoup !" + QUOTE_FR,
    "Bonjour,\n5 étoiles" + QUOTE_FR,  # the first line of new text decides
    "> 5\n" + QUOTE_EN,  # only quoted
    "4 days later and still no parcel!",
    "2 jours de retard, c'est inadmissible",
    "3 colis sur 4 sont arrivés",
    "2 questions: can I return it? and when?",
    "1042 is my order number",
    "10/10",
    "8/10",
    "4/10",
    "4.5",
    "4,5 sur 5",
    "1st time I order here",
    "2x the same item",
    "0",
    "6",
    "Thanks, I'd give you 5" + QUOTE_EN,
]


@pytest.mark.parametrize(("text", "score", "comment"), ANSWERS)
def test_answers_are_recognised(text: str, score: int, comment: str) -> None:
    assert parse_answer(text) == SurveyAnswer(score, comment)


@pytest.mark.parametrize("text", NOT_ANSWERS)
def test_other_replies_are_no_answer(text: str) -> None:
    assert parse_answer(text) is None


def test_a_comment_with_a_question_asks_for_an_answer() -> None:
    asking = parse_answer("4 - but where is my other parcel?")
    assert asking is not None and asking.asks
    plain = parse_answer("4 merci")
    assert plain is not None and not plain.asks
