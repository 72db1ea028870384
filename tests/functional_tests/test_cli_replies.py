"""`comptoir replies`: the shop's canned replies from a shell."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.support import CliRunner


def test_add_list_show_and_render_for_a_conversation(
    comptoir: CliRunner,
    cli_env: dict[str, str],
    demo_template: Path,
) -> None:
    shutil.copy(demo_template, cli_env["COMPTOIR_DB"])
    template = (
        'Bonjour {{ customer.first_name or "à vous" }}, commande {{ order.number }}.\n'
    )
    done = comptoir(
        "replies",
        "add",
        "test-suivi",
        "--title",
        "Suivi",
        "--tag",
        "livraison",
        input=template,
    )
    assert done.returncode == 0, done.stderr
    listed = json.loads(comptoir("replies", "list", "--json").stdout)
    assert {
        "name": "test-suivi",
        "language": "",
        "title": "Suivi",
        "tags": ["livraison"],
        "attach": "",
        "body": template,
    } in listed
    assert comptoir("replies", "show", "test-suivi").stdout == template
    first = json.loads(
        comptoir("conversations", "list", "--json", "--limit", "1").stdout
    )
    shown = json.loads(
        comptoir(
            "replies",
            "show",
            "test-suivi",
            "--conversation",
            str(first["id"]),
            "--json",
        ).stdout
    )
    assert shown["rendered"].startswith("Bonjour ") and "{{" not in shown["rendered"]
    missing = comptoir("replies", "show", "nope")
    assert missing.returncode == 1 and "no canned reply named 'nope'" in missing.stderr


def test_export_then_import_round_trips_and_bad_files_are_named(
    comptoir: CliRunner,
    cli_env: dict[str, str],
    demo_template: Path,
    tmp_path: Path,
) -> None:
    shutil.copy(demo_template, cli_env["COMPTOIR_DB"])
    out = tmp_path / "replies"
    assert comptoir("replies", "export", str(out)).returncode == 0
    before = comptoir("replies", "list", "--json").stdout
    assert (
        (out / "tracking.md")
        .read_text(encoding="utf-8")
        .startswith("---\ntitle: Where is my order\n")
    )
    (out / "broken.md").write_text(
        "---\ntitle: x\nauthor: Léa\n---\nbody\n", encoding="utf-8"
    )
    (out / "unclosed.md").write_text("---\ntitle: x\n", encoding="utf-8")
    (out / "new-one.md").write_text(
        "Merci {{ customer.first_name }} !\n", encoding="utf-8"
    )
    done = comptoir("replies", "import", str(out))
    assert done.returncode == 1
    assert f"{out / 'broken.md'}:3: expected `title: ...`" in done.stderr
    assert f"{out / 'unclosed.md'}:1: the front matter is not closed" in done.stderr
    after = json.loads(comptoir("replies", "list", "--json").stdout)
    assert [r for r in after if r["name"] != "new-one"] == json.loads(before)
    assert any(r["name"] == "new-one" for r in after)


def test_edit_goes_through_the_editor(
    comptoir: CliRunner, cli_env: dict[str, str], tmp_path: Path
) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text(
        "#!/bin/sh\nprintf -- '---\\ntitle: Merci\\ntags: [fin]\\n---\\nMerci {{ customer.first_name }} !\\n' > \"$1\"\n"
    )
    editor.chmod(0o755)
    cli_env["EDITOR"] = str(editor)
    cli_env.pop("VISUAL", None)
    assert comptoir("replies", "edit", "merci").returncode == 0
    (reply,) = json.loads(comptoir("replies", "list", "--json").stdout)
    assert reply == {
        "name": "merci",
        "language": "",
        "title": "Merci",
        "tags": ["fin"],
        "attach": "",
        "body": "Merci {{ customer.first_name }} !\n",
    }
    cli_env["EDITOR"] = "true"  # saves nothing new
    done = comptoir("replies", "edit", "merci")
    assert done.returncode == 0 and "unchanged" in done.stderr
