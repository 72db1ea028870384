"""`comptoir import orders` on exports as shops have them, through the real CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tests.support import CliRunner


def _stamp(*parts: int) -> int:
    return int(datetime(*parts, tzinfo=UTC).timestamp())  # type: ignore[misc]


def test_a_webtoffee_export_keeps_its_dates_and_refunds(
    comptoir: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "woo.csv"
    path.write_text(
        "order_id,order_number,order_date,paid_date,completed_date,status,order_total,"
        "refunded_total,order_currency,billing_email,refund_items,line_item_1\n"
        "8,8,16-05-2018 07:32:06,16-05-2018 07:33:00,18-05-2018 09:00:00,refunded,"
        "46.00,46.00,EUR,b@example.com,amount:46.00|reason:damaged|"
        "date:19-05-2018 11:00:00,name:Mug|quantity:1|total:46.00\n"
    )
    done = comptoir("import", "orders", "--json", str(path))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["problems"] == []
    rows = [
        json.loads(line) for line in comptoir("export", "jsonl").stdout.splitlines()
    ]
    (order,) = [r for r in rows if r["table"] == "orders"]
    assert (order["created_at"], order["paid_at"], order["fulfilled_at"]) == (
        _stamp(2018, 5, 16, 7, 32, 6),
        _stamp(2018, 5, 16, 7, 33),
        _stamp(2018, 5, 18, 9),
    )
    assert order["refunded_amount"] == "46.00"
    assert order["refunds"] == [
        {"amount": "46.00", "at": _stamp(2018, 5, 19, 11), "reason": "damaged"}
    ]


def test_a_shopify_style_file_without_names_is_recognised_and_warns_per_row(
    comptoir: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "other.csv"
    path.write_text(
        "Name,Email,Lineitem sku,Lineitem quantity,Lineitem price\n"
        "#1,a@example.com,TEA-100,2,10.00\n#1,,,1,3.00\n"
    )
    done = comptoir("import", "orders", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"warning: {path}:3: a line item with no name and no SKU was not read",
        "orders: 1 new, 0 updated, 0 unchanged; 1 rows skipped or partly read",
    ]
    rows = [
        json.loads(line) for line in comptoir("export", "jsonl").stdout.splitlines()
    ]
    items = [r for r in rows if r["table"] == "order_items"]
    assert [(i["name"], i["sku"], i["quantity"]) for i in items] == [
        ("TEA-100", "TEA-100", 2)
    ]
