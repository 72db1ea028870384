"""Text from customers in command output: bidi and C1 controls made visible in
`outbox list`, escaped in every `--json` line, the data itself unchanged."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from storage.connection import open_store
from storage.outbox import Author, queue_reply
from tests.support import CliRunner

BIDI = "\u202etxt.exe"  # shows as "exe.txt" reversed
C1 = "\x9b31m"  # CSI in its one-byte C1 form


def test_bidi_and_c1_characters_never_reach_the_terminal_raw(
    comptoir: CliRunner, cli_env: dict[str, str], tmp_path: Path
) -> None:
    mail = tmp_path / "m.eml"
    mail.write_bytes(
        f"From: Ann <ann@example.com>\nSubject: Order {BIDI}\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        f"Where is it {C1} now?\n".encode()
    )
    assert comptoir("import", "eml", str(mail)).returncode == 0

    async def reply() -> None:
        async with open_store(Path(cli_env["COMPTOIR_DB"])) as store:
            await queue_reply(store, 1, "On its way.", Author("Camille"))

    asyncio.run(reply())
    listed = comptoir("outbox", "list")
    assert listed.returncode == 0, listed.stderr
    assert "\u202e" not in listed.stdout
    assert "Re: Order \\u202etxt.exe" in listed.stdout
    for args in (
        ["outbox", "list", "--json"],
        ["conversations", "list", "--json"],
        ["conversations", "show", "1", "--json"],
        ["export", "jsonl"],
    ):
        out = comptoir(*args).stdout
        assert "\u202e" not in out and "\x9b" not in out, args
        assert "\\u202e" in out, args
    shown = json.loads(comptoir("conversations", "show", "1", "--json").stdout)
    assert shown["messages"][0]["text"] == f"Where is it {C1} now?"
    assert shown["summary"]["subject"] == f"Order {BIDI}"
