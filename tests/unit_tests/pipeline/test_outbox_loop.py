"""The core's outbox loop with channels in memory: where each reply goes, and
what happens when it cannot go. The email channel's own sending is tested
against aiosmtpd in functional_tests/email."""

from __future__ import annotations

import time

from plugins.api import (
    Address,
    AuthenticationError,
    TemporarilyUnavailable,
)
from storage.connection import Store
from storage.outbox import Author, list_outbox, queue_reply
from storage.pipeline.instances import Channels
from storage.pipeline.outbox import flush_outbox
from tests.unit_tests.pipeline.fakes import (
    SHOP,
    Chat,
    Mailer,
    addresses,
    channels,
    chat_line,
    customer_mail,
    stored,
)

CAMILLE = Author("Camille", SHOP)


async def two_replies(store: Store) -> Channels:
    """Replies "first" and "second" to two customers, on instance `shop`."""
    convs = await stored(
        store, "shop", customer_mail(1), customer_mail(2, sender="bo@x.example")
    )
    for conv, text in zip(convs, ("first", "second"), strict=True):
        await queue_reply(store, conv, text, CAMILLE)
    return channels({"shop": {"type": "mailer"}})


async def test_imported_mail_without_an_email_channel_fails_saying_what_to_add(
    store: Store,
) -> None:
    (conv,) = await stored(store, "import", customer_mail(1))
    await queue_reply(store, conv, "Bonjour", CAMILLE)
    report = await flush_outbox(store, channels({}))
    (entry,) = await list_outbox(store)
    assert (report.failed, entry.state) == (1, "failed")
    assert "imported from files and no email channel is configured" in entry.last_error
    assert '[channels.NAME] with type = "email"' in entry.last_error
    assert (
        "comptoir outbox retry 1" in entry.last_error and "\n" not in entry.last_error
    )


async def test_imported_mail_goes_through_the_only_email_instance(store: Store) -> None:
    (conv,) = await stored(store, "import", customer_mail(1))
    pk = await queue_reply(store, conv, "Bonjour", CAMILLE)
    report = await flush_outbox(store, channels({"shop": {"type": "mailer"}}))
    assert report.sent == 1
    ((instance, reply),) = Mailer.sent
    assert (instance, addresses(reply.to)) == ("shop", ["ann@example.com"])
    assert reply.in_reply_to == "q1@example.com"
    (entry,) = await list_outbox(store)
    assert (entry.state, entry.channel) == ("sent", "shop")
    rows = await store.conn.execute_fetchall(
        "SELECT channel FROM messages WHERE id = ?", (pk,)
    )
    assert list(rows) == [("shop",)]  # its copy, synced back, is known as this reply


async def test_with_two_email_instances_the_one_written_to_answers(
    store: Store,
) -> None:
    (conv,) = await stored(store, "import", customer_mail(1, to="orders@tea.example"))
    await queue_reply(store, conv, "Bonjour", CAMILLE)
    config = {
        "support": {"type": "mailer", "address": SHOP},
        "orders": {"type": "mailer", "address": "Orders@tea.example"},
    }
    await flush_outbox(store, channels(config))
    assert [instance for instance, _ in Mailer.sent] == ["orders"]


async def test_two_email_instances_and_neither_written_to_is_a_reason(
    store: Store,
) -> None:
    (conv,) = await stored(store, "import", customer_mail(1, to="old@tea.example"))
    await queue_reply(store, conv, "Bonjour", CAMILLE)
    config = {"a": {"type": "mailer"}, "b": {"type": "mailer"}}
    await flush_outbox(store, channels(config))
    (entry,) = await list_outbox(store)
    assert entry.state == "failed" and "old@tea.example" in entry.last_error
    assert "set `address` on the one that should answer it" in entry.last_error


async def test_a_reply_goes_where_the_customer_last_wrote(store: Store) -> None:
    (conv,) = await stored(store, "support", customer_mail(1))
    later = customer_mail(2, in_reply_to=("q1@example.com",))
    await stored(store, "orders", later, at=1_700_000_100)
    await queue_reply(store, conv, "Bonjour", CAMILLE)
    config = {"support": {"type": "mailer"}, "orders": {"type": "mailer"}}
    await flush_outbox(store, channels(config))
    ((instance, reply),) = Mailer.sent
    assert (instance, reply.in_reply_to) == ("orders", "q2@example.com")


async def test_a_channel_gone_from_the_config_is_a_reason(store: Store) -> None:
    (conv,) = await stored(store, "support", customer_mail(1))
    await queue_reply(store, conv, "Bonjour", CAMILLE)
    await flush_outbox(store, channels({"other": {"type": "mailer"}}))
    (entry,) = await list_outbox(store)
    assert entry.state == "failed"
    assert "support, is not in the config: add [channels.support]" in entry.last_error


async def test_a_chat_visitor_who_left_is_answered_by_email_in_the_same_conversation(
    store: Store,
) -> None:
    aka = (Address("Ann", "Ann@Example.com"),)
    (conv,) = await stored(store, "site", chat_line(1, "s1", also_known_as=aka))
    await queue_reply(store, conv, "Your parcel left today.", CAMILLE)
    config = {"site": {"type": "chat"}, "mail": {"type": "mailer"}}
    fakes = channels(config)
    Chat.gone.add("s1")
    report = await flush_outbox(store, fakes)
    assert (report.handed_over, report.sent) == (1, 1)
    ((instance, reply),) = Mailer.sent
    assert (instance, addresses(reply.to), reply.conversation_id) == (
        "mail",
        ["ann@example.com"],
        conv,
    )
    assert reply.text == "Your parcel left today." and reply.thread_key is None
    (entry,) = await list_outbox(store)
    assert (entry.state, entry.channel) == ("sent", "mail")


async def test_a_chat_visitor_who_left_no_address_fails_with_the_reason(
    store: Store,
) -> None:
    (conv,) = await stored(store, "site", chat_line(1, "s1"))
    await queue_reply(store, conv, "Your parcel left today.", CAMILLE)
    fakes = channels({"site": {"type": "chat"}, "mail": {"type": "mailer"}})
    Chat.gone.add("s1")
    await flush_outbox(store, fakes)
    (entry,) = await list_outbox(store)
    assert entry.state == "failed"
    assert entry.last_error == (
        "the visitor has left the chat; the customer left no email address to "
        "answer instead"
    )


async def test_a_chat_reply_goes_to_its_chat(store: Store) -> None:
    conv, same = await stored(store, "site", chat_line(1, "s1"), chat_line(2, "s1"))
    assert conv == same
    await queue_reply(store, conv, "Hello!", CAMILLE)
    await flush_outbox(store, channels({"site": {"type": "chat"}}))
    (reply,) = Chat.sent
    assert (reply.thread_key, addresses(reply.to)) == ("s1", ["widget:visitor1"])
    assert reply.to[0].kind == "chat"


async def test_busy_server_waits_as_it_asked_and_one_failure_blocks_no_other(
    store: Store,
) -> None:
    fakes = await two_replies(store)
    Mailer.failures["first"] = TemporarilyUnavailable("429 slow down", "shop", 120)
    report = await flush_outbox(store, fakes)
    assert (report.sent, report.retrying) == (1, 1)
    first, second = await list_outbox(store)
    assert (first.state, second.state) == ("queued", "sent")
    assert 110 <= first.next_attempt_at - int(time.time()) <= 121


async def test_a_refused_password_fails_the_instances_replies_until_a_person_acts(
    store: Store,
) -> None:
    fakes = await two_replies(store)
    Mailer.failures["first"] = AuthenticationError("wrong password: fix it", "shop")
    report = await flush_outbox(store, fakes)
    assert (report.failed, Mailer.sent) == (2, [])
    assert {e.last_error for e in await list_outbox(store)} == {
        "wrong password: fix it"
    }


async def test_an_unexpected_error_on_one_reply_blocks_no_other(store: Store) -> None:
    fakes = await two_replies(store)
    Mailer.failures["first"] = RuntimeError("a bug in the plugin")
    report = await flush_outbox(store, fakes)
    assert report.sent == 1 and "a bug in the plugin" in report.errors[0]
    first, second = await list_outbox(store)
    assert second.state == "sent" and "unexpected error" in first.last_error
