"""The short time shown at the end of a queue row: what is due, or how long waited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from storage.queue import QueueRow


@dataclass(frozen=True, slots=True)
class Badge:
    text: str
    style: str = ""  # a Rich style; empty for the row's own


def span(seconds: float) -> str:
    """A duration as a person reads it at a glance: 45m, 3h12, 2d4h."""
    minutes = int(abs(seconds) // 60)
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h{minutes:02d}"
    days, hours = divmod(hours, 24)
    return f"{days}d{hours}h" if hours else f"{days}d"


def waiting_badge(row: QueueRow, now: datetime) -> Badge:
    """Until timers say otherwise: how long the customer has waited for an answer."""
    if row.waiting_since is None:
        last = datetime.fromtimestamp(row.last_message_at, UTC)
        return Badge(span((now - last).total_seconds()).rjust(6), "dim")
    waited = (now - datetime.fromtimestamp(row.waiting_since, UTC)).total_seconds()
    return Badge(("⏳" + span(waited)).rjust(6), "bold")
