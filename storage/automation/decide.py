"""What the automation does with one customer message, and why: pure rules.

A machine answers only what it can answer whole: a message it is sure about,
asking one thing, about an order it knows to be this customer's, with a canned
reply that renders cleanly. Anything else goes to a person, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.intents.order_match import OrderMatch
from storage.languages import language_name

_ORDER_PROBLEMS = {
    "other_customer": "order {number} belongs to another customer",
    "not_found": "order {number} is not found",
    "ambiguous": "the customer has several recent orders and names none",
    "none": "no order is known for this customer",
}


@dataclass(frozen=True, slots=True)
class Situation:
    intent: str
    confidence: float
    also: tuple[str, ...]
    order: OrderMatch
    mode: str  # off, suggest or send, for this intent
    after_automatic: bool  # the customer wrote again after an automatic answer
    person_writing: bool  # a person's draft waits in the conversation
    reply: str  # the canned reply chosen, '' when none fits
    needs_order: bool  # the reply speaks of the order
    problems: tuple[str, ...]  # what the check before sending found in it
    order_state: str = ""  # delivered or cancelled, when the order says so
    language: str = ""  # the one the answer must be in


@dataclass(frozen=True, slots=True)
class Decision:
    action: str  # none, drafted, sent or handed_over
    reason: str


def decide(situation: Situation, threshold: float) -> Decision:
    s = situation
    if s.after_automatic:
        return _hand_over("the customer wrote again after the automatic answer")
    if s.mode == "off":
        return Decision("none", f"automatic answers are off for {s.intent}")
    if s.confidence < threshold:
        return _hand_over(
            f"only {s.confidence:.0%} sure it is {s.intent} "
            f"(the threshold is {threshold:.0%})"
        )
    if s.also:
        return _hand_over(f"it also asks about {', '.join(s.also)}")
    if s.needs_order and s.order.how not in ("named", "only_recent"):
        number = f"#{s.order.number.lstrip('#')}"
        return _hand_over(_ORDER_PROBLEMS[s.order.how].format(number=number))
    if s.needs_order and s.order_state:
        number = f"#{s.order.number.lstrip('#')}"
        return _hand_over(f"order {number} shows as {s.order_state}")
    if not s.reply:
        said = language_name(s.language) if s.language else "this language"
        return _hand_over(f"no canned reply is tagged {s.intent} in {said}")
    if s.problems:
        return _hand_over(f"the reply {s.reply!r} cannot go as it is: {s.problems[0]}")
    about = f" for order {s.order.number}" if s.needs_order and s.order.number else ""
    if s.person_writing:
        if s.mode == "send":
            return _hand_over("a person is already writing a reply")
        return Decision("none", "a person is already writing a reply")
    if s.mode == "suggest":
        return Decision("drafted", f"a draft from {s.reply!r}{about} waits")
    return Decision("sent", f"answered with {s.reply!r}{about}")


def _hand_over(reason: str) -> Decision:
    return Decision("handed_over", reason)
