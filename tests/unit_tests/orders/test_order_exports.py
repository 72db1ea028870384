"""Real exports' ways: WebToffee's locale dates, paid and completed dates and
refunds; Shopify-style files that name items by SKU; files too big to hold."""

from __future__ import annotations

import tracemalloc
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from plugins.api import OrderRecord, Refund, RowProblem
from plugins.orders.detect import detect_source
from plugins.orders.shopify import ShopifyOrders

WOO_HEADER = (
    "order_id,order_number,order_date,paid_date,completed_date,status,order_total,"
    "refunded_total,order_currency,billing_email,refund_items,line_item_1\n"
)


def read(path: Path) -> tuple[list[OrderRecord], list[RowProblem]]:
    found = list(detect_source(path).read(path))
    return (
        [f for f in found if isinstance(f, OrderRecord)],
        [f for f in found if isinstance(f, RowProblem)],
    )


def woo(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "woo.csv"
    path.write_text(WOO_HEADER + "".join(f"{row}\n" for row in rows))
    return path


def test_webtoffee_day_first_dates_paid_completed_and_refunds(tmp_path: Path) -> None:
    path = woo(
        tmp_path,
        "7,7,06-05-2018 09:00:00,06-05-2018 09:05:00,08-05-2018 10:00:00,completed,"
        "46.00,0,EUR,a@example.com,,name:Mug|quantity:1|total:46.00",
        "8,8,16-05-2018 07:32:06,16-05-2018 07:33:00,,refunded,46.00,46.00,EUR,"
        "b@example.com,amount:46.00|reason:damaged|date:17-05-2018 11:00:00,"
        "name:Mug|quantity:1|total:46.00",
    )
    (first, second), problems = read(path)
    assert problems == []
    # "16-05-2018" settles the file: "06-05-2018" is the 6th of May too.
    assert first.created_at == datetime(2018, 5, 6, 9, 0, tzinfo=UTC)
    assert first.paid_at == datetime(2018, 5, 6, 9, 5, tzinfo=UTC)
    assert first.fulfilled_at == datetime(2018, 5, 8, 10, 0, tzinfo=UTC)
    assert second.created_at == datetime(2018, 5, 16, 7, 32, 6, tzinfo=UTC)
    assert second.refunds == (
        Refund(Decimal("46.00"), datetime(2018, 5, 17, 11, 0, tzinfo=UTC), "damaged"),
    )
    assert second.refunded_amount == Decimal("46.00")


def test_refund_items_alone_give_the_refunded_amount(tmp_path: Path) -> None:
    path = woo(
        tmp_path,
        "9,9,2018-05-16 07:32:06,,,processing,50.00,,EUR,c@example.com,"
        "amount:10.00;amount:5.50|reason:late,",
    )
    (order,), problems = read(path)
    assert problems == []
    assert [r.amount for r in order.refunds] == [Decimal("10.00"), Decimal("5.50")]
    assert order.refunded_amount == Decimal("15.50")


def test_an_ambiguous_file_says_so_once(tmp_path: Path) -> None:
    path = woo(
        tmp_path,
        "1,1,06/05/2018 09:00,,,processing,1,0,EUR,a@example.com,,",
        "2,2,07/05/2018 09:00,,,processing,1,0,EUR,a@example.com,,",
    )
    orders, problems = read(path)
    assert [o.created_at for o in orders] == [
        datetime(2018, 6, 5, 9, 0, tzinfo=UTC),
        datetime(2018, 7, 5, 9, 0, tzinfo=UTC),
    ]
    assert [(p.line, p.message) for p in problems] == [
        (
            2,
            "dates such as '06/05/2018 09:00' could be day or month first and the "
            "file has no day above 12: read as month first (MM/DD/YYYY); check the "
            "export's date format",
        )
    ]


def test_shopify_style_items_without_a_name_take_their_sku(tmp_path: Path) -> None:
    path = tmp_path / "other-platform.csv"
    path.write_text(
        "Name,Email,Total,Lineitem sku,Lineitem quantity,Lineitem price\n"
        "#1,a@example.com,30.00,TEA-100,2,10.00\n"
        "#1,,,TEA-200,1,10.00\n"
        "#1,,,,1,3.00\n"
        "#2,b@example.com,5.00,MUG-1,x,5.00\n"
    )
    assert isinstance(detect_source(path), ShopifyOrders)
    (first, second), problems = read(path)
    assert [(i.name, i.sku, i.quantity) for i in first.items] == [
        ("TEA-100", "TEA-100", 2),
        ("TEA-200", "TEA-200", 1),
    ]
    assert second.items == ()
    assert [(p.line, p.message) for p in problems] == [
        (4, "a line item with no name and no SKU was not read"),
        (
            5,
            "Lineitem quantity: quantity 'x' is not a whole number; "
            "line item 'MUG-1' not read",
        ),
    ]


def test_an_order_whose_rows_are_apart_is_said_not_merged_silently(
    tmp_path: Path,
) -> None:
    path = tmp_path / "unsorted.csv"
    path.write_text(
        "Name,Email,Lineitem name,Lineitem quantity\n"
        "#1,a@example.com,Tea,1\n#2,b@example.com,Mug,1\n#1,,Cup,1\n"
    )
    orders, problems = read(path)
    assert [(o.number, len(o.items)) for o in orders] == [("#1", 1), ("#2", 1)]
    assert [p.line for p in problems] == [4]
    assert "sort the file by Name" in problems[0].message


def test_shopify_refund_transactions_are_kept(corpus: Path) -> None:
    orders, _ = read(corpus / "orders/solidus_importer/orders.csv")
    assert orders[0].refunds == (Refund(Decimal("500")),)


def test_a_big_export_is_read_in_bounded_memory(tmp_path: Path) -> None:
    """A 20 MB export read whole would hold its 20 MB of cells; streamed, the
    peak is the order numbers seen and one row at a time. (A million rows, by
    the real command: benchmarks/big_inputs.py.)"""
    path = tmp_path / "big.csv"
    with path.open("w") as out:
        out.write("Name,Email,Total,Lineitem name,Lineitem quantity,Notes\n")
        for n in range(10_000):
            out.write(f"#{n},c{n % 5000}@example.com,9.50,Tea {n},1,{'x' * 2000}\n")
    tracemalloc.start()
    try:
        count = sum(isinstance(f, OrderRecord) for f in detect_source(path).read(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 10_000
    assert peak < path.stat().st_size / 3
