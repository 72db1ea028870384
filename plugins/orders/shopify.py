"""Shopify's admin "Export orders" CSV, and the Shopify-style import files.

One row per line item: the order's own fields sit on its first row, the rows
after it carry the line-item columns only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import ClassVar, TypeVar

from plugins.api import LineItem, OrderRecord, OrderSource, RowProblem
from plugins.orders import values
from plugins.orders.csvfile import CsvRecord, column_key, read_csv

T = TypeVar("T")
_ADDRESS_PARTS = (
    "Name",
    "Company",
    "Street",
    "Address1",
    "Address2",
    "City",
    "Zip",
    "Province",
    "Province Code",
    "Country",
    "Country Code",
    "Phone",
)


def address(record: CsvRecord, prefix: str) -> dict[str, str]:
    found = {part.lower(): record.get(f"{prefix} {part}") for part in _ADDRESS_PARTS}
    if not found["name"]:
        first, last = (
            record.get(f"{prefix} First Name"),
            record.get(f"{prefix} Last Name"),
        )
        found["name"] = f"{first} {last}".strip()
    return {key: value for key, value in found.items() if value}


class _Reader:
    """Reads one file's cells, noting a problem for each cell it cannot read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[RowProblem] = []

    def cell(
        self, record: CsvRecord, parse: Callable[[str], T], *names: str
    ) -> T | None:
        text = record.get(*names)
        try:
            return parse(text)
        except values.BadValue as exc:
            self.problems.append(
                RowProblem(str(self.path), record.line, f"{names[0]}: {exc}")
            )
            return None


def _order(reader: _Reader, source: str, r: CsvRecord) -> OrderRecord:
    billing = address(r, "Billing")
    shipping = address(r, "Shipping")
    return OrderRecord(
        source=source,
        number=r.get("Name"),
        email=r.get("Email").lower(),
        customer_name=billing.get("name") or shipping.get("name", ""),
        phone=r.get("Phone", "Billing Phone", "Shipping Phone"),
        created_at=reader.cell(r, values.moment, "Created at", "Processed At"),
        currency=r.get("Currency"),
        subtotal=reader.cell(r, values.amount, "Subtotal"),
        shipping=reader.cell(r, values.amount, "Shipping", "Shipping line price"),
        taxes=reader.cell(r, values.amount, "Taxes", "Total Tax"),
        total=reader.cell(r, values.amount, "Total"),
        financial_status=r.get("Financial Status").lower(),
        fulfillment_status=r.get("Fulfillment Status").lower(),
        paid_at=reader.cell(r, values.moment, "Paid at"),
        fulfilled_at=reader.cell(r, values.moment, "Fulfilled at", "Fulfillment Date"),
        cancelled_at=reader.cell(r, values.moment, "Cancelled at"),
        refunded_amount=reader.cell(r, values.amount, "Refunded Amount"),
        tracking_number=r.get("Tracking Number", "Tracking Numbers"),
        tracking_url=r.get("Tracking URL", "Tracking URLs"),
        billing_address=billing,
        shipping_address=shipping,
        notes=r.get("Notes", "Note"),
        tags=tuple(tag.strip() for tag in r.get("Tags").split(",") if tag.strip()),
        line=r.line,
    )


def _item(reader: _Reader, r: CsvRecord) -> LineItem | None:
    name = r.get("Lineitem name")
    if not name:
        return None
    count = reader.cell(r, values.quantity, "Lineitem quantity")
    if count is None:
        return None  # a line item of unknown quantity would make totals lie
    price = reader.cell(r, values.amount, "Lineitem price")
    return LineItem(name, count, price, r.get("Lineitem sku"))


class ShopifyOrders(OrderSource):
    name: ClassVar[str] = "shopify"
    label: ClassVar[str] = "Shopify order export (CSV)"

    def matches(self, header: list[str]) -> bool:
        keys = {column_key(name) for name in header}
        return {"name", "lineitem name"} <= keys

    def read(self, path: Path) -> Iterator[OrderRecord | RowProblem]:
        reader = _Reader(path)
        orders: dict[str, OrderRecord] = {}
        items: dict[str, list[LineItem]] = {}
        for record in read_csv(path).records:
            number = record.get("Name")
            if not number:
                reader.problems.append(
                    RowProblem(
                        str(path), record.line, "no order number in the Name column"
                    )
                )
                continue
            if number not in orders:
                orders[number] = _order(reader, self.name, record)
                items[number] = []
            item = _item(reader, record)
            if item is not None:
                items[number].append(item)
        yield from reader.problems
        for number, order in orders.items():
            yield replace(order, items=tuple(items[number]))
