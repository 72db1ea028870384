"""A widget server running for real (uvicorn on loopback) in a thread, and the
shop's site around it: a page with the script tag under a strict CSP."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from pathlib import Path

import uvicorn

from console.demo.live_chat import ShopPage, shop_site
from plugins.chat.records import Availability
from plugins.chat.server import build_app
from plugins.chat.settings import ServerSettings
from storage.widget_store import SqliteWidgetStore, open_widget_store

TOKEN = "test-channel-token"


class LiveWidget:
    """`build_app` over a real store, served by uvicorn in a thread with its own
    event loop (the store's writer lives on it)."""

    def __init__(
        self,
        path: Path,
        settings: ServerSettings,
        *,
        availability: Availability | None = None,
        identity_secret: str = "",
        page: ShopPage | None = None,
        port: int = 0,
    ) -> None:
        self.path, self.settings, self.page, self.chosen_port = (
            path,
            settings,
            page,
            port,
        )
        self.availability, self.identity_secret = availability, identity_secret
        self.server: uvicorn.Server | None = None
        self.store: SqliteWidgetStore | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._failed: BaseException | None = None

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:  # shown by start()
            self._failed = exc

    async def _serve(self) -> None:
        self.loop = asyncio.get_running_loop()
        async with open_widget_store(self.path) as store:
            self.store = store
            app = build_app(
                store, self.settings, TOKEN, self.availability, self.identity_secret
            )
            outer = shop_site(app, self.page) if self.page else app
            self.server = uvicorn.Server(
                uvicorn.Config(
                    outer, host="127.0.0.1", port=self.chosen_port, log_level="warning",
                    ws="websockets-sansio", lifespan="off",
                    # Open long polls and websockets are closed after a second on
                    # stop, as `comptoir chat serve` does (else each test waits 10 s).
                    timeout_graceful_shutdown=1,
                )
            )  # fmt: skip
            await self.server.serve()

    def start(self) -> LiveWidget:
        self._thread.start()
        deadline = time.monotonic() + 15
        while not (self.server and self.server.started):
            if self._failed or time.monotonic() > deadline:
                raise RuntimeError(f"the widget server did not start: {self._failed!r}")
            time.sleep(0.01)
        return self

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.servers[0].sockets[0].getsockname()[1])

    @property
    def url(self) -> str:
        """The widget server's base (under /chat when it sits in the shop site)."""
        base = f"http://127.0.0.1:{self.port}"
        return base + "/chat" if self.page else base

    @property
    def site(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def call(self, make: Callable[[SqliteWidgetStore], object]) -> object:
        """Run a store coroutine on the server's loop, from the test's thread."""
        assert self.loop is not None and self.store is not None
        future = asyncio.run_coroutine_threadsafe(make(self.store), self.loop)  # type: ignore[arg-type]
        return future.result(10)

    def stop(self) -> None:
        if self.server is not None:
            self.server.should_exit = True
        self._thread.join(10)
