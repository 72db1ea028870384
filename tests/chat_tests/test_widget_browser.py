"""The widget in real headless Chromium, on a shop page with a strict CSP.

The shop's page is served with `Content-Security-Policy: default-src 'self'`
and the widget server proxied under /chat, so any inline script or style the
widget needed would be refused (and show in the console, which is checked).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from console.demo.messages import INVOICE, tiny_png
from plugins.api import Attachment, DeliveryRefused
from plugins.chat.records import AlwaysOpen
from plugins.chat.security import identity_signature
from tests.chat_tests.browser import Console, browser, needs_chromium
from tests.chat_tests.channel_support import fetched, reply_to, send, typing
from tests.chat_tests.live import LiveWidget, ShopPage
from tests.chat_tests.widget_page import WidgetPage
from tests.servers import free_port

pytestmark = [needs_chromium, pytest.mark.server]
__all__ = ["browser"]  # the fixture, imported for this module


class Closed(AlwaysOpen):
    """Outside opening hours, back in two hours."""

    def is_open(self, at: float) -> bool:
        return False

    def next_open(self, at: float) -> float | None:
        return at + 7200


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
    second.page.locator("li.entry.out", has_text="Chung Hao").wait_for(state="attached")
    # read in the open tab: the closed one shows no unread reply
    second.page.wait_for_selector(".launcher[data-unread='0']", timeout=10_000)
    assert second.page.text_content(".launcher") == "Chat"
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
    survey = reply_to(message, question, automatic="survey")
    send(live, survey)
    rating = "Comment avons-nous répondu ?"  # the widget's words, the page's language
    widget.page.locator("form.rating", has_text=rating).wait_for(timeout=10_000)
    widget.page.click("form.rating .star[data-score='4']")
    widget.page.fill("form.rating textarea", "Rapide et gentil")
    widget.page.click("form.rating button[type=submit]")
    widget.page.locator("li.rated", has_text="4/5").wait_for(timeout=10_000)
    assert widget.page.locator("form.rating").count() == 0
    *_, rating = fetched(live)
    assert rating.text == "4\nRapide et gentil"  # how a survey answer reads
    assert rating.in_reply_to == (survey.message_id,)  # answers the survey itself


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
    assert refused.value.fallback == "email"  # the core hands it over to e-mail
    assert [a.address for a in message.also_known_as] == ["ann@example.fr"]
    back = visit(live.site + "/", context)
    back.page.wait_for_selector(".launcher[data-unread='1']", timeout=10_000)
    back.open()
    back.reply_shown("Votre colis est parti.")


def test_a_site_not_allowed_is_told_so_and_nothing_is_stored(
    live_widget: Callable[..., LiveWidget], visit: Callable[..., WidgetPage]
) -> None:
    live = live_widget(page=ShopPage(), ask_name="no", ask_email="no")
    # The same page reached as http://localhost:PORT is another origin.
    widget = visit(live.site.replace("127.0.0.1", "localhost") + "/")
    widget.open()
    widget.write("Bonjour ?")
    assert widget.notice() == "Ce chat n'est pas disponible sur ce site."
    widget.wait_state("refused")
    assert widget.page.is_hidden("form.composer")
    assert fetched(live) == []
    allowed = visit(live.site + "/")  # the shop's own origin still works
    allowed.open()
    allowed.write("Bonjour !")
    allowed.sent("Bonjour !")


def test_an_oversized_message_and_a_flood_are_refused_clearly(
    live_widget: Callable[..., LiveWidget], visit: Callable[..., WidgetPage]
) -> None:
    live = live_widget(
        page=ShopPage(), ask_name="no", ask_email="no", max_message=200, visitor_rate=12
    )
    widget = visit(live.site + "/")
    widget.open()
    widget.write("x" * 201)
    assert widget.notice() == "Votre message est trop long (200 caractères au plus)."
    widget.page.locator("li.entry.failed").wait_for(timeout=10_000)
    for n in range(14):
        widget.write(f"Message {n}")
    assert widget.notice() == (
        "Vous envoyez des messages trop vite. Patientez un instant."
    )
    stored = [m.text for m in fetched(live)]
    assert stored == [f"Message {n}" for n in range(12)]  # a minute's worth, no more
    time.sleep(5.5)  # a minute's allowance of 12 refills one message in 5 s
    widget.write("Toujours là")
    widget.sent("Toujours là")
    assert widget.page.is_hidden(".notice")


def test_without_a_websocket_the_widget_polls(
    live_widget: Callable[..., LiveWidget],
    visit: Callable[..., WidgetPage],
    browser: Any,
) -> None:
    live = live_widget(page=ShopPage(), ask_name="no", ask_email="no")
    context = browser.new_context()
    context.route_web_socket("**/api/visitor/ws", lambda ws: ws.close())
    try:
        widget = visit(live.site + "/", context)
        widget.open()
        widget.write("Mon proxy coupe les websockets")
        widget.sent("coupe les websockets")
        widget.wait_state("polling")
        [message] = fetched(live)
        typing(live, message.thread_key or "", True)
        widget.page.wait_for_selector("p.typing:not([hidden])", timeout=10_000)
        send(live, reply_to(message, "Pas de souci, on vous entend."))
        widget.reply_shown("on vous entend")
    finally:
        context.close()


def test_files_go_both_ways_within_the_limit(
    live_widget: Callable[..., LiveWidget],
    visit: Callable[..., WidgetPage],
    tmp_path: Path,
) -> None:
    live = live_widget(page=ShopPage(), ask_name="no", ask_email="no", max_file=2000)
    widget = visit(live.site + "/")
    widget.open()
    widget.write("Voici la photo de la théière cassée")
    widget.sent("théière cassée")
    photo = tmp_path / "théière.png"
    photo.write_bytes(tiny_png())
    widget.page.set_input_files("form.composer input[type=file]", str(photo))
    widget.page.locator("li.entry.in:not(.pending) .file-link", has_text="théière.png").wait_for(timeout=10_000)  # fmt: skip
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 3000)
    widget.page.set_input_files("form.composer input[type=file]", str(big))
    assert widget.notice() == "Ce fichier est trop gros (2 KB au plus)."
    first, second = fetched(live)
    assert second.attachments[0].filename == "théière.png"
    assert second.attachments[0].data == tiny_png()
    invoice = Attachment("facture.pdf", "application/pdf", INVOICE)
    send(live, replace(reply_to(first, "La facture :"), attachments=(invoice,)))
    widget.page.locator(".file-link", has_text="facture.pdf").wait_for(timeout=10_000)
    with widget.page.expect_download() as download:
        widget.page.click(".file-link >> text=facture.pdf")
    saved = tmp_path / "downloaded.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == INVOICE


def test_outside_opening_hours_the_visitor_leaves_a_message_and_an_email(
    live_widget: Callable[..., LiveWidget], visit: Callable[..., WidgetPage]
) -> None:
    live = live_widget(page=ShopPage(), availability=Closed())
    widget = visit(live.site + "/")
    widget.open()
    assert widget.status().startswith("Nous sommes absents pour le moment. De retour")
    assert widget.page.is_hidden("form.composer")
    widget.page.fill("form.offline input[name=name]", "Jeanne Petit")
    widget.page.fill("form.offline textarea", "Livrez-vous en Belgique ?")
    widget.page.click("form.offline button[type=submit]")  # the browser asks first
    assert widget.page.locator("form.offline input[name=email]:invalid").count() == 1
    assert fetched(live) == []
    widget.page.fill("form.offline input[name=email]", "jeanne@example.be")
    widget.page.click("form.offline button[type=submit]")
    widget.page.locator("form.offline", has_text="Merci").wait_for(timeout=10_000)
    [message] = fetched(live)
    assert message.text == "Livrez-vous en Belgique ?"
    assert [a.address for a in message.reply_to] == ["jeanne@example.be"]
    assert [a.address for a in message.also_known_as] == ["jeanne@example.be"]


def test_a_logged_in_customer_is_verified_and_a_forged_one_is_refused(
    live_widget: Callable[..., LiveWidget], visit: Callable[..., WidgetPage]
) -> None:
    secret = "shop-secret-for-hmac"
    signed = identity_signature(secret, "ann@example.fr")
    page = ShopPage(attrs={"user-email": "ann@example.fr", "user-hash": signed})
    live = live_widget(
        page=page, identity_secret=secret, verify_identity=True, ask_name="no"
    )
    widget = visit(live.site + "/")
    widget.open()
    widget.page.fill("form.prechat input[name=email]", "someone@else.example")
    widget.page.click("form.prechat button[type=submit]")
    widget.write("Où en est ma commande ?")
    widget.sent("ma commande")
    [message] = fetched(live)
    assert [a.address for a in message.also_known_as] == ["ann@example.fr"]
    page.attrs["user-hash"] = identity_signature("guessed", "ann@example.fr")
    forged = visit(live.site + "/other")
    forged.page.evaluate("localStorage.clear()")
    forged = visit(live.site + "/", forged.page.context)
    forged.open()
    forged.page.fill("form.prechat input[name=email]", "ann@example.fr")
    forged.page.click("form.prechat button[type=submit]")
    assert forged.notice() == (
        "Nous n'avons pas pu confirmer votre compte. Rechargez la page."
    )
    assert len(fetched(live)) == 1


def test_a_widget_served_from_another_origin_works_under_the_pages_csp(
    live_widget: Callable[..., LiveWidget],
    visit: Callable[..., WidgetPage],
    console: Console,
) -> None:
    """The shop's theme on its own site, the widget server on chat.<shop>: CORS
    preflights for the token header, a cross-origin websocket, and a CSP that
    names the widget server and nothing else."""
    site_port = free_port()
    site = f"http://127.0.0.1:{site_port}"
    widget = live_widget(origins={site}, ask_name="no", ask_email="no")
    server = widget.url
    csp = (
        f"default-src 'self'; script-src {server}; style-src {server}; "
        f"connect-src {server} {server.replace('http', 'ws')}"
    )
    page = ShopPage(src=f"{server}/static/widget.js", csp=csp)
    live_widget(page=page, port=site_port)
    shown = visit(site + "/")
    shown.open()
    shown.write("Bonjour depuis la boutique")
    shown.sent("depuis la boutique")
    shown.wait_state("live")
    [message] = fetched(widget)
    send(widget, reply_to(message, "Bonjour, ici le chat."))
    shown.reply_shown("ici le chat")
    assert console.problems() == []
