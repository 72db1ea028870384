"""What a reply carries besides its words: the signature (placed above quoted
history), files from disk (typed, limited, completed) and the check that a
reply announcing an attachment has one."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.attach_files import AttachmentRefused, complete_path, read_attachment
from console.reply_settings import Signatures
from console.signature import render_signature, signed
from console.tui.writing_aids import attachment_problems
from storage.reply_attachments import mentioned_attachment
from storage.reply_templates import ReplyContext

CONTEXT = ReplyContext(
    customer={"first_name": "Emily"},
    order=None,
    shop={"name": "La Théière Bleue"},
    agent={"name": "Camille Martin", "first_name": "Camille"},
)


def test_the_signature_in_the_conversations_language() -> None:
    signatures = Signatures(
        {"fr": "Bien à vous,\n{{ agent.first_name }}", "default": "{{ shop.name }}"},
        {"Camille Martin": {"en": "Kind regards,\n{{ agent.first_name }}"}},
    )
    assert render_signature(signatures, "Camille Martin", "en", CONTEXT) == (
        "Kind regards,\nCamille"
    )
    assert render_signature(signatures, "Léa", "fr", CONTEXT) == "Bien à vous,\nCamille"
    assert render_signature(signatures, "Léa", "de", CONTEXT) == "La Théière Bleue"
    assert render_signature(Signatures(), "Léa", "fr", CONTEXT) == ""


def test_signed_once_below_the_words_above_the_quote() -> None:
    assert signed("", "Camille") == "\n\nCamille\n"
    assert signed("Hello Emily,\nit ships today.\n\n", "Camille") == (
        "Hello Emily,\nit ships today.\n\nCamille\n"
    )
    quoted = "Thanks!\n\nOn Mon 4 May, Emily wrote:\n> Where is it?\n> Emily"
    assert signed(quoted, "Camille") == (
        "Thanks!\n\nCamille\n\nOn Mon 4 May, Emily wrote:\n> Where is it?\n> Emily\n"
    )
    assert signed("Hi\n\nCamille\n", "Camille") == "Hi\n\nCamille\n"
    assert signed("Hi", "") == "Hi"


def test_a_file_typed_by_its_name_within_the_limit(tmp_path: Path) -> None:
    invoice = tmp_path / "Facture n°1042 — été.pdf"
    invoice.write_bytes(b"%PDF-1.4 " + b"x" * 991)
    found = read_attachment(invoice, 0, 2000)
    assert (found.filename, found.content_type, len(found.data)) == (
        "Facture n°1042 — été.pdf",
        "application/pdf",
        1000,
    )
    odd = tmp_path / "notes.weird"
    odd.write_text("x")
    assert read_attachment(odd, 0, 10).content_type == "application/octet-stream"
    with pytest.raises(AttachmentRefused) as refused:
        read_attachment(invoice, 1500, 2000)
    assert str(refused.value) == (
        "Facture n°1042 — été.pdf is 1000 B: a reply may carry 2.0 KB in all "
        "(500 B left); raise replies.max_attachments_mb, or send a link"
    )
    with pytest.raises(AttachmentRefused, match="no such file"):
        read_attachment(tmp_path / "missing.pdf", 0, 2000)


def test_paths_are_completed_as_typed(tmp_path: Path) -> None:
    (tmp_path / "factures").mkdir()
    (tmp_path / "factures" / "F-1042.pdf").write_bytes(b"")
    (tmp_path / "facture-modele.odt").write_bytes(b"")
    (tmp_path / ".cache").mkdir()
    base = f"{tmp_path}/"
    assert complete_path(base + "fact") == [
        base + "facture-modele.odt",
        base + "factures/",
    ]
    assert complete_path(base + "factures/") == [base + "factures/F-1042.pdf"]
    assert complete_path(base) == [base + "facture-modele.odt", base + "factures/"]
    assert complete_path(base + ".c") == [base + ".cache/"]
    assert complete_path(base + "nothing/") == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Bonjour, vous trouverez ci-joint votre facture.", "ci-joint"),
        ("Voici la pièce jointe demandée.", "pièce jointe"),
        ("Please find attached your invoice.", "attached"),
        ("Die Rechnung finden Sie anbei.", "anbei"),
        ("Le adjunto la factura.", "Le adjunto"),
        ("In allegato trova la fattura.", "In allegato"),
        ("Thanks!\n\nOn Mon, Emily wrote:\n> I attached a photo\n> Emily", None),
        ("Your parcel ships today.", None),
    ],
)
def test_an_announced_attachment_is_found(text: str, words: str | None) -> None:
    assert mentioned_attachment(text) == words


def test_the_check_before_sending_warns() -> None:
    text = "Bonjour, ci-joint votre facture."
    assert attachment_problems(text, []) == [
        "The reply says “ci-joint” but nothing is attached."
    ]
    assert attachment_problems(text, ["F-1042.pdf"]) == []
    assert attachment_problems("Bonjour.", [], ["invoice"]) == [
        "The canned reply expects an attachment (invoice), and none is attached."
    ]
    assert attachment_problems("Bonjour.", ["F-1042.pdf"], ["invoice"]) == []
