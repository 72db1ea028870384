"""Golden files: each `tests/data/email/NAME.eml` beside the record it must give.

The `.eml` files are written for this project (none is copied from the corpus).
After a deliberate change, rewrite the expectations and review the diff:

    COMPTOIR_REGOLD=1 .venv/bin/pytest tests/unit_tests/email/test_parse_golden.py
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from plugins.api import InboundMessage
from plugins.email.parse import parse_email
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "data" / "email"
CASES = sorted(GOLDEN.glob("*.eml"))


def summary(record: InboundMessage) -> dict[str, Any]:
    """The record as JSON: attachment bytes by size and digest, dates as ISO."""
    return {
        "subject": record.subject,
        "sender": None if record.sender is None else str(record.sender),
        "to": [str(a) for a in record.to],
        "cc": [str(a) for a in record.cc],
        "sent_at": None if record.sent_at is None else record.sent_at.isoformat(),
        "message_id": record.message_id,
        "in_reply_to": list(record.in_reply_to),
        "references": list(record.references),
        "top_type": record.top_type,
        "parts": list(record.parts),
        "text": record.text,
        "html": record.html is not None,
        "attachments": [
            {
                "filename": a.filename,
                "content_type": a.content_type,
                "disposition": a.disposition,
                "size": len(a.data),
                "sha256": hashlib.sha256(a.data).hexdigest()[:16],
            }
            for a in record.attachments
        ],
        "defects": list(record.defects),
    }


def test_there_are_golden_files() -> None:
    assert len(CASES) >= 3


@pytest.mark.parametrize("eml", CASES, ids=lambda p: p.stem)
def test_golden(eml: Path) -> None:
    raw = eml.read_bytes()
    record = parse_email(raw)
    got = summary(record)
    expected_file = eml.with_suffix(".json")
    if os.environ.get("COMPTOIR_REGOLD"):
        text = json.dumps(got, ensure_ascii=False, indent=2) + "\n"
        expected_file.write_text(text, encoding="utf-8")
    assert record.raw == raw
    assert got == json.loads(expected_file.read_text(encoding="utf-8"))
