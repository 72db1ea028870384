"""Spotting, in a reply, a promise to get back to the customer by a time.

A promise is the shop committing to come back to the customer ("je vous
recontacte avant 14 h", "I'll update you by Friday", "je regarde ça demain"),
not a statement about the parcel ("le coffret part demain", "it should arrive
within two days") nor a request to the customer ("please reply by Friday").
So a sentence is a promise only when it holds both a follow-up said by the
shop, in the present or future, and a time; precision matters more than
recall, because a wrong proposal teaches people to ignore them all. The
labelled sentences in tests/data/promises.tsv measure both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from storage.sla.calendar import Calendar, CalendarTime
from storage.sla.promise_times import moments

_A = "['\u2019]"
# English: the shop (I, we, our team) in the future, then a verb of following up.
_WILL = (
    rf"(?:\b(?:i|we|our(?:\s+\w+)?\s+team|someone)(?:{_A}ll|\s+will|\s+shall|{_A}m going to"
    rf"|\s+am going to|{_A}re going to|\s+are going to)|(?:^|\band\s+)will|\blet me)\b"
)
_FOLLOW_UP_EN = (
    r"(?:get|come|write|call|e-?mail|report)\s+back|get in touch|be in touch"
    r"|update you|ring you|drop you a (?:line|note)|have more (?:information|news)"
    r"|send you (?:an? )?(?:update|news|word)|keep you (?:posted|updated|informed)"
    r"|let you know|follow up|reply|respond|answer|contact you|call you|e-?mail you"
    r"|write to you|confirm|check|look into|find out|investigate|chase"
    r"|have (?:an? )?(?:answer|update|news)"
)
_EN = re.compile(
    rf"{_WILL}(?:\s+\S+){{0,3}}?\s+(?:{_FOLLOW_UP_EN})\b"
    rf"|\byou(?:{_A}ll|\s+will)\s+(?:hear|have (?:an? )?(?:answer|update|news|reply))"
    r"|\bexpect (?:an? )?(?:update|answer|reply|news|to hear)\b",
    re.I,
)
# French: first person, present or future (the present often means the future).
_FR_VERB = (
    r"recontacte(?:rai|rons)?|recontactons|rappelle(?:rai|rons)?|rappelons"
    r"|r[ée]ponds|r[ée]pondons|r[ée]pondr(?:ai|ons)|[ée]cris|[ée]crivons|[ée]crir(?:ai|ons)"
    r"|confirme(?:rai|rons)?|confirmons|dis|dirai|redis|redirai|disons"
    r"|informe(?:rai|rons)?|informons|tiens|tiendrai|tenons|tiendrons"
    r"|fais un retour|ferai un retour|faisons un retour|ferons un retour"
)
_FR_NEWS = (
    r"(?:envoie|envoyons|enverr(?:ai|ons))\s+(?:des nouvelles|une réponse|la suite"
    r"|un (?:petit )?(?:message|mot|mail|e-mail|point))"
)
_FR = re.compile(
    rf"\b(?:je|nous|on)\s+vous\s+(?:{_FR_VERB}|{_FR_NEWS})\b"
    r"|\b(?:je|nous|on)\s+(?:re)?(?:viens|venons|reviendrai|reviendrons|revient)"
    r"\s+vers\s+vous\b"
    r"|\b(?:je|nous)\s+(?:vérifie|vérifions|regarde|regardons|me renseigne"
    r"|nous renseignons|fais le point|faisons le point)\b"
    r"|\b(?:je vais|nous allons|on va)\s+(?:\S+\s+){0,2}?(?:vous\s+)?(?:recontacter"
    r"|revenir|répondre|écrire|rappeler|vérifier|regarder|confirmer|informer)\b"
    r"|\bvous aurez (?:une réponse|un retour|des nouvelles|de nos nouvelles)\b"
    r"|\bréponse\b",
    re.I,
)
# Sentences end at . ! ? ; or a line break (not inside "14 h.30" or "1.5").
_SENTENCES = re.compile(r"(?<=[.!?;])(?!\d)\s*|\n+")


@dataclass(frozen=True, slots=True)
class PromiseProposal:
    due: datetime  # aware, UTC
    phrase: str  # the sentence that promised it


def _sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCES.split(text) if part.strip()]


def follows_up(sentence: str) -> bool:
    """The shop says it will come back to the customer (whatever the time)."""
    return bool(_EN.search(sentence) or _FR.search(sentence))


def detect_promises(
    text: str,
    sent_at: datetime,
    calendar: Calendar | CalendarTime,
    language: str | None = None,
) -> list[PromiseProposal]:
    """Each sentence promising a follow-up by a time, earliest due first
    (`language` is a hint only: both languages are always read, replies mix)."""
    zone = calendar.zone if isinstance(calendar, Calendar) else ZoneInfo("UTC")
    local = sent_at.astimezone(zone)
    found = []
    for sentence in _sentences(text):
        if not follows_up(sentence):
            continue
        times = moments(sentence, local, calendar)
        if times:
            due = min(moment.due for moment in times)
            found.append(PromiseProposal(due.astimezone(UTC), sentence))
    return sorted(found, key=lambda p: p.due)
