"""The email instances the config declares, as the email commands need them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import typer

from console.i18n import _
from console.runtime import EXIT_USAGE, fail, state

if TYPE_CHECKING:
    from plugins.email.settings import EmailSettings


@dataclass(frozen=True, slots=True)
class EmailSetup:
    instances: list[EmailSettings]
    shop: frozenset[str]  # the shop's own addresses
    shop_name: str


def email_setup(ctx: typer.Context, only: str | None = None) -> EmailSetup:
    """The configured email accounts (just `only` if given); exit 2 if none."""
    from console.config import load_config
    from plugins.api import ConfigurationError
    from plugins.email.service import email_instances

    path = state(ctx).config_path
    try:
        config = load_config(path)
        instances = email_instances(config.channels)
    except ConfigurationError as exc:
        fail(f"{exc.title}: {exc.message}" if exc.title else exc.message, EXIT_USAGE)
    if only is not None:
        instances = [i for i in instances if i.instance == only]
        if not instances:
            known = ", ".join(config.channels) or _("none configured")
            said = _("no email channel named {name} (channels: {known})")
            fail(said.format(name=repr(only), known=known), EXIT_USAGE)
    elif not instances:
        fail(
            _(
                "no email channel is configured: add one, like [channels.support] "
                'with type = "email" (see docs/configuration.md)'
            ),
            EXIT_USAGE,
        )
    shop = frozenset(a.lower() for a in config.shop.addresses)
    return EmailSetup(instances, shop, config.shop.name)
