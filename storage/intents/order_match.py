"""Which order a customer message is about, checked against the store.

- `named`: the message names an order of this customer's;
- `other_customer`: the number it names is another customer's order (never
  answered automatically: that would tell one customer about another's order);
- `not_found`: it names a number no order has;
- `only_recent`: it names none, and the customer has exactly one order from
  the last `RECENT` days;
- `ambiguous`: it names none and the customer has several recent orders;
- `none`: no order at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storage.connection import Store

RECENT = 60 * 86400


@dataclass(frozen=True, slots=True)
class OrderMatch:
    how: str
    order_id: int | None = None
    number: str = ""


async def match_order(
    store: Store,
    customer_id: int,
    candidates: Sequence[str],
    labelled: int,
    now: int,
) -> OrderMatch:
    """`candidates`: numbers the message names, the first `labelled` of them
    written as order numbers (`#1042`, `commande 1042`), the rest bare."""
    if candidates:
        wanted = [n for number in candidates for n in (number, f"#{number}")]
        rows = await store.conn.execute_fetchall(
            "SELECT o.id, o.number, o.customer_id = ? OR o.customer_id IN (SELECT id "
            "FROM customers WHERE merged_into = ?) FROM orders o "
            f"WHERE o.number IN ({','.join('?' * len(wanted))})",
            (customer_id, customer_id, *wanted),
        )
        found = {
            str(r[1]).lstrip("#"): (int(r[0]), str(r[1]), bool(r[2])) for r in rows
        }
        for number in candidates:
            if number in found:
                order_id, stored, mine = found[number]
                if mine:
                    return OrderMatch("named", order_id, stored)
                return OrderMatch("other_customer", order_id, stored)
        if labelled:
            return OrderMatch("not_found", None, candidates[0])
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT id, number FROM orders WHERE customer_id = ? AND "
            "coalesce(created_at, 0) >= ? ORDER BY created_at DESC, id DESC LIMIT 2",
            (customer_id, now - RECENT),
        )
    )
    if len(rows) == 1:
        return OrderMatch("only_recent", int(rows[0][0]), str(rows[0][1]))
    if rows:
        return OrderMatch("ambiguous")
    return OrderMatch("none")
