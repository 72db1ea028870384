"""A broken channel plugin is one warning when the console starts; the inbox opens."""

from __future__ import annotations

from plugins.registry import CHANNELS
from plugins.testing import InstalledPlugins
from tests.console_tests.conftest import MakeApp, inbox, settle


async def test_a_broken_channel_plugin_is_a_toast_and_the_inbox_opens(
    make_app: MakeApp, installed_plugins: InstalledPlugins
) -> None:
    installed_plugins.entry_point(
        CHANNELS, "sms", "comptoir_no_such_module:Sms", "comptoir-sms", "0.3.1"
    )
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert (
            "plugin sms (comptoir-sms 0.3.1) is broken: ModuleNotFoundError: "
            "No module named 'comptoir_no_such_module'"
        ) in messages
        assert inbox(pilot).queue.ids  # the inbox is there, the rows too
