"""The contract's tests of `send`: a receipt with the channel's own id, the
remote side got it, and the same two errors as `fetch`."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from plugins.api import (
    Address,
    AuthenticationError,
    Channel,
    InboundMessage,
    OutboundReply,
    Receipt,
    TemporarilyUnavailable,
)
from plugins.testing.base import ContractBase
from plugins.testing.fetching import markers, opened
from plugins.testing.harness import Remote, Setup, call


def default_reply(message: InboundMessage, text: str) -> OutboundReply:
    """The shop's answer to `message`, as the core would queue it."""
    return OutboundReply(
        outbox_id=1,
        conversation_id=1,
        message_id=f"<contract.{uuid.uuid4().hex}@comptoir.invalid>",
        sender=Address("Contract Shop", "shop@example.com"),
        to=(message.sender,) if message.sender else (),
        text=text,
        sent_at=datetime.now(UTC),
        subject=f"Re: {message.subject}" if message.subject else "",
        in_reply_to=message.message_id,
        references=(message.message_id,) if message.message_id else (),
        thread_key=message.thread_key,
    )


class SendingContract(ContractBase):
    def reply_to(self, message: InboundMessage, text: str) -> OutboundReply:
        """The reply the tests send; override when your channel needs more
        (the shop's own address as the sender, say)."""
        return default_reply(message, text)

    async def _send(
        self, channel_class: type[Channel], setup: Setup, reply: OutboundReply
    ) -> Receipt:
        """Send as the core does: `prepare` once, its bytes handed to `send`."""
        async with opened(channel_class, setup) as channel:
            reply = replace(reply, prepared=channel.prepare(reply))
            async with asyncio.timeout(self.timeout):
                receipt = await channel.send(reply)
        assert isinstance(receipt, Receipt), f"send returned {receipt!r}"
        assert isinstance(receipt.external_id, str) and receipt.external_id.strip()
        return receipt

    async def _reply(
        self, channel_class: type[Channel], setup: Setup, remote: Remote
    ) -> tuple[OutboundReply, str, InboundMessage]:
        if not channel_class.capabilities.send:
            pytest.skip("the channel does not send (capabilities.send)")
        message = await self._one_message(channel_class, setup, remote)
        text = markers(1)[0].replace("Où est", "Voici")
        return self.reply_to(message, text), text, message

    @pytest.mark.asyncio
    async def test_send_returns_a_receipt_and_the_remote_side_gets_it(
        self, channel_class: type[Channel], channel_setup: Setup, remote: Remote
    ) -> None:
        reply, text, message = await self._reply(channel_class, channel_setup, remote)
        first = await self._send(channel_class, channel_setup, reply)
        another = self.reply_to(message, text + " (bis)")
        second = await self._send(
            channel_class, channel_setup, replace(another, outbox_id=2)
        )
        assert first.external_id != second.external_id, "two sends, one id"
        got = await call(remote.received)
        assert any(text in received for received in got), f"{text!r} not in {got}"

    @pytest.mark.asyncio
    async def test_send_with_bad_credentials_raises_authentication_error(
        self,
        channel_class: type[Channel],
        channel_setup: Setup,
        remote: Remote,
        bad_credentials: Setup | None,
    ) -> None:
        if bad_credentials is None:
            pytest.skip("no bad_credentials fixture: the channel has no credentials")
        reply, *_ = await self._reply(channel_class, channel_setup, remote)
        with pytest.raises(AuthenticationError):
            await self._send(channel_class, bad_credentials, reply)

    @pytest.mark.asyncio
    async def test_send_when_unreachable_raises_temporarily_unavailable(
        self,
        channel_class: type[Channel],
        channel_setup: Setup,
        remote: Remote,
        unreachable: Setup | None,
    ) -> None:
        if unreachable is None:
            pytest.skip("no unreachable fixture")
        reply, *_ = await self._reply(channel_class, channel_setup, remote)
        with pytest.raises(TemporarilyUnavailable):
            await self._send(channel_class, unreachable, reply)
