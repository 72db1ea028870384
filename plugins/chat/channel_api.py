"""The API the `chat` channel calls, with the shop's bearer token.

`inbound` hands over what visitors wrote after a cursor (a long poll when
nothing is new: a message reaches the console within moments); `replies`
stores the shop's answer and pushes it to the visitor's open pages, saying
whether they are still there; `typing` shows the agent typing.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from plugins.chat.hub import Hub
from plugins.chat.records import (
    FileData,
    Inbound,
    NewEntry,
    WidgetStore,
    entry_json,
    visitor_json,
)
from plugins.chat.security import bearer, same_secret
from plugins.chat.visitors import Refusal, file_type, safe_filename

MAX_WAIT = 30.0
Handler = Callable[[Request], Awaitable[Response]]


def _parts(request: Request) -> tuple[WidgetStore, Hub]:
    state = request.app.state
    return state.store, state.hub


def authorised(handler: Handler) -> Handler:
    async def run(request: Request) -> Response:
        token: str = request.app.state.channel_token
        if not same_secret(bearer(request.headers.get("authorization")), token):
            return JSONResponse(
                {"error": "token", "message": "wrong or missing API token"},
                401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        try:
            return await handler(request)
        except Refusal as refusal:
            return JSONResponse(refusal.json(), refusal.status)

    return run


def _number(request: Request, key: str, default: float, top: float) -> float:
    try:
        return min(top, max(0.0, float(request.query_params.get(key, default))))
    except ValueError:
        raise Refusal(400, "invalid", f"{key} must be a number") from None


def inbound_json(item: Inbound) -> dict[str, Any]:
    found: dict[str, Any] = {
        "entry": entry_json(item.entry),
        "visitor": visitor_json(item.visitor),
        "previous": entry_json(item.previous) if item.previous else None,
    }
    if item.file is not None:
        found["file_data"] = base64.b64encode(item.file).decode()
    return found


@authorised
async def hello(request: Request) -> Response:
    store, hub = _parts(request)
    return JSONResponse(
        {"server": store.server_id, "last": await store.last_seq(),
         "connected": hub.connected},
    )  # fmt: skip


@authorised
async def inbound(request: Request) -> Response:
    store, hub = _parts(request)
    after = int(_number(request, "after", 0, 2**62))
    limit = int(_number(request, "limit", 200, 1000)) or 1
    wait = _number(request, "wait", 0, MAX_WAIT)
    signal = hub.inbound_signal()
    found = await store.inbound(after, limit)
    if not found and wait:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(signal.wait(), wait)
        found = await store.inbound(after, limit)
    return JSONResponse(
        {"server": store.server_id, "entries": [inbound_json(i) for i in found]}
    )


def _files(raw: object) -> list[FileData]:
    files = []
    for item in raw if isinstance(raw, list) else []:
        try:
            data = base64.b64decode(str(item.get("data", "")), validate=True)
        except (binascii.Error, AttributeError):
            raise Refusal(400, "invalid", "files[].data must be base64") from None
        kind = (
            file_type(str(item.get("content_type", "")), data)
            or "application/octet-stream"
        )
        files.append(FileData(safe_filename(str(item.get("filename", ""))), kind, data))
    return files


@authorised
async def reply(request: Request) -> Response:
    """Store the shop's reply (again: a no-op) and push it to the visitor."""
    store, hub = _parts(request)
    form = await request.json()
    visitor = await store.visitor(str(form.get("visitor", "")))
    if visitor is None:
        raise Refusal(404, "visitor", "no such visitor on this widget server")
    key, kind = str(form.get("key", "")), str(form.get("kind", "text"))
    if not key or kind not in ("text", "survey"):
        raise Refusal(400, "invalid", "a reply needs a key, and kind text or survey")
    data = {"message_id": str(form.get("message_id") or key)}
    if form.get("automatic"):
        data["automatic"] = str(form["automatic"])
    author = str(form.get("author", ""))
    news = [
        NewEntry(visitor.id, key, "out", kind, str(form.get("text", "")), author, data)
    ]
    for n, file in enumerate(_files(form.get("files")), 1):
        news.append(NewEntry(visitor.id, f"{key}/{n}", "out", "text", author=author, data=data, file=file))  # fmt: skip
    entries = []
    for new in news:
        stored = await store.add_entry(new)
        if stored.created:
            hub.push(visitor.id, {"type": "entry", "entry": entry_json(stored.entry)})
        entries.append(entry_json(stored.entry))
    return JSONResponse(
        {"entries": entries, "online": hub.online(visitor.id),
         "visitor": visitor_json(visitor)},
    )  # fmt: skip


@authorised
async def sent(request: Request) -> Response:
    store, _ = _parts(request)
    visitor, key = (
        request.query_params.get("visitor", ""),
        request.query_params.get("key", ""),
    )
    entry = await store.entry_by_key(visitor, key)
    return JSONResponse({"sent": entry is not None})


@authorised
async def typing(request: Request) -> Response:
    _, hub = _parts(request)
    form = await request.json()
    reached = hub.push(
        str(form.get("visitor", "")), {"type": "typing", "on": bool(form.get("on"))}
    )
    return JSONResponse({"reached": reached})
