"""The configured channels, as the commands need them: one `Channels` built
from the config, or one line and exit 2 when the config says otherwise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import typer

from console.i18n import _
from console.runtime import EXIT_USAGE, fail, state, warn

if TYPE_CHECKING:
    from console.config import Config
    from plugins.api import Channel
    from storage.pipeline.instances import Channels


@dataclass(frozen=True, slots=True)
class Setup:
    channels: Channels
    names: list[str]  # the instances asked for (all of them by default)
    config: Config

    @property
    def shop(self) -> frozenset[str]:
        return self.channels.shop_addresses

    def parsers(self) -> list[type[Channel]]:
        """The plugin classes of the instances asked for (those that load)."""
        found = (self.channels.capable(name) for name in self.names)
        return list(dict.fromkeys(cls for cls in found if cls is not None))


def channel_setup(
    ctx: typer.Context,
    only: str | None = None,
    *,
    interactive: bool = True,
    required: bool = True,
) -> Setup:
    """Every configured instance (just `only` if given); exit 2 if none is
    and one is `required`. `interactive`: a password may be asked at the
    terminal."""
    from console.config import load_config
    from plugins.api import ConfigurationError
    from plugins.secrets import prompt_tty
    from storage.languages import use_languages
    from storage.pipeline.instances import Channels

    try:
        config = load_config(state(ctx).config_path)
    except ConfigurationError as exc:
        fail(f"{exc.title}: {exc.message}" if exc.title else exc.message, EXIT_USAGE)
    shop = frozenset(a.lower() for a in config.shop.addresses)
    use_languages(config.shop.languages, shop)  # for the detector, before any fork
    channels = Channels(
        config.channels,
        config.shop.name,
        shop,
        prompt_tty if interactive else None,
        warn,
    )
    names = list(config.channels)
    if only is not None:
        if only not in config.channels:
            known = ", ".join(config.channels) or _("none configured")
            said = _("no channel named {name} (channels: {known})")
            fail(said.format(name=repr(only), known=known), EXIT_USAGE)
        names = [only]
    elif not names and required:
        fail(
            _(
                "no channel is configured: add one, like [channels.support] "
                'with type = "email" (see docs/configuration.md)'
            ),
            EXIT_USAGE,
        )
    return Setup(channels, names, config)
