"""E-mail addresses as people type them: the one check the console and the
channels share (no protocol here)."""

from __future__ import annotations

import re

_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")


def mail_domain(address: str) -> str:
    """The address's domain in DNS's ASCII form ("" if it has none)."""
    domain = address.strip().rpartition("@")[2].strip().lower().rstrip(".")
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return ""
    return ascii_domain if _HOST.fullmatch(ascii_domain) and "." in domain else ""
