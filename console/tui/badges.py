"""The short time shown at the end of a queue row: what is due, or how long waited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from console.i18n import N_, _
from console.l10n import moment
from storage.queue import QueueRow
from storage.sla.deadline import Deadline


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
    if hours:
        return _("{days}d{hours}h").format(days=days, hours=hours)
    return _("{days}d").format(days=days)


def waiting_badge(row: QueueRow, now: datetime) -> Badge:
    """Until timers say otherwise: how long the customer has waited for an answer."""
    if row.waiting_since is None:
        last = datetime.fromtimestamp(row.last_message_at, UTC)
        return Badge(span((now - last).total_seconds()).rjust(6), "dim")
    waited = (now - datetime.fromtimestamp(row.waiting_since, UTC)).total_seconds()
    return Badge(("⏳" + span(waited)).rjust(6), "bold")


METRICS = {
    "first_response": N_("first response"),
    "next_response": N_("next response"),
    "resolution": N_("resolution"),
    "promise": N_("promise"),
}
STYLES = {
    "active": "",
    "paused": "dim",
    "at_risk": "bold yellow",
    "breached": "bold red",
}


def deadline_badge(deadline: Deadline, now: datetime) -> Badge:
    """Time left in calendar time; once breached, the time overdue."""
    stamp = int(now.timestamp())
    state = deadline.state_at(stamp)
    left = deadline.due - stamp
    if state == "paused":
        return Badge(_("paused").rjust(6), STYLES["paused"])
    text = f"-{span(-left)}" if left < 0 else span(left)
    return Badge(text.rjust(6), STYLES[state])


def timer_line(
    metric: str, due: datetime, state: str, now: datetime, zone: ZoneInfo
) -> tuple[str, str, str]:
    """(what, when and how long, style) for the context pane's list of deadlines."""
    left = (due - now).total_seconds()
    when = moment(due, zone)
    what = _(METRICS[metric]) if metric in METRICS else metric
    if state == "paused":
        return what, _("paused (due {when} if resumed now)").format(when=when), "dim"
    how = _("{span} overdue") if left < 0 else _("{span} left")
    return what, f"{when} · {how.format(span=span(left))}", STYLES.get(state, "")
