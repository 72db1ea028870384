"""A shop's Monday as mail files and agent actions at set times, for the timer
scenarios: every figure in those tests is worked out by hand from this page.

The shop is in Paris (UTC+1 in March), open Monday to Friday 9:00-17:00.
Policies, the first that matches applies:
- urgent (priority high or urgent): first response 4 business hours,
  resolution 2 business days (16 h: a business day is the opening day, 8 h);
- standard: first response 15 min and next response 1 h of calendar time,
  resolution 1 business day (8 h).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from storage.actions import Actor
from storage.connection import Store, open_store

PARIS = ZoneInfo("Europe/Paris")
SHOP = "shop@example.com"
AGENT = Actor("agent", "Camille")
CONFIG = f"""\
[shop]
name = "Test shop"
addresses = ["{SHOP}"]
timezone = "Europe/Paris"
agent = "Camille"

[sla.calendars.office]
mon = ["09:00-17:00"]
tue = ["09:00-17:00"]
wed = ["09:00-17:00"]
thu = ["09:00-17:00"]
fri = ["09:00-17:00"]

[[sla.policies]]
name = "urgent"
priority = ["high", "urgent"]
first_response = "4h"
resolution = "2d"

[[sla.policies]]
name = "standard"
first_response = "15min calendar"
next_response = "1h calendar"
resolution = "1d"
"""


def monday(hhmm: str) -> datetime:
    """Monday 2 March 2026 at this Paris time."""
    hours, minutes = map(int, hhmm.split(":"))
    return datetime(2026, 3, 2, hours, minutes, tzinfo=PARIS)


def stamp(hhmm: str) -> int:
    return int(monday(hhmm).timestamp())


def mail(
    folder: Path,
    name: str,
    sender: str,
    at: datetime,
    subject: str = "Colis",
    replying_to: str = "",
    headers: str = "",
    to: str = SHOP,
) -> Path:
    """One .eml file as a mail client leaves it; its Message-ID is <name@test>."""
    folder.mkdir(parents=True, exist_ok=True)
    reply = f"In-Reply-To: <{replying_to}@test>\n" if replying_to else ""
    text = (
        f"From: {sender}\nTo: {to}\nSubject: {subject}\n"
        f"Date: {at.strftime('%a, %d %b %Y %H:%M:%S %z')}\n"
        f"Message-ID: <{name}@test>\n{reply}{headers}"
        f"Content-Type: text/plain; charset=utf-8\n\nMessage {name}.\n"
    )
    path = folder / f"{name}.eml"
    path.write_text(text, encoding="utf-8")
    return path


def act(db: Path, change: Callable[[Store], Awaitable[object]]) -> None:
    """An agent's action at a set time, through the storage call the console
    and the CLI make (they stamp it with the clock; here the clock is Monday's)."""

    async def go() -> None:
        async with open_store(db) as store:
            await change(store)

    asyncio.run(go())
