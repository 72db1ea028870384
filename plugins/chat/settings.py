"""The `chat` channel's options, declared once, and what they mean together.

One `[channels.NAME]` table with `type = "chat"` serves both sides: the console
reads `url` and the token's source; `comptoir chat serve` (perhaps on the
shop's web server, with its own copy of the config) reads the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from plugins.api import Option, OptionType, secret_options

_S, _I, _L = OptionType.STRING, OptionType.INTEGER, OptionType.LIST
_ASK = ("no", "optional", "required")
ALLOWED_TYPES = (
    "image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf",
)  # fmt: skip

OPTIONS: tuple[Option, ...] = (
    Option("url", _S, "The widget server's address, as the console reaches it.",
           required=True, example='"https://chat.myshop.example"'),
    *secret_options("token", "widget server's API token"),
    Option("origins", _L, "The shop's sites allowed to show the widget.",
           example='["https://myshop.example"]'),
    Option("public_url", _S, "The address visitors' browsers use (default: url)."),
    Option("host", _S, "Address `comptoir chat serve` listens on.", "127.0.0.1"),
    Option("port", _I, "Port `comptoir chat serve` listens on.", 8765),
    Option("database", _S, "The widget server's own file (default: beside the inbox)."),
    Option("ask_name", _S, "Pre-chat form: the visitor's name.", "optional", choices=_ASK),
    Option("ask_email", _S, "Pre-chat form: the visitor's email.", "optional", choices=_ASK),
    Option("max_message", _I, "Longest message a visitor may send, in characters.", 4000),
    Option("max_file", _I, "Largest attachment (images, PDF), in bytes.", 10_000_000),
    Option("visitor_rate", _I, "Messages a visitor may send per minute.", 20),
    Option("ip_rate", _I, "Messages and new chats per minute from one IP address.", 120),
    Option("away_after", _I, "Seconds without the visitor's page before replies go by email.", 60),
    *secret_options("identity_secret", "shop's secret that signs logged-in customers' emails"),
    Option("batch_size", _I, "Visitors' messages fetched per batch.", 200),
    Option("trusted_proxies", _L, "Reverse proxies whose X-Forwarded-For is believed.",
           ["127.0.0.1"]),
)  # fmt: skip


def _origin(text: str) -> str | None:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return None
    return f"{parts.scheme}://{parts.netloc.lower()}"


def problems(instance: str, options: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Rules between the chat options, after each one's own type check."""
    label = f"channels.{instance}"
    found: list[tuple[str, str]] = []
    for key in ("url", "public_url"):
        value = options.get(key)
        if isinstance(value, str) and urlsplit(value).scheme not in ("http", "https"):
            found.append((key, f'{label}.{key} must start with https:// (or http://), like "https://chat.myshop.example"'))  # fmt: skip
    for origin in options.get("origins") or []:
        if isinstance(origin, str) and _origin(origin) is None:
            found.append(("origins", f'{label}.origins: "{origin}" is not a site origin; write it like "https://myshop.example" (scheme and host, no path)'))  # fmt: skip
    for key in (
        "max_message",
        "max_file",
        "visitor_rate",
        "ip_rate",
        "port",
        "batch_size",
    ):
        value = options.get(key)
        if isinstance(value, int) and value <= 0:
            found.append((key, f"{label}.{key} must be more than 0"))
    return found


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """What `comptoir chat serve` needs from the instance's options."""

    instance: str
    origins: frozenset[str]
    ask_name: str = "optional"
    ask_email: str = "optional"
    max_message: int = 4000
    max_file: int = 10_000_000
    visitor_rate: int = 20
    ip_rate: int = 120
    away_after: int = 60
    shop_name: str = ""
    verify_identity: bool = False

    @classmethod
    def from_options(
        cls, instance: str, options: Mapping[str, Any], shop_name: str = ""
    ) -> ServerSettings:
        origins = {_origin(o) for o in options.get("origins") or []}
        verify = bool(
            options.get("identity_secret_env") or options.get("identity_secret_command")
        )
        return cls(
            instance,
            frozenset(o for o in origins if o),
            str(options.get("ask_name", "optional")),
            str(options.get("ask_email", "optional")),
            int(options.get("max_message", 4000)),
            int(options.get("max_file", 10_000_000)),
            int(options.get("visitor_rate", 20)),
            int(options.get("ip_rate", 120)),
            int(options.get("away_after", 60)),
            shop_name,
            verify,
        )
