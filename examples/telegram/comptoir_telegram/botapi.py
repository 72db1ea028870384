"""Calling the Telegram Bot API, and its documented errors as comptoir's.

Every answer is a JSON object with `ok`; a refusal carries `error_code`,
`description` and sometimes `parameters` (`retry_after`, `migrate_to_chat_id`).
The token is part of each URL: no message built here ever shows it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

from plugins.api import (
    AuthenticationError,
    ConfigurationError,
    DeliveryRefused,
    PluginError,
    TemporarilyUnavailable,
)

CONNECT_SECONDS = 10.0


class Migrated(PluginError):
    """The group became a supergroup: write to `chat_id` instead."""

    def __init__(self, message: str, title: str, chat_id: int) -> None:
        super().__init__(message, title)
        self.chat_id = chat_id


class BotApi:
    def __init__(
        self, base_url: str, token: Callable[[], Awaitable[str]], title: str
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.host = urlsplit(self.base_url).netloc or self.base_url
        self.title = title
        self._token = token
        self._client: httpx.AsyncClient | None = None

    async def call(self, method: str, params: dict[str, Any], wait: float = 0) -> Any:
        """The method's `result`; `wait` is how long the server may hold the
        request (a long poll), on top of the usual time to answer."""
        token = await self._token()
        if self._client is None:
            self._client = httpx.AsyncClient()
        timeout = httpx.Timeout(CONNECT_SECONDS, read=CONNECT_SECONDS + wait)
        url = f"{self.base_url}/bot{token}/{method}"
        try:
            response = await self._client.post(url, json=params, timeout=timeout)
        except httpx.TimeoutException:
            raise TemporarilyUnavailable(
                f"{self.host} did not answer in time", self.title
            ) from None
        except httpx.TransportError as exc:
            reason = str(exc).replace(token, "<token>") or type(exc).__name__
            raise TemporarilyUnavailable(
                f"cannot reach {self.host}: {reason}", self.title
            ) from None
        return self._result(method, response)

    def _result(self, method: str, response: httpx.Response) -> Any:
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return self._not_the_bot_api(response.status_code)
        if body.get("ok") is True:
            return body.get("result")
        raise self._error(method, body, response.status_code)

    def _not_the_bot_api(self, status: int) -> None:
        if status >= 500:
            raise TemporarilyUnavailable(
                f"{self.host} answered HTTP {status}", self.title
            )
        raise ConfigurationError(
            f"{self.host} answered HTTP {status} without the Bot API's JSON: "
            "is base_url a Bot API server?",
            self.title,
        )

    def _error(self, method: str, body: dict[str, Any], status: int) -> PluginError:
        code = body.get("error_code", status)
        said = str(body.get("description", "")) or f"HTTP {status}"
        given = body.get("parameters")
        extra: dict[str, Any] = given if isinstance(given, dict) else {}
        if code in (401, 404):  # Telegram's word for an unknown or revoked token
            return AuthenticationError(
                f"Telegram refused the bot token ({said}); ask @BotFather for the "
                "token and set token_env or token_command",
                self.title,
            )
        if code == 429:
            wait = extra.get("retry_after")
            seconds = float(wait) if isinstance(wait, int | float) else None
            return TemporarilyUnavailable(f"{said}", self.title, retry_after=seconds)
        if code == 409:
            return TemporarilyUnavailable(
                f"{said} (another program reads this bot's updates, or a webhook "
                "is set: remove it with deleteWebhook)",
                self.title,
            )
        if isinstance(extra.get("migrate_to_chat_id"), int):
            return Migrated(said, self.title, extra["migrate_to_chat_id"])
        if code >= 500:
            return TemporarilyUnavailable(said, self.title)
        if method == "sendMessage" and code in (400, 403):
            return DeliveryRefused(f"Telegram refused the reply: {said}", self.title)
        return PluginError(f"{method}: {said}", self.title)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
