"""Fixtures of the chat tests: a live widget server, alone or in a shop site."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from plugins.chat.settings import ServerSettings
from tests.chat_tests.live import LiveWidget, ShopPage
from tests.servers import free_port

SITE = "http://127.0.0.1"


def settings(origins: set[str], **changes: Any) -> ServerSettings:
    base = ServerSettings("chat", frozenset(origins), shop_name="La Théière Bleue")
    return ServerSettings(
        **{**{f: getattr(base, f) for f in base.__slots__}, **changes}
    )


@pytest.fixture
def live_widget(tmp_path: Path) -> Iterator[Callable[..., LiveWidget]]:
    """Start widget servers; each is stopped after the test."""
    started: list[LiveWidget] = []

    def start(
        *, page: ShopPage | None = None, origins: set[str] | None = None, **kw: Any
    ) -> LiveWidget:
        options = {k: kw.pop(k) for k in list(kw) if k in ServerSettings.__slots__}
        path = kw.pop("path", tmp_path / f"widget-{len(started)}.db")
        port = kw.pop("port", None) or free_port()
        allowed = {f"{SITE}:{port}"} if origins is None else origins
        live = LiveWidget(
            path, settings(allowed, **options), page=page, port=port, **kw
        )
        started.append(live)
        return live.start()

    yield start
    for live in started:
        live.stop()
