"""The widget in real headless Chromium, on a shop page with a strict CSP.

The shop's page is served with `Content-Security-Policy: default-src 'self'`
and the widget server proxied under /chat, so any inline script or style the
widget needed would be refused (and show in the console, which is checked).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from plugins.api import DeliveryRefused
from tests.chat_tests.browser import Console, browser, needs_chromium
from tests.chat_tests.channel_support import fetched, reply_to, send, typing
from tests.chat_tests.live import LiveWidget, ShopPage
from tests.chat_tests.widget_page import WidgetPage

pytestmark = [needs_chromium, pytest.mark.server]
__all__ = ["browser"]  # the fixture, imported for this module


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def visit(browser: Any, console: Console) -> Iterator[Callable[..., WidgetPage]]:
    contexts: list[Any] = []

    def open_page(url: str, context: Any = None) -> WidgetPage:
        if context is None:
            context = browser.new_context()
            contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: console.lines.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: console.lines.append(f"pageerror: {e}"))
        return WidgetPage(page).goto(url)

    yield open_page
    for context in contexts:
        context.close()


def test_a_visitor_and_the_shop_talk_live_and_a_reload_keeps_it(
    live_widget: Callable[..., LiveWidget],
    visit: Callable[..., WidgetPage],
    console: Console,
) -> None:
    live = live_widget(page=ShopPage())
    widget = visit(live.site + "/")
    assert "répondons" in widget.status()  # French: the page says lang="fr"
    widget.open()
    widget.introduce("Ann Martin", "ann@example.fr")
    widget.wait_state("live")
    widget.write("Bonjour, où est ma commande 1042 ?")
    widget.sent("où est ma commande 1042")

    [message] = fetched(live)  # what the console's fetch receives
    assert message.text == "Bonjour, où est ma commande 1042 ?"
    assert message.sender is not None and message.sender.name == "Ann Martin"
    assert message.thread_key and message.sender.address.startswith("widget:")

    typing(live, message.thread_key, True)
    widget.page.wait_for_selector("p.typing:not([hidden])", timeout=5000)
    answer = "<b>Bonjour</b> Ann, elle part demain <script>alert(1)</script>"
    receipt = send(live, reply_to(message, answer))
    assert receipt.detail == "shown live"
    widget.reply_shown("elle part demain")
    assert answer in widget.texts()  # shown as text, never as markup
    assert widget.page.is_hidden("p.typing")

    widget.page.reload()
    WidgetPage(widget.page).reply_shown("elle part demain")
    assert widget.texts() == ["Bonjour, où est ma commande 1042 ?", answer]
    assert console.problems() == []


def test_a_second_tab_follows_the_same_conversation(
    live_widget: Callable[..., LiveWidget], visit: Callable[..., WidgetPage]
) -> None:
    live = live_widget(page=ShopPage(), ask_name="no", ask_email="no")
    first = visit(live.site + "/")
    first.open()
    first.write("Avez-vous du thé au jasmin ?")
    first.sent("jasmin")
    second = visit(live.site + "/other", first.page.context)
    second.wait_state("live")
    assert second.texts() == ["Avez-vous du thé au jasmin ?"]
    [message] = fetched(live)
    send(live, reply_to(message, "Oui, le Jasmin Chung Hao."))
    first.reply_shown("Chung Hao")
    second.page.wait_for_selector(".launcher[data-unread='1']", timeout=10_000)
    assert second.page.text_content(".launcher") == "Chat (1)"
    second.open()
    second.reply_shown("Chung Hao")


def test_an_english_page_gets_english_texts_and_overrides_win(
    live_widget: Callable[..., LiveWidget], visit: Callable[..., WidgetPage]
) -> None:
    page = ShopPage(lang="en-GB", attrs={"text-title": "Ask the tea shop"})
    live = live_widget(page=page, ask_name="no", ask_email="no")
    widget = visit(live.site + "/")
    widget.open()
    assert widget.page.text_content("header h2") == "Ask the tea shop"
    assert widget.status() == "We answer as soon as we can."
    assert widget.page.get_attribute("form.composer textarea", "placeholder") == (
        "Write a message…"
    )


def test_the_rating_after_close_reaches_the_channel(
    live_widget: Callable[..., LiveWidget], visit: Callable[..., WidgetPage]
) -> None:
    live = live_widget(page=ShopPage(), ask_name="no", ask_email="no")
    widget = visit(live.site + "/")
    widget.open()
    widget.write("Merci pour le colis !")
    widget.sent("Merci")
    [message] = fetched(live)
    question = "Êtes-vous satisfait(e) de notre réponse ?"
    send(live, reply_to(message, question, automatic="survey"))
    widget.page.locator("form.rating", has_text=question).wait_for(timeout=10_000)
    widget.page.click("form.rating .star[data-score='4']")
    widget.page.fill("form.rating textarea", "Rapide et gentil")
    widget.page.click("form.rating button[type=submit]")
    widget.page.locator("li.rated", has_text="4/5").wait_for(timeout=10_000)
    assert widget.page.locator("form.rating").count() == 0
    *_, rating = fetched(live)
    assert rating.text == "4\nRapide et gentil"  # how a survey answer reads
    assert rating.in_reply_to and rating.in_reply_to[0].startswith(
        rating.in_reply_to[0].split("#")[0]
    )


def test_replies_wait_for_a_visitor_who_left_and_say_where_to_reach_them(
    live_widget: Callable[..., LiveWidget], visit: Callable[..., WidgetPage]
) -> None:
    live = live_widget(page=ShopPage(), away_after=1)
    widget = visit(live.site + "/")
    widget.open()
    widget.introduce("Ann Martin", "ann@example.fr")
    widget.write("Je repasse plus tard.")
    widget.sent("plus tard")
    [message] = fetched(live)
    context = widget.page.context
    widget.page.close()
    time.sleep(1.5)  # longer than away_after
    with pytest.raises(DeliveryRefused) as refused:
        send(live, reply_to(message, "Votre colis est parti."))
    assert refused.value.reach_at is not None
    assert refused.value.reach_at.address == "ann@example.fr"
    back = visit(live.site + "/", context)
    back.page.wait_for_selector(".launcher[data-unread='1']", timeout=10_000)
    back.open()
    back.reply_shown("Votre colis est parti.")
