"""What the shop's `[intents]` settings say; light, as the config loader reads it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

BUILT_IN = (
    "order_status",
    "address_change",
    "discount_code",
    "invoice",
    "damaged",
    "return",
    "cancel",
    "product_question",
    "thanks",
    "other",
)


@dataclass(frozen=True, slots=True)
class IntentSettings:
    intents: tuple[str, ...] = BUILT_IN
    # A conversation tag that tells its intent: {"livraison": "order_status"}.
    # Each intent's own name is such a tag too.
    tags: Mapping[str, str] = field(default_factory=lambda: {i: i for i in BUILT_IN})
    # New customer messages of this many days are read as they arrive; older
    # ones by `comptoir intents read --all`.
    recent_days: int = 90
