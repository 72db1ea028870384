"""Running the widget server: the chat instance's settings, its secrets, its
file, and uvicorn serving the app until it is told to stop."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from console.config import Config
from plugins.api import AuthenticationError, ConfigurationError

# Seconds ctrl+c waits for requests in flight: a message being stored is done
# in moments, and the long polls and websockets that would hold the stop for
# half a minute lose nothing (the pages and the console reconnect).
GRACE = 3


@dataclass(frozen=True, slots=True)
class ChatInstance:
    name: str
    options: dict[str, Any]


def chat_instance(config: Config, only: str | None) -> ChatInstance:
    """The chat instance to serve: `only`, else the one configured."""
    chats = {n: o for n, o in config.channels.items() if o.get("type") == "chat"}
    if only is not None:
        if only not in chats:
            known = ", ".join(chats) or "none configured"
            raise ConfigurationError(f"no chat channel named {only!r} (chat channels: {known})")  # fmt: skip
        return ChatInstance(only, chats[only])
    if not chats:
        raise ConfigurationError(
            'no chat channel is configured: add one, like [channels.chat] with type = "chat", '
            'url = "https://chat.myshop.example" and origins = ["https://myshop.example"]'
        )
    if len(chats) > 1:
        raise ConfigurationError(f"several chat channels ({', '.join(chats)}): name the one to serve")  # fmt: skip
    name, options = next(iter(chats.items()))
    return ChatInstance(name, options)


def widget_database(instance: ChatInstance, inbox: Path) -> Path:
    """The widget server's own file: `database`, else beside the inbox."""
    if chosen := instance.options.get("database"):
        return Path(str(chosen)).expanduser()
    return inbox.with_name(f"chat-{instance.name}.db")


def _secret(instance: str, options: Mapping[str, Any], key: str, what: str) -> str:
    """A secret the server cannot start without: one the config names badly, or
    none found, is the config's to fix (exit 2)."""
    from plugins.secrets import missing, prompt_tty, resolve_secret

    try:
        found = resolve_secret(instance, options, key, prompt_tty)
    except AuthenticationError as exc:
        raise ConfigurationError(exc.message, exc.title) from None
    if not found:
        raise ConfigurationError(missing(instance, options, key, what), instance)
    return found


async def serve(
    config: Config,
    instance: ChatInstance,
    inbox: Path,
    host: str,
    port: int,
    announce: Callable[[str], None],
) -> None:
    import uvicorn

    from console.chat_hours import ChatHours
    from console.config_sla import sla_settings
    from plugins.chat.server import build_app
    from plugins.chat.settings import ServerSettings
    from storage.widget_store import open_widget_store

    options = instance.options
    settings = ServerSettings.from_options(instance.name, options, config.shop.name)
    if not settings.origins:
        raise ConfigurationError(
            f'channels.{instance.name} needs origins, the shop\'s site(s): like origins = ["https://myshop.example"]'
        )  # fmt: skip
    token = _secret(instance.name, options, "token", "widget server API token")
    signing = ""
    if settings.verify_identity:
        signing = _secret(instance.name, options, "identity_secret", "identity secret")
    hours = ChatHours.for_channel(sla_settings(config), instance.name)
    database = widget_database(instance, inbox)
    async with open_widget_store(database) as store:
        app = build_app(store, settings, token, hours, signing)
        server = uvicorn.Server(
            uvicorn.Config(
                app, host=host, port=port, ws="websockets-sansio", log_level="warning",
                proxy_headers=True, lifespan="off", ws_max_size=256 * 1024,
                timeout_graceful_shutdown=GRACE,
                forwarded_allow_ips=list(options.get("trusted_proxies", ["127.0.0.1"])),
            )
        )  # fmt: skip
        public = str(options.get("public_url") or f"http://{host}:{port}").rstrip("/")
        announce(
            f"[channels.{instance.name}] chat widget server on http://{host}:{port}, "
            f"script {public}/static/widget.js, file {database}; ctrl+c stops"
        )
        await server.serve()
