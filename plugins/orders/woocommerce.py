"""WooCommerce order exports of the WebToffee (XAdapter) export plugin.

One row per order; each `line_item_N` cell packs a line item as
`name:Red Hat|product_id:35|sku:003|quantity:1|total:100.00|...`, and
`refund_items` the refunds as `amount:46.00|reason:...|date:...`, several
separated by ';'. Its dates carry no time zone (they are read as UTC) and follow
the shop's locale: `16-05-2018 07:32:06` is day first, `6/10/2016 5:56` month
first; a file is read once first to tell which (a day above 12 settles it).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

from plugins.api import LineItem, OrderRecord, OrderSource, Refund, RowProblem
from plugins.orders import values
from plugins.orders.csvfile import CsvRecord, OrderFileError, column_key, read_csv
from plugins.orders.values import DateOrder

_DATES = ("order_date", "paid_date", "completed_date")

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
        dates = DateOrder.of(
            (r.line, r.get(column)) for r in csv_file.records() for column in _DATES
        )
        warning = dates.warning()
        if warning and dates.first_ambiguous:
            yield RowProblem(str(path), dates.first_ambiguous[0], warning)
        for record in csv_file.records():
            yield from self._order(path, record, dates)

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

    def _order(
        self, path: Path, r: CsvRecord, dates: DateOrder
    ) -> Iterator[OrderRecord | RowProblem]:
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
        moments: dict[str, datetime | None] = {}
        for column in _DATES:
            try:
                moments[column] = values.moment(r.get(column), dates.day_first)
            except values.BadValue as exc:
                yield RowProblem(str(path), r.line, f"{column}: {exc}")
                moments[column] = None
        refunds, problems = _refunds(path, r, dates)
        yield from problems
        refunded = amounts["refunded_total"] or sum(
            (refund.amount for refund in refunds), Decimal(0)
        )
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
            created_at=moments["order_date"],
            currency=r.get("order_currency"),
            subtotal=sum(line_totals, Decimal(0)) if line_totals else None,
            shipping=amounts["shipping_total"],
            taxes=amounts["tax_total"],
            total=amounts["order_total"],
            financial_status=financial,
            fulfillment_status=fulfilment,
            paid_at=moments["paid_date"],
            fulfilled_at=moments["completed_date"],
            refunded_amount=refunded or None,
            refunds=tuple(refunds),
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


def _refunds(
    path: Path, r: CsvRecord, dates: DateOrder
) -> tuple[list[Refund], list[RowProblem]]:
    """The `refund_items` cell: `amount:46.00|reason:...|date:...`, ';' between."""
    refunds: list[Refund] = []
    problems: list[RowProblem] = []
    for cell in r.get("refund_items").split(";"):
        fields = _packed(cell) if cell.strip() else {}
        if not fields:
            continue
        try:
            amount = values.amount(fields.get("amount", ""))
            at = values.moment(fields.get("date", ""), dates.day_first)
        except values.BadValue as exc:
            problems.append(RowProblem(str(path), r.line, f"refund_items: {exc}"))
            continue
        if amount is None:
            problems.append(
                RowProblem(str(path), r.line, f"refund_items: no amount in {cell!r}")
            )
            continue
        refunds.append(Refund(amount, at, fields.get("reason", "")))
    return refunds, problems
