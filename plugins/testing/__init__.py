"""Contract tests for channels, and a fixture that installs plugins for a test.

    from plugins.testing import ChannelContract, Setup, StaticContext

    class TestMyChannel(ChannelContract):
        ...  # override channel_class, channel_setup, remote (plugins/README.md)

Needs pytest and pytest-asyncio (the tests are coroutines marked `asyncio`).
"""

from plugins.testing.base import ContractBase
from plugins.testing.contract import ChannelContract
from plugins.testing.harness import Remote, Setup, StaticContext
from plugins.testing.install import InstalledPlugins, installed_plugins
from plugins.testing.sending import default_reply

__all__ = [
    "ChannelContract",
    "ContractBase",
    "InstalledPlugins",
    "Remote",
    "Setup",
    "StaticContext",
    "default_reply",
    "installed_plugins",
]
