"""`ChannelContract`: the tests every channel passes, built-in or third-party.

A plugin author subclasses it in a test module (the subclass's name starts with
`Test`) and overrides the fixtures below; plugins/README.md shows how.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import pytest

from plugins.api import (
    AuthenticationError,
    Channel,
    ConfigurationError,
    InboundMessage,
    OptionType,
    TemporarilyUnavailable,
    require_api,
)
from plugins.testing.fetching import Fetched, check_shape, fetch_all, markers, opened
from plugins.testing.harness import Remote, Setup, call
from plugins.testing.sending import SendingContract

WRONG_TYPES: dict[OptionType, Any] = {
    OptionType.STRING: 12345,
    OptionType.INTEGER: "12",
    OptionType.BOOLEAN: "yes",
    OptionType.LIST: "INBOX",
    OptionType.FLOAT: "1.5",
}


def _misspelt(name: str) -> str:
    return name[:-2] + name[-1] + name[-2] if len(name) > 2 else name + "x"


class ChannelContract(SendingContract):
    """Every test of the contract; see ContractBase for the fixtures to override."""

    # -- options -------------------------------------------------------------

    def test_the_class_declares_itself(self, channel_class: type[Channel]) -> None:
        assert channel_class.name and channel_class.name.isidentifier()
        assert channel_class.label, "a label people read in `comptoir plugins list`"
        names = [option.name for option in channel_class.options]
        assert len(names) == len(set(names)), f"options declared twice: {names}"
        assert all(option.help for option in channel_class.options)
        require_api(channel_class.api_version)

    def test_the_setup_settings_validate(
        self, channel_class: type[Channel], channel_setup: Setup
    ) -> None:
        found = channel_class.check_options("contract", dict(channel_setup.settings))
        assert found == []

    def test_an_unknown_setting_is_named_with_a_suggestion(
        self, channel_class: type[Channel], channel_setup: Setup
    ) -> None:
        if not channel_class.options:
            pytest.skip("the channel has no options to misspell")
        real = channel_class.options[0].name
        wrong = _misspelt(real)
        settings = {**channel_setup.settings, wrong: "x"}
        with pytest.raises(ConfigurationError) as raised:
            channel_class("contract", settings, channel_setup.context)
        assert wrong in raised.value.message
        assert f"did you mean {real}" in raised.value.message

    def test_a_value_of_the_wrong_type_is_named(
        self, channel_class: type[Channel], channel_setup: Setup
    ) -> None:
        for option in channel_class.options:
            settings = {**channel_setup.settings, option.name: WRONG_TYPES[option.type]}
            with pytest.raises(ConfigurationError) as raised:
                channel_class("contract", settings, channel_setup.context)
            assert option.name in raised.value.message, raised.value.message

    def test_a_missing_required_setting_is_named(
        self, channel_class: type[Channel], channel_setup: Setup
    ) -> None:
        required = [o.name for o in channel_class.options if o.required]
        if not required:
            pytest.skip("the channel has no required option")
        for name in required:
            settings = {k: v for k, v in channel_setup.settings.items() if k != name}
            with pytest.raises(ConfigurationError) as raised:
                channel_class("contract", settings, channel_setup.context)
            assert name in raised.value.message, raised.value.message

    def test_a_secret_in_the_config_is_refused(
        self, channel_class: type[Channel], channel_setup: Setup
    ) -> None:
        settings = {**channel_setup.settings, "password": "hunter2"}
        with pytest.raises(ConfigurationError) as raised:
            channel_class("contract", settings, channel_setup.context)
        assert "password" in raised.value.message
        assert "hunter2" not in raised.value.message

    def test_the_constructor_does_no_io(
        self,
        channel_class: type[Channel],
        channel_setup: Setup,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        def refuse(*args: object, **kwargs: object) -> None:
            raise AssertionError("the constructor opened a connection")

        for name in ("getaddrinfo", "create_connection"):
            monkeypatch.setattr(socket, name, refuse)
        monkeypatch.setattr(socket.socket, "connect", refuse)
        channel_class("contract", channel_setup.settings, channel_setup.context)

    # -- check ---------------------------------------------------------------

    @pytest.mark.asyncio
    async def test_check_reports_named_steps(
        self, channel_class: type[Channel], channel_setup: Setup
    ) -> None:
        report = await self._check(channel_class, channel_setup)
        assert report.ok, report.summary()

    @pytest.mark.asyncio
    async def test_check_says_what_failed_without_raising(
        self,
        channel_class: type[Channel],
        bad_credentials: Setup | None,
        unreachable: Setup | None,
    ) -> None:
        tried = [setup for setup in (bad_credentials, unreachable) if setup]
        if not tried:
            pytest.skip("no bad_credentials nor unreachable fixture")
        for setup in tried:
            report = await self._check(channel_class, setup)
            assert not report.ok
            assert report.summary(), "the failed step says what is wrong"

    # -- fetch ---------------------------------------------------------------

    @pytest.mark.asyncio
    async def test_fetch_yields_well_formed_messages(
        self, channel_class: type[Channel], channel_setup: Setup, remote: Remote
    ) -> None:
        *_, fetched = await self._delivered(
            channel_class, channel_setup, remote, self.message_count
        )
        for item, message in fetched.messages:
            check_shape(item, message)
        ids = fetched.ids()
        assert len(ids) == len(set(ids)), f"one fetch yielded an id twice: {ids}"

    @pytest.mark.asyncio
    async def test_fetching_again_from_the_cursor_yields_nothing_already_yielded(
        self, channel_class: type[Channel], channel_setup: Setup, remote: Remote
    ) -> None:
        start, _, first = await self._delivered(
            channel_class, channel_setup, remote, self.message_count
        )
        assert first.cursor is not None and first.cursor != start, "no new cursor"
        async with asyncio.timeout(self.timeout):
            again = await fetch_all(channel_class, channel_setup, first.cursor)
        assert set(again.ids()) & set(first.ids()) == set()

    @pytest.mark.asyncio
    async def test_external_ids_are_stable(
        self, channel_class: type[Channel], channel_setup: Setup, remote: Remote
    ) -> None:
        """A fetch from the same old cursor names each message it yields again
        by the same id (many networks drop what was confirmed: then nothing)."""
        start, texts, first = await self._delivered(
            channel_class, channel_setup, remote, self.message_count
        )
        async with asyncio.timeout(self.timeout):
            again = await fetch_all(channel_class, channel_setup, start)
        before, after = first.by_marker(texts), again.by_marker(texts)
        assert {m: before[m] for m in after} == after

    @pytest.mark.asyncio
    @pytest.mark.parametrize("kill_after", [1, 2])
    async def test_a_kill_between_batches_loses_nothing(
        self,
        channel_class: type[Channel],
        channel_setup: Setup,
        remote: Remote,
        kill_after: int,
    ) -> None:
        """Stop after `kill_after` batches while the next is on its way, then
        start again, as a new process, from the last cursor stored."""
        start = await self._start(channel_class, channel_setup)
        texts = markers(self.message_count)
        await call(remote.deliver, texts)
        stored = Fetched(cursor=start)
        behind: set[str] = set()  # ids of batches up to the last stored cursor
        async with opened(channel_class, channel_setup) as channel:
            stream = channel.fetch(start)
            for _ in range(kill_after):
                try:
                    async with asyncio.timeout(self.timeout):
                        batch = await anext(stream)
                except StopAsyncIteration:
                    pytest.skip(f"the fetch gave fewer than {kill_after + 1} batches")
                stored.add(channel_class, batch)
                if batch.cursor is not None:
                    behind = set(stored.ids())
            dying = asyncio.ensure_future(anext(stream))
            await asyncio.sleep(0)  # the next batch is on its way: kill now
            dying.cancel()
            await asyncio.gather(dying, return_exceptions=True)
            await stream.aclose()  # type: ignore[attr-defined]
        if set(texts) <= set(stored.by_marker(texts)):
            pytest.skip("every message came before the kill; make batches smaller")
        async with asyncio.timeout(self.timeout):
            restarted = await fetch_all(channel_class, channel_setup, stored.cursor)
        seen = {**stored.by_marker(texts), **restarted.by_marker(texts)}
        assert sorted(set(texts) - set(seen)) == [], "lost by the kill"
        assert behind & set(restarted.ids()) == set(), "yielded again after a cursor"

    @pytest.mark.asyncio
    async def test_fetch_with_bad_credentials_raises_authentication_error(
        self, channel_class: type[Channel], bad_credentials: Setup | None
    ) -> None:
        if bad_credentials is None:
            pytest.skip("no bad_credentials fixture: the channel has no credentials")
        with pytest.raises(AuthenticationError):
            async with asyncio.timeout(self.timeout):
                await fetch_all(channel_class, bad_credentials, None)

    @pytest.mark.asyncio
    async def test_fetch_when_unreachable_raises_temporarily_unavailable(
        self, channel_class: type[Channel], unreachable: Setup | None
    ) -> None:
        if unreachable is None:
            pytest.skip("no unreachable fixture")
        with pytest.raises(TemporarilyUnavailable):
            async with asyncio.timeout(self.timeout):
                await fetch_all(channel_class, unreachable, None)

    @pytest.mark.asyncio
    async def test_a_rate_limited_fetch_says_when_to_retry(
        self,
        channel_class: type[Channel],
        rate_limited: tuple[Setup, float] | None,
    ) -> None:
        if rate_limited is None:
            pytest.skip("no rate_limited fixture: the server never says")
        setup, seconds = rate_limited
        with pytest.raises(TemporarilyUnavailable) as raised:
            async with asyncio.timeout(self.timeout):
                await fetch_all(channel_class, setup, None)
        assert raised.value.retry_after == seconds

    # -- watch ---------------------------------------------------------------

    @pytest.mark.asyncio
    async def test_watch_delivers_a_new_message(
        self, channel_class: type[Channel], channel_setup: Setup, remote: Remote
    ) -> None:
        if not channel_class.capabilities.watch:
            pytest.skip("the channel does not watch (capabilities.watch)")
        start = await self._start(channel_class, channel_setup)
        text, never = markers(2)
        async with opened(channel_class, channel_setup) as channel:
            found = Fetched(cursor=start)

            async def watching(cursor: str | None, wanted: str) -> InboundMessage:
                async for batch in channel.watch(cursor):
                    found.add(channel_class, batch)
                    if wanted in found.by_marker([wanted]):
                        return next(m for _, m in found.messages if wanted in m.text)
                raise AssertionError("watch ended before the message came")

            task = asyncio.create_task(watching(start, text))
            await asyncio.sleep(0.2)  # the watch is listening, or catches up after
            await call(remote.deliver, [text])
            message = await asyncio.wait_for(task, self.timeout)
            check_shape(message, message)
            waiting = asyncio.create_task(watching(found.cursor, never))
            await asyncio.sleep(0.2)
            waiting.cancel()
            with pytest.raises(asyncio.CancelledError):
                await asyncio.wait_for(waiting, 5)  # cancelling ends a watch at once
