"""The `[survey]` table: satisfaction surveys after closing, checked by line.

[survey]
enabled = true
channels = ["email"]        # channel types or instance names
delay = "1h"                # after the conversation is closed
within = "14d"              # how long an answer counts
subject = "{{ shop.name }}: how did we do?"
question = '''Hello {{ customer.first_name or "there" }}, ...'''
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storage.reply_templates import fixed_text_problem
from storage.survey_settings import SurveySettings
from storage.timewords import AmbiguousUnit, TimeWordError, parse_duration

if TYPE_CHECKING:
    from console.config import Config, _Checker

SURVEY_KEYS = (
    "enabled", "channels", "delay", "delays", "within", "subject", "question",
)  # fmt: skip


class SurveyChecker:
    def __init__(self, checker: _Checker, channels: dict[str, dict[str, Any]]) -> None:
        self.c, self.configured = checker, channels

    def survey(self, raw: object) -> SurveySettings:
        if not isinstance(raw, dict):
            self.c.add(("survey",), "survey must be a table, like [survey]")
            return SurveySettings()
        for key in [k for k in raw if k not in SURVEY_KEYS]:
            self.c.unknown(("survey", key), SURVEY_KEYS)
        default = SurveySettings()
        enabled = raw.get("enabled", False)
        if not isinstance(enabled, bool):
            self.c.add(("survey", "enabled"), "survey.enabled is true or false")
            enabled = False
        channels = self.channels(raw.get("channels", list(default.channels)), enabled)
        return SurveySettings(
            enabled,
            channels,
            self.duration(raw, "delay", default.delay, allow_zero=True),
            self.duration(raw, "within", default.within, allow_zero=False),
            self.template(raw, "subject", default.subject),
            self.template(raw, "question", default.question),
            self.delays(raw.get("delays", {})),
        )

    def delays(self, raw: object) -> dict[str, int]:
        """`delays = { chat = "0min" }`: another delay for some channels (types or
        instance names), resolved here to instance names."""
        if not isinstance(raw, dict):
            self.c.add(("survey", "delays"), 'survey.delays is a table, like { chat = "0min" }')  # fmt: skip
            return {}
        found: dict[str, int] = {}
        for key in raw:
            seconds = self.duration(raw, key, -1, allow_zero=True, table=("survey", "delays"))  # fmt: skip
            names = [n for n, o in self.configured.items() if key in (n, o.get("type"))]
            if seconds >= 0 and not names:
                msg = f'survey.delays.{key}: "{key}" is no configured channel or type'
                self.c.add(("survey", "delays", key), msg, "warning")
            for name in names if seconds >= 0 else ():
                if name == key or name not in found:  # an instance's own wins
                    found[name] = seconds
        return found

    def channels(self, raw: object, enabled: bool) -> tuple[str, ...]:
        where = ("survey", "channels")
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            self.c.add(where, 'survey.channels is a list, like ["email"]')
            return SurveySettings().channels
        types = {str(o.get("type", "")) for o in self.configured.values()}
        for name in raw:
            if enabled and name not in self.configured and name not in types:
                msg = f'survey.channels: "{name}" is no configured channel or type'
                self.c.add(where, msg, "warning", value=name)
        return tuple(raw)

    def duration(
        self, raw: dict[str, Any], key: str, default: int, *, allow_zero: bool,
        table: tuple[str, ...] = ("survey",),
    ) -> int:  # fmt: skip
        if key not in raw:
            return default
        value = raw[key]
        least = "" if allow_zero else " (more than 0)"
        label = ".".join((*table, key))
        wrong = f'{label}: {value!r} is not a duration like "1h", "30min" or '
        try:
            seconds = parse_duration(value) if isinstance(value, str) else None
        except AmbiguousUnit as problem:
            self.c.add((*table, key), f"{label}: {problem}")
            return default
        except TimeWordError:
            seconds = None
        if seconds is None or (seconds == 0 and not allow_zero):
            self.c.add((*table, key), wrong + f'"14d"{least}')
            return default
        return seconds

    def template(self, raw: dict[str, Any], key: str, default: str) -> str:
        value = raw.get(key, default)
        where = ("survey", key)
        if not isinstance(value, str) or not value.strip():
            self.c.add(where, f"survey.{key} must be text in quotes")
            return default
        if problem := fixed_text_problem(value):
            self.c.add(where, f"survey.{key}: {problem}")
            return default
        return value


def survey_senders(config: Config) -> dict[str, str]:
    """Each channel instance surveys go out on (named, or of a type named in
    `survey.channels`), with the address the survey is signed from."""
    wanted = set(config.survey.channels)
    shop = config.shop.addresses[0] if config.shop.addresses else ""
    return {
        name: str(options.get("address") or shop)
        for name, options in config.channels.items()
        if name in wanted or options.get("type") in wanted
    }
