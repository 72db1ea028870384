"""Mail from outside, imported through the real CLI: what `conversations show`
and `export jsonl` then say. Every message is written here, byte by byte."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support import CliRunner


def _jsonl(comptoir: CliRunner, table: str) -> list[dict[str, Any]]:
    done = comptoir("export", "jsonl")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    return [row for row in rows if row["table"] == table]


def _show(comptoir: CliRunner, conversation: int) -> dict[str, Any]:
    done = comptoir("conversations", "show", str(conversation), "--json")
    assert done.returncode == 0, done.stderr
    detail: dict[str, Any] = json.loads(done.stdout)
    return detail


def _mail(n: int, **headers: str) -> bytes:
    fields = {
        "From": f"Client {n} <client{n}@example.com>",
        "Subject": f"Question {n}",
        "Message-ID": f"<q{n}@example.com>",
        "Date": "Mon, 04 May 2026 09:00:00 +0200",
        **headers,
    }
    head = "".join(f"{k}: {v}\n" for k, v in fields.items() if v)
    return f"{head}\nAbout order #{1000 + n}.\n".encode()


def test_a_folder_import_goes_on_past_every_refused_file(
    comptoir: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "1.eml").write_bytes(_mail(1))
    (folder / "2.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(200)))
    (folder / "3.eml").write_bytes(_mail(3))
    (folder / "4.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    (folder / "5.eml").write_bytes(_mail(5))
    done = comptoir("import", "eml", "--json", str(folder))
    assert done.returncode == 1
    assert json.loads(done.stdout)["new"] == 3
    errors = done.stderr.strip().splitlines()
    assert errors == [
        f"error: {folder / '2.png'}: is a PNG picture, not an e-mail message; "
        "give .eml files or a folder of them",
        f"error: {folder / '4.zip'}: is a ZIP archive, not an e-mail message; "
        "give .eml files or a folder of them",
    ]


def test_binary_transfer_encoding_is_stored_and_its_text_shown(
    comptoir: CliRunner, tmp_path: Path
) -> None:
    text = "Où est mon colis ?\r\n".encode("utf-16")
    raw = (
        b"From: Ann <ann@example.com>\r\nSubject: binaire\r\n"
        b"Content-Type: text/plain; charset=utf-16\r\n"
        b"Content-Transfer-Encoding: binary\r\n\r\n" + text
    )
    (tmp_path / "bin.eml").write_bytes(raw)
    done = comptoir("import", "eml", str(tmp_path / "bin.eml"))
    assert done.returncode == 0, done.stderr
    (message,) = _show(comptoir, 1)["messages"]
    assert message["text"] == "Où est mon colis ?"
    shown = comptoir("conversations", "show", "1").stdout
    assert "Où est mon colis ?" in shown


def test_the_customer_is_the_angle_address_and_orders_link_to_it(
    comptoir: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "bob.eml").write_bytes(
        b"From: bob@old-isp.net <bob@new-isp.org>\nSubject: t\n\nx\n"
    )
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "Name,Email,Created at,Total,Lineitem name,Lineitem quantity\n"
        "#1001,bob@new-isp.org,2026-05-01 10:00:00 +0200,12.00,Tea,1\n"
    )
    assert comptoir("import", "eml", str(tmp_path / "bob.eml")).returncode == 0
    assert comptoir("import", "orders", str(orders)).returncode == 0
    detail = _show(comptoir, 1)
    assert detail["summary"]["customer_address"] == "bob@new-isp.org"
    assert detail["summary"]["customer_name"] == "bob@old-isp.net"
    (order,) = _jsonl(comptoir, "orders")
    assert order["customer_id"] == detail["summary"]["customer_id"]


def test_a_raw_escape_in_the_from_name_keeps_the_address(
    comptoir: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "esc.eml").write_bytes(
        b"From: Jo \x1b[31mRed <jo@example.org>\nSubject: t\n\nx\n"
    )
    assert comptoir("import", "eml", str(tmp_path / "esc.eml")).returncode == 0
    summary = _show(comptoir, 1)["summary"]
    assert summary["customer_address"] == "jo@example.org"
    shown = comptoir("conversations", "show", "1").stdout
    assert "\x1b" not in shown and "<jo@example.org>" in shown


def test_a_byte_order_mark_and_malformed_header_lines_lose_no_header(
    comptoir: CliRunner, tmp_path: Path
) -> None:
    tmp_path = _folder(tmp_path)
    (tmp_path / "bom.eml").write_bytes(b"\xef\xbb\xbf" + _mail(1))
    (tmp_path / "old.eml").write_bytes(
        b"From: Ann <ann@example.com>\nX-Mailer : Old 1.0\nSubject: Colis perdu\n"
        b"lost its fold\nMessage-ID: <old@example.com>\n\nOu est-il ?\n"
    )
    assert comptoir("import", "eml", str(tmp_path)).returncode == 0
    by_subject = {m["subject"]: m for m in _jsonl(comptoir, "messages")}
    assert set(by_subject) == {"Question 1", "Colis perdu"}
    old = by_subject["Colis perdu"]
    assert (old["sender_address"], old["body_text"]) == (
        "ann@example.com",
        "Ou est-il ?",
    )
    assert old["defects"] == ["stray line in the header block skipped: 'lost its fold'"]
    shown = comptoir("conversations", "show", str(old["conversation_id"])).stdout
    assert "defect: stray line in the header block skipped" in shown


def test_an_mbox_split_by_content_length_keeps_from_lines_in_bodies(
    comptoir: CliRunner, tmp_path: Path
) -> None:
    body = b"Hello,\n\nFrom the shop I got nothing.\n"
    first = (
        b"From: a@example.com\nSubject: one\nMessage-ID: <one@x>\n"
        + f"Content-Length: {len(body)}\n\n".encode()
        + body
    )
    second = b"From: b@example.com\nSubject: two\nMessage-ID: <two@x>\n\nSecond.\n"
    mbox = tmp_path / "sysv.mbox"
    mbox.write_bytes(
        b"From a@example.com Mon Jan  5 10:12:00 2026\n" + first + b"\n"
        b"From b@example.com Mon Jan  5 10:13:00 2026\n" + second
    )
    done = comptoir("import", "mbox", "--json", str(mbox))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["new"] == 2
    texts = {m["subject"]: m["body_text"] for m in _jsonl(comptoir, "messages")}
    assert texts == {
        "one": "Hello,\n\nFrom the shop I got nothing.",
        "two": "Second.",
    }


def test_mail_without_a_sender_address_shares_no_customer(
    comptoir: CliRunner, tmp_path: Path
) -> None:
    tmp_path = _folder(tmp_path)
    (tmp_path / "1.eml").write_bytes(
        b"From: Mail Delivery System <>\nSubject: Undelivered\n\nbounce 1\n"
    )
    (tmp_path / "2.eml").write_bytes(b"From: <>\nSubject: Undelivered\n\nbounce 2\n")
    (tmp_path / "3.eml").write_bytes(b"Subject: Undelivered\n\nno From at all\n")
    assert comptoir("import", "eml", str(tmp_path)).returncode == 0
    conversations = _jsonl(comptoir, "conversations")
    assert len({c["customer_id"] for c in conversations}) == 3
    assert _jsonl(comptoir, "identities") == []
    names = sorted(c["name"] for c in _jsonl(comptoir, "customers"))
    assert names == ["", "", "Mail Delivery System"]
    shown = comptoir("conversations", "show", "1").stdout
    assert "customer: Mail Delivery System (no sender address)" in shown


def test_an_exported_mbox_imported_again_adds_nothing(
    comptoir: CliRunner, tmp_path: Path
) -> None:
    tmp_path = _folder(tmp_path)
    (tmp_path / "1.eml").write_bytes(_mail(1))
    (tmp_path / "2.eml").write_bytes(
        b"From: Ann <ann@example.com>\r\nMessage-ID: <crlf@x>\r\nSubject: s\r\n\r\n"
        b"From my phone:\r\n>From quoted\r\nbye"  # no final line break
    )
    (tmp_path / "3.eml").write_bytes(b"From: old@example.com\nSubject: no id\n\nhi\n")
    assert comptoir("import", "eml", str(tmp_path)).returncode == 0
    exported = tmp_path / "out.mbox"
    assert comptoir("export", "mbox", str(exported)).returncode == 0
    assert b"\n>From my phone" in exported.read_bytes()
    again = comptoir("import", "mbox", "--json", str(exported))
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) | {"problems": []} == {
        "new": 0,
        "present": 3,
        "partial": 0,
        "messages": 3,
        "problems": [],
    }
    assert len(_jsonl(comptoir, "messages")) == 3


@pytest.mark.parametrize("together", [False, True], ids=["later", "same-batch"])
def test_a_threads_first_message_imported_after_its_replies_joins_them(
    comptoir: CliRunner, tmp_path: Path, together: bool
) -> None:
    root = _mail(1, Subject="Commande 1001 abîmée")
    reply = _mail(
        1,
        Subject="Re: votre colis",
        **{"Message-ID": "<r1@shop.example>", "In-Reply-To": "<q1@example.com>"},
    )
    later = _mail(
        1,
        Subject="Re: Re: votre colis",
        **{
            "Message-ID": "<r2@example.com>",
            "References": "<q1@example.com> <r1@shop.example>",
        },
    )
    tmp_path = _folder(tmp_path)
    (tmp_path / "reply.eml").write_bytes(reply)
    (tmp_path / "later.eml").write_bytes(later)
    if not together:
        assert comptoir("import", "eml", str(tmp_path)).returncode == 0
    first = (tmp_path if together else tmp_path.parent) / "x-root.eml"
    first.write_bytes(root)  # read last either way
    target = tmp_path if together else first
    assert comptoir("import", "eml", str(target)).returncode == 0
    conversations = _jsonl(comptoir, "conversations")
    assert len(conversations) == 1
    detail = _show(comptoir, conversations[0]["id"])
    by_subject = {m["subject"]: m for m in detail["messages"]}
    assert by_subject["Commande 1001 abîmée"]["thread_reason"] == "answered-by"
    assert by_subject["Commande 1001 abîmée"]["thread_detail"] == "<r1@shop.example>"


def test_a_maildir_skips_links_and_fifos_and_names_each_unreadable_file(
    comptoir: CliRunner, tmp_path: Path
) -> None:
    box = tmp_path / "Maildir"
    (box / "cur").mkdir(parents=True)
    (box / "new").mkdir()
    for n in (1, 2, 3):
        (box / "cur" / f"100000000{n}.x:2,S").write_bytes(_mail(n))
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (box / "cur" / "1000000004.link:2,").symlink_to(secret)
    import os

    os.mkfifo(box / "new" / "1000000005.fifo")
    locked = box / "cur" / "1000000002.x:2,S"
    locked.chmod(0)
    done = comptoir("import", "maildir", "--json", str(box))
    summary = json.loads(done.stdout)
    problems = {p["file"]: p["error"] for p in summary["problems"]}
    assert problems[str(box / "cur" / "1000000004.link:2,")].startswith(
        "is a symbolic link, not followed"
    )
    assert problems[str(box / "new" / "1000000005.fifo")].startswith(
        "is not a regular file"
    )
    assert done.returncode == 1
    bodies = [m["body_text"] for m in _jsonl(comptoir, "messages")]
    assert not any("root:x:0" in body for body in bodies)
    if os.geteuid() == 0:  # root reads any file: the unreadable case needs a user
        assert summary["new"] == 3
    else:
        assert problems[str(locked)].startswith("cannot be read (permission denied)")
        assert summary["new"] == 2


def test_a_database_from_a_newer_comptoir_is_refused_and_left_alone(
    comptoir: CliRunner, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    import sqlite3

    assert (
        comptoir("import", "eml", "-q", str(_write(tmp_path, _mail(1)))).returncode == 0
    )
    db = Path(cli_env["COMPTOIR_DB"])
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO schema_migrations VALUES ('9001_from_the_future', 0)")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    for args in (["conversations", "list"], ["import", "eml", str(tmp_path / "m.eml")]):
        done = comptoir(*args)
        assert done.returncode == 1
        assert done.stderr.strip().splitlines() == [
            f"error: {db} was written by a newer comptoir (schema "
            "9001_from_the_future): upgrade comptoir to open it; it was left unchanged"
        ]
    assert db.read_bytes() == before


def _folder(tmp_path: Path) -> Path:
    """A folder of mail only (the test's database and config sit in tmp_path)."""
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


def _write(folder: Path, raw: bytes) -> Path:
    path = folder / "m.eml"
    path.write_bytes(raw)
    return path


def test_signatures_read_as_signed_and_tnef_objects_keep_distinct_names(
    comptoir: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    import base64

    folder = _folder(tmp_path)
    (folder / "signed.eml").write_bytes(
        b"From: a@example.com\nSubject: signed\nMessage-ID: <s@x>\n"
        b'Content-Type: multipart/signed; protocol="application/pgp-signature"; '
        b"boundary=S\n\n--S\nContent-Type: text/plain\n\nsigned text\n"
        b"--S\nContent-Type: application/pgp-signature\n\n"
        b"-----BEGIN PGP SIGNATURE-----\nxx\n-----END PGP SIGNATURE-----\n--S--\n"
    )
    tnef = (corpus / "email/mimekit/tnef/winmail.tnef").read_bytes()
    (folder / "tnef.eml").write_bytes(
        b"From: b@example.com\nSubject: outlook\nMessage-ID: <t@x>\n"
        b"Content-Type: multipart/mixed; boundary=T\n\n--T\nContent-Type: text/plain"
        b"\n\nsee attached\n--T\nContent-Type: application/ms-tnef; name=winmail.dat"
        b"\nContent-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(tnef)
        + b"--T--\n"
    )
    assert comptoir("import", "eml", str(folder)).returncode == 0
    by_subject = {c["subject"]: c["id"] for c in _jsonl(comptoir, "conversations")}
    signed = comptoir("conversations", "show", str(by_subject["signed"])).stdout
    assert "signed: PGP signature signature.asc (not verified)" in signed
    assert "attachment-" not in signed
    names = [
        a["filename"]
        for a in _show(comptoir, by_subject["outlook"])["messages"][0]["attachments"]
    ]
    assert names == ["winmail.dat", "Untitled Attachment", "Untitled Attachment (2)"]
