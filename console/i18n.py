"""The interface's language: English (the source strings) or French.

Chosen from the locale as gettext chooses (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`,
`LANG`: the first set wins), or from the config's `[shop] language`. The
catalogue is read on the first string translated, not on import. Strings
defined at import time are marked with `N_` and translated where they are shown,
so that a change of language reaches them. The locale need not be installed:
nothing here calls `locale.setlocale`.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "comptoir"
LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("en", "fr")  # English is the source: it has no catalogue
_ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_chosen: str | None = None
_catalogue: gettext.NullTranslations | None = None


def from_environment(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """The first language the locale names that comptoir speaks; English else.

    `fr_FR.UTF-8`, `fr_CA`, `fr:en` are French; `C`, `POSIX` and unknown
    languages are English."""
    environ = os.environ if environ is None else environ
    for name in _ENVIRONMENT:
        if value := environ.get(name, "").strip():
            for entry in value.split(":"):
                language = entry.split(".")[0].split("@")[0].split("_")[0].lower()
                if language in LANGUAGES:
                    return language
            return "en"
    return "en"


def set_language(language: str | None) -> None:
    """Use `language` ("fr", "en"), or the locale's when None or empty."""
    global _chosen, _catalogue
    _chosen = language or from_environment()
    _catalogue = None


def language() -> str:
    if _chosen is None:
        set_language(None)
    assert _chosen is not None
    return _chosen


def _translations() -> gettext.NullTranslations:
    global _catalogue
    if _catalogue is None:
        _catalogue = gettext.translation(
            DOMAIN, LOCALE_DIR, languages=[language()], fallback=True
        )
    return _catalogue


def _(message: str) -> str:
    """`message` in the interface's language."""
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for `count` (`{count}` left to format)."""
    return _translations().ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a string defined at import time; `_()` translates it where shown."""
    return message


def pgettext(context: str, message: str) -> str:
    """`message` where the same English words mean another thing elsewhere."""
    return _translations().pgettext(context, message)


def configured(path: Path) -> str | None:
    """`[shop] language` of the config file, read alone (the CLI's choice,
    made before a command reads the whole file); None when unset or unreadable,
    the command then saying what is wrong with the file."""
    import tomllib

    try:
        with path.open("rb") as file:
            shop = tomllib.load(file).get("shop", {})
    except (OSError, ValueError):
        return None
    chosen = shop.get("language") if isinstance(shop, dict) else None
    return chosen if chosen in LANGUAGES else None
