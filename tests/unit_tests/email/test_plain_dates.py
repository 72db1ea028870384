"""Dates in RFC 5322's own form are read without the stdlib's parser, to the
same result: the same datetime and offset, or the same error."""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.email.dates import plain_date
from plugins.email.headers import POLICY, clean
from plugins.email.quickparse import quick_parse
from tests.support import every_raw_message


def _same_as_stdlib(text: str) -> bool:
    """Whether the quick reading agrees; whether it read `text` at all."""
    try:
        quick: datetime | type | None = plain_date(text)
    except ValueError as exc:
        quick = type(exc)
    if quick is None:
        return False
    try:
        expected: datetime | type = parsedate_to_datetime(text)
    except ValueError as exc:
        expected = type(exc)
    assert quick == expected
    if isinstance(quick, datetime) and isinstance(expected, datetime):
        assert quick.utcoffset() == expected.utcoffset()
    return True


_DAYS = st.sampled_from(["", "Mon, ", "Sun, ", "mon, ", "Mon,", "Xyz, "])
_NUMBERS = st.sampled_from(["0", "1", "05", "29", "30", "31", "32", "99", "123"])
_MONTH = st.sampled_from(["Jan", "Feb", "Dec", "jan", "Foo"])
_YEARS = st.sampled_from(["2026", "1999", "0999", "1000", "9999", "26", "20260"])
_ZONES = ("+0000", "-0000", "+0100", "-0130", "+0060", "+2359", "+2400", "-9999", "GMT")
_TAILS = ("", " (CET)", "  (CET)", " x y", "x")


@settings(max_examples=800, deadline=None)
@given(st.tuples(_DAYS, _NUMBERS, _MONTH, _YEARS, _NUMBERS, _NUMBERS, _NUMBERS))
def test_odd_dates(pieces: tuple[str, ...]) -> None:
    day, dd, month, year, hh, mm, ss = pieces
    for zone in _ZONES:
        for tail in _TAILS:
            _same_as_stdlib(f"{day}{dd} {month} {year} {hh}:{mm}:{ss} {zone}{tail}")


def test_corpus_dates(corpus: Path) -> None:
    read = 0
    for raw in every_raw_message(corpus / "email"):
        message = quick_parse(raw, POLICY)
        value = message.get("date") if message is not None else None
        if isinstance(value, str):
            read += _same_as_stdlib(clean(value))
    assert read > 300  # most real mail writes the plain form
