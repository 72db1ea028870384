"""What callers use: fetch an account once, check it, list configured ones.

The CLI (`comptoir fetch`, `comptoir channels check`) and the app's workers
call these; all IMAP work happens in threads, so the event loop stays free.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import date
from typing import Any

from plugins.api import PluginError
from plugins.email.errors import explained
from plugins.email.folders import listing, missing, plan
from plugins.email.imap_connect import close, connect
from plugins.email.imap_sync import FolderSync, Progress, SyncReport
from plugins.email.lock import fetch_lock
from plugins.email.passwords import Prompt, imap_password, smtp_password
from plugins.email.settings import EmailSettings
from storage.connection import Store

PasswordSource = Callable[[EmailSettings], str]


def email_instances(channels: Mapping[str, Mapping[str, Any]]) -> list[EmailSettings]:
    """The configured email instances (config's [channels.*] with type email)."""
    return [
        EmailSettings.from_options(name, dict(options))
        for name, options in channels.items()
        if options.get("type") == "email"
    ]


async def fetch_account(
    settings: EmailSettings,
    store: Store,
    shop: frozenset[str],
    *,
    since: date | None = None,
    pool: Executor | None = None,
    password: PasswordSource = imap_password,
    on_progress: Progress = lambda report: None,
    lock_wait: float = 60.0,
) -> SyncReport:
    """Sync every folder of the account once, under the account's fetch lock."""
    async with fetch_lock(store.path, settings.instance, lock_wait):
        secret = await asyncio.to_thread(password, settings)
        client = await asyncio.to_thread(connect, settings, secret)
        try:
            sync = FolderSync(settings, client, store, shop, pool)
            return await sync.run(since, on_progress)
        finally:
            await asyncio.to_thread(close, client)


@dataclass(frozen=True, slots=True)
class CheckResult:
    instance: str
    ok: bool
    verdict: str  # one line: what works, or what is wrong and what to do


def _check_imap(settings: EmailSettings, prompt: Prompt | None) -> str:
    client = connect(settings, imap_password(settings, prompt))
    try:
        with explained(settings.instance, settings.imap_host, settings.imap_port,
                       "listing folders"):  # fmt: skip
            listed = listing(client)
    finally:
        close(client)
    absent = missing(listed, settings.folders)
    found = plan(listed, settings)
    if absent or found.warning:
        have = ", ".join(sorted(f.name for f in listed))
        raise PluginError(
            f"folder {', '.join(absent)} not found on {settings.imap_host} "
            f"(it has: {have}): fix folders"
            if absent
            else found.warning,
            settings.instance,
        )
    read = ", ".join(found.read)
    said = f"IMAP {settings.username}@{settings.imap_host} ok (reads {read})"
    return f"{said}; {found.remark}" if found.remark else said


async def _check_smtp(settings: EmailSettings, prompt: Prompt | None) -> str:
    from plugins.email.sender import smtp_login_check

    secret = await asyncio.to_thread(smtp_password, settings, prompt)
    await smtp_login_check(settings, secret)
    return f"SMTP {settings.smtp_username}@{settings.smtp_host} ok"


async def check_account(
    settings: EmailSettings, prompt: Prompt | None = None
) -> CheckResult:
    """Probe connection, TLS, credentials and folders; never raises."""
    try:
        imap = await asyncio.to_thread(_check_imap, settings, prompt)
        smtp = await _check_smtp(settings, prompt)
    except PluginError as exc:
        return CheckResult(settings.instance, False, exc.message)
    return CheckResult(settings.instance, True, f"{imap}; {smtp}")
