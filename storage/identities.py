"""Who a message is from, as a customer: identities of every kind, one person.

An identity is a (kind, value) pair: ("email", "ann@example.com"), lower-cased,
or a chat handle ("chat", "telegram:5123"), kept as the network wrote it. A
message's `also_known_as` links the sender's other identities (a chat visitor
who gave an e-mail address) to the same customer. An anonymous chat customer
(no e-mail identity) who gives an address already known is merged into that
address's customer; two customers who both have e-mail addresses are never
merged on a message's word: a person does that (`merge_customers`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import aiosqlite

from plugins.api import Address, InboundMessage
from storage.customers import move_customer
from storage.ingest_lookup import pairs_table

Key = tuple[str, str]  # (kind, value)
NOBODY: Key = ("email", "")
_CHUNK = 400


def key_of(person: Address) -> Key:
    kind = person.kind or "email"
    value = person.address.strip()
    return kind, value.lower() if kind == "email" else value


def customer_key(message: InboundMessage, outbound: bool, shop: frozenset[str]) -> Key:
    """The customer's identity: the sender, or for the shop's own messages the
    first recipient who is not the shop."""
    if not outbound:
        return key_of(message.sender) if message.sender else NOBODY
    for person in (*message.to, *message.cc):
        key = key_of(person)
        if key[1] not in shop:
            return key
    return NOBODY


def customer_name(message: InboundMessage, key: Key) -> str:
    for person in (message.sender, *message.to, *message.cc):
        if person is not None and key_of(person) == key:
            return person.name
    return ""


async def _found(conn: aiosqlite.Connection, keys: Sequence[Key]) -> dict[Key, int]:
    found: dict[Key, int] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        rows = await conn.execute_fetchall(
            f"{pairs_table('wanted(kind, value)', len(chunk))} "
            "SELECT i.kind, i.value, coalesce(c.merged_into, c.id) FROM wanted "
            "CROSS JOIN identities i ON i.kind = wanted.kind AND i.value = wanted.value "
            "JOIN customers c ON c.id = i.customer_id",
            [part for key in chunk for part in key],
        )
        found.update(((str(k), str(v)), int(c)) for k, v, c in rows)
    return found


async def _has_email(conn: aiosqlite.Connection, customer_id: int) -> bool:
    rows = await conn.execute_fetchall(
        "SELECT 1 FROM identities WHERE customer_id = ? AND kind = 'email' LIMIT 1",
        (customer_id,),
    )
    return bool(list(rows))


Sender = tuple[Key, str, Mapping[Key, str]]  # identity, name, also known as


async def resolve_customers(
    conn: aiosqlite.Connection, senders: Sequence[Sender], ids: dict[str, int], now: int
) -> list[int]:
    """The customer of each sender, in order, creating new ones.

    New customers are numbered in the order they first appear, and a name fills
    an empty one, as if the messages had been stored one by one. A sender with
    no address (a bounce, `From: <>`) gets a customer of its own each time, with
    no identity, so that no two share one. A new identity whose other one is
    known joins that customer."""
    names: dict[Key, str] = {}
    for key, name, _aka in senders:
        if key[1] and not names.get(key):
            names[key] = name
    wanted = [*names, *(k for _, _, aka in senders for k in aka)]
    found = await _found(conn, list(dict.fromkeys(wanted)))
    new_customers: list[tuple[int, str, int]] = []
    new_identities: list[tuple[int, str, str, str]] = []
    result: list[int] = []
    for key, name, aka in senders:
        if not key[1]:  # nobody's address: a customer of its own
            ids["customers"] += 1
            new_customers.append((ids["customers"], name, now))
            result.append(ids["customers"])
            continue
        if key not in found:
            known = [found[k] for k in aka if k in found]
            if known:
                found[key] = known[0]
            else:
                ids["customers"] += 1
                found[key] = ids["customers"]
                new_customers.append((ids["customers"], names[key], now))
            new_identities.append((found[key], key[0], key[1], names[key]))
        await _link(conn, key, aka, found, new_identities)
        result.append(found[key])
    await conn.executemany(
        "INSERT INTO customers (id, name, created_at) VALUES (?, ?, ?)", new_customers
    )
    await conn.executemany(
        "INSERT OR IGNORE INTO identities (customer_id, kind, value, display_name) "
        "VALUES (?, ?, ?, ?)",
        new_identities,
    )
    named = [(n, found[k]) for k, n in names.items() if n]
    await conn.executemany(
        "UPDATE customers SET name = ? WHERE id = ? AND name = ''", named
    )
    await conn.executemany(
        "UPDATE identities SET display_name = ? "
        "WHERE kind = ? AND value = ? AND display_name = ''",
        [(n, k[0], k[1]) for k, n in names.items() if n],
    )
    return result


async def _link(
    conn: aiosqlite.Connection,
    key: Key,
    aka: Mapping[Key, str],
    found: dict[Key, int],
    new_identities: list[tuple[int, str, str, str]],
) -> None:
    """The sender's other identities: new ones join its customer; an anonymous
    chat customer who gives a known address is merged into that address's."""
    for other, other_name in aka.items():
        if other not in found:
            found[other] = found[key]
            new_identities.append((found[key], other[0], other[1], other_name))
        elif found[other] != found[key] and not await _has_email(conn, found[key]):
            absorbed, keep = found[key], found[other]
            await move_customer(conn, keep, absorbed)
            found.update({k: keep for k, c in found.items() if c == absorbed})
