"""What the conversation and context panes say is exact: why each message is
here (`w`), and how many other conversations the customer has."""

from __future__ import annotations

import re

from storage.conversation_edit import count_customer_conversations
from tests.console_tests.conftest import MakeApp, inbox, settle


async def test_w_never_calls_a_customer_reply_sent_by_the_shop(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        rows = await app.inbox.store.conn.execute_fetchall(
            "SELECT conversation_id FROM messages WHERE direction = 'in' "
            "AND thread_reason = 'our-message' ORDER BY id LIMIT 1"
        )
        conversation = int(next(iter(rows))[0])
        await pilot.press("v", "end", "enter")  # All
        await settle(pilot)
        screen = inbox(pilot)
        screen.queue.move_to(screen.queue.ids.index(conversation))
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        blocks = [str(b.render()) for b in screen.view.query("MessageBlock")]
        customer = [b for b in blocks if "why here: answers a message the shop" in b]
        assert customer and all("sent by the shop" not in b.split("\n")[1]
                                for b in customer)  # fmt: skip
        assert not any("why here: sent by the shop" in b for b in blocks)


async def test_the_other_conversations_are_counted_exactly(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(140, 48)) as pilot:
        await settle(pilot)
        detail = inbox(pilot).view.detail
        assert detail is not None
        others = await count_customer_conversations(
            app.inbox.store, detail.summary.customer_id, detail.summary.id
        )
        text = str(inbox(pilot).query_one("#customer-body").render())
        listed = re.findall(r"#(\d+) \d{1,2} \w{3} \d{4}", text)
        assert others > 5 and len(listed) == 5
        assert f"{others} other conversations, the 5 latest:" in text
