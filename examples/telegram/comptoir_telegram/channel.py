"""The Telegram channel: a shop's bot, read by long polling, answering in the chat.

The cursor is the next update offset (`getUpdates`' `offset`): asking from it
confirms everything before it, so Telegram forgets only what comptoir stored.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from datetime import datetime
from typing import Any

from comptoir_telegram.botapi import BotApi, Migrated
from comptoir_telegram.updates import ALLOWED_UPDATES, to_message
from plugins.api import (
    Batch,
    Capabilities,
    Channel,
    ChannelContext,
    CheckReport,
    CheckStep,
    ConfigurationError,
    DeliveryRefused,
    InboundMessage,
    Option,
    OptionType,
    OutboundReply,
    PluginError,
    RawMessage,
    Receipt,
    TemporarilyUnavailable,
    secret_options,
)

MAX_TEXT = 4096  # sendMessage's limit, in characters


class TelegramChannel(Channel):
    name = "telegram"
    label = "Telegram bot (Bot API)"
    options = (
        *secret_options("token", "bot token from @BotFather"),
        Option(
            "base_url",
            OptionType.STRING,
            "The Bot API server: Telegram's, or a local Bot API server of yours.",
            default="https://api.telegram.org",
        ),
        Option(
            "batch_size",
            OptionType.INTEGER,
            "Updates asked for at once (1 to 100).",
            default=100,
        ),
        Option(
            "poll_seconds",
            OptionType.INTEGER,
            "How long one long poll waits for news while comptoir is open (1 to 50).",
            default=25,
        ),
    )
    capabilities = Capabilities(watch=True, attachments=False, max_text=MAX_TEXT)

    def __init__(
        self,
        instance: str,
        settings: Mapping[str, Any],
        context: ChannelContext | None = None,
    ) -> None:
        super().__init__(instance, settings, context)
        self.api = BotApi(
            self.settings["base_url"], self._token, f"channels.{instance}"
        )
        self._known_token = ""

    @classmethod
    def check_options(
        cls, instance: str, options: dict[str, Any]
    ) -> list[tuple[str, str]]:
        found = super().check_options(instance, options)
        label = f"channels.{instance}"
        for key, low, high in (("batch_size", 1, 100), ("poll_seconds", 1, 50)):
            value = options.get(key, low)
            if isinstance(value, int) and not low <= value <= high:
                found.append((key, f"{label}.{key} must be from {low} to {high}"))
        url = options.get("base_url", "https://")
        if isinstance(url, str) and not url.startswith(("https://", "http://")):
            found.append(
                ("base_url", f'{label}.base_url must start with https://, like "https://api.telegram.org"')
            )  # fmt: skip
        return found

    async def _token(self) -> str:
        if not self._known_token:
            if self.context is None:
                raise ConfigurationError("no context to read the bot token from")
            self._known_token = await self.context.secret("token", "bot token")
        return self._known_token

    async def check(self) -> CheckReport:
        try:
            me = await self.api.call("getMe", {})
        except TemporarilyUnavailable as exc:
            return CheckReport((CheckStep("connect", False, exc.message),))
        except PluginError as exc:
            failed = CheckStep("token", False, exc.message)
            return CheckReport((CheckStep("connect", True, self.api.host), failed))
        steps: list[CheckStep] = [
            CheckStep("connect", True, self.api.host),
            CheckStep("token", True, f"@{me.get('username', '?')}"),
        ]
        try:
            hook = await self.api.call("getWebhookInfo", {})
        except PluginError as exc:
            steps.append(CheckStep("updates", False, exc.message))
        else:
            url = hook.get("url", "") if isinstance(hook, dict) else ""
            detail = (
                f"a webhook is set ({url}): remove it with deleteWebhook" if url else ""
            )
            steps.append(CheckStep("updates", not url, detail or "long polling"))
        return CheckReport(tuple(steps))

    async def _updates(self, offset: int | None, wait: int) -> list[dict[str, Any]]:
        params: dict[str, Any] = {
            "limit": self.settings["batch_size"],
            "timeout": wait,
            "allowed_updates": ALLOWED_UPDATES,
        }
        if offset is not None:
            params["offset"] = offset
        found = await self.api.call("getUpdates", params, wait=wait)
        return [u for u in found or [] if isinstance(u, dict) and "update_id" in u]

    def _offset(self, cursor: str | None) -> int | None:
        if cursor is None:
            return None
        if not cursor.lstrip("-").isdigit():
            raise ConfigurationError(
                f"the stored cursor {cursor!r} is not an update offset"
            )
        return int(cursor)

    @staticmethod
    def _batch(updates: list[dict[str, Any]]) -> tuple[Batch, int]:
        offset = max(int(u["update_id"]) for u in updates) + 1
        found = (to_message(u) for u in updates)
        return Batch(tuple(m for m in found if m is not None), str(offset)), offset

    async def fetch(
        self, cursor: str | None, since: datetime | None = None
    ) -> AsyncIterator[Batch]:
        # Telegram keeps updates for 24 hours and cannot go back further: `since`
        # asks for nothing more.
        offset = self._offset(cursor)
        while updates := await self._updates(offset, 0):
            batch, offset = self._batch(updates)
            yield batch
            if len(updates) < self.settings["batch_size"]:
                return

    async def watch(self, cursor: str | None) -> AsyncIterator[Batch]:
        offset = self._offset(cursor)
        while True:
            updates = await self._updates(offset, self.settings["poll_seconds"])
            if updates:
                batch, offset = self._batch(updates)
                yield batch

    @staticmethod
    def _chat(reply: OutboundReply) -> str:
        if reply.thread_key:
            return reply.thread_key
        for address in reply.to:
            if address.address.startswith("telegram:"):
                return address.address.removeprefix("telegram:")
        raise DeliveryRefused(
            "no Telegram chat to answer in: the customer never wrote here"
        )

    async def send(self, reply: OutboundReply) -> Receipt:
        if len(reply.text) > MAX_TEXT:
            raise DeliveryRefused(
                f"the reply has {len(reply.text):,} characters; Telegram takes "
                f"{MAX_TEXT:,} at most: shorten it or split it in two"
            )
        chat: int | str = self._chat(reply)
        try:
            sent = await self.api.call(
                "sendMessage", {"chat_id": chat, "text": reply.text}
            )
        except Migrated as moved:  # a group that became a supergroup: once more there
            chat = moved.chat_id
            sent = await self.api.call(
                "sendMessage", {"chat_id": chat, "text": reply.text}
            )
        return Receipt(f"{sent['chat']['id']}:{sent['message_id']}", f"chat {chat}")

    @classmethod
    def parse(cls, raw: RawMessage) -> InboundMessage:
        import json

        try:
            update = json.loads(raw.raw)
            message = to_message(update) if isinstance(update, dict) else None
        except ValueError as exc:
            message, update = None, exc
        if message is None:
            return InboundMessage(
                raw.external_id, raw.raw, defects=("not a Telegram message update",)
            )
        return message

    async def close(self) -> None:
        await self.api.close()
