"""Tokens, origins and signed identities: what a public endpoint checks."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_token() -> str:
    """A visitor's secret: 256 random bits, kept in their browser only."""
    return secrets.token_urlsafe(32)


def new_visitor_id() -> str:
    return secrets.token_hex(12)


def token_hash(token: str) -> str:
    """What the server keeps of a token: a stolen file gives no token back."""
    return hashlib.sha256(token.encode()).hexdigest()


def bearer(header: str | None) -> str:
    """The token of an `Authorization: Bearer ...` header, or ""."""
    if not header:
        return ""
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def same_secret(given: str, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


def identity_signature(secret: str, email: str) -> str:
    """HMAC-SHA256 of the customer's email (lower-cased) with the shop's secret,
    in hex: what the shop's theme puts in `data-user-hash` for a logged-in
    customer, as Chatwoot's and Intercom's identity verification do."""
    message = email.strip().lower().encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def identity_verified(secret: str, email: str, signature: str) -> bool:
    if not (secret and email and signature):
        return False
    return hmac.compare_digest(
        identity_signature(secret, email), signature.strip().lower()
    )
