"""WooCommerce order exports of the WebToffee (XAdapter) export plugin.

One row per order; each `line_item_N` cell packs a line item as
`name:Red Hat|product_id:35|sku:003|quantity:1|total:100.00|...`. Its dates
carry no time zone: they are read as UTC.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

from plugins.api import LineItem, OrderRecord, OrderSource, RowProblem
from plugins.orders import values
from plugins.orders.csvfile import CsvRecord, OrderFileError, column_key, read_csv

# WooCommerce status → (financial status, fulfilment status), in Shopify's words
# so that every source reads the same in the console.
_STATUSES = {
    "pending": ("pending", "unfulfilled"),
    "processing": ("paid", "unfulfilled"),
    "on-hold": ("pending", "unfulfilled"),
    "completed": ("paid", "fulfilled"),
    "cancelled": ("voided", "unfulfilled"),
    "refunded": ("refunded", ""),
    "failed": ("failed", "unfulfilled"),
}


def _packed(cell: str) -> dict[str, str]:
    fields = {}
    for part in cell.split("|"):
        key, _, value = part.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def _address(record: CsvRecord, prefix: str) -> dict[str, str]:
    name = f"{record.get(prefix + '_first_name')} {record.get(prefix + '_last_name')}"
    found = {
        "name": name.strip(),
        "company": record.get(f"{prefix}_company"),
        "address1": record.get(f"{prefix}_address_1"),
        "address2": record.get(f"{prefix}_address_2"),
        "city": record.get(f"{prefix}_city"),
        "zip": record.get(f"{prefix}_postcode"),
        "province": record.get(f"{prefix}_state"),
        "country": record.get(f"{prefix}_country"),
        "phone": record.get(f"{prefix}_phone"),
    }
    return {key: value for key, value in found.items() if value}


class WooCommerceOrders(OrderSource):
    name: ClassVar[str] = "woocommerce"
    label: ClassVar[str] = "WooCommerce order export (WebToffee CSV)"

    def matches(self, header: list[str]) -> bool:
        keys = {column_key(name) for name in header}
        return {"order number", "order date"} <= keys

    def read(self, path: Path) -> Iterator[OrderRecord | RowProblem]:
        csv_file = read_csv(path)
        if not self.matches(csv_file.header):
            raise OrderFileError(
                "is not a WooCommerce order export (no order_number and order_date columns)",
                str(path),
            )
        for record in csv_file.records:
            yield from self._order(path, record)

    def _items(
        self, path: Path, record: CsvRecord
    ) -> tuple[list[LineItem], list[RowProblem]]:
        items, problems = [], []
        columns = sorted(
            (key for key in record.cells if key.startswith("line item ")),
            key=lambda key: (
                int(key.rsplit(" ", 1)[1]) if key.rsplit(" ", 1)[1].isdigit() else 0
            ),
        )
        for column in columns:
            cell = record.cells[column].strip()
            if not cell:
                continue
            fields = _packed(cell)
            try:
                count = values.quantity(fields.get("quantity", "1"))
                total = values.amount(fields.get("total", ""))
            except values.BadValue as exc:
                problems.append(RowProblem(str(path), record.line, f"{column}: {exc}"))
                continue
            price = (
                (total / count).quantize(Decimal("0.01"))
                if total is not None and count
                else total
            )
            items.append(
                LineItem(fields.get("name", "?"), count, price, fields.get("sku", ""))
            )
        return items, problems

    def _order(self, path: Path, r: CsvRecord) -> Iterator[OrderRecord | RowProblem]:
        number = r.get("order_number", "order_id")
        if not number:
            yield RowProblem(
                str(path), r.line, "no order number in the order_number column"
            )
            return
        items, problems = self._items(path, r)
        yield from problems
        amounts: dict[str, Decimal | None] = {}
        for column in ("shipping_total", "tax_total", "order_total", "refunded_total"):
            try:
                amounts[column] = values.amount(r.get(column))
            except values.BadValue as exc:
                yield RowProblem(str(path), r.line, f"{column}: {exc}")
                amounts[column] = None
        try:
            created = values.moment(r.get("order_date"))
        except values.BadValue as exc:
            yield RowProblem(str(path), r.line, f"order_date: {exc}")
            created = None
        status = r.get("status").lower().removeprefix("wc-")
        financial, fulfilment = _STATUSES.get(status, (status, ""))
        billing = _address(r, "billing")
        line_totals = [i.price * i.quantity for i in items if i.price is not None]
        yield OrderRecord(
            source=self.name,
            number=number if number.startswith("#") else f"#{number}",
            email=r.get("billing_email", "customer_email").lower(),
            customer_name=billing.get("name", ""),
            phone=r.get("billing_phone"),
            created_at=created,
            currency=r.get("order_currency"),
            subtotal=sum(line_totals, Decimal(0)) if line_totals else None,
            shipping=amounts["shipping_total"],
            taxes=amounts["tax_total"],
            total=amounts["order_total"],
            financial_status=financial,
            fulfillment_status=fulfilment,
            refunded_amount=amounts["refunded_total"] or None,
            tracking_number=r.get(
                "tracking_number", "_tracking_number", "meta:_tracking_number"
            ),
            tracking_url=r.get("tracking_url", "_tracking_url", "meta:_tracking_url"),
            billing_address=billing,
            shipping_address=_address(r, "shipping"),
            notes=r.get("customer_note"),
            items=tuple(items),
            line=r.line,
        )
