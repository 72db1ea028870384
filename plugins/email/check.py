"""`check()` for the email channel: IMAP, folders and SMTP, as named steps.

A failed step says what is wrong and what to do; the steps after it are not
tried (a login that fails tells nothing about folders).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from plugins.api import CheckReport, CheckStep, PluginError
from plugins.email.errors import explained
from plugins.email.folders import Listed, listing, missing, plan
from plugins.email.imap_connect import close, connect
from plugins.email.settings import EmailSettings
from plugins.email.smtp import smtp_login_check

Password = Callable[[], Awaitable[str]]


def _listed(settings: EmailSettings, password: str) -> tuple[str, list[Listed]]:
    client = connect(settings, password)
    try:
        host, port = settings.imap_host, settings.imap_port
        with explained(settings.instance, host, port, "listing folders"):
            found = listing(client)
    finally:
        close(client)
    return f"{settings.username}@{settings.imap_host}:{settings.imap_port}", found


def _folders(settings: EmailSettings, listed: list[Listed]) -> CheckStep:
    absent = missing(listed, settings.folders)
    found = plan(listed, settings)
    if absent:
        have = ", ".join(sorted(f.name for f in listed))
        return CheckStep(
            "folders",
            False,
            f"folder {', '.join(absent)} not found on {settings.imap_host} "
            f"(it has: {have}): fix folders",
        )
    if found.warning:
        return CheckStep("folders", False, found.warning)
    reads = ", ".join(found.read)
    return CheckStep(
        "folders",
        True,
        f"reads {reads}; {found.remark}" if found.remark else f"reads {reads}",
    )


async def check_account(
    settings: EmailSettings, imap_password: Password, smtp_password: Password
) -> CheckReport:
    """Probe connection, TLS, credentials, folders and SMTP; never raises."""
    try:
        secret = await imap_password()
        where, listed = await asyncio.to_thread(_listed, settings, secret)
    except PluginError as exc:
        return CheckReport((CheckStep("IMAP", False, exc.message),))
    steps = [CheckStep("IMAP", True, where), _folders(settings, listed)]
    if not steps[-1].ok:
        return CheckReport(tuple(steps))
    try:
        said = await smtp_login_check(settings, await smtp_password())
        steps.append(CheckStep("SMTP", True, said))
    except PluginError as exc:
        steps.append(CheckStep("SMTP", False, exc.message))
    return CheckReport(tuple(steps))
