"""One vocabulary (issue 11, point 24): the words of a conversation are the
schema's, and a duration means the same in the config, the search, a snooze
and the CLI's options."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

import pytest

from console.config import check_config
from storage.query import QueryError, parse_query
from storage.timewords import TimeWordError, future_instant
from storage.vocabulary import (
    ActorType,
    Direction,
    EventKind,
    Priority,
    Status,
    Visibility,
)
from tests.conftest import COMPTOIR, ROOT

SCHEMA = (ROOT / "tests" / "data" / "schema.sql").read_text(encoding="utf-8")


def _checked(column: str) -> set[str]:
    """Every value a CHECK (column IN (...)) of the schema allows."""
    found = re.findall(rf"CHECK \(\s*{column} IN \(([^)]*)\)", SCHEMA)
    assert found, column
    return {v for group in found for v in re.findall(r"'([a-z_]+)'", group)}


@pytest.mark.parametrize(
    ("column", "words"),
    [
        ("status", Status),
        ("priority", Priority),
        ("direction", Direction),
        ("actor_type", ActorType),
        ("author_type", ActorType),
        ("visibility", Visibility),
        ("kind", EventKind),
    ],
)
def test_the_words_are_the_schemas(column: str, words: type[StrEnum]) -> None:
    allowed = _checked(column)
    if column == "kind":  # identities have a kind too: email, chat, phone
        allowed -= {"email", "chat", "phone"}
    assert allowed == set(words)


def test_a_bare_m_is_refused_in_the_config_and_the_survey(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[shop]\nname = "x"\n\n[survey]\ndelay = "30m"\n\n'
        '[[sla.policies]]\nname = "p"\nfirst_response = "30m"\n'
        'next_response = "45min"\n',
        encoding="utf-8",
    )
    found = [(issue.line, issue.message) for issue in check_config(path)]
    assert found == [
        (
            5,
            "survey.delay: '30m' is ambiguous: write 30min for minutes or 30mo for months",
        ),
        (
            9,
            "first_response: '30m' is ambiguous: write 30min for minutes or 30mo for months",
        ),
    ]


def test_a_bare_m_is_refused_in_search_and_snooze() -> None:
    with pytest.raises(QueryError, match="after:3m: '3m' is ambiguous"):
        parse_query("colis after:3m")
    with pytest.raises(TimeWordError, match="30min for minutes"):
        future_instant("30m", datetime(2026, 5, 4, 9, tzinfo=UTC))
    assert parse_query("after:3mo").terms == (("after", "3mo"),)


def test_a_bare_m_is_refused_in_the_cli(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(COMPTOIR), "--db", str(tmp_path / "x.db"), "conversations", "list",
         "--since", "3m"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.endswith(
        "--since '3m': '3m' is ambiguous: write 3min for minutes or 3mo for months\n"
    )
