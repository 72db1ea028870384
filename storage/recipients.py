"""Who a message of the shop goes to: To, Cc and Bcc, as people write them.

A reply goes to the customer who wrote last (their Reply-To when they gave
one); a reply to all keeps everyone else they wrote to, less the shop's own
addresses. Bcc is stored with the message (kind "bcc") and travels only in the
mail's envelope, never in its headers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from email.utils import getaddresses

from plugins.api import Address
from storage.connection import Store
from storage.errors import NotFound, StoreError

_ADDRESS = re.compile(r"[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\".]+")


@dataclass(frozen=True, slots=True)
class Recipients:
    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    bcc: tuple[Address, ...] = ()

    def as_json(self) -> str:
        rows = [
            {"kind": kind, "name": person.name, "address": person.address}
            | ({} if person.kind == "email" else {"identity": person.kind})
            for kind, people in (("to", self.to), ("cc", self.cc), ("bcc", self.bcc))
            for person in people
        ]
        return json.dumps(rows, ensure_ascii=False)


def format_addresses(people: tuple[Address, ...]) -> str:
    """As a person reads and types them (names quoted only where needed)."""
    return ", ".join(_shown(p) for p in people)


def _shown(person: Address) -> str:
    name = person.name.strip()
    if not name:
        return person.address
    if re.search(r'[,;<>"@()\[\]:]', name):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{person.address}>"


def parse_addresses(text: str, field: str) -> tuple[Address, ...]:
    """`Ann <ann@x.fr>, bob@y.fr` as people; StoreError naming the field and the
    part that is no address."""
    people: list[Address] = []
    for part in _parts(text):
        found = getaddresses([part])
        name, address = found[0] if len(found) == 1 else ("", "")
        if not _ADDRESS.fullmatch(address):
            raise StoreError(f"{field}: {part!r} is not an email address")
        people.append(Address(name, address.lower()))
    return tuple(_unique(people, set()))


def _parts(text: str) -> list[str]:
    """Split at commas and semicolons outside quotes and angle brackets."""
    parts, current, quoted, bracket = [], "", False, False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char in "<>" and not quoted:
            bracket = char == "<"
        elif char in ",;" and not (quoted or bracket):
            parts.append(current)
            current = ""
            continue
        current += char
    return [p.strip() for p in [*parts, current] if p.strip()]


def _unique(people: list[Address], seen: set[str]) -> list[Address]:
    kept = []
    for person in people:
        if person.address and person.address.lower() not in seen:
            seen.add(person.address.lower())
            kept.append(person)
    return kept


async def reply_recipients(
    store: Store, conversation_id: int, shop: frozenset[str], everyone: bool
) -> Recipients:
    """To whom a reply goes by default: the customer who wrote last; with
    `everyone`, also the others they wrote to (Cc), less the shop itself."""
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT sender_name, sender_address, recipients_json FROM messages "
            "WHERE conversation_id = ? AND direction = 'in' "
            "ORDER BY sent_at DESC, id DESC LIMIT 1",
            (conversation_id,),
        )
    )
    if not rows:
        raise NotFound(
            f"conversation {conversation_id} has no customer message to answer",
            "conversation",
        )
    name, address, recipients = rows[0]
    listed = json.loads(recipients or "[]")
    people = {kind: [Address(r["name"], r["address"]) for r in listed if r["kind"] == kind]
              for kind in ("to", "cc", "reply-to")}  # fmt: skip
    own = {a.lower() for a in shop}
    to = _unique(people["reply-to"] or [Address(name, address)], set(own))
    if not everyone:
        return Recipients(tuple(to))
    seen = own | {p.address.lower() for p in to}
    return Recipients(tuple(to), tuple(_unique(people["to"] + people["cc"], seen)))


def check_recipients(recipients: Recipients) -> None:
    if not recipients.to:
        raise StoreError("To: give at least one address")
