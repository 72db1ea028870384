"""Promised times found in replies, French and English, against a table."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from storage.sla.calendar import WEEKDAYS, Calendar, weekly
from storage.sla.promises import detect_promises

PARIS = ZoneInfo("Europe/Paris")
SHOP = Calendar(
    "shop", "Europe/Paris", weekly({d: [("09:00", "17:30")] for d in WEEKDAYS[:5]})
)
SENT = datetime(2026, 6, 3, 10, 15, tzinfo=PARIS)  # a Wednesday


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 6, day, hour, minute, tzinfo=PARIS)


CASES = [
    ("Je vous recontacte avant 14 heures.", at(3, 14)),
    ("je reviens vers vous avant 14h30", at(3, 14, 30)),
    ("I'll get back to you before 2pm", at(3, 14)),
    ("You will hear from us by 9am", at(4, 9)),  # 9am has passed: tomorrow
    ("We'll have an answer by Friday.", at(5, 17, 30)),
    ("Réponse d'ici lundi, promis", at(8, 17, 30)),
    ("I'll check with the carrier tomorrow", at(4, 17, 30)),
    ("je regarde ça demain", at(4, 17, 30)),
    ("I'll update you within 24 hours", at(4, 10, 15)),
    ("Réponse sous 48 heures", at(5, 10, 15)),
    ("I'll update you later today", at(3, 17, 30)),
    ("Je vous recontacte demain avant 14 h.", at(4, 14)),  # tomorrow's 14:00
    ("I'll call you back tomorrow morning", at(4, 12)),
    ("Je vous rappelle avant midi", at(3, 12)),
    ("Je vous recontacte dans l'heure", at(3, 11, 15)),
]


@pytest.mark.parametrize(("text", "due"), CASES, ids=[c[0] for c in CASES])
def test_a_promised_time_is_found(text: str, due: datetime) -> None:
    found = detect_promises(text, SENT, SHOP)
    assert found, text
    assert found[0].due == due
    assert found[0].phrase.lower() in text.lower()


@pytest.mark.parametrize(
    "text",
    [
        "Merci pour votre commande !",
        "Your parcel left on 2 June.",
        "Bonne journée",
        "You'll get a refund within 24 hours",  # a refund, not a follow-up
        "Le coffret part demain.",  # shipping, not a follow-up
        "Nous sommes désolés ! Un nouvel article part aujourd'hui, sans frais.",
        "Please reply by Friday.",  # asked of the customer
    ],
)
def test_no_promise_no_proposal(text: str) -> None:
    assert detect_promises(text, SENT, SHOP) == []
