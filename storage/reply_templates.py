"""Canned replies rendered in jinja2's sandbox, and checked before they are sent.

Variables: `customer`, `order`, `shop`, `agent`. A missing value is empty and
falsy, so `{{ customer.first_name or "there" }}` falls back; an unknown name is
empty too, never an error. `{{ ask("Delivery date") }}` is a placeholder the
console asks a value for before inserting; left unanswered it stays visible as
`⟦Delivery date⟧`, and the check before sending refuses it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jinja2 import ChainableUndefined, TemplateError, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment


class _RecordSandbox(ImmutableSandboxedEnvironment):
    """Records hold values only: `order.items` is the order's items, never the
    dict's `items` method (whose repr a customer would have received), and a
    name the record lacks is empty."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, Mapping):
            if attribute in obj:
                return obj[attribute]
            return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


class TextList(list[str]):
    """A list a template may loop over or join, shown as "a, b" on its own."""

    def __str__(self) -> str:
        return ", ".join(self)


_ENV = _RecordSandbox(
    undefined=ChainableUndefined, autoescape=False, keep_trailing_newline=True
)
MARKER = re.compile(r"⟦([^⟧]*)⟧")
_LEFTOVER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
# What Python writes for an object that is not text: a template that reached a
# method, a class or a raw container instead of a value.
_REPR = re.compile(
    r"<(?:built-in |bound )?(?:method|function) [^\n]{1,200}?>"
    r"|<[\w.]+ object at 0x[0-9a-fA-F]+>"
    r"|<class '[\w.]+'>"
    r"|\b(?:Decimal|datetime\.\w+)\('?[^()]{0,40}'?\)"
    r"|\[(?:'[^'\n]*', )*'[^'\n]*'\]"
    r"|\{'[^'\n]*': "
)
_ORDER_NUMBER = re.compile(r"(?<![\w/.-])#?(\d{3,10})(?![\w/-])")


class TemplateProblem(ValueError):
    """A canned reply that cannot be rendered; the message says where and why."""


@dataclass(frozen=True, slots=True)
class ReplyContext:
    """The values a canned reply can use, for one conversation and one order."""

    customer: Mapping[str, Any]
    order: Mapping[str, Any] | None
    shop: Mapping[str, Any]
    agent: Mapping[str, Any]
    customer_emails: frozenset[str] = frozenset()
    order_numbers: tuple[str, ...] = field(default=())  # this customer's, newest first

    def variables(self) -> dict[str, Any]:
        return {
            "customer": dict(self.customer),
            "order": dict(self.order) if self.order else {},
            "shop": dict(self.shop),
            "agent": dict(self.agent),
        }


def _call_label(node: nodes.Call) -> str | None:
    if isinstance(node.node, nodes.Name) and node.node.name == "ask" and node.args:
        first = node.args[0]
        if isinstance(first, nodes.Const) and isinstance(first.value, str):
            return first.value
    return None


def _parse(template: str) -> nodes.Template:
    try:
        return _ENV.parse(template)
    except TemplateError as error:
        raise TemplateProblem(_describe(error)) from None


def prompts(template: str) -> list[str]:
    """The labels of the template's `ask(...)` placeholders, in order, once each."""
    labels = (_call_label(call) for call in _parse(template).find_all(nodes.Call))
    return list(dict.fromkeys(label for label in labels if label))


def fixed_text_problem(template: str) -> str | None:
    """Why a template that must render alone (a signature, a survey) cannot:
    it does not parse, or it asks for values; None when it can."""
    try:
        asked = prompts(template)
    except TemplateProblem as problem:
        return str(problem)
    return "cannot ask for values (ask(...))" if asked else None


def _describe(error: Exception) -> str:
    line = getattr(error, "lineno", None)
    where = f"line {line}: " if line else ""
    if isinstance(error, SecurityError):
        return (
            f"{where}the template reaches for something a reply may not use ({error})"
        )
    return f"{where}{getattr(error, 'message', None) or error}"


def render_reply(
    template: str, context: ReplyContext, answers: Mapping[str, str] | None = None
) -> str:
    """The reply's text for this customer; raises TemplateProblem, nothing else."""
    given = dict(answers or {})

    def ask(label: str, default: str = "") -> str:
        value = given.get(label, "").strip() or default
        return value or f"⟦{label}⟧"

    try:
        compiled = _ENV.from_string(template)
        return compiled.render(**context.variables(), ask=ask)
    except TemplateError as error:
        raise TemplateProblem(_describe(error)) from None
    except (
        ArithmeticError,
        TypeError,
        ValueError,
        LookupError,
        AttributeError,
    ) as error:
        raise TemplateProblem(f"the template failed: {error}") from None


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    return []


def _without_values(text: str, context: ReplyContext) -> str:
    """The text without the customer's, order's and shop's own values (a name
    with braces in it), longest first, so that only the writer's text is checked."""
    values = sorted(set(_strings(context.variables())), key=len, reverse=True)
    for value in values:
        if len(value) > 2 and ("{" in value or "<" in value or "[" in value):
            text = text.replace(value, " ")
    return text


def order_numbers_in(text: str) -> list[str]:
    """Numbers in a reply that may be order numbers, without their `#`."""
    return list(dict.fromkeys(m.group(1) for m in _ORDER_NUMBER.finditer(text)))


def lint_reply(
    text: str, context: ReplyContext, owners: Mapping[str, Iterable[str]]
) -> list[str]:
    """What must be fixed before sending, each said so that a person can act.

    `owners` maps order numbers found in the text to the e-mail addresses of the
    customers they belong to (from the store; numbers that are no order are absent).
    """
    problems = [
        f"The placeholder ⟦{label}⟧ has no value yet." for label in MARKER.findall(text)
    ]
    own = _without_values(text, context)  # a customer named "{{ x }}" is no code
    problems += [
        f"Template code was left in the text: {one.strip()[:40]}"
        for one in _LEFTOVER.findall(own)
    ]
    problems += [
        f"The text shows a program's value instead of the shop's words: "
        f"{one[:50]} (a template variable names something that is not text)"
        for one in _REPR.findall(own)
    ]
    mine = {number.lstrip("#") for number in context.order_numbers}
    for number, emails in owners.items():
        addresses = sorted(set(emails))
        if number in mine or not addresses:
            continue
        if not set(addresses) & context.customer_emails:
            problems.append(
                f"Order #{number} belongs to another customer ({', '.join(addresses)}), "
                "not to this one."
            )
    return problems
