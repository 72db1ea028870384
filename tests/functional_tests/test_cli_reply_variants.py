"""Canned replies in several languages through the real CLI: NAME.LANG.md files,
the variants listed, shown by language and for a conversation."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

from tests.support import CliRunner


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "replies"
    folder.mkdir()
    (folder / "facture.md").write_text(
        "---\ntitle: Votre facture\ntags: [compta]\nattach: invoice\n---\n"
        "Bonjour {{ customer.first_name }}, voici votre facture.\n",
        encoding="utf-8",
    )
    (folder / "facture.en.md").write_text(
        "---\ntitle: Your invoice\ntags: [compta]\nattach: invoice\n---\n"
        "Hello {{ customer.first_name }}, here is your invoice.\n",
        encoding="utf-8",
    )
    (folder / "suivi.fr.md").write_text("Votre colis arrive.\n", encoding="utf-8")
    return folder


def _english_conversation(comptoir: CliRunner, tmp_path: Path) -> None:
    msg = EmailMessage()
    msg["From"] = "Emily Carter <emily@example.com>"
    msg["To"] = "bonjour@shop.example"
    msg["Subject"] = "Invoice"
    msg["Message-ID"] = "<invoice@example.com>"
    msg.set_content("Hello, could you send me the invoice for my last order?")
    path = tmp_path / "emily.eml"
    path.write_bytes(bytes(msg))
    assert comptoir("import", "eml", "-q", str(path)).returncode == 0


def test_variants_imported_listed_and_shown(
    comptoir: CliRunner, tmp_path: Path
) -> None:
    done = comptoir("replies", "import", str(_folder(tmp_path)))
    assert done.returncode == 0, done.stderr
    listed = comptoir("replies", "list").stdout.splitlines()
    assert len(listed) == 2
    assert listed[0].split()[:4] == ["facture", "fr", "en", "Votre"]
    assert listed[1].split()[:2] == ["suivi", "fr"]
    variants = json.loads(comptoir("replies", "list", "--json").stdout)
    assert [(v["name"], v["language"], v["attach"]) for v in variants] == [
        ("facture", "", "invoice"),
        ("facture", "en", "invoice"),
        ("suivi", "fr", ""),
    ]
    english = comptoir("replies", "show", "facture", "--lang", "en")
    assert english.stdout == "Hello {{ customer.first_name }}, here is your invoice.\n"
    french = comptoir("replies", "show", "facture", "--lang", "fr")
    assert french.stdout.startswith("Bonjour")
    missing = comptoir("replies", "show", "suivi", "--lang", "de")
    assert missing.returncode == 1
    assert "'suivi' has no German variant (it has: fr)" in missing.stderr


def test_a_conversation_gets_its_language_or_is_told(
    comptoir: CliRunner, tmp_path: Path
) -> None:
    assert comptoir("replies", "import", str(_folder(tmp_path))).returncode == 0
    _english_conversation(comptoir, tmp_path)
    shown = comptoir("replies", "show", "facture", "--conversation", "1")
    assert shown.stdout == "Hello Emily, here is your invoice.\n"
    fallback = comptoir("replies", "show", "suivi", "--conversation", "1")
    assert fallback.stdout == "Votre colis arrive.\n"
    assert "suivi has no English variant: French shown" in fallback.stderr


def test_export_writes_a_file_per_variant(comptoir: CliRunner, tmp_path: Path) -> None:
    assert comptoir("replies", "import", str(_folder(tmp_path))).returncode == 0
    out = tmp_path / "out"
    assert comptoir("replies", "export", str(out)).returncode == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "facture.en.md",
        "facture.md",
        "suivi.fr.md",
    ]
    assert "language: en\nattach: invoice\n---\n" in (out / "facture.en.md").read_text()
    before = comptoir("replies", "list", "--json").stdout
    assert comptoir("replies", "import", str(out)).returncode == 0
    assert comptoir("replies", "list", "--json").stdout == before


def test_a_file_name_and_front_matter_that_disagree(
    comptoir: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "merci.de.md").write_text("---\nlanguage: it\n---\nGrazie\n")
    done = comptoir("replies", "import", str(folder))
    assert done.returncode == 1
    assert f"{folder / 'merci.de.md'}:2: the file name says de" in done.stderr
