"""A conversation's nearest pending target: the queue's badges and order.

Apart from the table of many (deadline_table.py, numpy arrays), so that the
console draws its first screen without loading numpy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True, slots=True)
class Deadline:
    """A conversation's nearest pending target; `due` in UTC seconds."""

    conversation_id: int
    metric: str  # first_response, next_response, resolution, promise
    due: int
    state: str  # active, paused, at_risk, breached
    risk_at: int = 0  # when it turns at risk; 0 when paused

    def state_at(self, now: int) -> str:
        """The state at another instant, with no new event: timers tick on."""
        if self.state == "paused" or (self.state == "breached" and not self.risk_at):
            return self.state
        if now > self.due:
            return "breached"
        return "at_risk" if now >= self.risk_at else "active"

    @property
    def due_at(self) -> datetime:
        return datetime.fromtimestamp(self.due, UTC)

    def left(self, now: datetime) -> int:
        """Seconds left in calendar time; negative once overdue."""
        return self.due - int(now.timestamp())
