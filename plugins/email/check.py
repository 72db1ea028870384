"""`check()` for the email channel: IMAP, folders and SMTP, as named steps.

A failed step says what is wrong and what to do; the steps after it are not
tried (a login that fails tells nothing about folders).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from plugins.api import CheckReport, CheckStep, PluginError
from plugins.email.imap_connect import close, connect, folder_names
from plugins.email.settings import EmailSettings
from plugins.email.smtp import smtp_login_check

Password = Callable[[], Awaitable[str]]


def _folders(settings: EmailSettings, password: str) -> tuple[str, list[str]]:
    client = connect(settings, password)
    try:
        have = folder_names(client)
    finally:
        close(client)
    return f"{settings.username}@{settings.imap_host}:{settings.imap_port}", have


def _missing(settings: EmailSettings, have: list[str]) -> CheckStep:
    missing = [f for f in settings.sync_folders if f not in have]
    if missing:
        return CheckStep(
            "folders",
            False,
            f"folder {', '.join(missing)} not found on {settings.imap_host} "
            f"(it has: {', '.join(sorted(have))}): fix folders or sent_folder",
        )
    return CheckStep("folders", True, ", ".join(settings.sync_folders))


async def check_account(
    settings: EmailSettings, imap_password: Password, smtp_password: Password
) -> CheckReport:
    """Probe connection, TLS, credentials, folders and SMTP; never raises."""
    steps: list[CheckStep] = []
    try:
        where, have = await asyncio.to_thread(_folders, settings, await imap_password())
    except PluginError as exc:
        return CheckReport((CheckStep("IMAP", False, exc.message),))
    steps += [CheckStep("IMAP", True, where), _missing(settings, have)]
    if not steps[-1].ok:
        return CheckReport(tuple(steps))
    try:
        steps.append(
            CheckStep(
                "SMTP", True, await smtp_login_check(settings, await smtp_password())
            )
        )
    except PluginError as exc:
        steps.append(CheckStep("SMTP", False, exc.message))
    return CheckReport(tuple(steps))
