"""Customers and their identities; two records of one person can be merged."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from storage.connection import Store
from storage.errors import NotFound, StoreError


@dataclass(frozen=True, slots=True)
class Identity:
    kind: str
    value: str
    display_name: str


@dataclass(frozen=True, slots=True)
class Customer:
    id: int
    name: str
    identities: tuple[Identity, ...]
    tags: tuple[str, ...]
    conversation_count: int


async def _live_id(store: Store, customer_id: int) -> int:
    """Follow merges to the customer record that is still in use."""
    seen: set[int] = set()
    current = customer_id
    while True:
        rows = list(
            await store.conn.execute_fetchall(
                "SELECT merged_into FROM customers WHERE id = ?", (current,)
            )
        )
        if not rows:
            raise NotFound(f"there is no customer {customer_id}", "customer")
        if rows[0][0] is None or current in seen:
            return current
        seen.add(current)
        current = int(rows[0][0])


async def get_customer(store: Store, customer_id: int) -> Customer:
    live = await _live_id(store, customer_id)
    conn = store.conn
    name_rows = list(
        await conn.execute_fetchall("SELECT name FROM customers WHERE id = ?", (live,))
    )
    identities = await conn.execute_fetchall(
        "SELECT kind, value, display_name FROM identities WHERE customer_id = ? "
        "ORDER BY id",
        (live,),
    )
    tags = await conn.execute_fetchall(
        "SELECT tag FROM customer_tags WHERE customer_id = ? ORDER BY tag", (live,)
    )
    count = list(
        await conn.execute_fetchall(
            "SELECT count(*) FROM conversations WHERE customer_id = ? "
            "AND merged_into IS NULL",
            (live,),
        )
    )
    return Customer(
        live,
        str(name_rows[0][0]),
        tuple(Identity(*row) for row in identities),
        tuple(str(row[0]) for row in tags),
        int(count[0][0]),
    )


async def find_customer(store: Store, kind: str, value: str) -> Customer | None:
    normalised = value.strip().lower() if kind == "email" else value.strip()
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT customer_id FROM identities WHERE kind = ? AND value = ?",
            (kind, normalised),
        )
    )
    return await get_customer(store, int(rows[0][0])) if rows else None


async def move_customer(conn: aiosqlite.Connection, keep: int, absorb: int) -> None:
    """Inside the caller's transaction: everything of `absorb` moves to `keep`,
    and `absorb` points at `keep`."""
    for statement in (
        "UPDATE identities SET customer_id = ? WHERE customer_id = ?",
        "UPDATE conversations SET customer_id = ? WHERE customer_id = ?",
        "UPDATE orders SET customer_id = ? WHERE customer_id = ?",
        "UPDATE OR IGNORE customer_tags SET customer_id = ? WHERE customer_id = ?",
        "UPDATE customers SET merged_into = ? WHERE id = ?",
    ):
        await conn.execute(statement, (keep, absorb))
    await conn.execute("DELETE FROM customer_tags WHERE customer_id = ?", (absorb,))


async def merge_customers(store: Store, keep_id: int, absorb_id: int) -> Customer:
    """One person known under two records: move everything of `absorb_id` to
    `keep_id`. The absorbed record stays, pointing at the kept one, so that
    anything still naming it finds its way."""
    keep, absorb = await _live_id(store, keep_id), await _live_id(store, absorb_id)
    if keep == absorb:
        raise StoreError(f"customers {keep_id} and {absorb_id} are already one")
    async with store.transaction():
        await move_customer(store.conn, keep, absorb)
        await store.conn.execute(
            "UPDATE customers SET name = (SELECT name FROM customers WHERE id = ?) "
            "WHERE id = ? AND name = ''",
            (absorb, keep),
        )
    return await get_customer(store, keep)
