"""Where an address's IMAP and SMTP servers are, found as Thunderbird finds them.

Tried in this order of preference, all at once, each with a short timeout:
Thunderbird's ISP database, the domain's own autoconfig file
(`autoconfig.DOMAIN`, https then http, and `DOMAIN/.well-known/autoconfig/`),
RFC 6186 SRV records, and last the ISP database entry of the provider that
receives the domain's mail (its MX), as shops on a hosted mail service have no
file of their own. Whatever is found is a guess for a person to confirm: an
answer over plain http or DNS can be forged, so the caller says where it came
from. Only servers reached over TLS or STARTTLS with a password are offered.

Standalone on purpose: nothing here depends on the rest of the email plugin.
"""

from __future__ import annotations

import asyncio
import http.client
import os
import re
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Literal, TypeVar
from urllib.parse import quote, urlsplit

from plugins.addresses import mail_domain
from plugins.email.dns_records import make_resolver, mx_hosts, srv_targets

T = TypeVar("T")
Security = Literal["tls", "starttls"]
HTTP_TIMEOUT = 5.0  # seconds per source; all sources are asked at once
MAX_BYTES = 64 * 1024  # a real config file is 1-3 KB
ISPDB = "https://autoconfig.thunderbird.net/v1.1/{domain}"
DOMAIN_URLS = (
    "https://autoconfig.{domain}/mail/config-v1.1.xml?emailaddress={address}",
    "http://autoconfig.{domain}/mail/config-v1.1.xml?emailaddress={address}",
    "https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml",
)
SRV_IMAP: tuple[tuple[str, Security], ...] = (
    ("_imaps._tcp", "tls"),
    ("_imap._tcp", "starttls"),
)
SRV_SMTP: tuple[tuple[str, Security], ...] = (
    ("_submissions._tcp", "tls"),
    ("_submission._tcp", "starttls"),
)
_SOCKETS: dict[str, Security] = {"SSL": "tls", "STARTTLS": "starttls"}
_PASSWORD_AUTH = {"password-cleartext", "plain", "password-encrypted", "secure"}
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")
_FAILURES = (OSError, ValueError, TimeoutError, http.client.HTTPException)


@dataclass(frozen=True, slots=True)
class Server:
    host: str
    port: int
    security: Security
    username: str  # the login, placeholders filled in from the address


@dataclass(frozen=True, slots=True)
class MailServers:
    imap: Server
    smtp: Server | None
    source: str  # where they were found, for the person who confirms them
    warning: str = ""  # why to look twice (found over plain http)


@dataclass(frozen=True, slots=True)
class Sources:
    """Where to look; the defaults are the real ones. Tests and closed networks
    point them elsewhere through COMPTOIR_AUTOCONFIG_ISPDB, COMPTOIR_AUTOCONFIG_URLS
    (space-separated templates with {domain} and {address}) and COMPTOIR_DNS_SERVER
    ("host:port")."""

    ispdb: str = ISPDB
    domain_urls: tuple[str, ...] = DOMAIN_URLS
    nameserver: str = ""  # "": the system's resolver
    timeout: float = HTTP_TIMEOUT

    @classmethod
    def from_env(cls) -> Sources:
        urls = os.environ.get("COMPTOIR_AUTOCONFIG_URLS")
        return cls(
            ispdb=os.environ.get("COMPTOIR_AUTOCONFIG_ISPDB") or ISPDB,
            domain_urls=tuple(urls.split()) if urls is not None else DOMAIN_URLS,
            nameserver=os.environ.get("COMPTOIR_DNS_SERVER", ""),
        )


def _fill(template: str, address: str) -> str:
    local, _, domain = address.rpartition("@")
    for name, value in (("ADDRESS", address), ("LOCALPART", local)):
        template = template.replace(f"%EMAIL{name}%", value)
    return template.replace("%EMAILDOMAIN%", domain)


def _server(element: ET.Element, address: str) -> Server | None:
    """One <incomingServer>/<outgoingServer>, if it is reachable safely by password."""
    security = _SOCKETS.get(element.findtext("socketType", "").strip().upper())
    host = _fill(element.findtext("hostname", "").strip(), address)
    auth = {a.text.strip().lower() for a in element.iter("authentication") if a.text}
    port = element.findtext("port", "").strip()
    if not (security and _HOST.fullmatch(host) and port.isdigit()):
        return None
    if auth and not auth & _PASSWORD_AUTH:  # OAuth2 or certificates only
        return None
    if not 0 < int(port) < 65536:
        return None
    username = _fill(element.findtext("username", "%EMAILADDRESS%").strip(), address)
    return Server(host.lower(), int(port), security, username or address)


def parse_client_config(
    data: bytes, address: str, source: str, warning: str = ""
) -> MailServers | None:
    """Thunderbird's clientConfig v1.1; the first usable IMAP and SMTP servers
    (the file lists them in the provider's order of preference)."""
    head = data[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:  # no entity tricks, ever
        raise ValueError("a DTD in an autoconfig file")
    root = ET.fromstring(data)

    def first(tag: str, kind: str) -> Server | None:
        found = (_server(e, address) for e in root.iter(tag) if e.get("type") == kind)
        return next((s for s in found if s is not None), None)

    imap = first("incomingServer", "imap")
    if imap is None:
        return None
    return MailServers(imap, first("outgoingServer", "smtp"), source, warning)


def _get(url: str, timeout: float) -> bytes:
    """GET with a bounded size and a deadline on the whole read (blocking)."""
    request = urllib.request.Request(url, headers={"User-Agent": "comptoir setup"})
    deadline = time.monotonic() + timeout
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = b""
        while chunk := response.read(8192):
            body += chunk
            if len(body) > MAX_BYTES or time.monotonic() > deadline:
                raise ValueError(f"{url}: too large or too slow")
    return body


async def _in_thread(function: Callable[..., T], *args: Any, give_up_after: float) -> T:
    """Run blocking work in a daemon thread, given up on after `give_up_after` seconds: a name
    lookup can hang far longer than any socket timeout, and a thread of the
    default pool would then hold the program open at exit."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def deliver(result: Any, error: BaseException | None) -> None:
        if not future.done():
            future.set_exception(error) if error else future.set_result(result)

    def work() -> None:
        try:
            result, error = function(*args), None
        except BaseException as exc:  # handed to the awaiting side, as is
            result, error = None, exc
        try:
            loop.call_soon_threadsafe(deliver, result, error)
        except RuntimeError:  # the loop has closed: nobody waits any more
            return

    threading.Thread(target=work, name="autoconfig", daemon=True).start()
    return await asyncio.wait_for(future, give_up_after)


def _describe(url: str) -> tuple[str, str]:
    """How to name a URL to a person, and the warning it deserves."""
    parts = urlsplit(url)
    shown = f"{parts.scheme}://{parts.netloc}{parts.path}"
    if parts.scheme == "http":
        return shown, "found over plain http, which anyone on the way could alter"
    return shown, ""


async def fetch_client_config(
    url: str, address: str, seconds: float = HTTP_TIMEOUT, source: str = ""
) -> MailServers | None:
    """One autoconfig URL; None when it has nothing usable, for whatever reason."""
    shown, warning = _describe(url)
    try:
        data = await _in_thread(_get, url, seconds, give_up_after=seconds + 0.5)
        return parse_client_config(data, address, source or shown, warning)
    except (*_FAILURES, ET.ParseError):
        return None


async def _from_srv(domain: str, address: str, sources: Sources) -> MailServers | None:
    resolver = make_resolver(sources.nameserver)
    if resolver is None:
        return None
    wanted = (*SRV_IMAP, *SRV_SMTP)
    answers = await asyncio.gather(
        *(srv_targets(resolver, f"{prefix}.{domain}") for prefix, _ in wanted)
    )
    found = {  # the best target of each service that has one
        prefix: Server(targets[0][0].lower(), targets[0][1], security, address)
        for (prefix, security), targets in zip(wanted, answers, strict=True)
        if targets
    }
    imap = next((found[p] for p, _ in SRV_IMAP if p in found), None)
    smtp = next((found[p] for p, _ in SRV_SMTP if p in found), None)
    if imap is None:
        return None
    return MailServers(imap, smtp, f"the DNS SRV records of {domain} (RFC 6186)")


def _provider_domains(mx: str, domain: str) -> list[str]:
    """aspmx.l.google.com -> google.com, l.google.com (a co.uk-style suffix gets
    its third label from the second try)."""
    labels = mx.split(".")
    tails = [".".join(labels[-n:]) for n in (2, 3) if len(labels) > n]
    return [t for t in dict.fromkeys(tails) if t != domain]


async def _from_mx(domain: str, address: str, sources: Sources) -> MailServers | None:
    resolver = make_resolver(sources.nameserver)
    hosts = await mx_hosts(resolver, domain) if resolver is not None else []
    for provider in _provider_domains(hosts[0], domain) if hosts else []:
        url = sources.ispdb.format(domain=provider, address=quote(address, safe="@"))
        source = f"Thunderbird's ISP database for {provider}, which receives "
        source += f"{domain}'s mail (MX {hosts[0]})"
        if found := await fetch_client_config(url, address, sources.timeout, source):
            return found
    return None


def _lookups(
    address: str, domain: str, sources: Sources
) -> list[Coroutine[Any, Any, MailServers | None]]:
    """Every source, in order of preference."""
    fill = {"domain": domain, "address": quote(address, safe="@")}
    ispdb = sources.ispdb.format(**fill)
    return [
        fetch_client_config(
            ispdb, address, sources.timeout, "Thunderbird's ISP database"
        ),
        *(
            fetch_client_config(url.format(**fill), address, sources.timeout)
            for url in sources.domain_urls
        ),
        _from_srv(domain, address, sources),
        _from_mx(domain, address, sources),
    ]


async def discover(address: str, sources: Sources | None = None) -> MailServers | None:
    """The mail servers of `address`, from the most trusted source that answers."""
    domain = mail_domain(address)
    if not domain:
        return None
    lookups = _lookups(address, domain, sources or Sources())
    tasks = [asyncio.ensure_future(lookup) for lookup in lookups]
    try:
        for task in tasks:  # all run at once; the preferred answer wins
            if found := await task:
                return found
        return None
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
