"""The conversation's language as a short badge (`EN`), and the choice that
sets it by hand (`L`): the shop's languages, or detection again."""

from __future__ import annotations

from console.i18n import N_, _
from console.l10n import language_name

SOURCES = {
    "detected": N_("detected"),
    "customer": N_("the customer's, set before"),
    "agent": N_("set by hand"),
}
AUTO = "auto"


def badge(language: str | None) -> str:
    return language.upper() if language else ""


def described(language: str | None, source: str | None) -> str:
    """`English (detected)`, for the header and the choice's title."""
    if not language:
        return _("language not known yet")
    how = _(SOURCES[source]) if source in SOURCES else source or ""
    return f"{language_name(language)} ({how})"


def choices(languages: tuple[str, ...]) -> list[tuple[str, str]]:
    """The ChoiceModal's rows: each language by its name, then detection."""
    rows = [(code, f"{language_name(code)} ({code})") for code in languages]
    return [*rows, (AUTO, _("Detect it from the customer's words"))]
