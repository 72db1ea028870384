"""A local Telegram Bot API server for tests, after the documented shapes.

`POST /bot<token>/<method>` with a JSON, form or query body; every answer is
`{"ok": true, "result": ...}` or `{"ok": false, "error_code": N,
"description": ..., "parameters": {...}}`. getUpdates keeps updates until a
call with a higher offset confirms them, waits up to `timeout` seconds for new
ones (long polling), and answers a waiting call with 409 when another starts.
A real HTTP server on 127.0.0.1, one thread per request.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

BOT = {"id": 7000001, "is_bot": True, "first_name": "Shop", "username": "shop_bot"}
CUSTOMERS = [
    {"id": 5123, "is_bot": False, "first_name": "Marie", "last_name": "Dupont"},
    {"id": 5124, "is_bot": False, "first_name": "Jon", "language_code": "en"},
]


class Refusal(Exception):
    def __init__(self, code: int, description: str, **parameters: Any) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


class BotServer:
    """The bot's side of Telegram: what customers wrote, what the bot sent."""

    def __init__(self, token: str = "7000001:AAF-local-test-token") -> None:
        self.token = token
        self.updates: list[dict[str, Any]] = []
        self.sent: list[dict[str, Any]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.retry_after: int | None = None  # answer every call with 429
        self.webhook_url = ""
        self.blocked: set[int] = set()  # chats whose customer blocked the bot
        self.migrated: dict[int, int] = {}  # group id -> its supergroup's id
        self._ids = itertools.count(100001)
        self._message_ids = itertools.count(1)
        self._news = threading.Condition()
        self._poller = 0  # the getUpdates call that may still answer
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._http.daemon_threads = True
        self._thread = threading.Thread(
            target=self._http.serve_forever, args=(0.05,), daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._http.server_address[1]}"

    def start(self) -> BotServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._news:
            self._poller += 1  # wakes and ends a waiting long poll
            self._news.notify_all()
        self._http.shutdown()
        self._http.server_close()
        self._thread.join(5)

    # -- what the test does on Telegram's side ------------------------------

    def customer_writes(
        self,
        text: str,
        customer: int = 0,
        chat: dict[str, Any] | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        user = CUSTOMERS[customer % len(CUSTOMERS)]
        where = chat or {
            "id": user["id"],
            "type": "private",
            "first_name": user["first_name"],
        }
        message = {
            "message_id": next(self._message_ids),
            "from": user,
            "chat": where,
            "date": int(time.time()),
            **({"text": text} if text else {}),
            **extra,
        }
        return self.add_update({"message": message})

    def add_update(self, body: dict[str, Any]) -> dict[str, Any]:
        with self._news:
            update = {"update_id": next(self._ids), **body}
            self.updates.append(update)
            self._news.notify_all()
        return update

    # -- the Bot API's methods ------------------------------------------------

    def answer(self, token: str, method: str, params: dict[str, Any]) -> Any:
        self.calls.append((method, params))
        if token != self.token:
            raise Refusal(401, "Unauthorized")
        if self.retry_after is not None:
            raise Refusal(
                429,
                f"Too Many Requests: retry after {self.retry_after}",
                retry_after=self.retry_after,
            )
        handler = getattr(self, f"_{method}", None)
        if handler is None:
            raise Refusal(404, "Not Found")
        return handler(params)

    def _getMe(self, params: dict[str, Any]) -> Any:
        return BOT

    def _getWebhookInfo(self, params: dict[str, Any]) -> Any:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }

    def _getUpdates(self, params: dict[str, Any]) -> Any:
        if self.webhook_url:
            raise Refusal(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
            )
        offset, limit = _int(params, "offset", 0), _int(params, "limit", 100)
        wait = min(_int(params, "timeout", 0), 50)
        deadline = time.monotonic() + wait
        with self._news:
            if offset:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
            self._poller += 1
            me = self._poller
            self._news.notify_all()
            while (
                not self.updates and me == self._poller and time.monotonic() < deadline
            ):
                self._news.wait(deadline - time.monotonic())
            if me != self._poller:
                raise Refusal(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
                )
            return self.updates[: max(1, min(limit, 100))]

    def _sendMessage(self, params: dict[str, Any]) -> Any:
        text = str(params.get("text", ""))
        if "chat_id" not in params:
            raise Refusal(400, "Bad Request: chat_id is empty")
        chat_id = _int(params, "chat_id", 0)
        if not text.strip():
            raise Refusal(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise Refusal(400, "Bad Request: message is too long")
        if chat_id in self.migrated:
            raise Refusal(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                migrate_to_chat_id=self.migrated[chat_id],
            )
        if chat_id in self.blocked:
            raise Refusal(403, "Forbidden: bot was blocked by the user")
        message = {
            "message_id": next(self._message_ids),
            "from": BOT,
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "date": int(time.time()),
            "text": text,
        }
        self.sent.append(message)
        return message


def _int(params: dict[str, Any], key: str, default: int) -> int:
    value = params.get(key, default)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Refusal(400, f"Bad Request: wrong parameter {key}") from None


def _params(handler: BaseHTTPRequestHandler) -> dict[str, Any]:
    """Parameters from the query string, and a JSON or urlencoded body."""
    params: dict[str, Any] = dict(parse_qsl(urlsplit(handler.path).query))
    length = int(handler.headers.get("Content-Length") or 0)
    body = handler.rfile.read(length) if length else b""
    kind = handler.headers.get("Content-Type", "")
    if body and kind.startswith("application/json"):
        params.update(json.loads(body))
    elif body:
        params.update(parse_qsl(body.decode()))
    return params


def _handler(server: BotServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            path = urlsplit(self.path).path.split("/")
            token = path[1].removeprefix("bot") if len(path) == 3 else ""
            try:
                if not path[1].startswith("bot") or len(path) != 3:
                    raise Refusal(404, "Not Found")
                result = server.answer(token, path[2], _params(self))
                self._reply(200, {"ok": True, "result": result})
            except Refusal as refusal:
                body: dict[str, Any] = {
                    "ok": False,
                    "error_code": refusal.code,
                    "description": refusal.description,
                }
                if refusal.parameters:
                    body["parameters"] = refusal.parameters
                self._reply(refusal.code, body)

        do_GET = do_POST

        def _reply(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body, ensure_ascii=False).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up on a long poll: nobody to answer

        def log_message(self, format: str, *args: Any) -> None:
            return None

    return Handler
