"""Reading one customer message: its intent, how sure, what else it asks, the
orders it names and its language.

The text read is the customer's own (storage.intents.text.own_text); the
subject counts unless it is a reply's (then it is most often the shop's). A
message "also asks something else" when one of its sentences, read alone, is
clearly about another intent and carries that intent's cue: such a message
goes to a person rather than to an automatic answer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from storage.intents.features import featurise
from storage.intents.model import IntentModel
from storage.intents.named_orders import named_orders
from storage.intents.rules import cue_counts
from storage.intents.text import fold, language, own_text, sentences, strip_reply_prefix

# Intents a second sentence may carry without asking for anything more.
QUIET = frozenset({"thanks", "other"})
ALSO_MIN = 0.55  # a sentence's own probability for its intent


@dataclass(frozen=True, slots=True)
class Reading:
    intent: str
    confidence: float
    also: tuple[str, ...]
    orders: tuple[str, ...]  # candidates, most certain first, without '#'
    labelled: int  # how many of the first candidates come as order numbers
    language: str
    runners_up: tuple[tuple[str, float], ...]  # the next two, with probabilities


@dataclass(frozen=True, slots=True)
class Prepared:
    """A message as the model reads it (folded), kept for training too."""

    subject: str
    body: str
    raw_subject: str
    raw_body: str


def prepare(subject: str, body: str) -> Prepared:
    own = own_text(body)
    bare_subject, replied = strip_reply_prefix(subject)
    return Prepared("" if replied else fold(bare_subject), fold(own), bare_subject, own)


class Classifier:
    def __init__(self, model: IntentModel) -> None:
        self.model = model
        self.labels = model.labels

    def probabilities(self, prepared: Prepared) -> dict[str, float]:
        indices, values = featurise(prepared.body, prepared.subject)
        probs = self.model.probabilities(indices, values)
        return {label: float(p) for label, p in zip(self.labels, probs, strict=True)}

    def read(self, subject: str, body: str) -> Reading:
        prepared = prepare(subject, body)
        probs = self.probabilities(prepared)
        ranked = sorted(probs.items(), key=lambda item: -item[1])
        intent, confidence = ranked[0]
        orders, labelled = named_orders(prepared.raw_subject, prepared.raw_body)
        return Reading(
            intent,
            round(confidence, 4),
            self._also(prepared.raw_body, intent),
            tuple(orders),
            labelled,
            language(prepared.body or prepared.subject),
            tuple((label, round(p, 4)) for label, p in ranked[1:3]),
        )

    def _also(self, own: str, intent: str) -> tuple[str, ...]:
        found: list[str] = []
        if intent == "other":  # a person answers it anyway
            return ()
        parts = [fold(part) for part in sentences(own)]
        for part in parts:
            if len(part.split()) < 3:
                continue
            # Only a sentence with another intent's cue can ask something else:
            # the others are not read again.
            cued = {i for i in cue_counts(part) if i != intent and i not in QUIET}
            if not cued - set(found):
                continue
            indices, values = featurise(part)
            probs = self.model.probabilities(indices, values)
            best = int(np.argmax(probs))
            label = self.labels[best]
            if label in cued and probs[best] >= ALSO_MIN and label not in found:
                found.append(label)
        return tuple(found)
