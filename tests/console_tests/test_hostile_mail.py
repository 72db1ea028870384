"""Hostile mail in the console: shapes that once froze it, generated here.

Their times are measured by benchmarks/hostile_mail.py; here, what a person
sees: the first screens of the message, and a key for the rest.
"""

from __future__ import annotations

import re
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from console.tui.quotes import FOLDED_LINES, shown, split_quoted
from plugins.email.parse import parse_email
from storage.ingest import IngestItem
from storage.threads import references_in_order
from tests.console_tests.conftest import NOW, MakeApp, open_newest, screen_text, settle

_INTRO = re.compile(r"^\s*(on .{3,200} wrote:|(from|de) ?: .+)\s*$", re.I)


def _reference_split(text: str) -> tuple[str, str]:
    """The rule as first written (quadratic), to hold the linear one to it."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        below = [x for x in lines[index + 1 :] if x.strip()]
        intro = bool(below) and (below[0].startswith(">") or len(below) >= 2)
        rest = [x for x in lines[index:] if x.strip()]
        quoted = sum(1 for x in rest if x.startswith(">"))
        if (_INTRO.match(line) and intro) or (
            line.startswith(">") and quoted >= max(1, int(len(rest) * 0.8))
        ):
            return (
                "\n".join(lines[:index]).strip("\n"),
                "\n".join(lines[index:]).strip("\n"),
            )
    return text.rstrip(), ""


_LINE = st.sampled_from(
    ["", " ", "> quoted", ">", "hello", "On Mon, Ann wrote:", "From: ann", "-- "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=30))
def test_the_linear_split_finds_what_the_first_rule_found(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert split_quoted(text) == _reference_split(text)


def test_a_quote_bomb_is_shown_in_part_with_a_key_for_the_rest() -> None:
    text = "> quoted line\n" * 16_000 + "plain line here\n" * 16_000
    folded = shown(text, whole=False)  # its first screens are all quote
    assert (folded.fresh, folded.quoted.count("\n")) == ("", FOLDED_LINES - 1)
    assert folded.hidden_lines == 32_000 - FOLDED_LINES
    whole = shown(text, whole=True)
    assert FOLDED_LINES < whole.quoted.count("\n") < 32_000
    assert whole.hidden_lines > 0


def test_a_references_header_of_120000_ids_is_trimmed_and_ordered() -> None:
    ids = " ".join(f"<{n}@bomb.example>" for n in range(120_000))
    record = parse_email(f"From: a@x.example\nReferences: {ids}\n\nHi\n".encode())
    assert len(record.references) == 200
    assert record.references[0] == "0@bomb.example"
    assert "References header of 120,000 ids" in record.defects[0]
    many = [f"{n % 1000}@x" for n in range(120_000)]  # repeats, linear anyway
    assert references_in_order([], many)[:2] == ["999@x", "998@x"]
    assert len(references_in_order([], many)) == 1000


async def test_a_10mb_body_shows_its_first_screens_and_z_shows_more(
    make_app: MakeApp,
) -> None:
    line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do.\n"
    raw = (
        "From: Mallory <mallory@example.net>\nSubject: huge\nMessage-ID: <huge@x>\n\n"
        + "first line of it\n"
        + line * 150_000
    ).encode()
    message = parse_email(raw)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        item = IngestItem(message, int((NOW - timedelta(minutes=1)).timestamp()))
        screen = await open_newest(pilot, "import", item)
        assert screen.view.detail is not None
        assert screen.view.detail.summary.subject == "huge"
        seen = screen_text(app)
        assert "first line of it" in seen
        assert "more lines not shown (z shows more" in seen
        await pilot.press("z")
        await settle(pilot)
        await pilot.press("end")
        await settle(pilot)
        assert "too long to show here" in screen_text(app)
