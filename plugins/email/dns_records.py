"""The two DNS questions mail set-up asks: SRV (RFC 6186) and MX records.

dnspython's asyncio resolver, bounded by a short lifetime; any failure (no such
name, no answer, no resolver, timeout) is simply "nothing found". The resolver
can be pointed elsewhere (`nameserver`, "host:port"): tests run a DNS server on
loopback, and a closed network may have its own.
"""

from __future__ import annotations

import dns.asyncresolver
import dns.exception
import dns.rdtypes.ANY.MX
import dns.rdtypes.IN.SRV
import dns.resolver

DNS_TIMEOUT = 4.0  # seconds for one question, retries included


def make_resolver(
    nameserver: str = "", timeout: float = DNS_TIMEOUT
) -> dns.asyncresolver.Resolver | None:
    """The system's resolver, or one asking `nameserver` ("127.0.0.1:5353")."""
    try:
        resolver = dns.asyncresolver.Resolver(configure=not nameserver)
    except dns.resolver.NoResolverConfiguration:  # no /etc/resolv.conf: no DNS
        return None
    if nameserver:
        host, _, port = nameserver.rpartition(":")
        resolver.nameservers = [host.strip("[]") or "127.0.0.1"]
        resolver.port = int(port or 53)
    resolver.lifetime = resolver.timeout = timeout
    return resolver


async def srv_targets(
    resolver: dns.asyncresolver.Resolver, name: str
) -> list[tuple[str, int]]:
    """(host, port) of `name`'s SRV records, best first; [] when none is usable.

    RFC 2782 order: lowest priority first, then the heaviest weight. A target of
    "." says the service is deliberately not offered (RFC 2782, RFC 6186)."""
    try:
        answer = await resolver.resolve(name, "SRV")
    except dns.exception.DNSException:
        return []
    records = [r for r in answer if isinstance(r, dns.rdtypes.IN.SRV.SRV)]
    records.sort(key=lambda r: (r.priority, -r.weight))
    return [
        (r.target.to_text(omit_final_dot=True), int(r.port))
        for r in records
        if r.target.to_text() != "." and r.port
    ]


async def mx_hosts(resolver: dns.asyncresolver.Resolver, domain: str) -> list[str]:
    """The domain's mail exchangers, the preferred first."""
    try:
        answer = await resolver.resolve(domain, "MX")
    except dns.exception.DNSException:
        return []
    records = [r for r in answer if isinstance(r, dns.rdtypes.ANY.MX.MX)]
    records.sort(key=lambda r: r.preference)
    hosts = [r.exchange.to_text(omit_final_dot=True).lower() for r in records]
    return [h for h in hosts if h and h != "."]
