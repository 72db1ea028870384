"""The intent reader and the automation as the config describes them, for the
CLI and the console alike (kept out of the commands so both build them once)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from console.config import Config
    from storage.automation.run import Automation
    from storage.intents.service import IntentReader


def senders(config: Config) -> dict[str, str]:
    """Each channel instance's From address (its own `address`, else the shop's)."""
    shop = config.shop.addresses[0] if config.shop.addresses else ""
    return {
        name: str(options.get("address") or shop)
        for name, options in config.channels.items()
    }


def reader_for(config: Config, keep: bool = True) -> IntentReader:
    from storage.intents.service import IntentReader

    return IntentReader(config.intents, keep)


def automation_for(config: Config, keep: bool = True) -> Automation:
    from storage.automation.run import Automation, Shop

    shop = Shop(
        config.shop.name,
        config.shop.agent,
        config.shop.addresses[0] if config.shop.addresses else "",
        senders(config),
    )
    return Automation(reader_for(config, keep), config.automation, shop)
