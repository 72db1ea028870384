"""What a visitor may do, checked the same way over HTTP and the websocket.

Every call names its visitor by the secret token; every message is checked for
size and rate (per visitor and per IP address) before it is stored, and is
stored before it is acknowledged. A refusal carries an HTTP status (401, 403,
413, 429), a code the widget words in the visitor's language, and a sentence.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from plugins.chat.hub import Hub
from plugins.chat.limits import RateLimiter
from plugins.chat.records import (
    Availability,
    Entry,
    FileData,
    NewEntry,
    Visitor,
    WidgetStore,
    entry_json,
)
from plugins.chat.security import (
    identity_verified,
    new_token,
    new_visitor_id,
    token_hash,
)
from plugins.chat.settings import ALLOWED_TYPES, ServerSettings

_CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_EMAIL = re.compile(r"[^\s@<>(),;:\"\[\]]+@[^\s@<>(),;:\"\[\]]+\.[^\s@<>(),;:\"\[\]]+")
_MAGIC = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "application/pdf": (b"%PDF-",),
}


class Refusal(Exception):
    def __init__(
        self, status: int, code: str, message: str, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.retry_after = retry_after

    def json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.retry_after is not None:
            found["retry_after"] = round(self.retry_after, 1)
        return found


def _text(form: Mapping[str, Any], key: str, limit: int) -> str:
    value = form.get(key, "")
    if not isinstance(value, str):
        raise Refusal(400, "invalid", f"{key} must be text")
    value = value.strip()
    if len(value) > limit:
        what = "the message" if key == "text" else key
        raise Refusal(413, "too_long", f"{what} is longer than {limit} characters")
    return value


def _email(form: Mapping[str, Any], key: str) -> str:
    value = _text(form, key, 254).lower()
    if value and not _EMAIL.fullmatch(value):
        raise Refusal(400, "email", f"{value!r} is not an email address")
    return value


def _client_id(value: object) -> str:
    if not isinstance(value, str) or not _CLIENT_ID.fullmatch(value):
        raise Refusal(400, "invalid", "client_id must be 1-64 letters, digits, - or _")
    return value


def safe_filename(name: str) -> str:
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(c for c in base if c.isprintable()).strip(" .")
    return base[:100] or "attachment"


def file_type(declared: str, data: bytes) -> str | None:
    """The attachment's type if it is allowed and its bytes agree with it."""
    kind = declared.split(";")[0].strip().lower()
    if kind not in ALLOWED_TYPES:
        return None
    if kind == "image/webp":
        return kind if data[:4] == b"RIFF" and data[8:12] == b"WEBP" else None
    return kind if data.startswith(_MAGIC[kind]) else None


@dataclass(slots=True)
class VisitorService:
    store: WidgetStore
    hub: Hub
    settings: ServerSettings
    availability: Availability
    identity_secret: str = ""
    per_visitor: RateLimiter = field(init=False)
    per_ip: RateLimiter = field(init=False)

    def __post_init__(self) -> None:
        self.per_visitor = RateLimiter(self.settings.visitor_rate)
        self.per_ip = RateLimiter(self.settings.ip_rate)

    def config(self) -> dict[str, Any]:
        now = time.time()
        s = self.settings
        return {
            "shop": s.shop_name,
            "open": self.availability.is_open(now),
            "answer_within": self.availability.answer_within(now),
            "next_open": self.availability.next_open(now),
            "ask": {"name": s.ask_name, "email": s.ask_email},
            "max_message": s.max_message,
            "max_file": s.max_file,
            "file_types": list(ALLOWED_TYPES),
            "verify": s.verify_identity,
        }

    def _limit(self, visitor_id: str | None, ip: str) -> None:
        """Count one action against the visitor's and the address's allowance;
        a refused one counts against neither (others behind the same address
        are not slowed down by one visitor's flood)."""
        checks = [(self.per_ip, f"ip:{ip}")]
        if visitor_id:
            checks.append((self.per_visitor, visitor_id))
        if wait := max(limiter.wait(key) for limiter, key in checks):
            raise Refusal(429, "rate", "too many messages; wait a moment", wait)
        for limiter, key in checks:
            limiter.take(key)

    async def authenticate(self, token: str) -> Visitor:
        visitor = (
            await self.store.visitor_by_token(token_hash(token)) if token else None
        )
        if visitor is None:
            raise Refusal(401, "token", "unknown visitor token: start a new chat")
        self.hub.seen(visitor.id)
        return visitor

    def _identity(self, form: Mapping[str, Any]) -> tuple[str, bool]:
        """The address the visitor gave, and whether the shop signed it."""
        signed = _email(form, "user_email")
        if signed:
            given = _text(form, "user_hash", 128)
            if not identity_verified(self.identity_secret, signed, given):
                raise Refusal(
                    403, "identity", "the customer's signature does not match"
                )
            return signed, True
        return _email(form, "email"), False

    def _profile(self, visitor: Visitor, form: Mapping[str, Any]) -> Visitor:
        email, verified = self._identity(form)
        if visitor.email_verified and not verified:
            email, verified = visitor.email, True  # a signed address stays
        name = _text(form, "name", 100) or visitor.name
        language = _text(form, "language", 16) or visitor.language
        if self.settings.ask_email == "required" and not (email or visitor.email):
            raise Refusal(400, "email_required", "an email address is needed")
        return replace(
            visitor, name=name, email=email or visitor.email,
            email_verified=verified, language=language,
        )  # fmt: skip

    async def start(self, form: Mapping[str, Any], ip: str) -> tuple[Visitor, str]:
        self._limit(None, ip)
        fresh = Visitor(new_visitor_id(), page=_text(form, "page", 500)[:500])
        visitor = replace(self._profile(fresh, form), created_at=time.time())
        token = new_token()
        await self.store.create_visitor(visitor, token_hash(token))
        self.hub.seen(visitor.id)
        return visitor, token

    async def update(self, visitor: Visitor, form: Mapping[str, Any]) -> Visitor:
        changed = self._profile(visitor, form)
        if changed != visitor:
            await self.store.update_visitor(changed)
        return changed

    async def _store(self, new: NewEntry) -> Entry:
        stored = await self.store.add_entry(new)
        if stored.created:
            self.hub.inbound_arrived()
            self.hub.push(
                new.visitor_id, {"type": "entry", "entry": entry_json(stored.entry)}
            )
        return stored.entry

    async def say(
        self,
        visitor: Visitor,
        client_id: object,
        text: object,
        ip: str,
        kind: str = "text",
    ) -> Entry:
        key = _client_id(client_id)
        body = _text({"text": text}, "text", self.settings.max_message)
        if not body:
            raise Refusal(400, "empty", "the message is empty")
        self._limit(visitor.id, ip)
        return await self._store(NewEntry(visitor.id, key, "in", kind, body))

    async def attach(
        self, visitor: Visitor, client_id: object, filename: str, declared: str,
        data: bytes, ip: str,
    ) -> Entry:  # fmt: skip
        key = _client_id(client_id)
        if len(data) > self.settings.max_file:
            raise Refusal(413, "file_too_big", f"files are limited to {self.settings.max_file} bytes")  # fmt: skip
        kind = file_type(declared, data)
        if kind is None:
            raise Refusal(415, "file_type", "only images (PNG, JPEG, GIF, WebP) and PDF files")  # fmt: skip
        self._limit(visitor.id, ip)
        file = FileData(safe_filename(filename), kind, data)
        return await self._store(NewEntry(visitor.id, key, "in", "text", file=file))

    async def rate(self, visitor: Visitor, form: Mapping[str, Any], ip: str) -> Entry:
        survey = await self.store.entry_by_key(visitor.id, _text(form, "survey", 300))
        if survey is None or survey.kind != "survey":
            raise Refusal(404, "survey", "no such rating request")
        score = form.get("score")
        if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
            raise Refusal(400, "score", "the rating is a number from 1 to 5")
        comment = _text(form, "comment", self.settings.max_message)
        self._limit(visitor.id, ip)
        text = f"{score}\n{comment}".strip()
        answers = str(survey.data.get("message_id") or survey.key)  # the survey's own
        data = {
            "score": score,
            "comment": comment,
            "survey": survey.key,
            "answers": answers,
        }
        new = NewEntry(
            visitor.id, f"rating-{survey.seq}", "in", "rating", text, data=data
        )
        return await self._store(new)
