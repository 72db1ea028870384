"""The `[intents]`, `[automation]` and `[outreach]` tables, checked by line.

[intents]
extra = ["wholesale"]                 # intents of the shop's own, beside the built-in
tags = { livraison = "order_status" } # a conversation tag that tells the intent

[automation]
order_status = "send"                 # per intent: off, suggest or send
threshold = 0.75

[outreach]
unfulfilled_days = 3
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from storage.automation.settings import MODES, AutomationSettings
from storage.intents.settings import BUILT_IN, IntentSettings
from storage.outreach.settings import RULES, OutreachSettings
from storage.timewords import TimeWordError, parse_duration

if TYPE_CHECKING:
    from console.config import _Checker

INTENT_KEYS = ("extra", "tags", "recent_days")
AUTOMATION_KEYS = (
    "threshold", "replies", "close_after_send", "max_age", "transit_days",
)  # fmt: skip
OUTREACH_KEYS = ("unfulfilled_days", "tracking_days", "refund_days", "replies")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class AutomationChecker:
    def __init__(self, checker: _Checker) -> None:
        self.c = checker

    def table(
        self, data: dict[str, Any], name: str, known: tuple[str, ...]
    ) -> dict[str, Any]:
        raw = data.get(name, {})
        if not isinstance(raw, dict):
            self.c.add((name,), f"{name} must be a table, like [{name}]")
            return {}
        for key in [k for k in raw if k not in known]:
            self.c.unknown((name, key), known)
        return raw

    def intents(self, data: dict[str, Any]) -> IntentSettings:
        raw = self.table(data, "intents", INTENT_KEYS)
        extra = raw.get("extra", [])
        if not isinstance(extra, list) or not all(isinstance(e, str) for e in extra):
            self.c.add(
                ("intents", "extra"), 'intents.extra is a list, like ["wholesale"]'
            )
            extra = []
        for bad in [e for e in extra if not _NAME.match(e)]:
            msg = f'intents.extra: "{bad}" must be a lower-case word, like "wholesale"'
            self.c.add(("intents", "extra"), msg, value=bad)
        names = tuple(dict.fromkeys([*BUILT_IN, *(e for e in extra if _NAME.match(e))]))
        tags = {name: name for name in names}
        given = raw.get("tags", {})
        if not isinstance(given, dict):
            self.c.add(
                ("intents", "tags"),
                'intents.tags is a table, like { livraison = "order_status" }',
            )
            given = {}
        for tag, intent in given.items():
            if intent not in names:
                self.c.add(
                    ("intents", "tags", tag),
                    f"intents.tags.{tag}: {intent!r} is no intent; use {', '.join(names)}",
                )
            else:
                tags[str(tag).lower()] = intent
        days = self.number(raw, ("intents", "recent_days"), 90, whole=True)
        return IntentSettings(names, tags, int(days))

    def automation(
        self, data: dict[str, Any], intents: IntentSettings
    ) -> AutomationSettings:
        raw = self.table(data, "automation", (*AUTOMATION_KEYS, *intents.intents))
        modes = {}
        for intent in intents.intents:
            if intent in raw:
                if raw[intent] in MODES:
                    modes[intent] = str(raw[intent])
                else:
                    msg = f'automation.{intent} is "off", "suggest" or "send"'
                    self.c.add(("automation", intent), msg)
        threshold = self.number(raw, ("automation", "threshold"), 0.75)
        if not 0 <= threshold <= 1:
            self.c.add(
                ("automation", "threshold"),
                "automation.threshold is between 0 and 1, like 0.75",
            )
            threshold = 0.75
        close = raw.get("close_after_send", True)
        if not isinstance(close, bool):
            self.c.add(
                ("automation", "close_after_send"),
                "automation.close_after_send is true or false",
            )
            close = True
        return AutomationSettings(
            modes,
            threshold,
            self.replies(raw, "automation", intents.intents),
            close,
            self.max_age(raw.get("max_age", "1d")),
            int(self.number(raw, ("automation", "transit_days"), 2, whole=True)),
        )

    def max_age(self, value: object) -> int:
        where = ("automation", "max_age")
        try:
            seconds = parse_duration(value) if isinstance(value, str) else 0
        except TimeWordError as problem:
            self.c.add(where, f"automation.max_age: {problem}")
            return 86400
        if not seconds:
            self.c.add(
                where, f'automation.max_age: {value!r} is not a duration like "1d"'
            )
            return 86400
        return seconds

    def outreach(self, data: dict[str, Any]) -> OutreachSettings:
        raw = self.table(data, "outreach", OUTREACH_KEYS)

        def days(key: str, default: int) -> int:
            return int(self.number(raw, ("outreach", key), default, whole=True))

        return OutreachSettings(
            days("unfulfilled_days", 3),
            days("tracking_days", 5),
            days("refund_days", 3),
            self.replies(raw, "outreach", RULES),
        )

    def replies(
        self, raw: dict[str, Any], table: str, keys: tuple[str, ...]
    ) -> dict[str, tuple[str, ...]]:
        given = raw.get("replies", {})
        where = (table, "replies")
        if not isinstance(given, dict):
            self.c.add(
                where, f'{table}.replies is a table, like {{ {keys[0]} = ["name"] }}'
            )
            return {}
        found = {}
        for key, names in given.items():
            if key not in keys:
                self.c.add(
                    (*where, key),
                    f"{table}.replies.{key}: use one of {', '.join(keys)}",
                )
            elif not isinstance(names, list) or not all(
                isinstance(n, str) for n in names
            ):
                self.c.add(
                    (*where, key),
                    f'{table}.replies.{key} is a list of canned reply names, like ["suivi"]',
                )
            else:
                found[key] = tuple(names)
        return found

    def number(
        self,
        raw: dict[str, Any],
        where: tuple[str, str],
        default: float,
        whole: bool = False,
    ) -> float:
        value = raw.get(where[1], default)
        kinds = (int,) if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or value < 0:
            kind = "a whole number" if whole else "a number"
            self.c.add(where, f"{'.'.join(where)} must be {kind}, like {default}")
            return default
        return float(value)
