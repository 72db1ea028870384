"""The demo's live chat: the tea shop's page with the widget, its widget server,
and a visitor who writes while the console is open.

Everything runs on loopback in a thread of its own, beside the console, and
stops with it. A person can open the page in a browser and chat as a visitor;
meanwhile a scripted visitor (a customer of the demo, with orders) asks about
a parcel, and thanks the shop once it answers.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from console.i18n import N_, _

if TYPE_CHECKING:  # the server's imports wait for the console's first screen
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{shop}</title></head>
<body><h1>{shop}</h1><p>Thés verts, noirs et infusions, de saison.</p>
<a id="next" href="/other">Nos infusions</a>
<script src="{src}" defer{attrs}></script>
</body></html>
"""
TOKEN_ENV = "COMPTOIR_DEMO_CHAT_TOKEN"
NO_CHAT = N_("The demo's live chat could not start; the inbox works without it.")
# Seconds a stopping server waits for its requests: the console's long poll
# would otherwise hold the demo's exit for up to half a minute.
GRACE = 1


@dataclass(slots=True)
class ShopPage:
    """The shop's page: its language, the script tag's data, its CSP."""

    shop: str = "La Théière Bleue"
    lang: str = "fr"
    attrs: dict[str, str] = field(default_factory=dict)
    csp: str = "default-src 'self'"
    src: str = "/chat/static/widget.js"

    def html(self) -> str:
        extra = "".join(f' data-{k}="{v}"' for k, v in self.attrs.items())
        return PAGE.format(lang=self.lang, shop=self.shop, src=self.src, attrs=extra)


def shop_site(widget: Starlette, page: ShopPage) -> Starlette:
    """The shop's site with the widget server under /chat, as one reverse proxy
    serves both: the page's CSP can then be `default-src 'self'`."""
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Mount, Route

    async def home(request: Request) -> Response:
        return HTMLResponse(page.html(), headers={"Content-Security-Policy": page.csp})

    return Starlette(
        routes=[Route("/", home), Route("/other", home), Mount("/chat", widget)]
    )


def chat_table(port: int) -> dict[str, Any]:
    """The demo config's chat instance (its token comes from TOKEN_ENV)."""
    site = f"http://127.0.0.1:{port}"
    return {
        "type": "chat",
        "url": f"{site}/chat",
        "origins": [site],
        "token_env": TOKEN_ENV,
    }


def write_chat_table(config: Path, port: int | None) -> None:
    """Point the demo's own config at this run's chat server (its port changes);
    `None`: no chat server runs, and no table names one."""
    import tomlkit

    document = tomlkit.parse(config.read_text(encoding="utf-8"))
    channels = document.setdefault("channels", tomlkit.table(is_super_table=True))
    if port is None:
        if "chat" in channels:
            del channels["chat"]
            config.write_text(tomlkit.dumps(document), encoding="utf-8")
        return
    table = tomlkit.table()
    table.add(
        tomlkit.comment("The demo shop's website chat, live while the demo runs.")
    )
    for key, value in chat_table(port).items():
        table.add(key, value)
    channels["chat"] = table
    config.write_text(tomlkit.dumps(document), encoding="utf-8")


def demo_visitor() -> Visitor:
    """The first customer of the demo (built with seed 7): she has orders."""
    import random

    from console.demo.people import make_people

    person = make_people(random.Random(7))[0]
    return Visitor(person.name, person.email)


@dataclass(slots=True)
class Visitor:
    """The scripted visitor: who they are, what they write, and when."""

    name: str
    email: str
    first: str = "Bonjour ! Mon colis n'est toujours pas arrivé, pouvez-vous regarder ?"
    thanks: str = "Merci beaucoup, bonne journée !"
    delay: float = 4.0


class DemoChat:
    def __init__(self, folder: Path, port: int, visitor: Visitor | None) -> None:
        self.folder, self.port, self.visitor = folder, port, visitor
        self.token = secrets.token_urlsafe(24)
        self._server: Any = None
        self._thread = threading.Thread(target=self._run, name="demo-chat", daemon=True)
        self.failed: BaseException | None = None

    @property
    def site(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def invitation(self) -> str:
        """What the person is told: where to chat as one of the shop's visitors."""
        where = _("The shop's page with its live chat: {url}").format(
            url=f"{self.site}/"
        )
        you = _("Open it in a browser to chat as a visitor yourself.")
        if self.visitor is None:
            return f"{where} — {you}"
        who = _("{name} will write there in a moment.").format(name=self.visitor.name)
        return f"{where} — {who} {you}"

    def start(self, wait: float = 20.0) -> DemoChat:
        self._thread.start()
        deadline = time.monotonic() + wait
        while not (self._server is not None and self._server.started):
            if (
                self.failed
                or time.monotonic() > deadline
                or not self._thread.is_alive()
            ):
                raise RuntimeError(f"the demo chat did not start: {self.failed!r}")
            time.sleep(0.02)
        return self

    def start_and_invite(self) -> list[str]:
        """Started, for a console whose queue is painted already: what the
        person is told (where to chat, or that the chat could not start)."""
        try:
            self.start()
        except RuntimeError:
            return [_(NO_CHAT)]
        return [self.invitation()]

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread.ident is not None:  # started
            self._thread.join(10)

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:  # the console says so; the demo goes on
            self.failed = exc

    async def _serve(self) -> None:
        import uvicorn

        from plugins.chat.server import build_app
        from plugins.chat.settings import ServerSettings
        from storage.widget_store import open_widget_store

        settings = ServerSettings(
            "chat", frozenset({self.site}), shop_name="La Théière Bleue"
        )
        async with open_widget_store(self.folder / "demo-chat.db") as store:
            app = shop_site(build_app(store, settings, self.token), ShopPage())
            config = uvicorn.Config(
                app, host="127.0.0.1", port=self.port, log_level="critical",
                ws="websockets-sansio", lifespan="off",
                timeout_graceful_shutdown=GRACE,
            )  # fmt: skip
            self._server = uvicorn.Server(
                config
            )  # no signal handler off the main thread
            talking = asyncio.create_task(self._visit()) if self.visitor else None
            await self._server.serve()
            if talking is not None:
                talking.cancel()
                await asyncio.gather(talking, return_exceptions=True)

    async def _visit(self) -> None:
        from console.demo.visitor_script import play

        assert self.visitor is not None  # its delay leaves the server time to start
        await play(f"{self.site}/chat", self.site, self.visitor)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def demo_chat_named(folder: Path, config: Path) -> Iterator[DemoChat]:
    """A demo chat the demo's config points at while the block runs, its
    server not started yet: the console reads the config first, and starts
    the server once its queue is painted (its imports would delay it)."""
    chat = DemoChat(folder, _free_port(), demo_visitor())
    os.environ[TOKEN_ENV] = chat.token
    write_chat_table(config, chat.port)
    try:
        yield chat
    finally:
        chat.stop()
        write_chat_table(config, None)  # the CLI's commands look for no chat


@contextmanager
def live_demo_chat(folder: Path, config: Path) -> Iterator[DemoChat | None]:
    """The demo chat running while the block runs, the demo's config pointing
    at it; None if it cannot start (the console opens all the same)."""
    with demo_chat_named(folder, config) as chat:
        try:
            chat.start()
        except RuntimeError:
            write_chat_table(config, None)  # not a table left by an earlier run
            yield None
            return
        yield chat
