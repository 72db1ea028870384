"""The visitors' JSON API: start a chat, send, poll, attach, rate, leave word.

Each handler names its visitor by `Authorization: Bearer TOKEN`; bodies are
bounded by the routes' `max_body_size`. Refusals are JSON with the status the
widget words for the visitor (see `visitors.Refusal`).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from plugins.chat.hub import TooManyListeners
from plugins.chat.records import Visitor, entry_json, visitor_json
from plugins.chat.security import bearer
from plugins.chat.visitors import Refusal, VisitorService

MAX_WAIT = 25.0  # a long poll answers at least this often (proxies cut idle ones)
Handler = Callable[[Request], Awaitable[Response]]


def service(request: Request) -> VisitorService:
    found: VisitorService = request.app.state.visitors
    return found


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def refused(refusal: Refusal) -> JSONResponse:
    headers = {}
    if refusal.retry_after is not None:
        headers["Retry-After"] = str(max(1, round(refusal.retry_after)))
    return JSONResponse(refusal.json(), refusal.status, headers=headers)


def answers(handler: Handler) -> Handler:
    """Turn a refusal anywhere in the handler into its JSON answer."""

    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except Refusal as refusal:
            return refused(refusal)

    return run


async def _form(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError):
        raise Refusal(400, "invalid", "the body must be a JSON object") from None
    if not isinstance(body, dict):
        raise Refusal(400, "invalid", "the body must be a JSON object")
    return body


async def _visitor(request: Request) -> Visitor:
    return await service(request).authenticate(
        bearer(request.headers.get("authorization"))
    )


@answers
async def config(request: Request) -> Response:
    return JSONResponse(service(request).config())


@answers
async def start(request: Request) -> Response:
    visitor, token = await service(request).start(
        await _form(request), client_ip(request)
    )
    return JSONResponse({"visitor": visitor_json(visitor), "token": token}, 201)


@answers
async def profile(request: Request) -> Response:
    visitor = await _visitor(request)
    changed = await service(request).update(visitor, await _form(request))
    return JSONResponse({"visitor": visitor_json(changed)})


def _after(request: Request) -> int:
    try:
        return max(0, int(request.query_params.get("after", "0")))
    except ValueError:
        raise Refusal(400, "invalid", "after must be a number") from None


@contextmanager
def _listening(svc: VisitorService, visitor_id: str) -> Iterator[asyncio.Queue[dict[str, Any]]]:  # fmt: skip
    try:
        with svc.hub.listen(visitor_id) as queue:
            yield queue
    except TooManyListeners:
        raise Refusal(429, "rate", "too many pages open for this chat") from None


@answers
async def messages(request: Request) -> Response:
    """The conversation after `after`; with `wait`, a long poll for what comes."""
    visitor = await _visitor(request)
    after = _after(request)
    try:
        wait = min(MAX_WAIT, max(0.0, float(request.query_params.get("wait", "0"))))
    except ValueError:
        wait = 0.0
    svc = service(request)
    typing = None
    with _listening(svc, visitor.id) as queue:
        entries = await svc.store.entries(visitor.id, after)
        if not entries and wait:
            try:
                pushed = await asyncio.wait_for(queue.get(), wait)
                typing = pushed.get("on") if pushed.get("type") == "typing" else None
            except TimeoutError:
                pass
            entries = await svc.store.entries(visitor.id, after)
    body: dict[str, Any] = {
        "visitor": visitor_json(visitor),
        "entries": [entry_json(e) for e in entries],
    }
    if typing is not None:
        body["typing"] = typing
    return JSONResponse(body)


@answers
async def send(request: Request) -> Response:
    visitor = await _visitor(request)
    form = await _form(request)
    entry = await service(request).say(
        visitor, form.get("client_id"), form.get("text"), client_ip(request)
    )
    return JSONResponse({"entry": entry_json(entry)}, 201)


@answers
async def upload(request: Request) -> Response:
    visitor = await _visitor(request)
    data = await request.body()
    entry = await service(request).attach(
        visitor,
        request.query_params.get("client_id"),
        request.query_params.get("name", ""),
        request.headers.get("content-type", ""),
        data,
        client_ip(request),
    )
    return JSONResponse({"entry": entry_json(entry)}, 201)


@answers
async def download(request: Request) -> Response:
    visitor = await _visitor(request)
    found = await service(request).store.file(request.path_params["file_id"])
    if found is None or found[1] != visitor.id:
        raise Refusal(404, "file", "no such file")
    ref, _, data = found
    quoted = json.dumps(ref.filename.encode("ascii", "replace").decode())
    return Response(
        data,
        media_type=ref.content_type,
        headers={
            "Content-Disposition": f"attachment; filename={quoted}",
            "Content-Security-Policy": "sandbox",  # never a page of this origin
            "Cache-Control": "private, no-store",
        },
    )


@answers
async def rate(request: Request) -> Response:
    visitor = await _visitor(request)
    svc = service(request)
    entry = await svc.rate(visitor, await _form(request), client_ip(request))
    return JSONResponse({"entry": entry_json(entry)}, 201)


@answers
async def offline(request: Request) -> Response:
    """A message left outside opening hours: answered by email, so it needs one."""
    svc = service(request)
    form = await _form(request)
    token = bearer(request.headers.get("authorization"))
    if not token and not (form.get("email") or form.get("user_email")):
        raise Refusal(400, "email_required", "an email address is needed to answer you")
    if token:
        visitor = await svc.update(await svc.authenticate(token), form)
        token = ""
    else:
        visitor, token = await svc.start(form, client_ip(request))
    if not visitor.email:
        raise Refusal(400, "email_required", "an email address is needed to answer you")
    entry = await svc.say(
        visitor, form.get("client_id"), form.get("text"), client_ip(request), "offline"
    )
    body: dict[str, Any] = {
        "visitor": visitor_json(visitor),
        "entry": entry_json(entry),
    }
    if token:
        body["token"] = token
    return JSONResponse(body, 201)
