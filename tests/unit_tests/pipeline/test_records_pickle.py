"""Records cross the parse workers' pipe pickled by position: each comes back
equal, field for field, whatever its class."""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from datetime import UTC, datetime

from plugins.api import Address, Attachment, InboundMessage, by_position
from storage.ingest_rows import PackedRaw, pack_raw
from storage.languages import Detection


@dataclass(frozen=True, slots=True)
class _One:
    only: str

    __reduce__ = by_position


def test_records_come_back_equal() -> None:
    message = InboundMessage(
        external_id="imap:1",
        raw=b"",
        sender=Address("Ann", "ann@example.com"),
        to=(Address("", "shop@example.com"),),
        subject="Colis",
        text="Bonjour",
        html="<p>Bonjour</p>",
        sent_at=datetime(2026, 1, 5, 7, 58, tzinfo=UTC),
        references=("a@b", "c@d"),
        attachments=(Attachment("a.pdf", "application/pdf", b"%PDF", "attachment"),),
        defects=("odd",),
        parts=("text/plain", "application/pdf"),
        automatic="Auto-Submitted: auto-replied",
    )
    batch = [(message, pack_raw(b"x" * 5000), Detection("fr", 0.9)), _One("x")]
    assert pickle.loads(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL)) == batch
    assert by_position(_One("x")) == (_One, ("x",))
    assert by_position(PackedRaw("h", "identity", b"r")) == (
        PackedRaw,
        ("h", "identity", b"r"),
    )
