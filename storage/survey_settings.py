"""What the shop's `[survey]` settings say; light, as the config loader reads it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_SUBJECT = "{{ shop.name }}: how did we do?"
DEFAULT_QUESTION = """\
Hello {{ customer.first_name or "there" }},

We hope your question is settled. How happy are you with our answer?
Reply with one digit, from 1 (not at all) to 5 (very), and a comment if you like.

{{ shop.name }}
"""


@dataclass(frozen=True, slots=True)
class SurveySettings:
    enabled: bool = False
    channels: tuple[str, ...] = ("email",)  # channel types or instance names
    delay: int = 3600  # seconds after closing
    within: int = 14 * 86400  # seconds an answer counts, from the sending
    subject: str = DEFAULT_SUBJECT
    question: str = DEFAULT_QUESTION
    # Channel instances with a delay of their own: a chat's rating shows in the
    # widget at once, while mail waits an hour.
    delays: Mapping[str, int] = field(default_factory=dict)

    def delay_for(self, instance: str) -> int:
        return self.delays.get(instance, self.delay)
