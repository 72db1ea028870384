"""Nothing from a customer takes over the screen: markup and control sequences
in names, subjects, bodies, file names and orders are shown as text in every pane."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from plugins.api import Address, Attachment, InboundMessage, LineItem, OrderRecord
from storage.ingest import IngestItem, ingest_messages
from storage.orders import upsert_orders
from tests.console_tests.conftest import NOW, MakeApp, inbox, screen_text, settle

MARKUP = "[bold red]PWNED[/]"
OSC52 = "\x1b]52;c;ZXZpbA==\x07"  # would write "evil" to the clipboard
CLEAR = "\x1b[2J\x1b[H"
BIDI = "\u202etxt.exe"
NAME = "[link=https://evil.example]Mallory[/link]"


def hostile_message() -> InboundMessage:
    return InboundMessage(
        external_id="hostile-1",
        raw=b"x",
        sender=Address(f"{NAME}{CLEAR}", "mallory@evil.example"),
        subject=f"{MARKUP} {OSC52}subject",
        text=f"Hello {MARKUP}\n{CLEAR}body{OSC52}\nfile {BIDI}\n[/] [/bold] [",
        sent_at=NOW - timedelta(minutes=1),
        attachments=(
            Attachment(f"[blink]invoice[/blink]{BIDI}.pdf", "application/pdf", b"%PDF"),
        ),
    )


def hostile_order() -> OrderRecord:
    return OrderRecord(
        source="shopify",
        number=f"#{MARKUP}",
        email="mallory@evil.example",
        currency="EUR",
        total=Decimal("12.50"),
        financial_status=f"paid{OSC52}",
        tracking_number=f"[red]TRACK{CLEAR}",
        tracking_url=f"https://t.example/{MARKUP}",
        items=(LineItem(name=f"Tea {MARKUP}{OSC52}", quantity=1),),
    )


async def test_customer_text_is_shown_as_text_in_every_pane(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        await ingest_messages(
            app.inbox.store, "email", [IngestItem(hostile_message(), 0)]
        )
        await upsert_orders(app.inbox.store, [hostile_order()])
        screen = inbox(pilot)
        screen.load_queue()
        await settle(pilot)
        await pilot.press("G")  # the newest wait is last: longest waiting first
        await settle(pilot)
        assert screen.view.detail is not None
        assert screen.view.detail.summary.customer_address == "mallory@evil.example"
        shown = screen_text(app)
        svg = app.export_screenshot()
    for pane_text in (
        "[bold red]PWNED[/] \\u001b]52;c;ZXZpbA==\\u0007subject",  # queue and header
        "Hello [bold red]PWNED[/]",  # body
        "\\u001b[2J\\u001b[Hbody",  # a clear-screen shown, not obeyed
        "[blink]invoice[/blink]\\u202etxt.exe.pdf",  # attachment name
        "[link=https://evil.example]Mallory[/link]",  # the sender's name
        "#[bold red]PWNED[/]",  # order number in the context pane
        "[red]TRACK",  # tracking number
        "Tea [bold red]PWNED[/]",  # line item
    ):
        assert pane_text in shown, pane_text
    assert "\x1b" not in svg and "\u202e" not in svg and "\x07" not in svg
