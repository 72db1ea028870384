"""`comptoir import` and `export` on real-world mail, through the real CLI."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import COMPTOIR
from tests.support import (
    CliRunner,
    every_raw_message,
    maildirs,
    mbox_files,
    single_messages,
)


def _import_corpus(comptoir: CliRunner, email: Path) -> list[dict[str, object]]:
    summaries = []
    runs = [
        ("eml", [str(p) for p in single_messages(email)]),
        ("mbox", [str(p) for p in mbox_files(email)]),
        ("maildir", [str(p) for p in maildirs(email)]),
    ]
    for kind, paths in runs:
        done = comptoir("import", kind, "--json", *paths)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        summaries.append(json.loads(done.stdout))
    return summaries


def test_every_corpus_message_imports_and_exports_byte_for_byte(
    comptoir: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    email = corpus / "email"
    first = _import_corpus(comptoir, email)
    raws = every_raw_message(email)
    distinct = {hashlib.sha256(raw).hexdigest() for raw in raws}
    assert sum(int(s["new"]) for s in first) == len(distinct)  # type: ignore[call-overload]
    assert sum(int(s["partial"]) for s in first) > 0  # type: ignore[call-overload]

    again = _import_corpus(comptoir, email)
    assert sum(int(s["new"]) for s in again) == 0  # type: ignore[call-overload]

    out = tmp_path / "export"
    assert comptoir("export", "eml", str(out)).returncode == 0
    exported = {hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()}
    assert exported == distinct


def test_json_lines_export_holds_every_message(
    comptoir: CliRunner, corpus: Path
) -> None:
    mbox = corpus / "email" / "mime4j" / "mbox" / "mbox.rlug"
    assert comptoir("import", "mbox", "-q", str(mbox)).returncode == 0
    done = comptoir("export", "jsonl")
    records = [json.loads(line) for line in done.stdout.splitlines()]
    messages = [r for r in records if r["table"] == "messages"]
    assert len(messages) == 5
    assert all(isinstance(m["recipients"], list) for m in messages)


def test_mbox_export_reimports_to_the_same_messages(
    comptoir: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    mbox = corpus / "email" / "mimekit" / "mbox" / "issue1189.mbox.txt"
    comptoir("import", "mbox", "-q", str(mbox))
    target = tmp_path / "out.mbox"
    assert comptoir("export", "mbox", str(target)).returncode == 0
    listed = json.loads(
        comptoir("conversations", "list", "--json").stdout.splitlines()[0]
    )
    assert listed["subject"].startswith("Message")
    assert target.read_bytes().count(b"\nFrom ") + 1 == 4


def test_search_and_show_through_the_cli(comptoir: CliRunner, corpus: Path) -> None:
    comptoir("import", "maildir", "-q", str(corpus / "email/notmuch/corpora/default"))
    hits = [
        json.loads(line)
        for line in comptoir("search", "--json", "notmuch").stdout.splitlines()
    ]
    assert hits, "notmuch's own list mail mentions notmuch"
    times = [h["sent_at"] for h in hits]
    assert times == sorted(times, reverse=True)
    shown = comptoir("conversations", "show", str(hits[0]["conversation_id"]))
    assert shown.returncode == 0
    assert "threaded: " in shown.stdout
    for hostile in ['"', "NOT", "OR (", "*", "a:b"]:
        assert comptoir("search", hostile).returncode == 0


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (
            ["import", "eml", "/nonexistent/mail.eml"],
            "/nonexistent/mail.eml: no such file",
        ),
        (["import", "mbox", "/nonexistent/*.mbox"], "no file matches"),
        (["conversations", "show", "999"], "there is no conversation 999"),
        (["conversations", "list", "--since", "yesterdayish"], "--since"),
    ],
)
def test_bad_input_gets_one_clear_line(
    comptoir: CliRunner, args: list[str], needle: str
) -> None:
    done = comptoir(*args)
    assert done.returncode in (1, 2)
    assert needle in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) <= 2
    assert done.stdout.strip() in ("", "{}")


def test_a_binary_file_is_refused_and_the_rest_imported(
    comptoir: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    good = corpus / "email/cpython/test_email_data/msg_01.txt"
    done = comptoir("import", "eml", "--json", str(binary), str(good))
    assert done.returncode == 1
    assert f"{binary}: is a JPEG picture, not an e-mail message" in done.stderr
    assert json.loads(done.stdout)["new"] == 1


def test_a_truncated_mbox_keeps_what_it_has(
    comptoir: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    whole = (corpus / "email/mime4j/mbox/mbox.rlug").read_bytes()
    cut = tmp_path / "cut.mbox"
    cut.write_bytes(whole[: len(whole) // 2])
    done = comptoir("import", "mbox", "--json", str(cut))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["new"] >= 2


def test_not_an_mbox_says_which_command_to_use(
    comptoir: CliRunner, corpus: Path
) -> None:
    single = corpus / "email/cpython/test_email_data/msg_02.txt"
    done = comptoir("import", "mbox", str(single))
    assert done.returncode == 1
    assert "is not an mbox file" in done.stderr and "import eml" in done.stderr


def test_a_read_only_database_location_is_one_line(
    comptoir: CliRunner, corpus: Path
) -> None:
    msg = corpus / "email/cpython/test_email_data/msg_01.txt"
    done = comptoir("--db", "/proc/comptoir/test.db", "import", "eml", str(msg))
    assert done.returncode == 1
    assert "/proc/comptoir/test.db" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_full_disk_is_one_line_and_keeps_what_was_stored(
    comptoir: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    small = tmp_path / "small"
    small.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(small)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        db = small / "full.db"
        done = comptoir(
            "--db",
            str(db),
            "import",
            "eml",
            *map(str, single_messages(corpus / "email")),
        )
        assert done.returncode == 1
        assert f"the disk holding {db} is full" in done.stderr
        assert "Traceback" not in done.stderr
        check = comptoir("--db", str(db), "db", "check")
        assert "problem" not in check.stderr
    finally:
        subprocess.run(["umount", "-l", str(small)], check=False)


def test_the_fast_search_path_prints_what_typer_prints(
    comptoir: CliRunner, corpus: Path, cli_env: dict[str, str]
) -> None:
    comptoir("import", "maildir", "-q", str(corpus / "email/notmuch/corpora/lkml"))
    via_typer = [sys.executable, "-c", "from console.cli import main; main()"]
    for args in (
        ["search", "the", "patch"],
        ["search", "--json", "--limit", "3", "the"],
    ):
        fast = comptoir(*args)
        slow = subprocess.run(
            [*via_typer, *args],
            capture_output=True,
            text=True,
            env=cli_env,
            check=False,
        )
        assert fast.returncode == slow.returncode == 0
        assert fast.stdout == slow.stdout != ""
    assert "Usage" in comptoir("search", "--help").stdout
    assert comptoir("search", "--limit", "0", "x").returncode == 2


def test_an_import_loads_no_pydantic(tmp_path: Path) -> None:
    """typer from 0.29 coerces every option through pydantic: 8 MB in the
    import's process, and in the parse workers forked from it."""
    mail = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (mail / sub).mkdir(parents=True)
    (mail / "cur" / "1.host:2,S").write_bytes(
        b"From: a@example.com\r\nSubject: colis\r\n\r\nbonjour\r\n"
    )
    done = subprocess.run(
        [sys.executable, "-X", "importtime", str(COMPTOIR), "--db",
         str(tmp_path / "db"), "import", "maildir", "-q", str(mail)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    loaded = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if "|" in line
    }
    assert "plugins.email.parse" in loaded or "storage.ingest" in loaded
    assert not {name for name in loaded if name.split(".")[0] == "pydantic"}
