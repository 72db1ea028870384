"""What the shop's `[automation]` settings say; light, as the config loader reads it.

[automation]
order_status = "send"        # per intent: off, suggest (a draft waits) or send
address_change = "suggest"
threshold = 0.75             # below this confidence, a person answers
replies = { order_status = ["suivi", "tracking"] }   # else: replies tagged so
close_after_send = true      # an automatic answer closes the conversation
max_age = "1d"               # older messages (an import) are never answered
transit_days = 2             # business days from shipping to the expected date
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

MODES = ("off", "suggest", "send")


@dataclass(frozen=True, slots=True)
class AutomationSettings:
    modes: Mapping[str, str] = field(default_factory=dict)  # intent: mode
    threshold: float = 0.75
    replies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    close_after_send: bool = True
    max_age: int = 86400
    transit_days: int = 2

    def mode(self, intent: str) -> str:
        return self.modes.get(intent, "off")

    @property
    def active(self) -> bool:
        return any(mode != "off" for mode in self.modes.values())
