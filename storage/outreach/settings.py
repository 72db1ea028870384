"""What the shop's `[outreach]` settings say; light, as the config loader reads it.

[outreach]
unfulfilled_days = 3    # paid and not shipped after this many business days
tracking_days = 5       # shipped, and the tracking unchanged for this many days
refund_days = 3         # a refund promised in a reply and not made after these days
replies = { unfulfilled = ["retard", "delay"] }   # else comptoir's own wording
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

RULES = ("unfulfilled", "tracking", "refund")


@dataclass(frozen=True, slots=True)
class OutreachSettings:
    unfulfilled_days: int = 3
    tracking_days: int = 5
    refund_days: int = 3
    replies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
