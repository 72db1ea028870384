"""benchmarks/generate_mail.py: deterministic, valid MIME, a realistic mix."""

from __future__ import annotations

import email
import email.policy
import importlib.util
import mailbox
import re
import sys
from collections import Counter
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "generate_mail.py"
COUNT = 300
MAILDIR_NAME = re.compile(r"^\d{10}\.M\d+P\d+Q\d+\.[\w.-]+(,S=\d+)?(:2,[A-Z]*)?$")


@pytest.fixture(scope="module")
def generator() -> Iterator[ModuleType]:
    """The script, imported from its path (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("generate_mail", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


@pytest.fixture(scope="module")
def maildir(generator: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "maildir"
    generator.generate(root, COUNT, "maildir", seed=1)
    return root


@pytest.fixture(scope="module")
def mbox(generator: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "inbox.mbox"
    generator.generate(path, COUNT, "mbox", seed=1)
    return path


@pytest.fixture(scope="module")
def messages(mbox: Path) -> list[EmailMessage]:
    """Every message, in the order it was written."""
    return [parse(raw) for raw in mbox_messages(mbox)]


def parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def mbox_messages(path: Path) -> list[bytes]:
    box = mailbox.mbox(path)
    try:
        return [box.get_bytes(key) for key in box.iterkeys()]
    finally:
        box.close()


def maildir_files(root: Path) -> dict[str, bytes]:
    return {
        f"{path.parent.name}/{path.name}": path.read_bytes()
        for sub in ("cur", "new", "tmp")
        for path in sorted((root / sub).iterdir())
    }


def defects(message: EmailMessage) -> list[str]:
    found = []
    for part in message.walk():
        found += [repr(defect) for defect in part.defects]
        for name, value in part.items():
            found += [f"{name}: {d!r}" for d in getattr(value, "defects", ())]
    return found


def text_parts(messages: list[EmailMessage]) -> Iterator[Any]:
    for message in messages:
        for part in message.walk():
            if part.get_content_maintype() == "text":
                yield part


def test_same_seed_gives_the_same_bytes(
    generator: ModuleType, maildir: Path, mbox: Path, tmp_path: Path
) -> None:
    generator.generate(tmp_path / "again", COUNT, "maildir", seed=1)
    generator.generate(tmp_path / "again.mbox", COUNT, "mbox", seed=1)

    assert maildir_files(tmp_path / "again") == maildir_files(maildir)
    assert (tmp_path / "again.mbox").read_bytes() == mbox.read_bytes()


def test_another_seed_gives_other_mail(
    generator: ModuleType, mbox: Path, tmp_path: Path
) -> None:
    generator.generate(tmp_path / "other.mbox", COUNT, "mbox", seed=2)

    assert (tmp_path / "other.mbox").read_bytes() != mbox.read_bytes()


def test_summary_counts_what_was_written(generator: ModuleType, tmp_path: Path) -> None:
    summary = generator.generate(tmp_path / "box", 120, "mbox", seed=3)

    assert summary["messages"] == 120
    assert summary["bytes"] == (tmp_path / "box").stat().st_size
    assert 0 < summary["conversations"] <= 120
    assert summary["seconds"] >= 0


def test_maildir_layout_and_names(maildir: Path) -> None:
    files = maildir_files(maildir)

    assert len(files) == COUNT
    folders = Counter(name.split("/")[0] for name in files)
    assert folders["cur"] > folders["new"] > 0
    assert folders["tmp"] == 0
    for name in files:
        folder, _, filename = name.partition("/")
        assert MAILDIR_NAME.match(filename), filename
        assert (":2," in filename) == (folder == "cur")


def test_mbox_holds_every_message_once(mbox: Path, maildir: Path) -> None:
    data = mbox.read_bytes()

    assert len(mbox_messages(mbox)) == COUNT
    assert len(re.findall(rb"^From ", data, re.MULTILINE)) == COUNT  # quoted
    mbox_ids = sorted(str(parse(raw)["Message-ID"]) for raw in mbox_messages(mbox))
    maildir_ids = sorted(
        str(parse(raw)["Message-ID"]) for raw in maildir_files(maildir).values()
    )
    assert mbox_ids == maildir_ids


def test_every_message_parses_without_defects(maildir: Path) -> None:
    for name, raw in maildir_files(maildir).items():
        message = parse(raw)
        assert defects(message) == [], name
        for part in message.walk():
            if not part.is_multipart():
                part.get_content()  # decodes: charset and transfer encoding agree


def test_replies_thread_to_earlier_messages(messages: list[EmailMessage]) -> None:
    seen: set[str] = set()
    threaded = unthreaded_replies = 0
    for message in messages:
        parent = message["In-Reply-To"]
        if parent is not None:
            assert str(parent) in seen
            assert str(parent) in str(message["References"])
            threaded += 1
        elif str(message["Subject"]).lower().startswith(("re:", "aw:")):
            unthreaded_replies += 1
        seen.add(str(message["Message-ID"]))

    assert threaded > COUNT // 3
    assert unthreaded_replies > 0  # subject-only threading is exercised too


def test_quoted_text_and_attributions(messages: list[EmailMessage]) -> None:
    bodies = [
        part.get_content()
        for part in text_parts(messages)
        if part.get_content_subtype() == "plain"
    ]

    assert any("\n> " in body for body in bodies)
    assert any(re.search(r"a écrit :|schrieb .*:|wrote:", body) for body in bodies)


def test_charsets_and_transfer_encodings_vary(messages: list[EmailMessage]) -> None:
    parts = list(text_parts(messages))
    charsets = {part.get_content_charset() for part in parts}
    encodings = {
        part.get("Content-Transfer-Encoding", "7bit").lower() for part in parts
    }

    assert {"utf-8", "iso-8859-1", "iso-8859-15", "windows-1252"} <= charsets
    assert {"7bit", "8bit", "quoted-printable", "base64"} <= encodings


def test_structures_and_attachments(messages: list[EmailMessage]) -> None:
    structures = Counter(message.get_content_type() for message in messages)
    attachments = Counter(
        part.get_content_type()
        for message in messages
        for part in message.iter_attachments()
        if part.get_filename()
    )

    assert structures["text/plain"] > structures["multipart/alternative"]
    assert structures["text/html"] > 0
    assert structures["multipart/mixed"] > 0
    assert attachments["application/pdf"] > 0
    assert attachments["image/jpeg"] > 0


def test_headers_look_real(mbox: Path, messages: list[EmailMessage]) -> None:
    raw = mbox.read_bytes()
    ids = Counter(str(message["Message-ID"]) for message in messages)

    assert re.search(rb"^Subject: =\?[\w-]+\?Q\?", raw, re.MULTILINE | re.IGNORECASE)
    assert re.search(rb"^Subject: =\?[\w-]+\?B\?", raw, re.MULTILINE | re.IGNORECASE)
    assert re.search(rb"^From: =\?", raw, re.MULTILINE)
    assert re.search(rb"^(X-Mailer|User-Agent): ", raw, re.MULTILINE)
    assert max(ids.values()) <= 2
    for message in messages:
        assert len(message.get_all("Received") or []) == 2
        assert message["Date"].datetime.utcoffset().total_seconds() in (0, 3600, 7200)
        assert message["Date"].datetime.year == 2026
