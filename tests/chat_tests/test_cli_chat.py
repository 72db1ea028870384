"""`comptoir chat serve|snippet` and the chat settings in `comptoir config check`."""

from __future__ import annotations

from pathlib import Path

from tests.support import CliRunner

CHAT = """[channels.chat]
type = "chat"
url = "https://chat.latheierebleue.fr"
origins = ["https://latheierebleue.fr"]
token_env = "CHAT_TEST_TOKEN_UNSET"
"""


def _config(cli_env: dict[str, str], text: str) -> None:
    Path(cli_env["COMPTOIR_CONFIG"]).write_text(text, encoding="utf-8")


def test_config_check_names_each_chat_mistake_by_line(
    comptoir: CliRunner, cli_env: dict[str, str]
) -> None:
    _config(cli_env, CHAT.replace('"https://latheierebleue.fr"', '"latheierebleue.fr/shop"') + 'token = "abc"\nask_email = "yes"\n')  # fmt: skip
    done = comptoir("config", "check")
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert any(":4: error: channels.chat.origins" in line for line in lines)
    assert any(
        ":6: error: channels.chat.token: secrets never go" in line for line in lines
    )
    assert any(':7: error: channels.chat.ask_email must be one of "no"' in line for line in lines)  # fmt: skip
    assert "abc" not in done.stderr


def test_serve_without_its_token_or_origins_says_what_to_set(
    comptoir: CliRunner, cli_env: dict[str, str]
) -> None:
    _config(cli_env, CHAT)
    done = comptoir("chat", "serve", "--port", "1")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: chat: no widget server API token found: set $CHAT_TEST_TOKEN_UNSET, "
        'set token_command (like "pass show shop/imap"), '
        "or run: keyring set comptoir chat/token"
    ]
    _config(cli_env, CHAT.replace('origins = ["https://latheierebleue.fr"]\n', ""))
    done = comptoir("chat", "serve")
    assert done.returncode == 2 and "needs origins" in done.stderr


def test_serve_and_snippet_need_a_chat_channel_and_name_the_choices(
    comptoir: CliRunner, cli_env: dict[str, str]
) -> None:
    _config(cli_env, "")
    done = comptoir("chat", "snippet")
    assert done.returncode == 2 and "no chat channel is configured" in done.stderr
    _config(cli_env, CHAT + CHAT.replace("[channels.chat]", "[channels.other]"))
    done = comptoir("chat", "serve")
    assert done.returncode == 2 and "several chat channels (chat, other)" in done.stderr
    done = comptoir("chat", "snippet", "other")
    assert done.stdout == (
        '<script src="https://chat.latheierebleue.fr/static/widget.js" defer></script>\n'
    )
