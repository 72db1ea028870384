"""Shopify's admin "Export orders" CSV, and the Shopify-style import files.

One row per line item: the order's own fields sit on its first row, the rows
after it carry the line-item columns only. Other platforms' Shopify-style files
may name a line item by its SKU alone, and carry refunds as transaction rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import ClassVar, TypeVar

from plugins.api import LineItem, OrderRecord, OrderSource, Refund, RowProblem
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
            self.problem(record, f"{names[0]}: {exc}")
            return None

    def problem(self, record: CsvRecord, message: str) -> None:
        self.problems.append(RowProblem(str(self.path), record.line, message))

    def taken(self) -> list[RowProblem]:
        """The problems noted so far, handed on once."""
        found, self.problems = self.problems, []
        return found


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
    """The row's line item; other platforms' Shopify-style files have a SKU and
    no name. A line item that cannot be read is said, never dropped silently."""
    name = r.get("Lineitem name", "Lineitem sku")
    if not name:
        if r.get("Lineitem quantity", "Lineitem price"):
            reader.problem(r, "a line item with no name and no SKU was not read")
        return None
    try:
        count = values.quantity(r.get("Lineitem quantity"))
    except values.BadValue as exc:  # an unknown quantity would make totals lie
        reader.problem(r, f"Lineitem quantity: {exc}; line item {name!r} not read")
        return None
    price = reader.cell(r, values.amount, "Lineitem price")
    return LineItem(name, count, price, r.get("Lineitem sku"))


def _refund(reader: _Reader, r: CsvRecord) -> Refund | None:
    """A refund transaction row of the Shopify import format."""
    if r.get("Transaction kind").lower() != "refund":
        return None
    if r.get("Transaction status").lower() not in ("", "success"):
        return None
    amount = reader.cell(r, values.amount, "Transaction amount")
    return Refund(amount) if amount is not None else None


_LINE_ITEM_COLUMNS = ("lineitem name", "lineitem sku", "lineitem quantity")


class ShopifyOrders(OrderSource):
    name: ClassVar[str] = "shopify"
    label: ClassVar[str] = "Shopify order export (CSV)"

    def matches(self, header: list[str]) -> bool:
        keys = {column_key(name) for name in header}
        return "name" in keys and any(c in keys for c in _LINE_ITEM_COLUMNS)

    def read(self, path: Path) -> Iterator[OrderRecord | RowProblem]:
        """Orders as their rows come: one order's rows follow each other (as
        every exporter writes them), so each is handed on at the next one."""
        reader = _Reader(path)
        order: _Order | None = None
        done: set[str] = set()  # numbers only: the file is never held whole
        for record in read_csv(path).records():
            number = record.get("Name")
            if not number:
                reader.problem(record, "no order number in the Name column")
            elif order is None or number != order.record.number:
                if order is not None:
                    done.add(order.record.number)
                    yield order.finished()
                order = None
                if number in done:
                    reader.problem(
                        record,
                        f"order {number} goes on here after other orders: this row "
                        "was not read (sort the file by Name)",
                    )
                else:
                    order = _Order(_order(reader, self.name, record))
            if order is not None and number == order.record.number:
                order.add(reader, record)
            yield from reader.taken()
        if order is not None:
            yield order.finished()


class _Order:
    """An order being read, and the line items and refunds of its rows."""

    def __init__(self, record: OrderRecord) -> None:
        self.record = record
        self.items: list[LineItem] = []
        self.refunds: list[Refund] = []

    def add(self, reader: _Reader, row: CsvRecord) -> None:
        item = _item(reader, row)
        if item is not None:
            self.items.append(item)
        refund = _refund(reader, row)
        if refund is not None:
            self.refunds.append(refund)

    def finished(self) -> OrderRecord:
        refunded = self.record.refunded_amount
        if refunded is None and self.refunds:
            refunded = sum((r.amount for r in self.refunds), Decimal(0))
        return replace(
            self.record,
            items=tuple(self.items),
            refunds=tuple(self.refunds),
            refunded_amount=refunded,
        )
