"""Canned replies: rendered in the sandbox, placeholders asked, checked before sending."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.reply_context import rank_replies
from storage.reply_templates import (
    ReplyContext,
    TemplateProblem,
    lint_reply,
    order_numbers_in,
    prompts,
    render_reply,
)

ANN = ReplyContext(
    customer={"name": "Ann Lee", "first_name": "Ann", "email": "ann@example.com"},
    order={"number": "#1042", "tracking_url": "https://t.example/1042"},
    shop={"name": "La Théière Bleue"},
    agent={"name": "Camille"},
    customer_emails=frozenset({"ann@example.com"}),
    order_numbers=("#1042", "#1001"),
)
NOBODY = ReplyContext(customer={}, order=None, shop={"name": "Shop"}, agent={})


def test_variables_fill_in_and_missing_ones_fall_back() -> None:
    template = 'Hi {{ customer.first_name or "there" }}, {{ order.number }} {{ order.nope.deeper }}!'
    assert render_reply(template, ANN) == "Hi Ann, #1042 !"
    assert render_reply(template, NOBODY) == "Hi there,  !"


def test_placeholders_are_listed_asked_and_visible_when_unanswered() -> None:
    template = (
        '{{ ask("Date") }} / {{ ask("Carrier", "La Poste") }} / {{ ask("Date") }}'
    )
    assert prompts(template) == ["Date", "Carrier"]
    assert render_reply(template, ANN, {"Date": "lundi"}) == "lundi / La Poste / lundi"
    unfilled = render_reply(template, ANN)
    assert unfilled.startswith("⟦Date⟧")
    assert lint_reply(unfilled, ANN, {}) == [
        "The placeholder ⟦Date⟧ has no value yet.",
        "The placeholder ⟦Date⟧ has no value yet.",
    ]


@pytest.mark.parametrize(
    "template",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ customer.name.format }}x{% for %}",
        "{{ 1/0 }}",
    ],
)
def test_broken_or_escaping_templates_are_a_problem_with_a_reason(
    template: str,
) -> None:
    with pytest.raises(TemplateProblem):
        render_reply(template, ANN)


def test_customer_values_stay_text() -> None:
    evil = ReplyContext(
        customer={"first_name": "{{ 7*7 }}[bold]x"}, order=None, shop={}, agent={}
    )
    assert render_reply("Hi {{ customer.first_name }}", evil) == "Hi {{ 7*7 }}[bold]x"


def test_an_order_number_of_another_customer_is_refused() -> None:
    text = "Your order #1042 left today; #1043 too. Call 0612345678? No: see #77."
    assert order_numbers_in(text) == ["1042", "1043", "0612345678"]
    owners = {"1042": ["ann@example.com"], "1043": ["bob@example.com"]}
    assert lint_reply(text, ANN, owners) == [
        "Order #1043 belongs to another customer (bob@example.com), not to this one."
    ]
    assert lint_reply("{{ order.number }} merci", ANN, {}) == [
        "Template code was left in the text: {{ order.number }}"
    ]


@given(st.text(max_size=80))
def test_rendering_any_text_raises_nothing_but_a_template_problem(
    template: str,
) -> None:
    try:
        render_reply(template, ANN)
        prompts(template)
    except TemplateProblem:
        pass


class Reply:
    def __init__(self, name: str, title: str = "", body: str = "") -> None:
        self.name, self.title, self.body, self.tags = name, title, body, ()


def test_fuzzy_ranking_puts_the_closest_first() -> None:
    replies = [
        Reply("signature-fr"),
        Reply("suivi", "Où est ma commande"),
        Reply("tracking", "Where is my order"),
    ]
    assert [r.name for r in rank_replies(replies, "suiv")] == ["suivi"]
    assert rank_replies(replies, "trk")[0].name == "tracking"
    assert [r.name for r in rank_replies(replies, "order")] == ["tracking"]
    assert len(rank_replies(replies, "")) == 3


def test_order_items_are_the_items_never_a_method_of_the_record() -> None:
    from storage.reply_templates import TextList

    items = ReplyContext(
        customer={},
        order={"items": TextList(["2 × Earl Grey", "1 × Teapot"])},  # noqa: RUF001
        shop={},
        agent={},
    )
    assert render_reply("{{ order.items }}", items) == "2 × Earl Grey, 1 × Teapot"  # noqa: RUF001
    assert render_reply('{{ order.items | join(" / ") }}', items).count(" / ") == 1
    loop = "{% for item in order.items %}- {{ item }}\n{% endfor %}"
    assert render_reply(loop, items).splitlines()[1] == "- 1 × Teapot"  # noqa: RUF001
    assert render_reply("{{ order.values }}{{ order.keys }}", NOBODY) == ""


@pytest.mark.parametrize(
    "leaked",
    [
        "<built-in method items of dict object at 0x7f3a2c1b9e40>",
        "<bound method Order.total of <Order 1>>",
        "<storage.orders.Order object at 0x7f3a2c1b9e40>",
        "['2 × Earl Grey', '1 × Teapot']",  # noqa: RUF001
        "Decimal('49.00')",
    ],
)
def test_the_check_before_sending_refuses_a_python_repr(leaked: str) -> None:
    problems = lint_reply(f"Your items: {leaked}. Thanks!", ANN, {})
    assert len(problems) == 1 and "a program's value" in problems[0]


def test_a_customer_named_with_braces_is_no_template_code() -> None:
    braces = ReplyContext(
        customer={"name": "{{ Ann }}", "first_name": "{%raw%}"},
        order=None,
        shop={},
        agent={},
    )
    text = render_reply("Hi {{ customer.name }} ({{ customer.first_name }})", braces)
    assert text == "Hi {{ Ann }} ({%raw%})"
    assert lint_reply(text, braces, {}) == []
    assert lint_reply(text + " {{ order.number }}", braces, {}) == [
        "Template code was left in the text: {{ order.number }}"
    ]
