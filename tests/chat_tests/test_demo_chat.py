"""The demo's live chat: its page serves the widget, its visitor writes, waits
for the shop's answer and thanks it, all through the chat channel."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import httpx
import pytest

from console.demo import visitor_script
from console.demo.live_chat import DemoChat, Visitor, chat_table
from console.demo.opening import write_demo_config
from plugins.api import InboundMessage
from plugins.chat.channel import ChatChannel
from tests.chat_tests.channel_support import TokenContext, reply_to
from tests.servers import free_port


async def test_the_demo_visitor_asks_then_thanks_the_shop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(visitor_script, "THINKING", 0.1)
    port = free_port()
    demo = DemoChat(
        tmp_path, port, Visitor("Léa Dubois", "lea.dubois@example.fr", delay=0.2)
    )
    await asyncio.to_thread(demo.start)
    try:
        async with httpx.AsyncClient() as http:
            page = await http.get(demo.site + "/")
        assert '<script src="/chat/static/widget.js" defer>' in page.text
        assert page.headers["content-security-policy"] == "default-src 'self'"
        assert chat_table(port)["url"] == f"{demo.site}/chat"
        chat = ChatChannel(
            "chat", {"url": demo.site + "/chat"}, TokenContext(demo.token)
        )
        async with chat:
            seen: list[InboundMessage] = []
            watching = chat.watch(None)
            async with asyncio.timeout(20):
                async for batch in watching:
                    seen += [m for m in batch.messages if isinstance(m, InboundMessage)]
                    if len(seen) == 1:
                        await chat.send(reply_to(seen[0], "Il part aujourd'hui !"))
                    if len(seen) == 2:
                        break
            await watching.aclose()  # type: ignore[attr-defined]
        assert [m.text for m in seen] == [Visitor("", "").first, Visitor("", "").thanks]
        assert [a.address for a in seen[0].also_known_as] == ["lea.dubois@example.fr"]
    finally:
        await asyncio.to_thread(demo.stop)


def test_the_demo_config_points_at_this_runs_chat_server(tmp_path: Path) -> None:
    from console.config import load_config
    from console.demo.live_chat import TOKEN_ENV, live_demo_chat

    config = tmp_path / "demo.toml"
    write_demo_config(config)
    with live_demo_chat(tmp_path, config) as first:
        assert first is not None
        url = load_config(config).channels["chat"]["url"]
        assert url == first.site + "/chat"
        assert os.environ[TOKEN_ENV] == first.token
        page = httpx.get(first.site + "/")
        assert page.status_code == 200 and "/chat/static/widget.js" in page.text
    with live_demo_chat(tmp_path, config) as second:  # a new port, the same table
        assert second is not None
        loaded = load_config(config)
        assert loaded.channels["chat"]["url"] == second.site + "/chat"
        assert loaded.sla is not None  # the rest of the demo's file is kept
        assert config.read_text(encoding="utf-8").count("[channels.chat]") == 1
    assert "[channels.chat]" not in config.read_text(encoding="utf-8")  # stopped


def test_a_demo_chat_that_cannot_start_leaves_no_table_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table left by an earlier run (a console killed with its terminal)
    would have the console look for a server and a token that are not there."""
    from console.config import load_config
    from console.demo.live_chat import live_demo_chat, write_chat_table

    config = tmp_path / "demo.toml"
    write_demo_config(config)
    write_chat_table(config, free_port())  # the earlier run's

    def cannot(self: DemoChat, wait: float = 0) -> DemoChat:
        raise RuntimeError("the demo chat did not start")

    monkeypatch.setattr(DemoChat, "start", cannot)
    with live_demo_chat(tmp_path, config) as chat:
        assert chat is None
        assert "chat" not in load_config(config).channels
