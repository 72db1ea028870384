"""The visitor's websocket: live both ways once the first frame names them.

Frames are JSON. The page says `{"type": "hello", "token", "after"}` first
(browsers cannot set headers on a websocket), then `message` frames; each is
answered by `ack` (stored) or `refused` (with the HTTP status it would have
had). The server pushes `entry` (a reply, or the visitor's own message from
another tab) and `typing`. A dead server or socket: the page reconnects, or
falls back to long polling.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

from plugins.chat.hub import TooManyListeners
from plugins.chat.records import Visitor, entry_json, visitor_json
from plugins.chat.visitors import Refusal, VisitorService

HELLO_WAIT = 10.0
CLOSE_UNAUTHORISED = 4401  # application close codes: 4000 + the HTTP status
CLOSE_ORIGIN = 4403
CLOSE_TOO_MANY = 4429


async def _hello(ws: WebSocket, svc: VisitorService) -> tuple[Visitor, int]:
    try:
        frame = await asyncio.wait_for(ws.receive_json(), HELLO_WAIT)
    except (TimeoutError, ValueError, KeyError):
        raise Refusal(
            401, "token", "say hello with the visitor's token first"
        ) from None
    if not isinstance(frame, dict) or frame.get("type") != "hello":
        raise Refusal(401, "token", "say hello with the visitor's token first")
    visitor = await svc.authenticate(str(frame.get("token", "")))
    after = frame.get("after", 0)
    return visitor, after if isinstance(after, int) and after > 0 else 0


class _Socket:
    """One page's socket: pushes and answers share it, one frame at a time."""

    def __init__(self, ws: WebSocket) -> None:
        self.ws, self.lock = ws, asyncio.Lock()

    async def send(self, frame: dict[str, Any]) -> None:
        async with self.lock:
            await self.ws.send_json(frame)

    async def pushes(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        while True:
            await self.send(await queue.get())


async def _frame(
    sock: _Socket, svc: VisitorService, visitor: Visitor, frame: Any, ip: str
) -> None:
    if not isinstance(frame, dict):
        return
    kind = frame.get("type")
    if kind == "ping":
        svc.hub.seen(visitor.id)
        await sock.send({"type": "pong"})
    elif kind == "message":
        client_id = frame.get("client_id")
        try:
            entry = await svc.say(visitor, client_id, frame.get("text"), ip)
        except Refusal as refusal:
            await sock.send({"type": "refused", "client_id": client_id,
                             "status": refusal.status, **refusal.json()})  # fmt: skip
            return
        await sock.send({"type": "ack", "client_id": client_id, "entry": entry_json(entry)})  # fmt: skip


async def visitor_socket(ws: WebSocket) -> None:
    svc: VisitorService = ws.app.state.visitors
    await ws.accept()
    try:
        visitor, after = await _hello(ws, svc)
    except (Refusal, WebSocketDisconnect):
        with contextlib.suppress(Exception):  # the page may be gone already
            await ws.close(CLOSE_UNAUTHORISED, "unknown visitor token")
        return
    try:
        with svc.hub.listen(visitor.id) as queue:
            await _live(_Socket(ws), svc, visitor, after, queue)
    except TooManyListeners:
        await ws.close(CLOSE_TOO_MANY, "too many pages open for this chat")


async def _live(
    sock: _Socket, svc: VisitorService, visitor: Visitor, after: int,
    queue: asyncio.Queue[dict[str, Any]],
) -> None:  # fmt: skip
    ws = sock.ws
    ip = ws.client.host if ws.client else "unknown"
    backlog = await svc.store.entries(visitor.id, after)
    await sock.send({"type": "ready", "visitor": visitor_json(visitor),
                     "entries": [entry_json(e) for e in backlog]})  # fmt: skip
    pusher = asyncio.create_task(sock.pushes(queue))
    try:
        while True:
            await _frame(sock, svc, visitor, await ws.receive_json(), ip)
    except (WebSocketDisconnect, ValueError, RuntimeError):
        pass  # gone, or a frame that is not JSON: either way the page reconnects
    finally:
        pusher.cancel()
        await asyncio.gather(pusher, return_exceptions=True)
