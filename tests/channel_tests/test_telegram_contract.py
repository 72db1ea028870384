"""The example Telegram channel, installed from examples/ with pip and found by
its entry point, passes the channel contract against a local Bot API server."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from plugins.api import Channel
from plugins.registry import CHANNELS, list_plugins, load_channel
from plugins.testing import ChannelContract, Setup, StaticContext
from tests.channel_tests.conftest import EXAMPLE
from tests.channel_tests.telegram_server import BotServer
from tests.servers import free_port
from tests.support import CliRunner


class BotRemote:
    """Customers writing to the bot, taking turns; what the bot sent them."""

    def __init__(self, server: BotServer) -> None:
        self.server = server

    def deliver(self, texts: Sequence[str]) -> None:
        for turn, text in enumerate(texts):
            self.server.customer_writes(text, customer=turn)

    def received(self) -> list[str]:
        return [str(message["text"]) for message in self.server.sent]


def settings(server_url: str) -> dict[str, object]:
    return {
        "type": "telegram",
        "base_url": server_url,
        "batch_size": 2,
        "poll_seconds": 2,
    }


class TestTelegramContract(ChannelContract):
    @pytest.fixture
    def channel_class(self, telegram_package: str) -> type[Channel]:
        found = load_channel("telegram")
        module = Path(found.__module__.replace(".", "/"))
        assert not Path(str(__import__(found.__module__).__file__)).is_relative_to(
            EXAMPLE
        ), f"{module} came from the source folder, not from the installed package"
        return found

    @pytest.fixture
    def channel_setup(self, bot: BotServer) -> Setup:
        return Setup(settings(bot.url), StaticContext({"token": bot.token}))

    @pytest.fixture
    def remote(self, bot: BotServer) -> BotRemote:
        return BotRemote(bot)

    @pytest.fixture
    def bad_credentials(self, bot: BotServer) -> Setup:
        return Setup(settings(bot.url), StaticContext({"token": "7000001:revoked"}))

    @pytest.fixture
    def unreachable(self) -> Setup:
        closed = f"http://127.0.0.1:{free_port()}"
        return Setup(settings(closed), StaticContext({"token": "7000001:any"}))

    @pytest.fixture
    def rate_limited(self, bot: BotServer) -> Iterator[tuple[Setup, float]]:
        bot.retry_after = 7
        yield Setup(settings(bot.url), StaticContext({"token": bot.token})), 7.0


def test_the_installed_package_is_listed_with_its_version(
    telegram_package: str,
) -> None:
    found = {p.name: p for p in list_plugins(CHANNELS)}
    assert (found["telegram"].distribution, found["telegram"].version) == (
        "comptoir-telegram",
        "0.1.0",
    )


def test_comptoir_lists_it_and_checks_its_config(
    telegram_package: str, comptoir: CliRunner, cli_env: dict[str, str]
) -> None:
    listed = comptoir("plugins", "list").stdout.splitlines()
    assert (
        "channel\ttelegram\tcomptoir-telegram\t0.1.0\tTelegram bot (Bot API)" in listed
    )
    Path(cli_env["COMPTOIR_CONFIG"]).write_text(
        '[channels.bot]\ntype = "telegram"\ntoken = "123:ABC"\nbatch_sise = 5\n'
    )
    done = comptoir("config", "check")
    assert done.returncode == 2
    assert (
        "channels.bot.token: secrets never go in the config file"
        in done.stdout + done.stderr
    )
    assert (
        "channels.bot.batch_sise is not a setting of this channel (did you mean batch_size?)"
        in done.stdout + done.stderr
    )
