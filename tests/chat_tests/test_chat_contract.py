"""The `chat` channel passes the plugin contract, against a live widget server
that visitors write to through its own API (as the widget does)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import httpx
import pytest

from plugins.api import Channel
from plugins.chat.channel import ChatChannel
from plugins.testing import ChannelContract, Setup, StaticContext
from tests.chat_tests.live import TOKEN, LiveWidget
from tests.servers import free_port

SITE = "https://latheierebleue.fr"


class WidgetVisitors:
    """The other side: visitors writing on the shop's site, reading replies."""

    def __init__(self, live: LiveWidget) -> None:
        self.live = live
        self.tokens: list[str] = []

    def deliver(self, texts: Sequence[str]) -> None:
        with httpx.Client(base_url=self.live.url, headers={"origin": SITE}) as http:
            token = http.post("/api/visitor/session", json={"name": "Ann"}).json()["token"]  # fmt: skip
            self.tokens.append(token)
            for n, text in enumerate(texts):
                sent = http.post(
                    "/api/visitor/messages",
                    json={"client_id": f"m{n}", "text": text},
                    headers={"authorization": f"Bearer {token}"},
                )
                assert sent.status_code == 201, sent.text

    def received(self) -> list[str]:
        found: list[str] = []
        with httpx.Client(base_url=self.live.url, headers={"origin": SITE}) as http:
            for token in self.tokens:
                listed = http.get(
                    "/api/visitor/messages",
                    headers={"authorization": f"Bearer {token}"},
                )
                found += [
                    e["text"]
                    for e in listed.json()["entries"]
                    if e["direction"] == "out"
                ]
        return found


class TestChatChannelContract(ChannelContract):
    @pytest.fixture
    def server(self, live_widget: Callable[..., LiveWidget]) -> Iterator[LiveWidget]:
        # Replies are answered at once while the page is open: the visitor's
        # "page" here is their last call, so a generous away_after keeps it.
        yield live_widget(origins={SITE}, away_after=3600)

    @pytest.fixture
    def channel_class(self) -> type[Channel]:
        return ChatChannel

    @pytest.fixture
    def channel_setup(self, server: LiveWidget) -> Setup:
        settings = {"url": server.url, "batch_size": 2}
        return Setup(settings, StaticContext(secrets={"token": TOKEN}))

    @pytest.fixture
    def remote(self, server: LiveWidget) -> WidgetVisitors:
        return WidgetVisitors(server)

    @pytest.fixture
    def bad_credentials(self, server: LiveWidget) -> Setup:
        settings = {"url": server.url, "batch_size": 2}
        return Setup(settings, StaticContext(secrets={"token": "not-the-token"}))

    @pytest.fixture
    def unreachable(self) -> Setup:
        settings = {"url": f"http://127.0.0.1:{free_port()}"}
        return Setup(settings, StaticContext(secrets={"token": TOKEN}))
