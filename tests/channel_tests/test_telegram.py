"""What the Telegram example does beyond the contract, against the local Bot API server."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from plugins.api import (
    Address,
    Channel,
    DeliveryRefused,
    InboundMessage,
    OutboundReply,
    PluginError,
    TemporarilyUnavailable,
)
from plugins.registry import load_channel
from plugins.testing import StaticContext
from tests.channel_tests.telegram_server import BotServer
from tests.servers import free_port


@pytest.fixture
def telegram(telegram_package: str, bot: BotServer) -> Channel:
    settings = {"base_url": bot.url, "batch_size": 10, "poll_seconds": 1}
    return load_channel("telegram")(
        "shop_bot", settings, StaticContext({"token": bot.token})
    )


async def _fetched(channel: Channel) -> list[InboundMessage]:
    found = []
    async for batch in channel.fetch(None):
        found += [m for m in batch.messages if isinstance(m, InboundMessage)]
    return found


def _reply(text: str, chat: str | None) -> OutboundReply:
    return OutboundReply(
        outbox_id=1,
        conversation_id=1,
        message_id="<r1@shop.example>",
        sender=Address("Shop", "shop@example.com"),
        to=(Address("Marie Dupont", "telegram:5123", kind="chat"),),
        text=text,
        sent_at=datetime.now(UTC),
        thread_key=chat,
    )


async def test_a_customer_message_becomes_a_chat_message(
    telegram: Channel, bot: BotServer
) -> None:
    update = bot.customer_writes("Bonjour, mon colis n'est pas arrivé")
    group = {"id": -100777, "type": "supergroup", "title": "Clients VIP"}
    bot.customer_writes(
        "",
        customer=1,
        chat=group,
        caption="Voici la photo",
        photo=[{"file_id": "A", "width": 90, "height": 90}],
    )
    bot.customer_writes(
        "",
        document={
            "file_id": "D",
            "file_name": "facture.pdf",
            "mime_type": "application/pdf",
            "file_size": 123456,
        },
    )
    bot.customer_writes(
        "",
        contact={
            "phone_number": "+33612345678",
            "first_name": "Marie",
            "user_id": 5123,
        },
    )
    async with telegram:
        first, photo, document, contact = await _fetched(telegram)
    sent = update["message"]
    assert first.external_id == f"5123:{sent['message_id']}"
    assert first.sender == Address("Marie Dupont", "telegram:5123", kind="chat")
    assert (first.thread_key, first.text) == (
        "5123",
        "Bonjour, mon colis n'est pas arrivé",
    )
    assert first.sent_at == datetime.fromtimestamp(sent["date"], UTC)
    assert b'"text":"Bonjour, mon colis n\'est pas arriv\xc3\xa9"' in first.raw
    assert (photo.thread_key, photo.sender) == (
        "-100777",
        Address("Jon", "telegram:5124", kind="chat"),
    )
    assert (
        photo.text
        == "Voici la photo\n[photo, not downloaded: open the chat in Telegram to see it]"
    )
    assert document.text == "[document facture.pdf, 121 KB, not downloaded]"
    assert contact.also_known_as == (Address("Marie", "+33612345678", kind="phone"),)


async def test_a_reply_goes_to_the_chat_as_plain_text(
    telegram: Channel, bot: BotServer
) -> None:
    async with telegram:
        receipt = await telegram.send(
            _reply("*Merci* <b>Marie</b> \x1b[31m", "-100777")
        )
        to_user = await telegram.send(_reply("Et vous ?", None))
    assert bot.sent[0]["text"] == "*Merci* <b>Marie</b> \x1b[31m"
    assert (
        "sendMessage",
        {"chat_id": "-100777", "text": "*Merci* <b>Marie</b> \x1b[31m"},
    ) in bot.calls
    assert receipt.external_id == f"-100777:{bot.sent[0]['message_id']}"
    assert to_user.external_id.startswith("5123:")  # no chat key: the user's own chat


async def test_refusals_for_good_are_delivery_refused(
    telegram: Channel, bot: BotServer
) -> None:
    bot.blocked.add(5123)
    async with telegram:
        with pytest.raises(DeliveryRefused, match="bot was blocked by the user"):
            await telegram.send(_reply("Bonjour", "5123"))
        with pytest.raises(
            DeliveryRefused, match="4,097 characters; Telegram takes 4,096"
        ):
            await telegram.send(_reply("x" * 4097, "5124"))
    assert bot.sent == []


async def test_a_group_that_became_a_supergroup_is_answered_there(
    telegram: Channel, bot: BotServer
) -> None:
    bot.migrated[-4001] = -1004001
    async with telegram:
        receipt = await telegram.send(_reply("Bonjour à tous", "-4001"))
    assert receipt.external_id.startswith("-1004001:")
    assert bot.sent[0]["chat"]["id"] == -1004001


async def test_the_token_never_shows_in_an_error(
    telegram_package: str, bot: BotServer
) -> None:
    cls = load_channel("telegram")
    for url in (bot.url, f"http://127.0.0.1:{free_port()}"):
        channel = cls(
            "shop_bot", {"base_url": url}, StaticContext({"token": "123:SECRET"})
        )
        async with channel:
            with pytest.raises(PluginError) as raised:
                await _fetched(channel)
            report = await channel.check()
        assert "SECRET" not in raised.value.message + report.summary()
        assert raised.value.title == "channels.shop_bot"


async def test_check_names_a_webhook_and_fetch_says_what_to_do(
    telegram: Channel, bot: BotServer
) -> None:
    bot.webhook_url = "https://shop.example/hook"
    async with telegram:
        report = await telegram.check()
        with pytest.raises(
            TemporarilyUnavailable, match="remove it with deleteWebhook"
        ):
            await _fetched(telegram)
    assert [(s.name, s.ok) for s in report.steps] == [
        ("connect", True),
        ("token", True),
        ("updates", False),
    ]
    assert report.summary() == (
        "updates: a webhook is set (https://shop.example/hook): remove it with deleteWebhook"
    )
    bot.webhook_url = ""
    async with telegram:
        assert (await telegram.check()).summary() == (
            f"connect ok (127.0.0.1:{bot.url.rsplit(':', 1)[1]}); token ok (@shop_bot); "
            "updates ok (long polling)"
        )


def test_options_are_checked_by_range(telegram_package: str) -> None:
    cls = load_channel("telegram")
    found = cls.check_options(
        "tg", {"batch_size": 500, "poll_seconds": 0, "base_url": "api.telegram.org"}
    )
    assert [key for key, _ in found] == ["batch_size", "poll_seconds", "base_url"]
    assert found[0][1] == "channels.tg.batch_size must be from 1 to 100"
