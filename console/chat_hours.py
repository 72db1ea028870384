"""When the shop answers chats, for the widget: from the SLA policy and calendar.

The widget says "we usually answer within ..." from the first-response target
of the policy that applies to the chat instance, as a wall-clock wait (a
2-hour business target at 17:30 is an answer tomorrow morning), and shows the
offline form while the calendar is closed.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.sla.calendar import Calendar, Clock
from storage.sla.policy import Policy, SlaSettings, first_match


@dataclass(frozen=True, slots=True)
class ChatHours:
    """`plugins.chat.records.Availability` from the SLA settings."""

    policy: Policy | None
    clock: Clock | None

    @classmethod
    def for_channel(cls, settings: SlaSettings, channel: str) -> ChatHours:
        policy = first_match(settings.policies, channel, "normal")
        if policy is None:
            return cls(None, None)
        return cls(policy, settings.clock(policy, "first_response"))

    def _calendar(self) -> Calendar | None:
        return self.clock if isinstance(self.clock, Calendar) else None

    def is_open(self, at: float) -> bool:
        calendar = self._calendar()
        return calendar is None or calendar.is_open(int(at))

    def answer_within(self, at: float) -> int | None:
        target = self.policy.targets.get("first_response") if self.policy else None
        if target is None or self.clock is None:
            return None
        start = int(at)
        return self.clock.add(start, target.seconds(self.clock)) - start

    def next_open(self, at: float) -> float | None:
        calendar = self._calendar()
        if calendar is None or calendar.is_open(int(at)):
            return None
        return float(calendar.add(int(at), 1) - 1)  # one open second in, less one
