"""The French catalogue against the code: every string the code marks for
translation (`_`, `N_`, `ngettext`, as `pybabel extract -F babel.cfg` finds
them) has a French translation, not fuzzy, with the same `{placeholders}`; and
the catalogue keeps no string the code no longer has."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from console import i18n

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "console" / "locale" / "fr" / "LC_MESSAGES" / "comptoir.po"
_FIELD = re.compile(r"(?<!\{)\{([^{}]*)\}")


def _extracted() -> dict[tuple[str, str | None], tuple[str, set[str]]]:
    """Each marked string (a plural by its singular) and its context: where it
    is, and the `{fields}` its forms may use."""
    with (ROOT / "babel.cfg").open() as mapping:
        method_map, options_map = parse_mapping_cfg(mapping)
    found: dict[tuple[str, str | None], tuple[str, set[str]]] = {}
    for path, line, message, _, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=DEFAULT_KEYWORDS
    ):
        forms = message if isinstance(message, tuple) else (message,)
        fields = set().union(*(_fields(form) for form in forms))
        found.setdefault((forms[0], context), (f"{path}:{line}", fields))
    return found


def _catalogue() -> Catalog:
    with PO.open("rb") as source:
        return read_po(source)


def _fields(text: str) -> set[str]:
    return set(_FIELD.findall(text))


def _problem(entry: Message | None, fields: set[str]) -> str | None:
    if entry is None:
        return "not in the catalogue"
    forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
    if not all(forms):
        return "no French translation"
    if entry.fuzzy:
        return "fuzzy translation"
    plural = isinstance(entry.id, tuple)  # a French singular may leave {count} out
    if any(
        _fields(f) != fields and not (plural and _fields(f) < fields) for f in forms
    ):
        return "placeholders differ in French"
    return None


def test_every_marked_string_has_a_french_translation() -> None:
    catalogue = _catalogue()
    problems = []
    for (msgid, context), (where, fields) in sorted(
        _extracted().items(), key=lambda i: i[1]
    ):
        if problem := _problem(catalogue.get(msgid, context), fields):
            problems.append(f"{where}: {problem}: {msgid!r}")
    assert problems == [], "update the catalogue (docs/translating.md):\n" + "\n".join(
        problems
    )


def test_the_catalogue_keeps_no_string_the_code_dropped() -> None:
    marked = set(_extracted())
    ids = [
        (m.id[0] if isinstance(m.id, tuple) else m.id, m.context) for m in _catalogue()
    ]
    stale = [key for key in ids if key[0] and key not in marked]
    assert stale == [], "pybabel update drops these (docs/translating.md)"


def test_the_compiled_catalogue_is_read_in_french() -> None:
    """The .mo the build made is the one the console reads."""
    entry = next(m for m in _catalogue() if m.id and isinstance(m.id, str))
    french = gettext.translation(i18n.DOMAIN, i18n.LOCALE_DIR, languages=["fr"])
    assert french.gettext(entry.id) == entry.string


def test_the_language_follows_the_locale_as_gettext_does() -> None:
    choose = i18n.from_environment
    assert choose({"LANG": "fr_FR.UTF-8"}) == "fr"
    assert choose({"LANG": "fr_BE@euro"}) == "fr"
    assert choose({"LANG": "C.UTF-8"}) == "en"
    assert choose({"LANG": "de_DE.UTF-8"}) == "en"
    assert choose({}) == "en"
    assert choose({"LANGUAGE": "de:fr", "LANG": "en_GB.UTF-8"}) == "fr"
    assert choose({"LC_ALL": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}) == "en"
    assert choose({"LC_MESSAGES": "fr_CA.UTF-8", "LANG": "en_US"}) == "fr"
    assert choose({"LANGUAGE": "", "LANG": "fr_FR"}) == "fr"
