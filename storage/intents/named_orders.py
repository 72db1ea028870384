"""Order numbers a customer names: `#1042`, `commande n° 1042`, `order no. 1042`,
or a bare `1042` standing alone in a subject or a short question.

Numbers with a label come first; bare numbers are candidates the store then
confirms (a postcode, a price, a phone number or a date never looks like one
here, and an order that does not exist is never taken).
"""

from __future__ import annotations

import re

_LABELLED = re.compile(
    r"(?:#\s?|\bn[°o]\.?\s?|\bnum(?:[ée]ro|ber)\s*:?\s*|\bcommandes?\s*(?:n[°o]\.?\s*)?"
    r"|\bcde\s*|\borders?\s*(?:no\.?\s*|number\s*:?\s*|#\s*)?)(\d{3,10})\b(?![.,]\d|\s?(?:€|£|\$|%|g\b|kg|cl|ml|l\b))",
    re.IGNORECASE,
)
_BARE = re.compile(
    r"(?<![\w#°/.,:+-])(\d{3,6})(?![\w/.,:-]\d|\s?(?:€|£|\$|%|g\b|kg|cl|ml|l\b|h\b"
    r"|jours?|days?|min|ans|years?|euros?|rue|avenue|street|road|chemin|impasse))",
    re.IGNORECASE,
)
_NOT_ORDER_CONTEXT = re.compile(
    r"(?:\b(?:rue|avenue|street|road|lane|tel|tél|phone|siret|tva|vat|lot|batch|suivi"
    r"|tracking|code|cp)\s*:?\s*(?:n[°o]\.?\s*)?$)|(?:\d\s$)",
    re.IGNORECASE,
)


def named_orders(subject: str, text: str) -> tuple[list[str], int]:
    """Order number candidates, most certain first, without `#`; and how many
    of them come with a label (`#`, `commande`, `order no.`)."""
    labelled: list[str] = []
    bare: list[str] = []
    for source in (subject, text):
        labelled += [m.group(1) for m in _LABELLED.finditer(source)]
        for match in _BARE.finditer(source):
            before = source[max(0, match.start() - 20) : match.start()]
            year = len(match.group(1)) == 4 and match.group(1).startswith(("19", "20"))
            if not _NOT_ORDER_CONTEXT.search(before) and not year:
                bare.append(match.group(1))
    labelled = list(dict.fromkeys(labelled))
    return list(dict.fromkeys(labelled + bare)), len(labelled)
