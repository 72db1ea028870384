"""Order exports as shops really have them: corpus files and spreadsheet habits."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from plugins.api import OrderRecord, RowProblem
from plugins.orders.csvfile import OrderFileError
from plugins.orders.detect import detect_source
from plugins.orders.shopify import ShopifyOrders
from plugins.orders.woocommerce import WooCommerceOrders

# The header of Shopify's admin "Export orders" (../shared/corpus/orders/SHOPIFY-EXPORT.md).
_HEADER_LINE = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,"
    "Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,"
    "Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,"
    "Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,"
    "Billing Name,Billing Street,Billing Address1,Billing Address2,Billing Company,"
    "Billing City,Billing Zip,Billing Province,Billing Country,Billing Phone,Shipping Name,"
    "Shipping Street,Shipping Address1,Shipping Address2,Shipping Company,Shipping City,"
    "Shipping Zip,Shipping Province,Shipping Country,Shipping Phone,Notes,Note Attributes,"
    "Cancelled at,Payment Method,Payment Reference,Refunded Amount,Vendor,"
    "Outstanding Balance,Employee,Location,Device ID,Id,Tags,Risk Level,Source,"
    "Lineitem discount,Tax 1 Name,Tax 1 Value,Tax 2 Name,Tax 2 Value,Tax 3 Name,"
    "Tax 3 Value,Tax 4 Name,Tax 4 Value,Tax 5 Name,Tax 5 Value,Phone,Receipt Number,"
    "Duties,Billing Province Name,Shipping Province Name,Payment ID,Payment Terms Name,"
    "Next Payment Due At,Payment References"
)
HEADER = _HEADER_LINE.split(",")


def shopify_file(
    tmp_path: Path,
    rows: list[dict[str, str]],
    sep: str = ",",
    bom: bool = False,
    newline: str = "\n",
) -> Path:
    def cell(value: str) -> str:
        return f'"{value}"' if any(c in value for c in (sep, '"', "\n")) else value

    lines = [sep.join(HEADER)] + [
        sep.join(cell(row.get(c, "")) for c in HEADER) for row in rows
    ]
    path = tmp_path / "orders_export.csv"
    path.write_bytes(
        (b"\xef\xbb\xbf" if bom else b"")
        + newline.join(lines).encode()
        + newline.encode()
    )
    return path


FIRST = {
    "Name": "#1001",
    "Email": "Marie.Dupont@example.fr",
    "Financial Status": "paid",
    "Paid at": "2026-09-03 10:16:00 +0200",
    "Fulfillment Status": "fulfilled",
    "Currency": "EUR",
    "Subtotal": "42.00",
    "Shipping": "4.90",
    "Taxes": "7.82",
    "Total": "46.90",
    "Created at": "2026-09-03 10:15:00 +0200",
    "Lineitem quantity": "2",
    "Lineitem name": "Thé vert Sencha 100 g",
    "Lineitem price": "12.00",
    "Lineitem sku": "TV-100",
    "Billing Name": "Marie Dupont",
    "Billing City": "Lyon",
    "Shipping Name": "Marie Dupont",
    "Shipping City": "Lyon",
    "Notes": "Laisser chez\nla gardienne",
    "Tags": "vip, fidèle",
}
SECOND = {
    "Name": "#1001",
    "Lineitem quantity": "1",
    "Lineitem name": "Théière fonte",
    "Lineitem price": "18.00",
    "Lineitem sku": "TH-1",
}


def read(path: Path) -> tuple[list[OrderRecord], list[RowProblem]]:
    found = list(detect_source(path).read(path))
    return (
        [f for f in found if isinstance(f, OrderRecord)],
        [f for f in found if isinstance(f, RowProblem)],
    )


def test_a_shopify_export_with_two_line_items(tmp_path: Path) -> None:
    orders, problems = read(shopify_file(tmp_path, [FIRST, SECOND]))
    assert problems == []
    (order,) = orders
    assert order.email == "marie.dupont@example.fr"
    assert order.total == Decimal("46.90")
    assert [(i.name, i.quantity, i.price) for i in order.items] == [
        ("Thé vert Sencha 100 g", 2, Decimal("12.00")),
        ("Théière fonte", 1, Decimal("18.00")),
    ]
    assert order.created_at is not None and order.created_at.utcoffset() is not None
    assert order.tags == ("vip", "fidèle")
    assert order.notes == "Laisser chez\nla gardienne"


def test_spreadsheet_habits_bom_semicolons_crlf_and_line_numbers(
    tmp_path: Path,
) -> None:
    bad = {**SECOND, "Lineitem quantity": "deux"}
    orphan = {"Lineitem name": "Tasse", "Lineitem quantity": "1"}
    path = shopify_file(
        tmp_path, [FIRST, bad, orphan], sep=";", bom=True, newline="\r\n"
    )
    orders, problems = read(path)
    assert [o.number for o in orders] == ["#1001"]
    assert len(orders[0].items) == 1  # the unreadable line item is left out, and said
    # The first record spans lines 2-3 (a newline inside Notes): the bad row is line 4.
    assert [(p.line, "quantity" in p.message) for p in problems] == [
        (4, True),
        (5, False),
    ]
    assert "no order number" in problems[1].message


def test_an_older_export_says_fulfillment_date(tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_text(
        "Name,Email,Fulfillment Date,Lineitem name,Lineitem quantity\n"
        "#7,a@b.example,2019-01-02 03:04:05 +0000,Mug,1\n"
    )
    (order,), _ = read(path)
    assert order.fulfilled_at is not None and order.fulfilled_at.year == 2019


def test_solidus_shopify_style_corpus(corpus: Path) -> None:
    orders, problems = read(corpus / "orders/solidus_importer/orders.csv")
    assert problems == []
    assert [o.number for o in orders] == ["#MA-1097", "#MA-1098"]
    first = orders[0]
    assert [i.sku for i in first.items] == ["a-123", "a-456"]
    assert first.shipping_address["city"] == "Waterloo"
    assert first.billing_address["name"] == "Ami Shaperi"


def test_woocommerce_corpus(corpus: Path) -> None:
    orders, problems = read(corpus / "orders/woocommerce-webtoffee/Sample_Order.csv")
    assert problems == []
    assert [o.number for o in orders] == ["#737", "#736", "#519"]
    assert orders[0].total == Decimal("135.49")
    assert orders[0].items[0].name == "Red Hat"
    assert orders[1].financial_status == "paid" and len(orders[1].items) == 3


def test_not_an_order_export_names_the_file_and_its_columns(
    corpus: Path, tmp_path: Path
) -> None:
    with pytest.raises(OrderFileError, match="subscription export"):
        detect_source(corpus / "orders/woocommerce-webtoffee/Sample_Subscription.csv")
    wrong = tmp_path / "contacts.csv"
    wrong.write_text("first,last,phone\nA,B,1\n")
    with pytest.raises(OrderFileError, match="first, last, phone"):
        detect_source(wrong)
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"PK\x03\x04\x00\x00")
    with pytest.raises(OrderFileError, match="binary"):
        detect_source(binary)


def test_sources_match_only_their_own_headers() -> None:
    assert ShopifyOrders().matches(HEADER)
    assert not WooCommerceOrders().matches(HEADER)
