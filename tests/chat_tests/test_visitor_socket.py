"""The visitor's websocket against a live server: hello first, then live."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.chat_tests.live import TOKEN, LiveWidget

pytestmark = pytest.mark.server
SITE = "https://latheierebleue.fr"


async def _start(live: LiveWidget) -> tuple[str, str]:
    async with httpx.AsyncClient() as client:
        answer = await client.post(
            live.url + "/api/visitor/session", json={}, headers={"origin": SITE}
        )
    body = answer.json()
    return body["token"], body["visitor"]["id"]


def _ws(live: LiveWidget, origin: str = SITE) -> Any:
    url = live.url.replace("http", "ws") + "/api/visitor/ws"
    return websockets.connect(url, origin=origin)  # type: ignore[arg-type]


async def _frame(ws: Any) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(await ws.recv())
    return found


async def test_hello_with_an_unknown_token_is_closed_4401(
    live_widget: Callable[..., LiveWidget],
) -> None:
    live = live_widget(origins={SITE})
    async with _ws(live) as ws:
        await ws.send(json.dumps({"type": "hello", "token": "forged"}))
        with pytest.raises(ConnectionClosed) as closed:
            await ws.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401


async def test_a_socket_from_another_site_is_refused(
    live_widget: Callable[..., LiveWidget],
) -> None:
    live = live_widget(origins={SITE})
    with pytest.raises(InvalidStatus) as refused:
        async with _ws(live, "https://evil.example"):
            pass
    assert refused.value.response.status_code == 403


async def test_messages_are_acknowledged_refused_and_shown_in_every_tab(
    live_widget: Callable[..., LiveWidget],
) -> None:
    live = live_widget(origins={SITE}, max_message=50)
    token, visitor = await _start(live)
    async with _ws(live) as tab1, _ws(live) as tab2:
        for tab in (tab1, tab2):
            await tab.send(json.dumps({"type": "hello", "token": token}))
            assert (await _frame(tab))["type"] == "ready"
        await tab1.send(json.dumps({"type": "message", "client_id": "c1", "text": "Bonjour"}))  # fmt: skip
        frames = [await _frame(tab1), await _frame(tab1)]
        ack = next(f for f in frames if f["type"] == "ack")
        assert ack["client_id"] == "c1" and ack["entry"]["text"] == "Bonjour"
        assert (await _frame(tab2))["entry"]["text"] == "Bonjour"  # the other tab
        await tab1.send(json.dumps({"type": "message", "client_id": "c2", "text": "x" * 51}))  # fmt: skip
        refused = await _frame(tab1)
        assert refused == {
            "type": "refused", "client_id": "c2", "status": 413, "error": "too_long",
            "message": "the message is longer than 50 characters",
        }  # fmt: skip
        async with httpx.AsyncClient() as client:
            reply = {"visitor": visitor, "key": "r1", "text": "Bonjour Ann"}
            headers = {"authorization": f"Bearer {TOKEN}"}
            await client.post(live.url + "/api/channel/typing", json={"visitor": visitor, "on": True}, headers=headers)  # fmt: skip
            answer = await client.post(live.url + "/api/channel/replies", json=reply, headers=headers)  # fmt: skip
        assert answer.json()["online"] is True
        for tab in (tab1, tab2):
            assert await _frame(tab) == {"type": "typing", "on": True}
            assert (await _frame(tab))["entry"]["text"] == "Bonjour Ann"
    async with _ws(live) as later:  # a page coming back asks for what it missed
        await later.send(json.dumps({"type": "hello", "token": token, "after": 1}))
        ready = await _frame(later)
        assert [e["text"] for e in ready["entries"]] == ["Bonjour Ann"]
