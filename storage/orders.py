"""Orders and their line items, linked to customers by e-mail address.

Orders are keyed by (source, number): importing an export again updates the
orders it holds instead of adding them twice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from storage.connection import Store
from storage.errors import NotFound
from storage.models import utc
from storage.order_upsert import UpsertSummary, upsert_orders

__all__ = [
    "Order",
    "OrderItem",
    "OrderRefund",
    "UpsertSummary",
    "get_order",
    "lifetime_spend",
    "orders_for_customer",
    "upsert_orders",
]


@dataclass(frozen=True, slots=True)
class OrderItem:
    name: str
    sku: str
    quantity: int
    price: Decimal | None


@dataclass(frozen=True, slots=True)
class OrderRefund:
    amount: Decimal
    at: datetime | None
    reason: str


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
    refunds: tuple[OrderRefund, ...] = ()


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


_SELECT = (
    "SELECT id, source, number, customer_id, email, customer_name, created_at, "
    "currency, subtotal, shipping, taxes, total, financial_status, "
    "fulfillment_status, paid_at, fulfilled_at, cancelled_at, refunded_amount, "
    "tracking_number, tracking_url, shipping_address_json, notes, tags_json, "
    "refunds_json FROM orders"
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
                tuple(
                    OrderRefund(Decimal(r["amount"]), utc(r["at"]), str(r["reason"]))
                    for r in json.loads(r[23])
                ),
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


def spent_per_currency(orders: Sequence[Order]) -> dict[str, Decimal]:
    """What a customer spent, per currency: orders not cancelled, net of refunds."""
    totals: dict[str, Decimal] = {}
    for order in orders:
        if order.total is not None and not order.cancelled_at:
            spent = order.total - (order.refunded_amount or Decimal(0))
            totals[order.currency] = totals.get(order.currency, Decimal(0)) + spent
    return totals


def lifetime_spend(orders: Sequence[Order]) -> str:
    """`spent_per_currency` as text: `61.50 EUR, 12.00 USD`."""
    return ", ".join(
        f"{amount:.2f} {currency}".strip()
        for currency, amount in spent_per_currency(orders).items()
    )
