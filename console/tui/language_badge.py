"""The conversation's language as a short badge (`EN`), and the choice that
sets it by hand (`L`): the shop's languages, or detection again."""

from __future__ import annotations

from storage.languages import language_name

SOURCES = {
    "detected": "detected",
    "customer": "the customer's, set before",
    "agent": "set by hand",
}
AUTO = "auto"


def badge(language: str | None) -> str:
    return language.upper() if language else ""


def described(language: str | None, source: str | None) -> str:
    """`English (detected)`, for the header and the choice's title."""
    if not language:
        return "language not known yet"
    return f"{language_name(language)} ({SOURCES.get(source or '', source or '')})"


def choices(languages: tuple[str, ...]) -> list[tuple[str, str]]:
    """The ChoiceModal's rows: each language by its name, then detection."""
    rows = [(code, f"{language_name(code)} ({code})") for code in languages]
    return [*rows, (AUTO, "Detect it from the customer's words")]
