"""`A` saves every attachment the disk takes: a name the file system refuses
costs that file only, and the toast says which."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from plugins.api import Address, Attachment, InboundMessage
from plugins.email.attachments import safe_filename
from storage.ingest import IngestItem
from tests.console_tests.conftest import NOW, MakeApp, open_newest, settle

LONG = "é" * 150 + ".pdf"  # 150 characters of 2 bytes: 304 bytes, over 255


def test_a_long_multibyte_name_is_capped_in_bytes_keeping_its_extension() -> None:
    name = safe_filename(LONG, 1, "application/pdf")
    assert len(name.encode()) <= 200
    assert name.endswith(".pdf") and name.startswith("éé")


async def test_a_name_over_255_bytes_never_aborts_the_save(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    downloads = tmp_path / "downloads"
    monkeypatch.setattr(
        "console.tui.attachments.attachments_folder", lambda conv: downloads
    )
    # Stored as an older version kept it: capped in characters, not in bytes.
    files = [Attachment(f"file-{n}.txt", "text/plain", b"x") for n in range(20)]
    files.insert(9, Attachment(LONG, "application/pdf", b"%PDF"))
    files.append(Attachment("bad\x00name.txt", "text/plain", b"y"))
    message = InboundMessage(
        external_id="many-files",
        raw=b"x",
        sender=Address("Ann", "ann@example.com"),
        subject="many files",
        text="see attached",
        sent_at=NOW - timedelta(minutes=1),
        attachments=tuple(files),
    )
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = await open_newest(pilot, "email", IngestItem(message, 0))
        assert screen.view.detail is not None
        assert screen.view.detail.summary.subject == "many files"
        await pilot.press("A")
        await settle(pilot)
        toasts = [n.message for n in app._notifications]
    saved = sorted(p.name for p in downloads.iterdir())
    assert len(saved) == 21  # the long name shortened; only the NUL one refused
    assert any(name.endswith(".pdf") and len(name.encode()) <= 255 for name in saved)
    assert toasts[-1].startswith(f"Saved 21 files in {downloads}")
    assert "Not saved: bad" in toasts[-1]
