"""Every action of the console, by keyboard, with what it leaves in the store."""

from __future__ import annotations

from datetime import timedelta

from storage.connection import open_store
from storage.conversations import count_conversations, get_conversation
from storage.outbox import list_outbox
from tests.console_tests.conftest import NOW, MakeApp, inbox, settle


async def stored(app_db, conversation_id):  # type: ignore[no-untyped-def]
    async with open_store(app_db) as store:
        return await get_conversation(store, conversation_id)


async def test_the_queue_opens_on_the_nearest_deadline_first(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        ids = screen.queue.ids
        rows = await app.inbox.rows(ids)
        assert ids and all(
            row.unanswered and row.status == "open" for row in rows.values()
        )
        deadlines = screen.queue.deadlines
        dues = [deadlines[i].due for i in ids if i in deadlines]
        assert len(dues) == len(ids) and dues == sorted(dues)
        assert screen.open_id == ids[0]
        assert screen.view.detail is not None
        assert screen.view.detail.summary.id == screen.open_id


async def test_j_and_k_move_and_the_conversation_follows(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        first, second = screen.queue.ids[:2]
        await pilot.press("j")
        await settle(pilot)
        assert screen.open_id == second and screen.view.detail.summary.id == second  # type: ignore[union-attr]
        await pilot.press("k")
        await settle(pilot)
        assert screen.open_id == first
        await pilot.press("G")
        await settle(pilot)
        assert screen.open_id == screen.queue.ids[-1]


async def test_a_reply_typed_and_sent_lands_in_the_outbox(
    make_app: MakeApp, demo_db
) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        conversation = inbox(pilot).open_id
        await pilot.press("r")
        await settle(pilot)
        await pilot.press(*"Bonjour, je regarde.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not inbox(pilot).composer.is_open
    assert conversation is not None
    detail = await stored(demo_db, conversation)
    assert detail.messages[-1].direction == "out"
    assert detail.messages[-1].text == "Bonjour, je regarde."
    async with open_store(demo_db) as store:
        (entry,) = await list_outbox(store)
    assert entry.message_id == detail.messages[-1].id
    # The demo configures no channel: the app's outbox loop says so at once.
    assert entry.state == "failed"
    assert "is not in the config: add [channels." in entry.last_error


async def test_a_note_is_kept_apart_and_never_queued(
    make_app: MakeApp, demo_db
) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        conversation = inbox(pilot).open_id
        await pilot.press("n", *"client fidèle", "ctrl+s")
        await settle(pilot)
        notes = app.screen.query(".-note")
        assert any("client fidèle" in str(block.render()) for block in notes)
    detail = await stored(demo_db, conversation)
    assert (detail.messages[-1].direction, detail.events[-1].visibility) == (
        "note",
        "internal",
    )
    async with open_store(demo_db) as store:
        assert await list_outbox(store) == []


async def test_close_then_undo_reopens(make_app: MakeApp, demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        conversation = inbox(pilot).open_id
        await pilot.press("c")
        await settle(pilot)
        assert conversation not in inbox(pilot).queue.ids  # it left "Needs answer"
        assert (await stored(demo_db, conversation)).summary.status == "closed"
        await pilot.press("u")
        await settle(pilot)
        assert (await stored(demo_db, conversation)).summary.status == "open"
        assert conversation in inbox(pilot).queue.ids


async def test_pending_and_snooze_until_a_typed_time(
    make_app: MakeApp, demo_db
) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        first, second = inbox(pilot).queue.ids[:2]
        await pilot.press("p")
        await settle(pilot)
        assert inbox(pilot).open_id == second
        await pilot.press("s")
        await pilot.press(*"2h", "enter")
        await settle(pilot)
    assert (await stored(demo_db, first)).summary.status == "pending"
    snoozed = (await stored(demo_db, second)).summary
    assert snoozed.status == "snoozed" and snoozed.snoozed_until == NOW + timedelta(
        hours=2
    )


async def test_tags_priority_and_assignee(make_app: MakeApp, demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        conversation = inbox(pilot).open_id
        before = set((await stored(demo_db, conversation)).summary.tags)
        await pilot.press("t", *"vip", "enter")
        await settle(pilot)
        await pilot.press("P", "u")  # the first letter picks "Urgent"
        await settle(pilot)
        await pilot.press("a", "ctrl+u", *"Léa", "enter")
        await settle(pilot)
    summary = (await stored(demo_db, conversation)).summary
    assert set(summary.tags) == before | {"vip"}
    assert (summary.priority, summary.assignee) == ("urgent", "Léa")


async def test_merge_and_split(make_app: MakeApp, demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        first, second = inbox(pilot).queue.ids[:2]
        moved = (await stored(demo_db, first)).summary.message_count
        kept = (await stored(demo_db, second)).summary.message_count
        await pilot.press("m", *str(second), "enter")
        await settle(pilot)
        merged = await stored(demo_db, second)
        assert merged.summary.message_count == moved + kept
        assert first not in inbox(pilot).queue.ids
        inbox(pilot).queue.move_to(inbox(pilot).queue.ids.index(second))
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
    assert (await stored(demo_db, second)).summary.message_count == moved + kept - 1
    assert [e.kind for e in (await stored(demo_db, second)).events].count("split") == 1


async def test_search_with_prefixes_and_views_with_counts(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        await pilot.press("slash", "ctrl+u", *"from:harry status:closed", "enter")
        await settle(pilot)
        assert screen.bar.name_shown == "Search" and screen.queue.ids
        rows = await app.inbox.rows(screen.queue.ids)
        assert all(
            r.status == "closed" and "Harry" in r.customer for r in rows.values()
        )
        await pilot.press("v")
        await settle(pilot)
        options = app.screen.query_one("OptionList")
        labels = [
            str(options.get_option_at_index(i).prompt)
            for i in range(options.option_count)
        ]  # type: ignore[attr-defined]
        async with open_store(app.inbox.settings.db_path) as store:
            closed = (await count_conversations(store))["closed"]
        (label,) = [label for label in labels if "Closed" in label]
        assert label.split()[0] == str(closed)
        await pilot.press("end", "enter")  # "All"
        await settle(pilot)
        assert screen.bar.name_shown == "All"


async def test_a_failed_action_is_a_toast_and_the_app_goes_on(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m", *"99999", "enter")
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert any("no conversation 99999" in m for m in messages)
        assert app.is_running
        await pilot.press("j")
        await settle(pilot)
        assert inbox(pilot).open_id == inbox(pilot).queue.ids[1]
