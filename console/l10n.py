"""Dates, times and amounts as the interface's language writes them, by Babel:
"mar. 24 nov. 14:05" and "67,80 €" in French, "Tue 24 Nov 14:05" and
"€67.80" in English (British usage: a day before its month, a 24-hour clock).

Babel is imported on the first value formatted, not with the console."""

from __future__ import annotations

from datetime import datetime, tzinfo
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from console.i18n import language
from console.text import printable

if TYPE_CHECKING:
    from babel import Locale

_LOCALES = {"fr": "fr_FR", "en": "en_GB"}
MOMENT = "EEE d MMM HH:mm"  # mar. 24 nov. 14:05
MOMENT_IN_YEAR = "EEE d MMM y HH:mm"
DAY = "d MMM y"  # 24 nov. 2026


@cache
def _locale(code: str) -> Locale:
    from babel import Locale

    return Locale.parse(code)


def _current() -> Locale:
    return _locale(_LOCALES.get(language(), "en_GB"))


def moment(value: datetime, zone: tzinfo | None = None, pattern: str = MOMENT) -> str:
    """A date and time in the shop's zone (or `value`'s own when None)."""
    from babel.dates import format_datetime

    local = value.astimezone(zone) if zone is not None else value
    return format_datetime(local, pattern, tzinfo=local.tzinfo, locale=_current())


def day(value: datetime, zone: tzinfo | None = None) -> str:
    return moment(value, zone, DAY)


def amount(value: Decimal | float, currency: str) -> str:
    """An amount with its currency; a code Babel does not know is written as is
    (made printable: it comes from an order export)."""
    from babel.numbers import format_currency, format_decimal

    code = printable(currency.strip().upper())
    if not code:
        return format_decimal(value, "#,##0.00", locale=_current())
    return format_currency(value, code, locale=_current())


def language_name(code: str) -> str:
    """`English`, `Anglais`: a language by its name in the interface's."""
    name = _current().languages.get(code)
    return name[:1].upper() + name[1:] if name else code


def number(value: int) -> str:
    """`1,234` in English, `1 234` in French."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_current())


def percent(fraction: float) -> str:
    """`93%` in English, `93 %` in French."""
    from babel.numbers import format_percent

    return format_percent(fraction, locale=_current())


def language_in_sentence(code: str) -> str:
    """The name as a sentence says it: `English`, but `anglais` in French."""
    return _current().languages.get(code) or code


def weekday_names() -> list[str]:
    """Monday to Sunday, abbreviated: `Mon`, or `lun.` in French."""
    names = _current().days["format"]["abbreviated"]
    return [names[day] for day in range(7)]
