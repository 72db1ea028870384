"""The widget server: the script, the visitors' API and socket, the channel's API.

Starlette does the web work (routing, CORS, body limits, static files) and
uvicorn serves it; the store is handed in (`records.WidgetStore`), so this
package never touches SQL. Requests from a site that is not in the allowed
origins get a 403 the widget can read and word, before anything else runs.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from plugins.chat import channel_api, visitor_api
from plugins.chat.hub import Hub
from plugins.chat.records import AlwaysOpen, Availability, WidgetStore
from plugins.chat.settings import ServerSettings
from plugins.chat.visitor_ws import CLOSE_ORIGIN, visitor_socket
from plugins.chat.visitors import VisitorService

VISITOR_PATHS = "/api/visitor/"
SMALL_BODY = 64 * 1024
CHANNEL_BODY = 64 * 1024 * 1024


class OriginGuard:
    """Refuse visitor calls from pages of sites not in the allow-list. The
    refusal names itself and carries CORS headers, so the widget can read it
    and tell the visitor instead of failing silently."""

    def __init__(self, app: ASGIApp, origins: frozenset[str]) -> None:
        self.app, self.origins = app, origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        root = scope.get("root_path", "")  # mounted under a prefix (/chat)
        if root and path.startswith(root):
            path = path[len(root) :]
        if scope["type"] not in ("http", "websocket") or not path.startswith(
            VISITOR_PATHS
        ):
            await self.app(scope, receive, send)
            return
        origin = Headers(scope=scope).get("origin")
        if origin is None or origin in self.origins:  # same-site GETs send none
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": CLOSE_ORIGIN})
            return
        message = f"this chat does not serve {origin}: add it to the chat's origins"
        response = JSONResponse(
            {"error": "origin", "message": message},
            403,
            headers={"Access-Control-Allow-Origin": origin, "Vary": "Origin"},
        )
        await response(scope, receive, send)


async def health(request: Request) -> Response:
    return PlainTextResponse("ok")


def _routes(settings: ServerSettings) -> list[Route | WebSocketRoute | Mount]:
    v, c = visitor_api, channel_api
    file_body = settings.max_file + 1024
    return [
        Route("/healthz", health),
        Route("/api/visitor/config", v.config),
        Route("/api/visitor/session", v.start, methods=["POST"], max_body_size=SMALL_BODY),
        Route("/api/visitor/profile", v.profile, methods=["POST"], max_body_size=SMALL_BODY),
        Route("/api/visitor/messages", v.messages),
        Route("/api/visitor/messages", v.send, methods=["POST"], max_body_size=SMALL_BODY),
        Route("/api/visitor/files", v.upload, methods=["POST"], max_body_size=file_body),
        Route("/api/visitor/files/{file_id}", v.download),
        Route("/api/visitor/rating", v.rate, methods=["POST"], max_body_size=SMALL_BODY),
        Route("/api/visitor/offline", v.offline, methods=["POST"], max_body_size=SMALL_BODY),
        WebSocketRoute("/api/visitor/ws", visitor_socket),
        Route("/api/channel/hello", c.hello),
        Route("/api/channel/inbound", c.inbound),
        Route("/api/channel/replies", c.reply, methods=["POST"], max_body_size=CHANNEL_BODY),
        Route("/api/channel/replies", c.sent),
        Route("/api/channel/typing", c.typing, methods=["POST"], max_body_size=SMALL_BODY),
        Mount("/static", StaticFiles(packages=[("plugins.chat", "static")])),
    ]  # fmt: skip


def build_app(
    store: WidgetStore,
    settings: ServerSettings,
    channel_token: str,
    availability: Availability | None = None,
    identity_secret: str = "",
) -> Starlette:
    """The ASGI app; the caller opens and closes `store` around its life."""
    middleware = [
        Middleware(OriginGuard, origins=settings.origins),
        Middleware(
            CORSMiddleware,
            allow_origins=sorted(settings.origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
            max_age=600,
        ),
    ]
    app = Starlette(routes=_routes(settings), middleware=middleware)
    hub = Hub(settings.away_after)
    app.state.store = store
    app.state.hub = hub
    app.state.channel_token = channel_token
    app.state.visitors = VisitorService(
        store, hub, settings, availability or AlwaysOpen(), identity_secret
    )
    return app
