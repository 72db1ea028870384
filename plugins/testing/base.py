"""The fixtures a plugin author overrides, and the steps the contract tests share."""

from __future__ import annotations

import asyncio
from typing import ClassVar

import pytest

from plugins.api import Channel, CheckReport, InboundMessage
from plugins.testing.fetching import Fetched, fetch_all, markers, opened
from plugins.testing.harness import Remote, Setup, call


class ContractBase:
    """Override `channel_class`, `channel_setup` and `remote`; override
    `bad_credentials`, `unreachable` and `rate_limited` where the network has
    them (each test that needs one is skipped, saying so, when it is None)."""

    message_count: ClassVar[int] = 5  # messages delivered for the fetch tests
    timeout: ClassVar[float] = 30.0  # seconds any one network step may take

    @pytest.fixture
    def channel_class(self) -> type[Channel]:
        """The class under test; `load_channel(name)` finds it as comptoir does."""
        raise NotImplementedError("override the channel_class fixture")

    @pytest.fixture
    def channel_setup(self) -> Setup:
        """Settings and context of an instance that works against `remote`.
        Keep its batches small (2 or 3 messages), so a kill falls between two."""
        raise NotImplementedError("override the channel_setup fixture")

    @pytest.fixture
    def remote(self) -> Remote:
        raise NotImplementedError("override the remote fixture")

    @pytest.fixture
    def bad_credentials(self) -> Setup | None:
        """An instance the server refuses (a wrong token or password)."""
        return None

    @pytest.fixture
    def unreachable(self) -> Setup | None:
        """An instance whose server cannot be reached (a closed port)."""
        return None

    @pytest.fixture
    def rate_limited(self) -> tuple[Setup, float] | None:
        """An instance whose server answers "retry after N seconds", and N."""
        return None

    async def _check(self, channel_class: type[Channel], setup: Setup) -> CheckReport:
        async with opened(channel_class, setup) as channel:
            try:
                async with asyncio.timeout(self.timeout):
                    report = await channel.check()
            except Exception as exc:
                raise AssertionError(f"check() raised {exc!r}") from exc
        assert isinstance(report, CheckReport), f"check() returned {report!r}"
        assert report.steps, "check() named no step"
        assert all(step.name for step in report.steps), report.steps
        return report

    async def _start(self, channel_class: type[Channel], setup: Setup) -> str | None:
        """The cursor after everything the remote side held before the test."""
        async with asyncio.timeout(self.timeout):
            return (await fetch_all(channel_class, setup, None)).cursor

    async def _delivered(
        self, channel_class: type[Channel], setup: Setup, remote: Remote, count: int
    ) -> tuple[str | None, list[str], Fetched]:
        """Deliver `count` messages; fetch them from the cursor before them."""
        start = await self._start(channel_class, setup)
        texts = markers(count)
        await call(remote.deliver, texts)
        async with asyncio.timeout(self.timeout):
            fetched = await fetch_all(channel_class, setup, start)
        missing = set(texts) - set(fetched.by_marker(texts))
        assert not missing, f"fetch did not yield {sorted(missing)}"
        return start, texts, fetched

    async def _one_message(
        self, channel_class: type[Channel], setup: Setup, remote: Remote
    ) -> InboundMessage:
        _, texts, fetched = await self._delivered(channel_class, setup, remote, 1)
        return next(m for _, m in fetched.messages if texts[0] in m.text)
