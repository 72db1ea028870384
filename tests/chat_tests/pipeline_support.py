"""The website chat driven by the core, as a shop runs it: a config naming the
widget server, the `comptoir` commands, and a visitor who talks to the widget
server over HTTP as the widget does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from tests.chat_tests.live import TOKEN, LiveWidget
from tests.support import CliRunner

SHOP = "bonjour@latheierebleue.fr"
TOKEN_ENV = "COMPTOIR_TEST_CHAT_TOKEN"


def chat_config(
    env: dict[str, str], live: LiveWidget, email: dict[str, Any] | None = None
) -> None:
    """The shop's config: its chat instance `chat` (and an email instance
    `support` when given), surveys on the chat as soon as it is closed."""
    lines = [
        "[shop]",
        'name = "La Théière Bleue"',
        f'addresses = ["{SHOP}"]',
        "[channels.chat]",
        'type = "chat"',
        f'url = "{live.url}"',
        f'origins = ["{live.site}"]',
        f'token_env = "{TOKEN_ENV}"',
    ]
    if email is not None:
        lines.append("[channels.support]")
        lines += [f"{key} = {json.dumps(value)}" for key, value in email.items()]
    lines += [
        "[survey]",
        "enabled = true",
        'channels = ["email", "chat"]',
        'delays = { chat = "0min" }',
    ]
    Path(env["COMPTOIR_CONFIG"]).write_text("\n".join(lines) + "\n", encoding="utf-8")
    env[TOKEN_ENV] = TOKEN


def ok(comptoir: CliRunner, *args: str) -> str:
    """A command that must succeed; its stdout."""
    done = comptoir(*args)
    assert done.returncode == 0, (args, done.stderr)
    return done.stdout


def json_lines(comptoir: CliRunner, *args: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in ok(comptoir, *args, "--json").splitlines()]


class Visitor:
    """A visitor's side of the widget's API (what widget.js calls)."""

    def __init__(self, live: LiveWidget) -> None:
        self.http = httpx.AsyncClient(
            base_url=live.url, headers={"origin": live.site}, timeout=10
        )
        self.token = ""

    async def start(self, name: str = "", email: str = "") -> None:
        started = await self.http.post(
            "/api/visitor/session",
            json={"name": name, "email": email, "language": "fr"},
        )
        started.raise_for_status()
        self.token = str(started.json()["token"])

    def _auth(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.token}"}

    async def say(self, key: str, text: str) -> None:
        sent = await self.http.post(
            "/api/visitor/messages",
            json={"client_id": key, "text": text},
            headers=self._auth(),
        )
        sent.raise_for_status()

    async def poll(self, after: int, wait: float) -> dict[str, Any]:
        """One long poll, as the widget does without a websocket."""
        got = await self.http.get(
            "/api/visitor/messages",
            params={"after": after, "wait": wait},
            headers=self._auth(),
            timeout=wait + 10,
        )
        got.raise_for_status()
        answer: dict[str, Any] = got.json()
        return answer

    async def replies(self) -> list[str]:
        """The shop's messages this visitor's widget shows."""
        got = await self.http.get(
            "/api/visitor/messages", params={"after": 0}, headers=self._auth()
        )
        got.raise_for_status()
        entries: list[dict[str, Any]] = got.json()["entries"]
        return [str(e["text"]) for e in entries if e["direction"] == "out"]

    async def close(self) -> None:
        await self.http.aclose()
