"""The TOML config file: where it lives, what it holds, what is wrong with it.

tomllib keeps no positions, so a small line scanner finds where each key was
written; every mistake is then reported against its line, all of them at once.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path
from typing import Any, Literal
from zoneinfo import available_timezones

import platformdirs

from console.config_perms import unsafe_commands
from console.i18n import LANGUAGES as INTERFACE_LANGUAGES
from console.reply_settings import ReplySettings
from console.shop_zone import is_timezone, local_timezone
from plugins.api import ConfigurationError
from storage.automation.settings import AutomationSettings
from storage.intents.settings import IntentSettings
from storage.languages import DEFAULT_LANGUAGES
from storage.outreach.settings import OutreachSettings
from storage.sla.policy import SlaSettings
from storage.survey_settings import SurveySettings

Key = tuple[str, ...]
Severity = Literal["error", "warning"]
SECTIONS = (
    "shop", "channels", "sla", "survey", "replies", "signatures",
    "intents", "automation", "outreach",
)  # fmt: skip
SHOP_KEYS = ("name", "addresses", "timezone", "agent", "languages", "language")
SECRET_KEYS = frozenset({"password", "passwd", "secret", "token", "api_key"})
_ATOM = r"""[^\s@<>(),;:"\[\]]+"""
_ADDRESS = re.compile(rf"{_ATOM}@{_ATOM}\.{_ATOM}")
_PART = r"""[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'"""
_KEY = rf"(?:{_PART})(?:\s*\.\s*(?:{_PART}))*"
_HEADER = re.compile(rf"\s*\[\[?\s*({_KEY})\s*\]")
_ASSIGN = re.compile(rf"\s*({_KEY})\s*=")
_INLINE_KEY = re.compile(rf"[{{,]\s*({_KEY})\s*=")
_HINTS = {  # tomllib's terse messages, with the usual cause of each
    "Invalid value": 'text needs quotes, like name = "My shop"',
    "Cannot overwrite": "is this key set twice?",
    "Cannot declare": "is this table declared twice?",
    "Cannot mutate": "an inline table cannot be added to later",
}
_LIKE = 'like [channels.support] with type = "email"'


def default_config_path() -> Path:
    return platformdirs.user_config_path("comptoir") / "config.toml"


def resolve_config_path(explicit: Path | str | None = None) -> Path:
    """`--config` first, then `COMPTOIR_CONFIG`, then the user config directory."""
    if explicit:
        return Path(explicit).expanduser()
    if from_env := os.environ.get("COMPTOIR_CONFIG"):
        return Path(from_env).expanduser()
    return default_config_path()


@dataclass(frozen=True, slots=True)
class ShopConfig:
    name: str = "My shop"
    addresses: tuple[str, ...] = ()  # the shop's own, lower-cased: tells replies apart
    timezone: str = field(default_factory=local_timezone)
    agent: str = field(default_factory=lambda: os.environ.get("USER") or "Agent")
    # The customers' languages, the first the shop's own (replies without one).
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    language: str = ""  # the interface's: "fr" or "en"; empty, the locale's


@dataclass(frozen=True, slots=True)
class Config:
    shop: ShopConfig = field(default_factory=ShopConfig)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown tables, kept as is
    sla: SlaSettings | None = None  # None: config_sla's default applies
    survey: SurveySettings = field(default_factory=SurveySettings)
    path: Path | None = None  # the file read; None when defaults alone apply
    intents: IntentSettings = field(default_factory=IntentSettings)
    automation: AutomationSettings = field(default_factory=AutomationSettings)
    outreach: OutreachSettings = field(default_factory=OutreachSettings)
    replies: ReplySettings = field(default_factory=ReplySettings)


@dataclass(frozen=True, slots=True)
class ConfigIssue:
    line: int | None
    severity: Severity
    message: str

    def format(self, path: Path) -> str:
        where = f"{path}:{self.line}" if self.line else str(path)
        return f"{where}: {self.severity}: {self.message}"


class ConfigError(ConfigurationError):
    """A mistake in the config file; `title` is `PATH:LINE`, as compilers say it."""

    def __init__(
        self, message: str, line: int | None = None, path: Path | None = None
    ) -> None:
        title = f"{path}:{line}" if path and line else str(path or "")
        super().__init__(message, title)
        self.line, self.path = line, path


def _key_parts(raw: str) -> Key:
    return tuple(p[1:-1] if p[0] in "\"'" else p for p in re.findall(_PART, raw))


def locate_keys(text: str) -> dict[Key, int]:
    """The first line of each table header and key (and of their parents)."""
    found: dict[Key, int] = {}
    table: Key = ()
    open_quote, depth = "", 0
    for no, line in enumerate(text.splitlines(), 1):
        keys: list[Key] = []
        if open_quote:  # inside a multi-line string nothing is a key
            open_quote = "" if line.count(open_quote) % 2 else open_quote
        elif depth > 0:  # inside a multi-line array `["x"]` is not a header
            depth += line.count("[") - line.count("]")
        elif header := _HEADER.match(line):
            table = _key_parts(header[1])
            keys.append(table)
        elif assign := _ASSIGN.match(line):
            keys.append(table + _key_parts(assign[1]))
            rest = line[assign.end() :]
            if rest.lstrip().startswith("{"):  # an inline table holds one line
                keys += [keys[0] + _key_parts(k[1]) for k in _INLINE_KEY.finditer(rest)]
            open_quote = next((q for q in ('"""', "'''") if rest.count(q) % 2), "")
            depth = rest.count("[") - rest.count("]")
        for key in keys:
            for end in range(1, len(key) + 1):
                found.setdefault(key[:end], no)
    return found


def dotted(path: Sequence[str]) -> str:
    return ".".join(
        p if re.fullmatch(r"[\w-]+", p, re.A) else json.dumps(p) for p in path
    )


def _close(word: str, known: Sequence[str]) -> str:
    return next(iter(difflib.get_close_matches(word, known, 1)), "")


def _zone_suggestions(name: str) -> list[str]:
    zones = sorted(available_timezones())
    wanted = name.strip().lower().replace(" ", "_")
    same = [z for z in zones if wanted in (z.lower(), z.rpartition("/")[2].lower())]
    close = difflib.get_close_matches(name, zones, 3, 0.8)
    return list(dict.fromkeys(same + close))[:3]


def _syntax_issue(message: str, text: str) -> ConfigIssue:
    # tomllib names tables as tuples, ('channels', 'a'): say channels.a instead.
    message = re.sub(r"\('([^)]*?)',?\)", lambda m: m[1].replace("', '", "."), message)
    if at := re.search(r" \(at line (\d+), column (\d+)\)$", message):
        line, message = int(at[1]), f"{message[: at.start()]} at column {at[2]}"
    else:  # "(at end of document)": the last line that holds anything
        line = max(1, len(text.rstrip().splitlines()))
        message = message.replace(" (at end of document)", " at the end of the file")
    hint = next((h for start, h in _HINTS.items() if message.startswith(start)), "")
    message = message[0].lower() + message[1:] + (f" ({hint})" if hint else "")
    return ConfigIssue(line, "error", f"invalid TOML: {message}")


class _Checker:
    """Validates the parsed data against the schema, noting every issue by line."""

    def __init__(self, text: str, full: bool = True) -> None:
        self.text, self.where = text, locate_keys(text)
        self.issues: list[ConfigIssue] = []
        self.full = full  # False: some checks are made later (see load_config)

    def add(
        self, path: Key, msg: str, level: Severity = "error", value: str = ""
    ) -> None:
        while path and path not in self.where:
            path = path[:-1]  # the nearest written parent: the key, else its table
        line = self.where[path] if path else None
        if line and value:  # an item of a multi-line array sits on its own line
            tail = self.text.splitlines()[line - 1 :]
            quoted = (f'"{value}"', f"'{value}'")
            at = (i for i, x in enumerate(tail) if any(q in x for q in quoted))
            line += next(at, 0)
        self.issues.append(ConfigIssue(line, level, msg))

    def unknown(self, path: Key, known: Sequence[str]) -> None:
        match = _close(path[-1], known)
        hint = f"did you mean {dotted((*path[:-1], match))}?" if match else ""
        hint = hint or f"known: {', '.join(known)}"
        self.add(path, f"{dotted(path)} is not a known setting; {hint}")

    def config(self, data: dict[str, Any], path: Path) -> Config:
        extra = {k: v for k, v in data.items() if k not in SECTIONS}
        for key, value in extra.items():
            if isinstance(value, dict):  # perhaps a later version's section: keep it
                hint = f"; did you mean [{m}]?" if (m := _close(key, SECTIONS)) else ""
                msg = f"[{dotted((key,))}] is not a known section, so it is unused"
                self.add((key,), msg + hint, "warning")
            elif key in SHOP_KEYS:
                self.add(
                    (key,), f"{key} belongs under [shop]; did you mean shop.{key}?"
                )
            else:
                self.unknown((key,), SECTIONS)
        extra = {k: v for k, v in extra.items() if isinstance(v, dict)}
        shop = self.shop(data.get("shop", {}))
        channels = self.channels(data.get("channels", {}))
        for where, message in unsafe_commands(path, channels):
            self.add(where, message)
        sla = None
        if "sla" in data:
            from console.config_sla import SlaChecker

            sla = SlaChecker(self, shop.timezone).sla(data["sla"])
        survey = SurveySettings()
        if "survey" in data:
            from console.config_survey import SurveyChecker

            survey = SurveyChecker(self, channels).survey(data["survey"])
        replies = ReplySettings()
        if "replies" in data or "signatures" in data:
            from console.config_replies import RepliesChecker

            checker = RepliesChecker(self)
            replies = checker.replies(data.get("replies"), data.get("signatures"))
        from console.config_automation import AutomationChecker

        routine = AutomationChecker(self)
        intents = routine.intents(data)
        automation = routine.automation(data, intents)
        return Config(
            shop, channels, extra, sla, survey, path, intents, automation,
            routine.outreach(data), replies,
        )  # fmt: skip

    def shop(self, raw: object) -> ShopConfig:
        if not isinstance(raw, dict):
            self.add(("shop",), "shop must be a table, like [shop]")
            return ShopConfig()
        for key in [k for k in raw if k not in SHOP_KEYS]:
            self.unknown(("shop", key), SHOP_KEYS)
        values: dict[str, Any] = {}
        for key, like in (("name", "My shop"), ("timezone", "UTC"), ("agent", "Léa")):
            if isinstance(value := raw.get(key), str) and value.strip():
                values[key] = value.strip()
            elif key in raw:
                msg = f'shop.{key} must be text in quotes, like {key} = "{like}"'
                self.add(("shop", key), msg)
        if (zone := values.get("timezone")) and not is_timezone(zone):
            del values["timezone"]
            msg = f'shop.timezone: unknown time zone "{zone}"'
            if close := " or ".join(f'"{z}"' for z in _zone_suggestions(zone)):
                msg += f"; did you mean {close}?"
            self.add(("shop", "timezone"), msg)
        if "addresses" in raw:
            values["addresses"] = self.addresses(raw["addresses"])
        if "language" in raw:
            values["language"] = self.interface_language(raw["language"])
        if "languages" in raw:
            from console.config_replies import RepliesChecker

            values["languages"] = RepliesChecker(self).languages(raw["languages"])
        return ShopConfig(**values)

    def interface_language(self, raw: object) -> str:
        if isinstance(raw, str) and raw.strip().lower() in ("", *INTERFACE_LANGUAGES):
            return raw.strip().lower()  # empty: the locale's, as when left out
        self.add(
            ("shop", "language"),
            'shop.language is the interface\'s language: "fr" or "en" '
            "(left out, the system's locale chooses)",
        )
        return ""

    def addresses(self, raw: object) -> tuple[str, ...]:
        where = ("shop", "addresses")
        if not isinstance(raw, list) or not all(isinstance(a, str) for a in raw):
            msg = "shop.addresses must be a list of addresses, like "
            msg += '["support@shop.example"]'
            if isinstance(raw, str):  # one address, or several in one string
                listed = json.dumps([a for a in re.split(r"[\s,;]+", raw) if a])
                msg += f" (write addresses = {listed})"
            self.add(where, msg)
            return ()
        kept = [a.strip().lower() for a in raw if _ADDRESS.fullmatch(a.strip())]
        for item in (a for a in raw if not _ADDRESS.fullmatch(a.strip())):
            bare = parseaddr(item)[1]  # "Shop <a@b.c>" holds a good address
            hint = f'; write just "{bare}"' if _ADDRESS.fullmatch(bare) else ""
            msg = f'shop.addresses: "{item}" is not an email address{hint}'
            self.add(where, msg, value=item)
        return tuple(dict.fromkeys(kept))

    def channels(self, raw: object) -> dict[str, dict[str, Any]]:
        if not isinstance(raw, dict):
            self.add(("channels",), f"channels must be tables, {_LIKE}")
            return {}
        kept: dict[str, dict[str, Any]] = {}
        for name, options in raw.items():
            where, label = ("channels", name), dotted(("channels", name))
            if not isinstance(options, dict):
                self.add(where, f"{label} must be a table, {_LIKE}")
                continue
            if "type" not in options:
                self.add(where, f'{label} needs a type, like type = "email"')
            elif not isinstance(kind := options["type"], str) or not kind.strip():
                msg = f'{label}.type must be a channel type in quotes, like "email"'
                self.add((*where, "type"), msg)
            else:
                kept[name] = dict(options)
            flagged = self.channel_options(name, options)
            for key in sorted((SECRET_KEYS & options.keys()) - flagged):
                msg = f"{label}.{key}: secrets do not belong here; comptoir takes "
                msg += "passwords from the system keyring or a command"
                self.add((*where, key), msg, "warning")
        return kept

    def channel_options(self, name: str, options: dict[str, Any]) -> set[str]:
        """The channel type's own checks, by key; returns the keys it flagged."""
        if not self.full:  # its plugin's import (httpx, imapclient) waits
            return set()
        from plugins.registry import load_channel

        kind = options.get("type")
        try:
            channel = load_channel(kind) if isinstance(kind, str) else None
        except ConfigurationError:  # not installed here: nothing to check against
            return set()
        found = channel.check_options(name, options) if channel else []
        for key, message in found:
            self.add(("channels", name, key), message)
        return {key for key, _ in found}


def _read(path: Path, full: bool = True) -> tuple[Config, list[ConfigIssue]]:
    if not path.exists():
        return Config(), []
    try:  # utf-8-sig: a byte-order mark left by a Windows editor is harmless
        raw = path.read_bytes()
        data = tomllib.loads(text := raw.decode("utf-8-sig"))
    except OSError as exc:
        issue = ConfigIssue(None, "error", f"cannot read the file: {exc.strerror}")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        issue = ConfigIssue(line, "error", "not UTF-8 text")
    except tomllib.TOMLDecodeError as exc:
        issue = _syntax_issue(str(exc), text)
    else:
        checker = _Checker(text, full)
        config = checker.config(data, path)
        return config, sorted(checker.issues, key=lambda i: i.line or 0)
    return Config(path=path), [issue]


def check_config(path: Path | None = None) -> list[ConfigIssue]:
    """Every problem of the file, errors and warnings, in line order."""
    return _read(resolve_config_path(path))[1]


def load_config(path: Path | None = None, *, full: bool = True) -> Config:
    """The configuration, defaults filled in; raises `ConfigError` on any error.

    `full=False` leaves out two checks, whether a calendar's holiday country and
    region exist, and each channel type's own checks of its options: the
    holidays package takes a fifth of a second to import, and a channel's
    plugin as much (httpx, imapclient), so the console makes them once its
    first screen is painted.
    """
    resolved = resolve_config_path(path)
    config, issues = _read(resolved, full)
    if errors := [i for i in issues if i.severity == "error"]:
        first, more = errors[0], len(errors) - 1
        tail = f" (and {more} more: `comptoir config check` lists them)" if more else ""
        raise ConfigError(first.message + tail, first.line, resolved)
    return config
