"""`comptoir chat serve` killed with SIGKILL while visitors write, twice, and
started again: no acknowledged message is lost, none is stored twice.

Visitors behave as the widget does: each message has its own id, and a message
whose answer never came (the server died) is sent again with the same id.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.chat_tests.channel_support import channel, fetch_all
from tests.chat_tests.serve_process import ServeProcess, write_chat_config
from tests.servers import free_port

pytestmark = [pytest.mark.server, pytest.mark.slow]
TOKEN = "kill-test-token"
SITE = "https://latheierebleue.fr"
VISITORS, MESSAGES = 20, 30


def _server(tmp_path: Path, port: int, env: dict[str, str]) -> ServeProcess:
    config = write_chat_config(
        tmp_path / "config.toml", port, [SITE], tmp_path / "widget.db",
        "visitor_rate = 100000\nip_rate = 100000\n",
    )  # fmt: skip
    return ServeProcess(config, port, {**env, "CHAT_TOKEN": TOKEN})


@dataclass
class Visitors:
    url: str
    acknowledged: set[str] = field(default_factory=set)
    resent: int = 0
    progress: asyncio.Event = field(default_factory=asyncio.Event)

    async def _post(self, client: httpx.AsyncClient, path: str, body: dict[str, str], token: str = "") -> dict[str, object]:  # fmt: skip
        headers = {"origin": SITE}
        if token:
            headers["authorization"] = f"Bearer {token}"
        while True:  # as the widget: the same message again until it is answered
            try:
                answer = await client.post(self.url + path, json=body, headers=headers)
            except httpx.TransportError:
                self.resent += 1
                await asyncio.sleep(0.05)
                continue
            assert answer.status_code == 201, answer.text
            found: dict[str, object] = answer.json()
            return found

    async def visitor(self, number: int) -> None:
        async with httpx.AsyncClient(timeout=5) as client:
            started = await self._post(client, "/api/visitor/session", {"name": f"V{number}"})  # fmt: skip
            token = str(started["token"])
            for n in range(MESSAGES):
                text = f"visitor {number} message {n}"
                body = {"client_id": f"c{number}-{n}", "text": text}
                await self._post(client, "/api/visitor/messages", body, token)
                self.acknowledged.add(text)
                self.progress.set()
                await asyncio.sleep(random.uniform(0, 0.03))


async def _killer(server: ServeProcess, visitors: Visitors) -> list[int]:
    """Kill the server twice while visitors are writing; how many were
    acknowledged at each kill."""
    at: list[int] = []
    total = VISITORS * MESSAGES
    for low, high in ((0.2, 0.4), (0.6, 0.8)):
        threshold = random.uniform(low, high) * total
        while len(visitors.acknowledged) < threshold:
            visitors.progress.clear()
            await visitors.progress.wait()
        at.append(len(visitors.acknowledged))
        await asyncio.to_thread(server.kill)
        await asyncio.to_thread(server.start)
    return at


def test_sigkill_while_visitors_write_loses_and_doubles_nothing(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    port = free_port()
    server = _server(tmp_path, port, cli_env).start()
    try:
        visitors = Visitors(f"http://127.0.0.1:{port}")

        async def scenario() -> list[int]:
            writing = [visitors.visitor(n) for n in range(VISITORS)]
            killing = asyncio.create_task(_killer(server, visitors))
            await asyncio.gather(*writing)
            return await killing

        kills_at = asyncio.run(scenario())
        total = VISITORS * MESSAGES
        assert server.kills == 2
        assert all(0 < n < total for n in kills_at), f"kills landed at {kills_at}"
        assert visitors.resent > 0, "no message was in flight at a kill"

        async def stored() -> list[str]:
            async with channel(f"http://127.0.0.1:{port}", token=TOKEN) as chat:
                messages, _ = await fetch_all(chat)  # type: ignore[arg-type]
            return [m.text for m in messages]

        texts = asyncio.run(stored())
        assert len(texts) == len(set(texts)), "a message was stored twice"
        assert set(texts) == visitors.acknowledged
        assert len(texts) == total
    finally:
        server.stop()


def test_ctrl_c_stops_the_server_within_seconds_with_long_polls_open(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    """The console's long poll (25 s) would hold the stop that long."""
    import signal
    import threading
    import time

    port = free_port()
    server = _server(tmp_path, port, cli_env).start()
    waiting = threading.Thread(
        target=httpx.get,
        args=(f"http://127.0.0.1:{port}/api/channel/inbound",),
        kwargs={
            "params": {"after": 0, "wait": 25},
            "headers": {"authorization": f"Bearer {TOKEN}"},
            "timeout": 40,
        },
        daemon=True,
    )
    waiting.start()
    time.sleep(0.5)  # the poll is in, waiting
    assert server.proc is not None
    started = time.monotonic()
    server.proc.send_signal(signal.SIGINT)
    assert server.proc.wait(40) in (0, 130)  # 130: stopped by ctrl+c
    assert time.monotonic() - started < 10
