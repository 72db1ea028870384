"""The order pane shows what an export said about refunds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from plugins.api import Address, InboundMessage, LineItem, OrderRecord, Refund
from storage.ingest import IngestItem
from storage.orders import upsert_orders
from tests.console_tests.conftest import NOW, MakeApp, open_newest, screen_text, settle


async def test_refunds_are_shown_with_their_date_and_reason(make_app: MakeApp) -> None:
    message = InboundMessage(
        external_id="refund-question",
        raw=b"x",
        sender=Address("Rita Refund", "rita@example.com"),
        subject="Where is my money?",
        text="You said you refunded me.",
        sent_at=NOW - timedelta(minutes=1),
    )
    orders = [
        OrderRecord(
            source="woocommerce",
            number="#8",
            email="rita@example.com",
            currency="EUR",
            total=Decimal("46.00"),
            financial_status="refunded",
            created_at=datetime(2026, 5, 16, 7, 32, tzinfo=UTC),
            refunded_amount=Decimal("46.00"),
            refunds=(
                Refund(
                    Decimal("46.00"),
                    datetime(2026, 5, 17, 11, 0, tzinfo=UTC),
                    "damaged",
                ),
            ),
            items=(LineItem("Mug", 1, Decimal("46.00")),),
        ),
        OrderRecord(
            source="shopify",
            number="#9",
            email="rita@example.com",
            currency="EUR",
            total=Decimal("20.00"),
            created_at=datetime(2026, 6, 1, 7, 0, tzinfo=UTC),
            refunded_amount=Decimal("5.00"),
        ),
    ]
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        await upsert_orders(app.inbox.store, orders)
        await open_newest(pilot, "email", IngestItem(message, 0))
        seen = screen_text(app)
    assert "refunded €46.00 on 17 May 2026 (damaged)" in seen
    assert "refunded €5.00" in seen
    assert "€15.00" in seen  # spent, net of refunds: 46 - 46 + 20 - 5
