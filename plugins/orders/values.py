"""Cell values of order exports: amounts, quantities and times as people write them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation


class BadValue(ValueError):
    """A cell that cannot be read; its message says what was expected."""


def amount(text: str) -> Decimal | None:
    """`1,234.50`, `1.234,50`, `12,50`, `€ 12.50` → Decimal; empty → None."""
    cleaned = re.sub(r"[^\d,.\-]", "", text)
    if not cleaned:
        if text.strip():
            raise BadValue(f"{text!r} is not an amount")
        return None
    if "," in cleaned and "." in cleaned:
        thousands = "," if cleaned.rfind(",") < cleaned.rfind(".") else "."
        cleaned = cleaned.replace(thousands, "")
    cleaned = cleaned.replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise BadValue(f"{text!r} is not an amount") from None


def quantity(text: str) -> int:
    value = text.strip() or "1"
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise BadValue(f"quantity {text!r} is not a whole number") from None
    if number != number.to_integral_value() or number < 0:
        raise BadValue(f"quantity {text!r} is not a whole number")
    return int(number)


_FORMATS = (
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M %z",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
)
# `16-05-2018 07:32:06`, `6/10/2016 5:56`, `02.03.2026`: day and month in the
# order of the export's locale, which the file tells (see DateOrder).
_NUMERIC = re.compile(
    r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)
# With nothing to settle it, the usual reading of each separator: 06/10/2016
# is American (WooCommerce's default), 06.10.2016 and 06-10-2016 European.
_DAY_FIRST_BY_SEPARATOR = {"/": False, ".": True, "-": True}


def moment(text: str, day_first: bool | None = None) -> datetime | None:
    """A time in one of the usual export formats; one without a zone is taken as
    UTC. `day_first` reads `a/b/yyyy` when neither part is above 12."""
    value = text.strip()
    if not value:
        return None
    for pattern in _FORMATS:
        try:
            parsed = datetime.strptime(value, pattern)
        except ValueError:
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    numeric = _NUMERIC.fullmatch(value)
    if numeric is not None:
        return _numeric(numeric, day_first, text)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise BadValue(f"{text!r} is not a date and time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _numeric(found: re.Match[str], day_first: bool | None, text: str) -> datetime:
    first, separator, second, year = found.group(1, 2, 3, 4)
    a, b = int(first), int(second)
    if a > 12 or b > 12:
        day_first = a > 12
    elif day_first is None:
        day_first = _DAY_FIRST_BY_SEPARATOR[separator]
    day, month = (a, b) if day_first else (b, a)
    hour, minute, second_ = (int(found.group(n) or 0) for n in (5, 6, 7))
    try:
        return datetime(int(year), month, day, hour, minute, second_, tzinfo=UTC)
    except ValueError:
        raise BadValue(f"{text!r} is not a date and time") from None


@dataclass(slots=True)
class DateOrder:
    """Whether a file writes its dates day first, told by its own rows: a day
    above 12 settles it. `first_ambiguous` is where no row did (line, text)."""

    day_first: bool | None = None
    mixed: bool = False
    first_ambiguous: tuple[int, str] | None = None

    @classmethod
    def of(cls, dates: Iterable[tuple[int, str]]) -> DateOrder:
        day = month = False
        ambiguous: tuple[int, str] | None = None
        for line, text in dates:
            found = _NUMERIC.fullmatch(text.strip())
            if found is None:
                continue
            a, b = int(found.group(1)), int(found.group(3))
            day, month = day or a > 12, month or b > 12
            if a <= 12 and b <= 12 and ambiguous is None:
                ambiguous = (line, text.strip())
        settled = day != month
        return cls(
            day if settled else None, day and month, None if settled else ambiguous
        )

    def warning(self) -> str | None:
        """What to say once about a file whose rows leave the reading open."""
        if self.first_ambiguous is None:
            return None
        _, text = self.first_ambiguous
        found = _NUMERIC.fullmatch(text)
        separator = found.group(2) if found else "/"
        reading = (
            "day first (DD/MM/YYYY)"
            if _DAY_FIRST_BY_SEPARATOR[separator]
            else "month first (MM/DD/YYYY)"
        )
        why = "mixes both orders" if self.mixed else "has no day above 12"
        return (
            f"dates such as {text!r} could be day or month first and the file {why}: "
            f"read as {reading}; check the export's date format"
        )
