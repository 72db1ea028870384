"""Writing in the customer's language, as a person sees it: the picker's
variants, the signature, spelling in the check before sending, files."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.reply_settings import ReplySettings, Signatures
from console.spelling import DICTIONARIES
from console.tui.app import ComptoirApp
from console.tui.attach_prompt import AttachPrompt
from console.tui.modals import ChoiceModal
from console.tui.reply_picker import ReplyPicker
from storage.connection import open_store
from storage.outbox_state import reply_attachments
from storage.replies import save_reply
from tests.console_tests.conftest import inbox, screen_text, settings_for, settle

SIGNED = ReplySettings(
    signatures=Signatures(
        {"en": "Kind regards,\n{{ agent.first_name }}", "fr": "Bien à vous,\nLéa"}
    )
)


async def _variants(db: Path) -> None:
    async with open_store(db) as store:
        await save_reply(
            store, "zz-facture", "Voici la facture.", "Facture", attach="invoice"
        )
        await save_reply(
            store, "zz-facture", "Here is the invoice, attached.", "Invoice",
            language="en", attach="invoice",
        )  # fmt: skip
        await save_reply(store, "zz-casse", "Un nouvel article part.", "Cassé")


async def _open_english(app: ComptoirApp, pilot: object) -> int:
    """The queue's first conversation in English, opened."""
    screen = inbox(pilot)  # type: ignore[arg-type]
    rows = await app.inbox.rows(screen.queue.ids)
    for step, cid in enumerate(screen.queue.ids):
        if rows[cid].language == "en":
            for _ in range(step):
                await pilot.press("j")  # type: ignore[attr-defined]
            await settle(pilot)  # type: ignore[arg-type]
            return cid
    raise AssertionError("the demo has no English conversation in its queue")


async def _reply_in_english(app: ComptoirApp, pilot: object) -> None:
    await settle(pilot)  # type: ignore[arg-type]
    await _open_english(app, pilot)
    await pilot.press("r")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


async def test_the_picker_offers_the_customers_language(demo_db: Path) -> None:
    await _variants(demo_db)
    app = ComptoirApp(settings_for(demo_db))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await _open_english(app, pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press(*"zz-")
        await settle(pilot)
        assert isinstance(app.screen, ReplyPicker)
        text = screen_text(app)
        lines = [line for line in text.splitlines() if "zz-" in line]
        assert "In English · Order" in text
        assert "zz-factureInvoice" in lines[1] and "variant" not in lines[1]
        assert "zz-casseCassé  no English variant (FR)" in lines[2]
        await pilot.press("enter")  # zz-facture, in English; it expects a file
        await settle(pilot)
        assert isinstance(app.screen, AttachPrompt)
        assert "The canned reply expects a file: invoice" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        composer = inbox(pilot).composer
        assert "Here is the invoice, attached." in composer.area.text
        assert "expected: invoice (not attached yet)" in screen_text(app)


async def test_a_new_reply_is_signed_in_the_conversations_language(
    demo_db: Path,
) -> None:
    app = ComptoirApp(settings_for(demo_db, SIGNED))
    async with app.run_test(size=(140, 40)) as pilot:
        await _reply_in_english(app, pilot)
        await pilot.press(*"Thanks!")
        composer = inbox(pilot).composer
        assert composer.area.text == "Thanks!\n\nKind regards,\nCamille\n"


async def test_the_check_lists_unknown_words_and_the_missing_file(
    demo_db: Path,
) -> None:
    if DICTIONARIES.speller("en") is None:
        pytest.skip(DICTIONARIES.why_off("en"))
    app = ComptoirApp(settings_for(demo_db, ReplySettings()))
    async with app.run_test(size=(140, 40)) as pilot:
        await _reply_in_english(app, pilot)
        await pilot.press(*"Your invoce is attached.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        text = screen_text(app)
        assert "The reply says “attached” but nothing is attached." in text
        assert "Not in the dictionary: invoce (F7 suggests)." in text
        await pilot.press("b")
        await settle(pilot)
        assert inbox(pilot).composer.is_open


async def test_files_go_with_the_reply(demo_db: Path, tmp_path: Path) -> None:
    invoice = tmp_path / "Facture n°1042 — été.pdf"
    invoice.write_bytes(b"%PDF-1.4 invoice")
    app = ComptoirApp(settings_for(demo_db))
    async with app.run_test(size=(140, 40)) as pilot:
        await _reply_in_english(app, pilot)
        await pilot.press(*"Here it is, attached.")
        await pilot.press("ctrl+o")
        await settle(pilot)
        field = app.screen.query_one("#attach-path")
        field.value = str(invoice)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert "📎 Facture n°1042 — été.pdf (16 B)" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not inbox(pilot).composer.is_open
    async with open_store(demo_db) as store:
        rows = await store.conn.execute_fetchall(
            "SELECT message_id FROM outbox ORDER BY id DESC LIMIT 1"
        )
        files = await reply_attachments(store, int(next(iter(rows))[0]))
    assert [(f.filename, f.content_type, f.data) for f in files] == [
        ("Facture n°1042 — été.pdf", "application/pdf", b"%PDF-1.4 invoice")
    ]


async def test_too_large_a_file_is_refused_plainly(
    demo_db: Path, tmp_path: Path
) -> None:
    big = tmp_path / "catalogue.pdf"
    big.write_bytes(b"x" * 3000)
    app = ComptoirApp(
        settings_for(demo_db, ReplySettings(max_attachments=2048, spelling=False))
    )
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        app.screen.query_one("#attach-path").value = str(big)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        said = " ".join(n.message for n in app._notifications)
        assert "catalogue.pdf is 2.9 KB: a reply may carry 2.0 KB in all" in said
        assert "📎" not in screen_text(app)
