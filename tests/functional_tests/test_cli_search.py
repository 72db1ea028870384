"""`comptoir search` speaks the console's query language (issue 14), and `order:N`
finds the conversations that mention the order (issue 11, point 12), on the
demo inbox."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import COMPTOIR
from tests.support import CliRunner


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path, cli_env: dict[str, str]) -> Path:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_template, copy)
    cli_env["COMPTOIR_DB"] = str(copy)
    Path(cli_env["COMPTOIR_CONFIG"]).write_text('[shop]\ntimezone = "Europe/Paris"\n')
    return copy


def _hits(comptoir: CliRunner, *query: str) -> list[dict[str, object]]:
    done = comptoir("search", "--json", "--limit", "500", *query)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def _sql(db: Path, query: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(query, params).fetchall()


def test_from_finds_the_senders_messages(comptoir: CliRunner, demo: Path) -> None:
    hits = _hits(comptoir, "from:george")
    assert hits and all("george" in str(h["sender_name"]).lower() for h in hits)
    senders = _sql(
        demo, "SELECT count(*) FROM messages WHERE sender_name LIKE 'George%'"
    )
    assert len(hits) == senders[0][0]
    times = [str(h["sent_at"]) for h in hits]
    assert times == sorted(times, reverse=True)  # newest first
    plain = comptoir("search", "from:george", "--limit", "3")
    assert plain.returncode == 0 and len(plain.stdout.splitlines()) == 3
    assert comptoir("search", "from:nobody-at-all").stdout == ""


def test_an_apostrophe_is_part_of_the_word(comptoir: CliRunner, demo: Path) -> None:
    hits = _hits(comptoir, "from:o'connor")
    assert hits and all("O'Connor" in str(h["sender_name"]) for h in hits)
    assert _ids(_hits(comptoir, 'from:"o\'connor"')) == _ids(hits)
    subjects = dict(_sql(demo, "SELECT id, subject FROM conversations"))
    moved = _hits(comptoir, "subject:d'adresse")
    assert moved, "the demo has a change of address"
    assert all("d'adresse" in subjects[h["conversation_id"]] for h in moved)


def test_prefixes_and_words_combine(comptoir: CliRunner, demo: Path) -> None:
    words = _hits(comptoir, "colis")
    closed = _hits(comptoir, "status:closed", "colis")
    statuses = dict(_sql(demo, "SELECT id, status FROM conversations"))
    assert closed and len(closed) < len(words)
    assert all(statuses[h["conversation_id"]] == "closed" for h in closed)
    tagged = _hits(comptoir, "tag:livraison")
    with_tag = {
        r[0]
        for r in _sql(
            demo,
            "SELECT conversation_id FROM conversation_tags WHERE tag = 'livraison'",
        )
    }
    assert tagged and {h["conversation_id"] for h in tagged} == with_tag
    recent = _hits(comptoir, "after:2026-11-20", "colis")
    assert recent and all(str(h["sent_at"]) >= "2026-11-19T23:00:00Z" for h in recent)


def test_order_finds_the_conversations_that_mention_it(
    comptoir: CliRunner, demo: Path
) -> None:
    ((owner,),) = _sql(demo, "SELECT customer_id FROM orders WHERE number = '#1051'")
    theirs = {
        r[0]
        for r in _sql(demo, "SELECT id FROM conversations WHERE customer_id = ?", owner)
    }
    mention = {
        r[0]
        for r in _sql(
            demo,
            "SELECT DISTINCT conversation_id FROM messages "
            "WHERE subject LIKE '%1051%' OR body_text LIKE '%1051%'",
        )
    }
    assert theirs - mention  # the customer wrote about other things too
    found = {h["conversation_id"] for h in _hits(comptoir, "order:1051")}
    assert found == mention
    assert {h["conversation_id"] for h in _hits(comptoir, "order:#1051")} == mention


def test_a_wrong_prefix_is_explained(comptoir: CliRunner, demo: Path) -> None:
    done = comptoir("search", "status:lost")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "error: unknown status 'lost': use open, pending, snoozed, closed\n"
    )
    ambiguous = comptoir("search", "after:3m", "colis")
    assert ambiguous.returncode == 2 and "3min for minutes or 3mo" in ambiguous.stderr


def _ids(hits: list[dict[str, object]], key: str = "message_id") -> set[object]:
    return {h[key] for h in hits}


def test_from_and_words_find_the_senders_messages_that_say_them(
    comptoir: CliRunner, demo: Path
) -> None:
    george, invoice = _hits(comptoir, "from:george"), _hits(comptoir, "invoice")
    both = _hits(comptoir, "from:george", "invoice")
    assert both and len(both) < min(len(george), len(invoice))
    assert _ids(both) == _ids(george) & _ids(invoice)
    assert _ids(_hits(comptoir, "invoice", "from:GEORGE")) == _ids(both)
    assert _ids(_hits(comptoir, "from:george", "from:walker")) == {
        r[0]
        for r in _sql(
            demo, "SELECT id FROM messages WHERE sender_name = 'George Walker'"
        )
    }


def test_from_on_an_inbox_of_the_previous_schema(
    comptoir: CliRunner, demo: Path
) -> None:
    """An inbox written before the senders' index (0014) is migrated by the
    first search, which finds what it should."""
    from tests.unit_tests.store.test_migrations import (
        back_before_the_senders_index,
    )

    back_before_the_senders_index(demo)
    hits = _hits(comptoir, "from:george")
    ((count,),) = _sql(
        demo, "SELECT count(*) FROM messages WHERE sender_name LIKE 'George%'"
    )
    assert len(hits) == count
    assert ("0014_sender_search",) in _sql(demo, "SELECT name FROM schema_migrations")
    assert comptoir("db", "check").returncode == 0


def test_lang_intent_and_before_find_what_they_say(
    comptoir: CliRunner, demo: Path
) -> None:
    languages = dict(_sql(demo, "SELECT id, language FROM conversations"))
    colis = _hits(comptoir, "colis")
    french = _hits(comptoir, "lang:fr", "colis")
    assert french and all(languages[h["conversation_id"]] == "fr" for h in french)
    english = _hits(comptoir, "lang:en", "colis")
    assert _ids(french) | _ids(english) == _ids(colis)
    damaged = _hits(comptoir, "intent:damaged")
    assert _ids(damaged) == {
        r[0]
        for r in _sql(
            demo,
            "SELECT i.message_id FROM message_intents i JOIN messages m "
            "ON m.id = i.message_id JOIN conversations c ON c.id = m.conversation_id "
            "WHERE i.intent = 'damaged' AND c.merged_into IS NULL",
        )
    }
    assert damaged
    before = _hits(comptoir, "before:2026-11-01", "colis")
    after = _hits(comptoir, "after:2026-11-01", "colis")
    assert before and after
    assert all(str(h["sent_at"]) < "2026-10-31T23:00:00Z" for h in before)
    assert _ids(before) | _ids(after) == _ids(colis)
    assert not _ids(before) & _ids(after)


# What a search in a script's loop must not pay for (benchmarks/search_speed.py).
NOT_FOR_A_SEARCH = (
    "re",  # what an entry point's script imports first (console/__main__.py)
    "typer",
    "pydantic",
    "gettext",  # only to say what failed
    "pathlib",
    "enum",  # the vocabulary's, only for status: and priority:
    "asyncio",  # only to migrate an older inbox
    "aiosqlite",
    "typing",
    "storage.languages",  # lang: checks its code alone
)


def _loaded(*command: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules `command` imports beyond Python's own start."""

    def imported(*args: str) -> set[str]:
        done = subprocess.run(
            [sys.executable, "-X", "importtime", *args],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        lines = done.stderr.splitlines()
        return {line.rsplit("|", 1)[1].strip() for line in lines if "|" in line}

    return imported(str(COMPTOIR), *command) - imported("-c", "pass")


@pytest.mark.parametrize(
    "query", [("colis",), ("colis", "abîmé"), ("from:george",), ("lang:fr", "colis")]
)
def test_a_search_loads_only_what_it_uses(
    demo: Path, cli_env: dict[str, str], query: tuple[str, ...]
) -> None:
    loaded = _loaded("search", "--limit", "50", *query, env=cli_env)
    assert "sqlite3" in loaded and "storage.search" in loaded
    assert [name for name in NOT_FOR_A_SEARCH if name in loaded] == []
