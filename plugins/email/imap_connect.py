"""Opening an IMAP session the safe way: verified TLS, then login.

Blocking (imapclient); async callers run these in a thread.
"""

from __future__ import annotations

import ssl
from typing import Any

from imapclient import IMAPClient

from plugins.api import ConfigurationError
from plugins.email.errors import explained
from plugins.email.settings import EmailSettings

TIMEOUT = 30.0


def tls_context(settings: EmailSettings) -> ssl.SSLContext:
    """Certificates and host names verified; `ca_file` adds a CA, never skips."""
    context = ssl.create_default_context()
    if settings.ca_file:
        try:
            context.load_verify_locations(cafile=settings.ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigurationError(
                f"ca_file {settings.ca_file} cannot be read as a PEM certificate "
                f"({exc})",
                settings.instance,
            ) from exc
    return context


def connect(settings: EmailSettings, password: str) -> IMAPClient:
    """A logged-in session; failures come out as one-line PluginErrors."""
    host, port = settings.imap_host, settings.imap_port
    with explained(settings.instance, host, port, "connecting"):
        context = tls_context(settings)
        client = IMAPClient(
            host,
            port=port,
            ssl=settings.imap_tls == "tls",
            ssl_context=context,
            timeout=TIMEOUT,
        )
    try:
        with explained(settings.instance, host, port, "logging in"):
            if settings.imap_tls == "starttls":
                client.starttls(context)
            client.login(settings.username, password)
            client.normalise_times = False  # INTERNALDATE with its zone
            if client.has_capability("QRESYNC"):
                client.enable("QRESYNC")
            elif client.has_capability("CONDSTORE"):
                client.enable("CONDSTORE")
    except BaseException:
        close(client)
        raise
    return client


def close(client: IMAPClient) -> None:
    """Log out, or at least drop the socket: used on every path out."""
    try:
        client.logout()
    except Exception:
        try:
            client.shutdown()
        except Exception:
            return


def folder_names(client: IMAPClient) -> list[str]:
    return [str(name) for _flags, _sep, name in client.list_folders()]


def select(client: IMAPClient, folder: str) -> dict[bytes, Any]:
    """EXAMINE: read-only, so no fetch can ever change a flag."""
    selected: dict[bytes, Any] = client.select_folder(folder, readonly=True)
    return selected
