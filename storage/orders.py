"""Orders and their line items, linked to customers by e-mail address.

Orders are keyed by (source, number): importing an export again updates the
orders it holds instead of adding them twice.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from plugins.api import OrderRecord
from storage.connection import Store
from storage.errors import NotFound
from storage.models import utc


@dataclass(frozen=True, slots=True)
class OrderItem:
    name: str
    sku: str
    quantity: int
    price: Decimal | None


@dataclass(frozen=True, slots=True)
class Order:
    id: int
    source: str
    number: str
    customer_id: int | None
    email: str
    customer_name: str
    created_at: datetime | None
    currency: str
    subtotal: Decimal | None
    shipping: Decimal | None
    taxes: Decimal | None
    total: Decimal | None
    financial_status: str
    fulfillment_status: str
    paid_at: datetime | None
    fulfilled_at: datetime | None
    cancelled_at: datetime | None
    refunded_amount: Decimal | None
    tracking_number: str
    tracking_url: str
    shipping_address: dict[str, str]
    notes: str
    tags: tuple[str, ...]
    items: tuple[OrderItem, ...]
    carrier: str = ""
    expected_at: datetime | None = None
    tracking_status: str = ""
    tracking_updated_at: datetime | None = None


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
    "carrier",
    "expected_at",
    "tracking_status",
    "tracking_updated_at",
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
        record.carrier,
        _stamp(record.expected_at),
        record.tracking_status,
        _stamp(record.tracking_updated_at),
    )


def _item_rows(record: OrderRecord) -> list[tuple[Any, ...]]:
    return [
        (position, item.name, item.sku, item.quantity, _money(item.price))
        for position, item in enumerate(record.items)
    ]


async def _customer_for(store: Store, record: OrderRecord, now: int) -> int | None:
    """The customer this address belongs to, created if it is new."""
    email = record.email.strip().lower()
    if not email:
        return None
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT coalesce(c.merged_into, c.id) FROM identities i "
            "JOIN customers c ON c.id = i.customer_id WHERE i.kind = 'email' AND i.value = ?",
            (email,),
        )
    )
    if rows:
        return int(rows[0][0])
    cursor = await store.conn.execute(
        "INSERT INTO customers (name, created_at) VALUES (?, ?)",
        (record.customer_name, now),
    )
    customer_id = int(cursor.lastrowid or 0)
    await store.conn.execute(
        "INSERT INTO identities (customer_id, kind, value, display_name) "
        "VALUES (?, 'email', ?, ?)",
        (customer_id, email, record.customer_name),
    )
    return customer_id


async def _upsert_one(store: Store, record: OrderRecord, now: int) -> str:
    conn = store.conn
    customer_id = await _customer_for(store, record, now)
    row = _row(record, customer_id)
    found = list(
        await conn.execute_fetchall(
            f"SELECT id, {', '.join(_COLUMNS)} FROM orders WHERE source = ? AND number = ?",
            (record.source, record.number),
        )
    )
    row = _tracking_time(row, tuple(found[0][1:]) if found else None, now)
    items = _item_rows(record)
    if not found:
        cursor = await conn.execute(
            f"INSERT INTO orders (source, number, {', '.join(_COLUMNS)}) "
            f"VALUES (?, ?, {', '.join('?' * len(_COLUMNS))})",
            (record.source, record.number, *row),
        )
        order_id = int(cursor.lastrowid or 0)
        outcome = "new"
    else:
        order_id = int(found[0][0])
        old_items = await conn.execute_fetchall(
            "SELECT position, name, sku, quantity, price FROM order_items "
            "WHERE order_id = ? ORDER BY position",
            (order_id,),
        )
        if tuple(found[0][1:]) == row and [tuple(i) for i in old_items] == items:
            return "unchanged"
        await conn.execute(
            f"UPDATE orders SET {', '.join(f'{c} = ?' for c in _COLUMNS)} WHERE id = ?",
            (*row, order_id),
        )
        await conn.execute("DELETE FROM order_items WHERE order_id = ?", (order_id,))
        outcome = "updated"
    await conn.executemany(
        "INSERT INTO order_items (order_id, position, name, sku, quantity, price) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(order_id, *item) for item in items],
    )
    return outcome


def _tracking_time(
    row: tuple[Any, ...], stored: tuple[Any, ...] | None, now: int
) -> tuple[Any, ...]:
    """When the tracking last changed, if the source does not say: a new
    tracking number or status is a change seen now; a first import guesses
    the shipping time."""
    at = _COLUMNS.index
    if row[at("tracking_updated_at")] is not None:
        return row
    tracking = (row[at("tracking_number")], row[at("tracking_status")])
    if stored is None:
        guess = row[at("fulfilled_at")] if tracking[0] else None
    elif (stored[at("tracking_number")], stored[at("tracking_status")]) != tracking:
        guess = now
    else:
        guess = stored[at("tracking_updated_at")]
    changed = list(row)
    changed[at("tracking_updated_at")] = guess
    return tuple(changed)


async def upsert_orders(store: Store, records: Sequence[OrderRecord]) -> UpsertSummary:
    """Insert new orders and update known ones, all in one transaction."""
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    now = int(time.time())
    async with store.transaction():
        for record in records:
            counts[await _upsert_one(store, record, now)] += 1
    return UpsertSummary(**counts)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


_SELECT = (
    "SELECT id, source, number, customer_id, email, customer_name, created_at, "
    "currency, subtotal, shipping, taxes, total, financial_status, "
    "fulfillment_status, paid_at, fulfilled_at, cancelled_at, refunded_amount, "
    "tracking_number, tracking_url, shipping_address_json, notes, tags_json, "
    "carrier, expected_at, tracking_status, tracking_updated_at FROM orders"
)


async def _orders(store: Store, where: str, params: Sequence[object]) -> list[Order]:
    rows = await store.conn.execute_fetchall(f"{_SELECT} WHERE {where}", params)
    found = []
    for r in rows:
        items = await store.conn.execute_fetchall(
            "SELECT name, sku, quantity, price FROM order_items WHERE order_id = ? "
            "ORDER BY position",
            (r[0],),
        )
        found.append(
            Order(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                utc(r[6]),
                r[7],
                _decimal(r[8]),
                _decimal(r[9]),
                _decimal(r[10]),
                _decimal(r[11]),
                r[12],
                r[13],
                utc(r[14]),
                utc(r[15]),
                utc(r[16]),
                _decimal(r[17]),
                r[18],
                r[19],
                json.loads(r[20]),
                r[21],
                tuple(json.loads(r[22])),
                tuple(OrderItem(i[0], i[1], i[2], _decimal(i[3])) for i in items),
                r[23],
                utc(r[24]),
                r[25],
                utc(r[26]),
            )
        )
    return found


async def orders_for_customer(store: Store, customer_id: int) -> list[Order]:
    """A customer's orders, the latest first."""
    return await _orders(
        store,
        "customer_id = ? ORDER BY created_at DESC, id DESC",
        (customer_id,),
    )


async def get_order(store: Store, source: str, number: str) -> Order:
    found = await _orders(store, "source = ? AND number = ?", (source, number))
    if not found:
        raise NotFound(f"there is no {source} order {number}", "order")
    return found[0]
