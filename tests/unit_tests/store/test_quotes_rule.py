"""`split_quoted` counts lines only where it must; its answer is the rule's,
written here the plain (quadratic) way, over odd texts and corpus bodies."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.email.parse import parse_email
from storage.quotes import _INTRO, split_quoted
from tests.support import every_raw_message


def _rule(text: str) -> tuple[str, str]:
    """History starts at an intro line with a `>` line or two lines of text
    below it, or at a `>` line below which 80 % of the lines of text are `>`."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        rest = [x for x in lines[index + 1 :] if x.strip()]
        if _INTRO.match(line) and rest and (rest[0].startswith(">") or len(rest) > 1):
            break
        rest = [x for x in lines[index:] if x.strip()]
        quoted = sum(x.startswith(">") for x in rest)
        if line.startswith(">") and quoted >= max(1, int(len(rest) * 0.8)):
            break
    else:
        return text.rstrip(), ""
    return "\n".join(lines[:index]).strip("\n"), "\n".join(lines[index:]).strip("\n")


_LINES = st.sampled_from(
    [
        "",
        "  ",
        "Bonjour,",
        "> quoted",
        ">",
        ">> twice",
        "Le 4 mai 2026 à 10:02, Ann <ann@example.com> a écrit :",
        "On Mon, 4 May 2026, Ann wrote:",
        "-----Original Message-----",
        "From: Ann",
        "a: b",
        "-- ",
        "x -- y",
        "Sent from my iPhone",
        "\u2028",
        "merci\x0cbeaucoup",
    ]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_LINES, max_size=14), st.sampled_from(["\n", "\r\n"]))
def test_odd_texts(lines: list[str], eol: str) -> None:
    text = eol.join(lines)
    assert split_quoted(text) == _rule(text)


def test_corpus_bodies(corpus: Path) -> None:
    for raw in every_raw_message(corpus / "email")[:400]:
        text = parse_email(raw).text
        assert split_quoted(text) == _rule(text)
