"""The contract tests fail a channel that breaks the contract: each fault below
is caught (at least) by the tests named beside it; the sound channel passes all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHANNELS = '''
import asyncio
import pytest
from datetime import UTC, datetime
from plugins.api import (Address, AuthenticationError, Batch, Channel, CheckReport,
    CheckStep, InboundMessage, Option, OptionType, Receipt, TemporarilyUnavailable)
from plugins.testing import ChannelContract, Setup

SERVER = {"inbox": [], "sent": []}


class Memory(Channel):
    """Messages in a list; the cursor is the index after the last one given."""
    name = "memory"
    label = "In memory"
    options = (Option("batch", OptionType.INTEGER, "Per batch.", default=2),
               Option("host", OptionType.STRING, "Where.", required=True))

    def _open(self):
        if self.settings["host"] == "down":
            raise TemporarilyUnavailable("down", self.instance)
        if self.settings["host"] == "locked":
            raise AuthenticationError("refused", self.instance)

    async def check(self):
        try:
            self._open()
        except Exception as exc:
            return CheckReport((CheckStep("connect", False, str(exc)),))
        return CheckReport((CheckStep("connect", True),))

    def message(self, i):
        return InboundMessage(f"m{i}", SERVER["inbox"][i].encode(), Address("C", "c@x"),
                              text=SERVER["inbox"][i], sent_at=datetime.now(UTC))

    async def fetch(self, cursor, since=None):
        self._open()
        start = int(cursor or 0)
        while start < len(SERVER["inbox"]):
            end = min(start + self.settings["batch"], len(SERVER["inbox"]))
            await asyncio.sleep(0)
            yield Batch(tuple(self.message(i) for i in range(start, end)), self.cursor(end))
            start = end

    def cursor(self, end):
        return str(end)

    async def send(self, reply):
        self._open()
        SERVER["sent"].append(reply.text)
        return Receipt(f"s{len(SERVER['sent'])}")


class CursorBehind(Memory):
    def cursor(self, end):
        return str(end - 1)


class CursorAhead(Memory):
    def cursor(self, end):
        return str(end + 1)


class AuthIsTemporary(Memory):
    def _open(self):
        if self.settings["host"] in ("down", "locked"):
            raise TemporarilyUnavailable("down", self.instance)


class CheckRaises(Memory):
    async def check(self):
        self._open()
        return await super().check()


class NaiveTimes(Memory):
    def message(self, i):
        m = super().message(i)
        return InboundMessage(m.external_id, m.raw, m.sender, text=m.text,
                              sent_at=datetime.now())


class IdsChange(Memory):
    def message(self, i):
        m = super().message(i)
        return InboundMessage(f"{m.external_id}-{id(self)}", m.raw, m.sender,
                              text=m.text, sent_at=m.sent_at)


class LaxOptions(Memory):
    @classmethod
    def check_options(cls, instance, options):
        return []


class Remote:
    def deliver(self, texts):
        SERVER["inbox"].extend(texts)

    def received(self):
        return list(SERVER["sent"])


def contract_for(cls):
    class Contract(ChannelContract):
        @pytest.fixture
        def channel_class(self):
            return cls

        @pytest.fixture
        def channel_setup(self):
            return Setup({"host": "up"})

        @pytest.fixture
        def remote(self):
            return Remote()

        @pytest.fixture
        def bad_credentials(self):
            return Setup({"host": "locked"})

        @pytest.fixture
        def unreachable(self):
            return Setup({"host": "down"})

    return Contract
'''

FAULTS = {
    "Memory": set(),
    "CursorBehind": {
        "test_fetching_again_from_the_cursor_yields_nothing_already_yielded"
    },
    "CursorAhead": {
        "test_fetch_yields_well_formed_messages",
        "test_a_kill_between_batches_loses_nothing[1]",
    },
    "AuthIsTemporary": {
        "test_fetch_with_bad_credentials_raises_authentication_error",
        "test_send_with_bad_credentials_raises_authentication_error",
    },
    "CheckRaises": {"test_check_says_what_failed_without_raising"},
    "NaiveTimes": {"test_fetch_yields_well_formed_messages"},
    "IdsChange": {"test_external_ids_are_stable"},
    "LaxOptions": {
        "test_an_unknown_setting_is_named_with_a_suggestion",
        "test_a_value_of_the_wrong_type_is_named",
        "test_a_missing_required_setting_is_named",
        "test_a_secret_in_the_config_is_refused",
    },
}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """Failed tests by channel class, from one pytest run in a child process."""
    folder = tmp_path_factory.mktemp("contract")
    module = CHANNELS + "".join(
        f"\n\nclass Test{name}(contract_for({name})):\n    pass\n" for name in FAULTS
    )
    (folder / "test_channels.py").write_text(module)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rf", "-p", "no:cacheprovider",
         "-o", "asyncio_default_fixture_loop_scope=function", str(folder)],
        capture_output=True, text=True, cwd=folder, timeout=300, check=False,
        env={"PYTHONPATH": str(ROOT), "PATH": str(Path(sys.executable).parent)},
    )  # fmt: skip
    failed: dict[str, set[str]] = {name: set() for name in FAULTS}
    for line in done.stdout.splitlines():
        if line.startswith("FAILED "):
            test_id = line.split()[1]
            cls, test = test_id.split("::")[1:3]
            failed[cls.removeprefix("Test")].add(test)
    assert "error" not in done.stdout.splitlines()[-1], done.stdout
    return failed


@pytest.mark.parametrize("channel", list(FAULTS))
def test_the_contract_fails_each_fault_where_it_should(
    channel: str, outcomes: dict[str, set[str]]
) -> None:
    if channel == "Memory":
        assert outcomes[channel] == set()  # the sound channel passes everything
    assert outcomes[channel] >= FAULTS[channel]
