"""Plugins are found by entry point; a broken one is named with its error."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from plugins.api import Batch, Channel, ConfigurationError
from plugins.registry import (
    CHANNELS,
    ORDER_SOURCES,
    PluginBroken,
    list_plugins,
    load_all,
    load_channel,
)
from plugins.testing import InstalledPlugins


class FakeChannel(Channel):
    name = "fake"
    label = "A fake channel"

    def fetch(
        self, cursor: str | None, since: datetime | None = None
    ) -> AsyncIterator[Batch]:
        raise NotImplementedError


class FutureChannel(FakeChannel):
    name = "future"
    api_version = "2.0"


class Misnamed(FakeChannel):
    name = "something_else"


BROKEN_MODULES = {
    "raises_at_import.py": "raise RuntimeError('the plugin fell over\\nat line 1')\n",
    "exits_at_import.py": "import sys\nsys.exit(3)\n",
    "not_a_channel.py": "class Thing:\n    name = 'thing'\n",
}


def _install_broken(installed: InstalledPlugins) -> None:
    installed.entry_point(
        CHANNELS, "missing", "comptoir_nowhere:Channel", "comptoir-missing", "1.2"
    )
    installed.entry_point(
        CHANNELS, "raises", "raises_at_import:X", modules=BROKEN_MODULES
    )
    installed.entry_point(
        CHANNELS, "exits", "exits_at_import:X", modules=BROKEN_MODULES
    )
    installed.entry_point(
        CHANNELS, "thing", "not_a_channel:Thing", modules=BROKEN_MODULES
    )
    installed.channel(FutureChannel, distribution="comptoir-future", version="9.0")
    installed.channel(Misnamed, name="misnamed")


def test_a_channel_installed_for_a_test_is_found_then_removed(
    installed_plugins: InstalledPlugins,
) -> None:
    installed_plugins.channel(FakeChannel, distribution="comptoir-fake", version="1.4")
    assert load_channel("fake") is FakeChannel
    listed = {p.name: p for p in list_plugins(CHANNELS)}
    assert (listed["fake"].distribution, listed["fake"].version) == (
        "comptoir-fake",
        "1.4",
    )
    assert "email" in listed  # the built-ins stay beside it
    with pytest.MonkeyPatch.context() as patch:  # a second test's installation...
        later = InstalledPlugins(installed_plugins.root / "later", patch)
        later.channel(FakeChannel, name="other")
        assert "other" in {p.name for p in list_plugins(CHANNELS)}
        later.remove()
    assert "other" not in {p.name for p in list_plugins(CHANNELS)}  # ...is gone after


def test_broken_plugins_are_named_with_their_error_and_the_others_load(
    installed_plugins: InstalledPlugins,
) -> None:
    _install_broken(installed_plugins)
    loaded, broken = load_all(CHANNELS)
    assert "email" in loaded
    errors = {b.entry.name: b.error for b in broken}
    assert errors == {
        "exits": "SystemExit: 3",
        "future": "needs comptoir plugin API 2.0, this comptoir has 1.0",
        "misnamed": "its class is named 'something_else', its entry point 'misnamed'",
        "missing": "ModuleNotFoundError: No module named 'comptoir_nowhere'",
        "raises": "RuntimeError: the plugin fell over at line 1",
        "thing": "not_a_channel:Thing is not a Channel",
    }
    line = str(next(b for b in broken if b.entry.name == "missing"))
    assert line == (
        "plugin missing (comptoir-missing 1.2) is broken: "
        "ModuleNotFoundError: No module named 'comptoir_nowhere'"
    )


def test_loading_a_broken_channel_is_a_configuration_error(
    installed_plugins: InstalledPlugins,
) -> None:
    _install_broken(installed_plugins)
    with pytest.raises(PluginBroken) as raised:
        load_channel("raises")
    assert isinstance(raised.value, ConfigurationError)
    assert raised.value.message == (
        "plugin raises (comptoir-test-raises 0.0.1) is broken: "
        "RuntimeError: the plugin fell over at line 1"
    )
    with pytest.raises(ConfigurationError, match="no plugin named 'nope'"):
        load_channel("nope")


def test_a_broken_order_source_is_skipped_by_auto_detection(
    installed_plugins: InstalledPlugins, tmp_path: Path
) -> None:
    from plugins.orders.detect import detect_source

    installed_plugins.entry_point(ORDER_SOURCES, "aaa", "comptoir_nowhere:Orders")
    export = tmp_path / "orders_export.csv"
    export.write_text("Name,Email,Lineitem name\n#1001,a@example.com,Mug\n")
    assert detect_source(export).name == "shopify"
