"""The channel's side of the widget server's API, over HTTP with httpx.

Network trouble and busy servers become TemporarilyUnavailable (the core
retries), a refused token AuthenticationError: the plugin contract's words.
"""

from __future__ import annotations

from typing import Any

import httpx

from plugins.api import AuthenticationError, PluginError, TemporarilyUnavailable

LONG_POLL = 25.0  # the server answers a long poll at least this often


class NotFoundOnServer(PluginError):
    """The widget server knows no such visitor."""


class WidgetClient:
    def __init__(self, base_url: str, token: str, instance: str) -> None:
        self.base_url, self.instance = base_url.rstrip("/"), instance
        self.http = httpx.AsyncClient(
            base_url=self.base_url,
            headers={"Authorization": f"Bearer {token}"},
            timeout=httpx.Timeout(15.0, read=LONG_POLL + 15.0),
        )

    async def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = await self.http.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            raise TemporarilyUnavailable(
                f"cannot reach the widget server at {self.base_url} ({type(exc).__name__}): "
                "is `comptoir chat serve` running there?",
                self.instance,
            ) from exc
        return self._answer(response)

    def _answer(self, response: httpx.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            body = {}
        said = str(body.get("message", "")) if isinstance(body, dict) else ""
        status = response.status_code
        if status == 401:
            raise AuthenticationError(
                f"the widget server at {self.base_url} refused the API token: "
                "give both sides the same token (token_env, token_command or the keyring)",
                self.instance,
            )
        if status == 404:
            raise NotFoundOnServer(
                said or "not found on the widget server", self.instance
            )
        if status == 429 or status >= 500:
            wait = response.headers.get("retry-after")
            raise TemporarilyUnavailable(
                f"the widget server answered {status}{': ' + said if said else ''}",
                self.instance,
                float(wait) if wait and wait.isdigit() else None,
            )
        if status >= 400 or not isinstance(body, dict):
            raise PluginError(f"the widget server answered {status}: {said or response.text[:200]}", self.instance)  # fmt: skip
        return body

    async def hello(self) -> dict[str, Any]:
        return await self._call("GET", "/api/channel/hello")

    async def inbound(
        self, after: int, limit: int = 200, wait: float = 0
    ) -> dict[str, Any]:
        params = {"after": after, "limit": limit, "wait": wait}
        return await self._call("GET", "/api/channel/inbound", params=params)

    async def reply(self, payload: dict[str, Any]) -> dict[str, Any]:
        return await self._call("POST", "/api/channel/replies", json=payload)

    async def sent(self, visitor: str, key: str) -> bool:
        params = {"visitor": visitor, "key": key}
        found = await self._call("GET", "/api/channel/replies", params=params)
        return bool(found.get("sent"))

    async def typing(self, visitor: str, on: bool) -> None:
        await self._call(
            "POST", "/api/channel/typing", json={"visitor": visitor, "on": on}
        )

    async def close(self) -> None:
        await self.http.aclose()
