"""Cell values of order exports: amounts, quantities and times as people write them."""

from __future__ import annotations

import re
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
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
)


def moment(text: str) -> datetime | None:
    """A time in one of the usual export formats; one without a zone is taken as UTC."""
    value = text.strip()
    if not value:
        return None
    for pattern in _FORMATS:
        try:
            parsed = datetime.strptime(value, pattern)
        except ValueError:
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise BadValue(f"{text!r} is not a date and time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
