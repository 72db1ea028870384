"""Opening an IMAP session the safe way: verified TLS, then login.

Blocking (imapclient); async callers run these in a thread.
"""

from __future__ import annotations

import logging
import socket
import ssl
from typing import Any

from imapclient import IMAPClient, SocketTimeout

from plugins.api import ConfigurationError
from plugins.email.errors import ServerRefused, decoded, explained
from plugins.email.settings import EmailSettings

TIMEOUT = 30.0  # per read once connected: a big FETCH answer may take a while
GREETING = 10.0  # to connect and be greeted (or shake hands)
PROBE = 3.0  # to tell which TLS mode a port speaks: a server greets at once

# imapclient warns through `logging`; with no handler configured, Python's
# last resort prints the warning on stderr, a second line next to ours.
logging.getLogger("imapclient").addHandler(logging.NullHandler())


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


def _speaks_tls(host: str, port: int) -> bool:
    """Whether the port shakes hands in TLS at once (an implicit-TLS port).
    Nothing is sent but the handshake: the certificate does not matter here."""
    probe = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    probe.check_hostname, probe.verify_mode = False, ssl.CERT_NONE
    try:
        with (
            socket.create_connection((host, port), timeout=PROBE) as raw,
            probe.wrap_socket(raw, server_hostname=host),
        ):
            return True
    except (OSError, ssl.SSLError):
        return False


def _greets_plain(host: str, port: int) -> bool:
    """Whether the port greets in clear text (`* OK`): a STARTTLS or plain port."""
    try:
        with socket.create_connection((host, port), timeout=PROBE) as raw:
            return raw.recv(64).startswith((b"* OK", b"* PREAUTH", b"* BYE"))
    except OSError:
        return False


def _wrong_mode(
    settings: EmailSettings, exc: BaseException
) -> ConfigurationError | None:
    """A port that speaks the other TLS mode than imap_tls says, named as such."""
    host, port, mode = settings.imap_host, settings.imap_port, settings.imap_tls
    if mode != "tls" and isinstance(exc, TimeoutError) and _speaks_tls(host, port):
        return ConfigurationError(
            f'{host}:{port} expects TLS from the start, but imap_tls = "{mode}": '
            'set imap_tls = "tls" (or imap_port to the STARTTLS port, usually 143)',
            settings.instance,
        )
    handshake = isinstance(exc, ssl.SSLError) and not isinstance(
        exc,
        ssl.SSLCertVerificationError,  # TLS it is, with a certificate to fix
    )
    if mode == "tls" and handshake and _greets_plain(host, port):
        return ConfigurationError(
            f"{host}:{port} speaks plain IMAP, not TLS from the start: set "
            'imap_tls = "starttls" (or imap_port to the TLS port, usually 993)',
            settings.instance,
        )
    return None


def _client(
    settings: EmailSettings, context: ssl.SSLContext, wait: float
) -> IMAPClient:
    return IMAPClient(
        settings.imap_host,
        port=settings.imap_port,
        ssl=settings.imap_tls == "tls",
        ssl_context=context,
        timeout=SocketTimeout(connect=wait, read=TIMEOUT),
    )


def _open(settings: EmailSettings, context: ssl.SSLContext) -> IMAPClient:
    """Connected and greeted. A port in the other TLS mode is named at once: a
    TLS port answers a plain client with silence, so a plain client that is
    not greeted soon probes for TLS before it waits any longer."""
    first = GREETING if settings.imap_tls == "tls" else PROBE
    try:
        return _client(settings, context, first)
    except (TimeoutError, ssl.SSLError) as exc:
        if (wrong := _wrong_mode(settings, exc)) is not None:
            raise wrong from exc
        if not isinstance(exc, TimeoutError) or first == GREETING:
            raise
    return _client(settings, context, GREETING)  # a slow server, not TLS


def login(client: IMAPClient, username: str, password: str) -> None:
    """LOGIN, keeping the server's words on a refusal (imapclient strips every
    character outside ASCII from them)."""
    import imaplib

    try:
        client._imap.login(username, password)
    except imaplib.IMAP4.abort:
        raise
    except imaplib.IMAP4.error as exc:
        said = exc.args[0] if exc.args else b""
        raise ServerRefused("LOGIN", decoded(said)) from None


def connect(settings: EmailSettings, password: str) -> IMAPClient:
    """A logged-in session; failures come out as one-line PluginErrors."""
    host, port = settings.imap_host, settings.imap_port
    with explained(settings.instance, host, port, "connecting"):
        context = tls_context(settings)
        client = _open(settings, context)
    try:
        with explained(settings.instance, host, port, "logging in"):
            if settings.imap_tls == "starttls":
                client.starttls(context)
            login(client, settings.username, password)
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
    """Every folder's name as listed (folders.listing also gives the flags)."""
    return [str(name) for _flags, _sep, name in client.list_folders()]


def select(client: IMAPClient, folder: str) -> dict[bytes, Any]:
    """EXAMINE: read-only, so no fetch can ever change a flag. A refusal keeps
    the server's words whole (imapclient's own select strips accents)."""
    typ, data = client._imap.select(client._normalise_folder(folder), True)
    if typ != "OK":
        raise ServerRefused("EXAMINE", decoded(data[0] if data else b""))
    selected: dict[bytes, Any] = client._process_select_response(
        client._imap.untagged_responses
    )
    return selected
