"""The demo's scripted visitor: writes on the shop's page, waits for the shop's
answer, says thank you. It talks to the widget server as the widget does."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from console.demo.live_chat import Visitor

THINKING = 3.0  # seconds between reading the answer and thanking


async def _say(http: httpx.AsyncClient, token: str, key: str, text: str) -> int:
    answer = await http.post(
        "/api/visitor/messages",
        json={"client_id": key, "text": text},
        headers={"authorization": f"Bearer {token}"},
    )
    answer.raise_for_status()
    seq: int = answer.json()["entry"]["seq"]
    return seq


async def _answer(http: httpx.AsyncClient, token: str, after: int) -> None:
    """Wait, as the widget does, until the shop answers after `after`."""
    while True:
        polled = await http.get(
            "/api/visitor/messages",
            params={"after": after, "wait": 25},
            headers={"authorization": f"Bearer {token}"},
        )
        entries: list[dict[str, Any]] = polled.json()["entries"]
        if any(e["direction"] == "out" for e in entries):
            return
        after = max([after, *(e["seq"] for e in entries)])


async def play(base: str, origin: str, visitor: Visitor) -> None:
    timeout = httpx.Timeout(10.0, read=40.0)
    async with httpx.AsyncClient(
        base_url=base, headers={"origin": origin}, timeout=timeout
    ) as http:
        await asyncio.sleep(visitor.delay)
        started = await http.post(
            "/api/visitor/session",
            json={"name": visitor.name, "email": visitor.email, "language": "fr"},
        )
        started.raise_for_status()
        token = str(started.json()["token"])
        seq = await _say(http, token, "demo-question", visitor.first)
        await _answer(http, token, seq)
        await asyncio.sleep(THINKING)
        await _say(http, token, "demo-thanks", visitor.thanks)
