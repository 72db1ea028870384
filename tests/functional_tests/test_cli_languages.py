"""Each conversation's language through the real CLI: detected at import from
the customer's own words, shown, set by hand, remembered for the customer."""

from __future__ import annotations

import json
import sqlite3
from email.message import EmailMessage
from pathlib import Path

from tests.support import CliRunner


def _mail(n: int, sender: str, subject: str, body: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "bonjour@shop.example"
    msg["Subject"] = subject
    msg["Date"] = f"Mon, {n:02d} Mar 2026 10:00:00 +0100"
    msg["Message-ID"] = f"<lang{n}@example.com>"
    msg.set_content(body)
    return bytes(msg)


def _import(comptoir: CliRunner, tmp_path: Path, *mails: bytes) -> None:
    folder = tmp_path / "mail"
    folder.mkdir(exist_ok=True)
    for n, raw in enumerate(mails):
        (folder / f"{len(list(folder.iterdir()))}-{n}.eml").write_bytes(raw)
    done = comptoir("import", "eml", "-q", *map(str, sorted(folder.iterdir())))
    assert done.returncode == 0, done.stderr


def _show(comptoir: CliRunner, conversation: int) -> dict[str, object]:
    done = comptoir("conversations", "show", str(conversation), "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)["summary"]
    assert isinstance(summary, dict)
    return summary


def test_detected_shown_set_and_remembered(comptoir: CliRunner, tmp_path: Path) -> None:
    english_above_french = (
        "Hi, the parcel still hasn't arrived, could you check?\n\n"
        "Le lun. 2 mars 2026 à 10:02, La Théière Bleue a écrit :\n"
        "> Bonjour, votre colis est parti ce matin.\n"
        "> Bien cordialement, Camille\n"
    )
    _import(
        comptoir,
        tmp_path,
        _mail(1, "Ann <ann@example.com>", "Re: Votre commande", english_above_french),
        _mail(2, "Léa <lea@example.fr>", "Colis", "Bonjour, où est mon colis ?"),
    )
    assert _show(comptoir, 1)["language"] == "en"
    assert _show(comptoir, 2)["language"] == "fr"
    shown = comptoir("conversations", "show", "1")
    assert "language: en (English, detected)" in shown.stdout

    done = comptoir("conversations", "language", "2", "de")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "language: de (German, set by hand)"
    _import(
        comptoir,
        tmp_path,
        _mail(
            20,
            "Léa <lea@example.fr>",
            "Autre question",
            "Bonjour, avez-vous du thé vert ?",
        ),
    )
    assert _show(comptoir, 3)["language"] == "de"
    assert _show(comptoir, 3)["language_source"] == "customer"

    back = comptoir("conversations", "language", "2", "auto")
    assert back.stdout.strip() == "language: fr (French, detected)"
    assert _show(comptoir, 3)["language"] == "fr"


def test_a_language_the_shop_does_not_speak_is_refused(
    comptoir: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "config.toml").write_text('[shop]\nlanguages = ["fr", "en"]\n')
    _import(
        comptoir,
        tmp_path,
        _mail(1, "ann@example.com", "Hi", "Hello there, a question."),
    )
    done = comptoir("conversations", "language", "1", "it")
    assert done.returncode == 2
    assert "'it' is not one of the shop's languages (fr, en)" in done.stderr
    missing = comptoir("conversations", "language", "99", "fr")
    assert missing.returncode == 1 and "there is no conversation 99" in missing.stderr


def test_db_migrate_reads_the_languages_of_an_older_store(
    comptoir: CliRunner, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    _import(
        comptoir, tmp_path, _mail(1, "ann@example.com", "Hi", "Hello, where is it?")
    )
    db = sqlite3.connect(cli_env["COMPTOIR_DB"])
    with db:  # as a store written before languages were detected
        db.execute("UPDATE messages SET language = NULL, language_confidence = NULL")
        db.execute("UPDATE conversations SET language = NULL, language_source = NULL")
    db.close()
    assert _show(comptoir, 1)["language"] is None
    done = comptoir("db", "migrate")
    assert done.returncode == 0, done.stderr
    assert "read the language of 1 stored messages" in done.stderr
    assert _show(comptoir, 1)["language"] == "en"
    again = comptoir("db", "migrate")
    assert "the database is up to date" in again.stderr
