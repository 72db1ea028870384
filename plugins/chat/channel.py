"""The `chat` channel: visitors of the shop's website, through its widget server.

`fetch` and `watch` take what visitors wrote from the widget server (`watch`
long-polls, so a message reaches the queue within moments); `send` shows the
agent's reply on the visitor's open pages. When the visitor has left and gave
an e-mail address, `send` says so (DeliveryRefused with `reach_at`) and the
core sends the reply by e-mail instead, in the same thread. This module stays
light: the config checker loads it to validate options.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import AsyncIterator
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from plugins.api import (
    AuthenticationError,
    Batch,
    Capabilities,
    Channel,
    CheckReport,
    CheckStep,
    DeliveryRefused,
    InboundMessage,
    Option,
    OutboundReply,
    PluginError,
    RawMessage,
    Receipt,
)
from plugins.chat.inbound import raw_item, to_message
from plugins.chat.settings import OPTIONS, problems

if TYPE_CHECKING:
    # httpx, 9 MB: imported when the widget server is first asked (`comptoir
    # import` loads every channel to find the one that reads a file format).
    from plugins.chat.client import WidgetClient


def reply_key(reply: OutboundReply) -> str:
    """The reply's key on the widget server: a retry of the same reply is stored
    once, while the same Message-ID with another text is another message."""
    digest = hashlib.sha256(reply.text.encode()).hexdigest()[:12]
    return f"{reply.message_id}#{digest}"


def _position(cursor: str | None) -> tuple[str, int]:
    """(server id, last entry stored) from the cursor; ("", 0) at the start."""
    if not cursor:
        return "", 0
    try:
        found = json.loads(cursor)
        return str(found["server"]), int(found["seq"])
    except (ValueError, KeyError, TypeError):
        return "", 0


class ChatChannel(Channel):
    name: ClassVar[str] = "chat"
    label: ClassVar[str] = "Website chat (the comptoir widget)"
    options: ClassVar[tuple[Option, ...]] = OPTIONS
    capabilities: ClassVar[Capabilities] = Capabilities(
        watch=True, send=True, attachments=True, typing=True
    )

    def __init__(self, instance: str, settings: Any, context: Any = None) -> None:
        super().__init__(instance, settings, context)
        self.url = str(self.settings["url"]).rstrip("/")
        self.page = int(self.settings.get("batch_size", 200))
        verify = self.settings.get("identity_secret_env") or self.settings.get(
            "identity_secret_command"
        )
        self.trust_given_email = not verify
        self._client: WidgetClient | None = None

    @classmethod
    def check_options(
        cls, instance: str, options: dict[str, Any]
    ) -> list[tuple[str, str]]:
        return super().check_options(instance, options) + problems(instance, options)

    async def _token(self) -> str:
        what = "widget server API token"
        if self.context is not None:
            return await self.context.secret("token", what)
        env = str(self.settings.get("token_env") or "")
        if env and (value := os.environ.get(env)):
            return value
        raise AuthenticationError(f"no {what}: set token_env", self.instance)

    async def client(self) -> WidgetClient:
        from plugins.chat.client import WidgetClient

        if self._client is None:
            self._client = WidgetClient(self.url, await self._token(), self.instance)
        return self._client

    async def check(self) -> CheckReport:
        steps: list[CheckStep] = []
        try:
            client = await self.client()
            steps.append(CheckStep("token", True))
            hello = await client.hello()
        except PluginError as exc:
            failed = "token" if not steps else "connect"
            if isinstance(exc, AuthenticationError) and steps:
                failed = "login"
            return CheckReport((*steps, CheckStep(failed, False, exc.message)))
        detail = f"{self.url}, {hello.get('connected', 0)} page(s) connected"
        return CheckReport((*steps, CheckStep("connect", True, detail), CheckStep("login", True)))  # fmt: skip

    def _batch(self, answer: dict[str, Any]) -> Batch:
        server = str(answer["server"])
        messages = tuple(
            to_message(raw_item(item, server), self.trust_given_email)
            for item in answer.get("entries", [])
        )
        return Batch(messages, messages[-1].cursor if messages else None)

    async def _pages(self, cursor: str | None, wait: float) -> AsyncIterator[Batch]:
        client = await self.client()
        server, after = _position(cursor)
        while True:
            answer = await client.inbound(after, self.page, wait)
            if server and answer["server"] != server:  # a new widget file: its own ids
                if self.context is not None:
                    self.context.warn("the widget server's file is new: reading it from the start")  # fmt: skip
                server, after = str(answer["server"]), 0
                continue
            server = str(answer["server"])
            batch = self._batch(answer)
            if not batch.messages:
                return
            yield batch
            after = _position(batch.cursor)[1]

    async def fetch(
        self, cursor: str | None, since: datetime | None = None
    ) -> AsyncIterator[Batch]:
        async for batch in self._pages(cursor, 0):
            yield batch

    async def watch(self, cursor: str | None) -> AsyncIterator[Batch]:
        from plugins.chat.client import LONG_POLL

        while True:
            async for batch in self._pages(cursor, LONG_POLL):
                cursor = batch.cursor or cursor
                yield batch

    @staticmethod
    def _visitor(reply: OutboundReply) -> str:
        if reply.thread_key:
            return reply.thread_key
        for person in reply.to:
            if person.address.startswith("widget:"):
                return person.address.removeprefix("widget:")
        return ""

    async def send(self, reply: OutboundReply) -> Receipt:
        visitor = self._visitor(reply)
        if not visitor:
            raise DeliveryRefused("no website visitor to answer: the reply has no chat thread", self.instance)  # fmt: skip
        payload = {
            "visitor": visitor, "key": reply_key(reply), "message_id": reply.message_id,
            "text": reply.text,
            "author": reply.sender.name, "automatic": reply.automatic,
            "kind": "survey" if reply.automatic == "survey" else "text",
            "files": [
                {"filename": a.filename, "content_type": a.content_type,
                 "data": base64.b64encode(a.data).decode()}
                for a in reply.attachments
            ],
        }  # fmt: skip
        from plugins.chat.client import NotFoundOnServer

        try:
            answer = await (await self.client()).reply(payload)
        except NotFoundOnServer as exc:
            raise DeliveryRefused(f"the widget server does not know this visitor ({exc.message})", self.instance) from None  # fmt: skip
        first = answer["entries"][0]
        if not answer.get("online") and (answer.get("visitor") or {}).get("email"):
            raise DeliveryRefused(
                "the visitor has left the page: the reply waits for them in the "
                "widget and goes to the e-mail address they gave",
                self.instance,
                fallback="email",
            )
        where = (
            "shown live" if answer.get("online") else "kept until the visitor returns"
        )
        return Receipt(f"{self.url}#{first['seq']}", where)

    async def was_sent(self, reply: OutboundReply) -> bool | None:
        visitor = self._visitor(reply)
        if not visitor:
            return False
        return await (await self.client()).sent(visitor, reply_key(reply))

    async def typing(self, thread_key: str, active: bool) -> None:
        await (await self.client()).typing(thread_key, active)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None

    @classmethod
    def parse(cls, raw: RawMessage) -> InboundMessage:
        return to_message(raw.raw, trust_given_email=True)
