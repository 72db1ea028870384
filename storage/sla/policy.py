"""SLA policies: targets per metric, the first matching policy applying."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storage.sla.calendar import CALENDAR_TIME, WEEKDAYS, Calendar, Clock, weekly
from storage.vocabulary import Metric

METRICS = (Metric.FIRST_RESPONSE, Metric.NEXT_RESPONSE, Metric.RESOLUTION)
DEFAULT_AT_RISK = 0.75
DEFAULT_CALENDAR = "business-hours"


@dataclass(frozen=True, slots=True)
class Target:
    amount: int  # in `unit`
    unit: str  # "min", "h" or "d" (storage/timewords.py)
    business: bool = True

    def seconds(self, clock: Clock) -> int:
        """A business day is the calendar's average opening day, not 24 hours."""
        if self.unit == "d":
            return self.amount * clock.day_seconds
        return self.amount * (3600 if self.unit == "h" else 60)

    def __str__(self) -> str:
        kind = "business" if self.business else "calendar"
        return f"{self.amount}{self.unit} {kind}"


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    targets: Mapping[str, Target]  # metric -> target; a missing metric is untimed
    calendar: str = DEFAULT_CALENDAR
    channels: frozenset[str] = frozenset()  # empty: any
    priorities: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()  # any one of them
    customer_tags: frozenset[str] = frozenset()
    at_risk: float = DEFAULT_AT_RISK

    def matches(
        self,
        channel: str,
        priority: str,
        tags: frozenset[str],
        customer_tags: frozenset[str],
    ) -> bool:
        return (
            (not self.channels or channel in self.channels)
            and (not self.priorities or priority in self.priorities)
            and (not self.tags or bool(self.tags & tags))
            and (not self.customer_tags or bool(self.customer_tags & customer_tags))
        )

    @property
    def uses_tags(self) -> bool:
        return bool(self.tags or self.customer_tags)


@dataclass(frozen=True, slots=True)
class SlaSettings:
    """What the config says: ordered policies and named calendars."""

    policies: tuple[Policy, ...]
    calendars: Mapping[str, Calendar]

    def clock(self, policy: Policy, metric: str) -> Clock:
        target = policy.targets.get(metric)
        if target is not None and not target.business:
            return CALENDAR_TIME
        return self.calendars[policy.calendar]

    def due_seconds(self, policy: Policy, metric: str) -> int | None:
        target = policy.targets.get(metric)
        return None if target is None else target.seconds(self.clock(policy, metric))

    @property
    def uses_tags(self) -> bool:
        return any(p.uses_tags for p in self.policies)

    @property
    def chosen_by_changes(self) -> bool:
        """Whether changing a conversation's priority or tags can change its policy."""
        return any(p.priorities or p.tags for p in self.policies)


def first_match(
    policies: Sequence[Policy],
    channel: str,
    priority: str,
    tags: frozenset[str] = frozenset(),
    customer_tags: frozenset[str] = frozenset(),
) -> Policy | None:
    for policy in policies:
        if policy.matches(channel, priority, tags, customer_tags):
            return policy
    return None


def default_calendar(timezone: str, name: str = DEFAULT_CALENDAR) -> Calendar:
    """Monday to Friday, 9:00 to 18:00, in the shop's time zone."""
    return Calendar(
        name, timezone, weekly({d: [("09:00", "18:00")] for d in WEEKDAYS[:5]})
    )


def default_policy(calendar: str = DEFAULT_CALENDAR) -> Policy:
    """First response within 4 business hours, next within 8, resolved in 3 days."""
    return Policy(
        "standard",
        {
            "first_response": Target(4, "h"),
            "next_response": Target(8, "h"),
            "resolution": Target(3, "d"),
        },
        calendar,
    )


def default_settings(timezone: str) -> SlaSettings:
    return SlaSettings(
        (default_policy(),), {DEFAULT_CALENDAR: default_calendar(timezone)}
    )
