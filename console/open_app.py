"""Opening the Textual console from the command line (bare `comptoir`, `comptoir demo`).

Free of typer: `console.launch` opens the console through here without it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from console.exits import EXIT_USAGE, leave
from console.i18n import set_language


def on_a_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def open_console(
    db_path: Path,
    config_path: Path | None,
    notices: Sequence[str] = (),
    before_channels: Callable[[], Sequence[str]] | None = None,
) -> None:
    """Run the app until the person quits; config mistakes are one line, exit 2.
    `notices`: lines said once the inbox shows; `before_channels`: work run in
    a thread once the queue is painted, before the channels listen (the lines
    it returns are said).

    The config is read without its holiday countries checked (that import alone
    would delay the first screen); the app checks them once the queue shows.
    """
    from console.config import load_config
    from console.config_sla import sla_settings
    from plugins.api import ConfigurationError
    from storage.languages import use_languages

    try:
        config = load_config(config_path, full=False)
    except ConfigurationError as exc:
        leave(f"{exc.title}: {exc.message}" if exc.title else exc.message, EXIT_USAGE)
    set_language(config.shop.language)
    from console.tui.app import ComptoirApp
    from console.tui.inbox_data import Settings

    senders: dict[str, str] = {}
    if config.survey.enabled:  # jinja2 only then
        from console.config_survey import survey_senders

        senders = survey_senders(config)
    shop = config.shop
    use_languages(shop.languages, frozenset(shop.addresses))
    settings = Settings(
        db_path=db_path,
        shop_name=shop.name,
        shop_address=shop.addresses[0] if shop.addresses else "",
        agent=shop.agent,
        timezone=shop.timezone,
        sla=sla_settings(config),
        channels=config.channels,
        shop_addresses=tuple(shop.addresses),
        survey=config.survey,
        survey_senders=senders,
        config_path=config.path,
        languages=shop.languages,
        replies=config.replies,
        intents=config.intents,
        automation=config.automation,
        outreach=config.outreach,
    )
    app = ComptoirApp(settings, notices)
    app.inbox.before_channels = before_channels
    app.run()
    if app.return_code:
        sys.exit(app.return_code)
