"""The mail file readers: a bad file is named and skipped, the rest goes on."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from plugins.email import mailfile
from plugins.email.mailfile import MailFileError
from plugins.email.sources import read_maildir, read_mbox


def _maildir(root: Path, count: int) -> Path:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    for n in range(count):
        (root / "cur" / f"170000000{n}.host:2,S").write_bytes(
            f"Subject: {n}\n\nbody {n}\n".encode()
        )
    return root


def test_an_unreadable_file_is_named_and_the_folder_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    box = _maildir(tmp_path / "box", 3)
    locked = box / "cur" / "1700000001.host:2,S"
    real_open = os.open

    def refusing(path: object, flags: int, *args: object) -> int:
        if str(path) == str(locked):  # root reads anything: the refusal is played
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(mailfile.os, "open", refusing)
    problems: list[MailFileError] = []
    read = [m.origin for m in read_maildir(box, problems.append)]
    assert read == [str(box / "cur" / f"170000000{n}.host:2,S") for n in (0, 2)]
    assert [(p.title, p.message) for p in problems] == [
        (str(locked), "cannot be read (permission denied); fix its permissions")
    ]


def test_a_maildir_file_is_read_without_following_a_link(tmp_path: Path) -> None:
    box = _maildir(tmp_path / "box", 1)
    (box / "new" / "1700000009.host").symlink_to("/etc/passwd")
    problems: list[MailFileError] = []
    raws = [m.raw for m in read_maildir(box, problems.append)]
    assert raws == [b"Subject: 0\n\nbody 0\n"]
    assert [p.message for p in problems] == [
        "is a symbolic link, not followed; copy the message itself here"
    ]


def test_an_oversized_mbox_message_is_skipped_in_bounded_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("plugins.email.mbox.MAX_MESSAGE_BYTES", 1000)
    mbox = tmp_path / "big.mbox"
    junk = b"x" * 300_000  # one line, longer than a piece: read in pieces
    mbox.write_bytes(
        b"From a Mon Jan  5 10:12:00 2026\nSubject: small\n\nok\n\n"
        b"From b Mon Jan  5 10:12:00 2026\nSubject: big\n\n" + junk + b"\n\n"
        b"From c Mon Jan  5 10:12:00 2026\nSubject: after\n\nstill here\n"
    )
    problems: list[MailFileError] = []
    found = list(read_mbox(mbox, problems.append))
    assert [m.raw.split(b"\n")[0] for m in found] == [
        b"Subject: small",
        b"Subject: after",
    ]
    assert [p.title for p in problems] == [f"{mbox}#1"]
    assert "more than the" in problems[0].message


def test_a_wrong_content_length_falls_back_to_from_lines(tmp_path: Path) -> None:
    mbox = tmp_path / "wrong.mbox"
    mbox.write_bytes(
        b"From a Mon Jan  5 10:12:00 2026\nContent-Length: 3\n\nhello there\n\n"
        b"From b Mon Jan  5 10:12:00 2026\nSubject: two\n\ntwo\n"
    )
    found = [m.raw for m in read_mbox(mbox)]
    assert found == [b"Content-Length: 3\n\nhello there\n\n", b"Subject: two\n\ntwo\n"]


def test_a_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mailfile, "MAX_MESSAGE_BYTES", 10)
    path = tmp_path / "big.eml"
    path.write_bytes(b"Subject: x\n\n" + b"y" * 100)
    with pytest.raises(MailFileError, match="more than the"):
        mailfile.read_regular(path)
