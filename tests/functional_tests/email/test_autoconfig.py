"""Finding an address's mail servers: real HTTP and DNS servers on loopback.

The sources are pointed at the local servers the way the real ones are laid
out (`/v1.1/DOMAIN` for the ISP database, `autoconfig.DOMAIN/mail/...`,
`DOMAIN/.well-known/...`), so each convention is exercised by its own path.
"""

from __future__ import annotations

import time

import pytest

from plugins.email.autoconfig import (
    MailServers,
    Server,
    Sources,
    discover,
    parse_client_config,
)
from tests.lookup_servers import Answer, DnsServer, WebServer

ADDRESS = "bonjour@theiere.example"


def client_config(
    imap: str = "imap.mailhost.example",
    socket: str = "SSL",
    port: int = 993,
    username: str = "%EMAILADDRESS%",
    auth: tuple[str, ...] = ("password-cleartext",),
) -> bytes:
    auths = "".join(f"<authentication>{a}</authentication>" for a in auth)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="mailhost.example">
    <domain>%EMAILDOMAIN%</domain>
    <displayName>Mail Host</displayName>
    <incomingServer type="pop3">
      <hostname>pop.mailhost.example</hostname><port>995</port>
      <socketType>SSL</socketType><username>%EMAILADDRESS%</username>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>{imap}</hostname><port>{port}</port>
      <socketType>{socket}</socketType>{auths}<username>{username}</username>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.%EMAILDOMAIN%</hostname><port>587</port>
      <socketType>STARTTLS</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILLOCALPART%</username>
    </outgoingServer>
  </emailProvider>
</clientConfig>""".encode()


def local_sources(web: WebServer, dns: DnsServer | None = None) -> Sources:
    return Sources(
        ispdb=web.base + "/v1.1/{domain}",
        domain_urls=(
            web.base
            + "/autoconfig.{domain}/mail/config-v1.1.xml?emailaddress={address}",
            web.base + "/{domain}/.well-known/autoconfig/mail/config-v1.1.xml",
        ),
        nameserver=dns.address if dns else "127.0.0.1:9",  # 9: nobody answers
        timeout=1.0,
    )


def test_a_config_file_gives_imap_and_smtp_with_the_address_filled_in() -> None:
    found = parse_client_config(client_config(), ADDRESS, "test")
    assert found == MailServers(
        Server("imap.mailhost.example", 993, "tls", ADDRESS),
        Server("smtp.theiere.example", 587, "starttls", "bonjour"),
        "test",
    )


@pytest.mark.parametrize(
    "config",
    [
        client_config(socket="plain", port=143),  # the password in clear: never
        client_config(auth=("OAuth2",)),  # no password sign-in to offer
        client_config(imap="imap.example/../evil"),
        client_config(port=0),
    ],
)
def test_servers_that_cannot_be_used_safely_are_not_offered(config: bytes) -> None:
    assert parse_client_config(config, ADDRESS, "test") is None


def test_entity_declarations_are_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    with pytest.raises(ValueError):
        parse_client_config(bomb, ADDRESS, "test")


async def test_the_isp_database_comes_first(web_server: WebServer) -> None:
    web_server.routes["/v1.1/theiere.example"] = Answer(client_config("imap.isp"))
    web_server.routes["/autoconfig.theiere.example/mail/config-v1.1.xml"] = Answer(
        client_config("imap.own")
    )
    found = await discover(ADDRESS, local_sources(web_server))
    assert found is not None
    assert found.imap.host == "imap.isp"
    assert found.source == "Thunderbird's ISP database"


async def test_the_domains_own_file_is_asked_with_the_address(
    web_server: WebServer,
) -> None:
    path = "/autoconfig.theiere.example/mail/config-v1.1.xml"
    web_server.routes[path] = Answer(client_config("imap.own"))
    found = await discover(ADDRESS, local_sources(web_server))
    assert found is not None and found.imap.host == "imap.own"
    assert found.source == web_server.base + path
    assert f"{path}?emailaddress=bonjour@theiere.example" in web_server.asked


async def test_the_well_known_file_when_nothing_else_answers(
    web_server: WebServer,
) -> None:
    path = "/theiere.example/.well-known/autoconfig/mail/config-v1.1.xml"
    web_server.routes[path] = Answer(client_config("imap.wellknown"))
    web_server.routes["/v1.1/theiere.example"] = Answer(b"<html>oops</html>")
    found = await discover(ADDRESS, local_sources(web_server))
    assert found is not None and found.imap.host == "imap.wellknown"
    assert "plain http" in found.warning  # the local server speaks http


async def test_a_server_that_hangs_costs_only_its_timeout(
    web_server: WebServer,
) -> None:
    web_server.routes["/v1.1/theiere.example"] = Answer(client_config(), delay=10)
    path = "/theiere.example/.well-known/autoconfig/mail/config-v1.1.xml"
    web_server.routes[path] = Answer(client_config("imap.wellknown"))
    started = time.monotonic()
    found = await discover(ADDRESS, local_sources(web_server))
    assert found is not None and found.imap.host == "imap.wellknown"
    assert time.monotonic() - started < 4


async def test_srv_records_when_no_file_exists(
    web_server: WebServer, dns_server: DnsServer
) -> None:
    dns_server.records = {
        ("_imaps._tcp.theiere.example", "SRV"): [
            "20 0 993 backup.mailhost.example.",
            "10 0 993 imap.mailhost.example.",
        ],
        ("_imap._tcp.theiere.example", "SRV"): ["0 0 143 other.example."],
        ("_submissions._tcp.theiere.example", "SRV"): ["0 0 0 ."],  # not offered
        ("_submission._tcp.theiere.example", "SRV"): ["0 1 587 smtp.mailhost.example."],
    }
    found = await discover(ADDRESS, local_sources(web_server, dns_server))
    assert found == MailServers(
        Server("imap.mailhost.example", 993, "tls", ADDRESS),
        Server("smtp.mailhost.example", 587, "starttls", ADDRESS),
        "the DNS SRV records of theiere.example (RFC 6186)",
    )


async def test_the_mail_providers_entry_through_the_mx(
    web_server: WebServer, dns_server: DnsServer
) -> None:
    dns_server.records = {
        ("theiere.example", "MX"): ["10 mx1.hosted-mail.example.", "20 mx2.other."]
    }
    web_server.routes["/v1.1/hosted-mail.example"] = Answer(
        client_config("imap.hosted-mail.example")
    )
    found = await discover(ADDRESS, local_sources(web_server, dns_server))
    assert found is not None
    assert found.imap == Server("imap.hosted-mail.example", 993, "tls", ADDRESS)
    assert "MX mx1.hosted-mail.example" in found.source


async def test_nothing_found_is_none_and_quick(
    web_server: WebServer, dns_server: DnsServer
) -> None:
    dns_server.silent = True
    started = time.monotonic()
    assert await discover(ADDRESS, local_sources(web_server, dns_server)) is None
    assert time.monotonic() - started < 15
    assert await discover("not an address", local_sources(web_server)) is None
