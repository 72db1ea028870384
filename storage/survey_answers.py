"""Telling a customer's answer to a satisfaction survey from a new question.

A survey mail asks for one digit from 1 to 5. A reply whose first line of new
text (quoted history and signature left out) starts with such a digit is an
answer; the rest of the text is its comment. Numbers that count something
("4 days later", "2 parcels", "1042") or another scale ("8/10") are not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import aiosqlite

# "Le 4 mai 2026 à 10:02, Ann a écrit :", "On Mon, 4 May 2026, Ann wrote:",
# Outlook's "-----Original Message-----" and "De : ... / From: ..." blocks.
_INTRO = re.compile(
    r"^\s*(on .{3,200} wrote:|le .{3,200} a écrit ?:|am .{3,200} schrieb .{0,80}:"
    r"|-{2,}\s*(original message|message d'origine)\s*-{2,}|(from|de) ?: .+)\s*$",
    re.IGNORECASE,
)
_ANSWER = re.compile(
    r"[\W_]*(?:(?:ma\s+|my\s+)?(?:note|score|rating|grade|évaluation|evaluation)"
    r"\s*[:=-]?\s*)?(?P<digit>[1-5])(?![\d.,]\d)(?:\s*/\s*(?P<scale>\d+))?(?P<rest>.*)",
    re.IGNORECASE,
)
_OUT_OF = re.compile(r"^(sur|out of|of)\s+5\b\W*", re.IGNORECASE)
# A digit followed by one of these counts things: it does not answer the survey.
_UNITS = frozenset(
    [
        "day",
        "days",
        "jour",
        "jours",
        "week",
        "weeks",
        "semaine",
        "semaines",
        "month",
        "months",
        "mois",
        "hour",
        "hours",
        "heure",
        "heures",
        "h",
        "min",
        "minute",
        "minutes",
        "year",
        "years",
        "an",
        "ans",
        "fois",
        "times",
        "x",
        "€",
        "eur",
        "euro",
        "euros",
        "item",
        "items",
        "article",
        "articles",
        "colis",
        "parcel",
        "parcels",
        "package",
        "packages",
        "question",
        "questions",
        "commande",
        "commandes",
        "order",
        "orders",
        "produit",
        "produits",
        "product",
        "products",
        "pièce",
        "pièces",
        "piece",
        "pieces",
    ]
)
_SEPARATORS = " -\u2013\u2014:,.!)*"  # hyphen, en and em dashes, punctuation
# A clock that runs a little behind the shop's may date an answer before its survey.
CLOCK_SKEW = 15 * 60


@dataclass(frozen=True, slots=True)
class SurveyAnswer:
    score: int
    comment: str

    @property
    def asks(self) -> bool:
        """A comment with a question wants an answer: it reopens the conversation."""
        return "?" in self.comment


@dataclass(slots=True)
class OpenSurvey:
    """A conversation's latest survey, while its answers still count."""

    sent_at: int
    until: int
    answered: bool = False

    def takes(self, at: int) -> bool:
        return not self.answered and self.sent_at - CLOCK_SKEW <= at <= self.until


def new_text(text: str) -> list[str]:
    """The lines the customer wrote: before quoted history and the signature."""
    kept: list[str] = []
    for line in text.splitlines():
        bare = line.strip()
        if bare.startswith(">") or _INTRO.match(line) or bare in ("--", "-- "):
            break
        kept.append(bare)
    return kept


def parse_answer(text: str) -> SurveyAnswer | None:
    """The score and comment of a survey answer, or None if `text` is none."""
    lines = new_text(text)
    first = next((i for i, line in enumerate(lines) if line), None)
    if first is None:
        return None
    found = _ANSWER.fullmatch(lines[first])
    if found is None or found["scale"] not in (None, "5"):
        return None
    if found["rest"][:1].isalnum():
        return None  # "4th", "3x", "5/50": glued to the number, not an answer
    rest = _OUT_OF.sub("", found["rest"].strip())
    words = rest.lower().split()
    if words and words[0].strip(".,;:!") in _UNITS:
        return None
    comment = "\n".join([rest.lstrip(_SEPARATORS), *lines[first + 1 :]]).strip()
    return SurveyAnswer(int(found["digit"]), comment)


async def open_surveys(
    conn: aiosqlite.Connection, conversation_ids: Sequence[int]
) -> dict[int, OpenSurvey]:
    """The latest survey of each of these conversations, with its deadline and
    whether it was answered already. Each survey says until when it counts, so
    that a later change of `within` never changes what a past mail promised."""
    rows = await conn.execute_fetchall(
        "SELECT e.conversation_id, e.at, json_extract(e.data_json, '$.until'), "
        "EXISTS (SELECT 1 FROM events a WHERE a.conversation_id = e.conversation_id "
        "AND a.kind = 'survey_answer' AND a.at >= e.at - ?) FROM events e "
        "WHERE e.conversation_id IN (SELECT value FROM json_each(?)) "
        "AND e.kind = 'auto_message' AND e.value = 'survey' ORDER BY e.at, e.id",
        (CLOCK_SKEW, json.dumps(list(conversation_ids))),
    )
    return {
        int(cid): OpenSurvey(int(at), int(until or 0), bool(answered))
        for cid, at, until, answered in rows
    }


def answer_event(
    conversation_id: int, at: int, sender: str, message_pk: int, answer: SurveyAnswer
) -> tuple[object, ...]:
    """The `survey_answer` event row, as `storage.sla.figures` counts it."""
    data = {"score": answer.score, "comment": answer.comment, "question": "csat"}
    return (
        conversation_id,
        at,
        "survey_answer",
        "customer",
        sender,
        "public",
        message_pk,
        str(answer.score),
        None,
        json.dumps(data, ensure_ascii=False),
    )
