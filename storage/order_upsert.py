"""Writing orders: new ones inserted, known ones updated, a batch at a time.

Orders are keyed by (source, number): importing an export again updates the
orders it holds instead of adding them twice. A batch is looked up and written
with a few set-based statements (a million-row export is a few thousand
transactions of a few statements each, not millions of round trips), with the
same result as storing its orders one by one.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import aiosqlite

from plugins.api import OrderRecord
from storage.connection import Store
from storage.ingest_lookup import known_addresses

_CHUNK = 400  # pairs of host parameters: far below SQLite's limit


@dataclass(frozen=True, slots=True)
class UpsertSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


_COLUMNS = (
    "customer_id",
    "email",
    "customer_name",
    "phone",
    "created_at",
    "currency",
    "subtotal",
    "shipping",
    "taxes",
    "total",
    "financial_status",
    "fulfillment_status",
    "paid_at",
    "fulfilled_at",
    "cancelled_at",
    "refunded_amount",
    "tracking_number",
    "tracking_url",
    "billing_address_json",
    "shipping_address_json",
    "notes",
    "tags_json",
    "refunds_json",
)


def _stamp(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp())


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _row(record: OrderRecord, customer_id: int | None) -> tuple[Any, ...]:
    return (
        customer_id,
        record.email,
        record.customer_name,
        record.phone,
        _stamp(record.created_at),
        record.currency,
        _money(record.subtotal),
        _money(record.shipping),
        _money(record.taxes),
        _money(record.total),
        record.financial_status,
        record.fulfillment_status,
        _stamp(record.paid_at),
        _stamp(record.fulfilled_at),
        _stamp(record.cancelled_at),
        _money(record.refunded_amount),
        record.tracking_number,
        record.tracking_url,
        json.dumps(record.billing_address, ensure_ascii=False, sort_keys=True),
        json.dumps(record.shipping_address, ensure_ascii=False, sort_keys=True),
        record.notes,
        json.dumps(list(record.tags), ensure_ascii=False),
        json.dumps(
            [
                {"amount": str(r.amount), "at": _stamp(r.at), "reason": r.reason}
                for r in record.refunds
            ],
            ensure_ascii=False,
        ),
    )


def _item_rows(record: OrderRecord) -> list[tuple[Any, ...]]:
    return [
        (position, item.name, item.sku, item.quantity, _money(item.price))
        for position, item in enumerate(record.items)
    ]


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


async def _next_id(conn: aiosqlite.Connection, table: str) -> int:
    rows = list(await conn.execute_fetchall(f"SELECT max(id) FROM {table}"))
    return int(rows[0][0] or 0) + 1


async def _customers(
    conn: aiosqlite.Connection, records: Sequence[OrderRecord], now: int
) -> dict[str, int]:
    """The customer of each address, created for a new one (named by its first
    order), as storing the orders one by one would."""
    names: dict[str, str] = {}
    for record in records:
        email = record.email.strip().lower()
        if email and email not in names:
            names[email] = record.customer_name
    emails = list(names)
    found = await known_addresses(conn, emails)
    next_id = await _next_id(conn, "customers")
    new = [email for email in emails if email not in found]
    for offset, email in enumerate(new):
        found[email] = next_id + offset
    await conn.executemany(
        "INSERT INTO customers (id, name, created_at) VALUES (?, ?, ?)",
        [(found[e], names[e], now) for e in new],
    )
    await conn.executemany(
        "INSERT INTO identities (customer_id, kind, value, display_name) "
        "VALUES (?, 'email', ?, ?)",
        [(found[e], e, names[e]) for e in new],
    )
    return found


async def _stored(
    conn: aiosqlite.Connection, records: Sequence[OrderRecord]
) -> tuple[dict[tuple[str, str], tuple[int, tuple[Any, ...]]], dict[int, list[Any]]]:
    """The batch's orders already stored, by (source, number): id and columns;
    and their line items, by order id."""
    by_source: dict[str, list[str]] = {}
    for record in records:
        by_source.setdefault(record.source, []).append(record.number)
    orders: dict[tuple[str, str], tuple[int, tuple[Any, ...]]] = {}
    for source, numbers in by_source.items():
        for chunk in _chunks(numbers):  # source = ? AND number IN: the unique index
            rows = await conn.execute_fetchall(
                f"SELECT id, source, number, {', '.join(_COLUMNS)} FROM orders "
                f"WHERE source = ? AND number IN ({','.join('?' * len(chunk))})",
                (source, *chunk),
            )
            for row in rows:
                orders[str(row[1]), str(row[2])] = (int(row[0]), tuple(row[3:]))
    items: dict[int, list[Any]] = {}
    ids = [order_id for order_id, _ in orders.values()]
    for chunk in _chunks(ids):
        rows = await conn.execute_fetchall(
            "SELECT order_id, position, name, sku, quantity, price FROM order_items "
            f"WHERE order_id IN ({','.join('?' * len(chunk))}) "
            "ORDER BY order_id, position",
            tuple(chunk),
        )
        for order_id, *item in rows:
            items.setdefault(int(order_id), []).append(tuple(item))
    return orders, items


def _runs(records: Sequence[OrderRecord]) -> Iterator[list[OrderRecord]]:
    """The records in runs where no order appears twice (a later copy of one
    must see the earlier one stored, as it would one by one)."""
    run: list[OrderRecord] = []
    keys: set[tuple[str, str]] = set()
    for record in records:
        key = (record.source, record.number)
        if key in keys:
            yield run
            run, keys = [], set()
        run.append(record)
        keys.add(key)
    if run:
        yield run


async def _write_run(
    conn: aiosqlite.Connection,
    records: Sequence[OrderRecord],
    now: int,
    counts: dict[str, int],
) -> None:
    customers = await _customers(conn, records, now)
    stored, stored_items = await _stored(conn, records)
    next_id = await _next_id(conn, "orders")
    inserts, updates, stale, items = [], [], [], []
    for record in records:
        row = _row(record, customers.get(record.email.strip().lower()))
        item_rows = _item_rows(record)
        found = stored.get((record.source, record.number))
        if found is None:
            order_id, next_id = next_id, next_id + 1
            inserts.append((order_id, record.source, record.number, *row))
            counts["new"] += 1
        elif found[1] == row and stored_items.get(found[0], []) == item_rows:
            counts["unchanged"] += 1
            continue
        else:
            order_id = found[0]
            updates.append((*row, order_id))
            stale.append((order_id,))
            counts["updated"] += 1
        items += [(order_id, *item) for item in item_rows]
    await conn.executemany(
        f"INSERT INTO orders (id, source, number, {', '.join(_COLUMNS)}) "
        f"VALUES (?, ?, ?, {', '.join('?' * len(_COLUMNS))})",
        inserts,
    )
    await conn.executemany(
        f"UPDATE orders SET {', '.join(f'{c} = ?' for c in _COLUMNS)} WHERE id = ?",
        updates,
    )
    await conn.executemany("DELETE FROM order_items WHERE order_id = ?", stale)
    await conn.executemany(
        "INSERT INTO order_items (order_id, position, name, sku, quantity, price) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        items,
    )


async def upsert_orders(store: Store, records: Sequence[OrderRecord]) -> UpsertSummary:
    """Insert new orders and update known ones, all in one transaction."""
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    now = int(time.time())
    async with store.transaction():
        for run in _runs(records):
            await _write_run(store.conn, run, now, counts)
    return UpsertSummary(**counts)
