""" "We usually answer within ...": the chat's first-response target and hours."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from console.chat_hours import ChatHours
from storage.sla.policy import (
    Policy,
    SlaSettings,
    Target,
    default_calendar,
    default_settings,
)

PARIS = ZoneInfo("Europe/Paris")


def at(day: int, hour: int, minute: int = 0) -> float:
    """A time in the first week of June 2026 (Monday 1st), in Paris."""
    return datetime(2026, 6, day, hour, minute, tzinfo=PARIS).timestamp()


def test_open_hours_promise_the_target_as_a_wall_clock_wait() -> None:
    hours = ChatHours.for_channel(default_settings("Europe/Paris"), "chat")
    assert hours.is_open(at(1, 10)) and hours.next_open(at(1, 10)) is None
    assert hours.answer_within(at(1, 10)) == 4 * 3600  # 4 business hours, all today
    # Friday 17:00: one open hour left, three more from Monday 9:00
    assert hours.answer_within(at(5, 17)) == at(8, 12) - at(5, 17)


def test_outside_hours_the_widget_says_when_the_shop_opens() -> None:
    hours = ChatHours.for_channel(default_settings("Europe/Paris"), "chat")
    assert not hours.is_open(at(6, 11))  # Saturday
    assert hours.next_open(at(6, 11)) == at(8, 9)  # Monday 9:00
    assert not hours.is_open(at(1, 20))
    assert hours.next_open(at(1, 20)) == at(2, 9)


def test_the_chat_policy_applies_by_the_instances_name() -> None:
    chat = Policy("chat", {"first_response": Target(15, "m", business=False)},
                  channels=frozenset({"chat"}))  # fmt: skip
    settings = SlaSettings(
        (chat, *default_settings("Europe/Paris").policies),
        {"business-hours": default_calendar("Europe/Paris")},
    )
    hours = ChatHours.for_channel(settings, "chat")
    assert hours.is_open(at(6, 23))  # calendar time: always open
    assert hours.answer_within(at(6, 23)) == 15 * 60
    other = ChatHours.for_channel(settings, "site")  # another instance: standard
    assert other.answer_within(at(1, 10)) == 4 * 3600


def test_without_a_matching_policy_there_is_no_promise() -> None:
    empty = SlaSettings((), {"business-hours": default_calendar("UTC")})
    hours = ChatHours.for_channel(empty, "chat")
    assert hours.is_open(at(6, 3)) and hours.answer_within(at(6, 3)) is None
