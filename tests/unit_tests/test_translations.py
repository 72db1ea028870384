"""The French catalogue against the code: every string the code marks for
translation (`_`, `N_`, `ngettext`, as `pybabel extract -F babel.cfg` finds
them) has a French translation, not fuzzy, with the same `{placeholders}`; and
the catalogue keeps no string the code no longer has."""

from __future__ import annotations

import ast
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


# Calls whose text a person reads: the argument must come through `_()`
# (`N_()` for Binding's description), never be a bare English literal.
_SHOWN = {
    "notify": 0, "Static": 0, "Label": 0, "Text": 0, "NoticeModal": 0,
    "AskModal": 0, "ChoiceModal": 0, "echo": 0, "fail": 0, "warn": 0,
    "leave": 0, "say": 0, "hint": 0, "heading": 0, "Binding": 2,
}  # fmt: skip
_WORDS = re.compile(r"[A-Za-z]{2,}[,.:;!?]?\s+[A-Za-z]{2,}")  # two words: a sentence


def _bare_text(node: ast.expr) -> bool:
    """A literal or f-string holding words, not passed through `_()`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(_WORDS.search(node.value + " "))
    if isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
        return bool(_WORDS.search(" ".join(map(str, parts)) + " "))
    return False


def _unmarked(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        position = _SHOWN.get(name)
        if position is not None and len(node.args) > position:
            shown = node.args[position]
        else:
            shown = None
        if shown is not None and _bare_text(shown):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        if name == "print" and any(k.arg == "file" for k in node.keywords):
            found += [
                f"{path.relative_to(ROOT)}:{node.lineno}"
                for arg in node.args[:1]
                if _bare_text(arg)
            ]
    return found


def test_what_the_console_and_the_cli_say_is_marked_for_translation() -> None:
    """The screens, the toasts and the CLI's lines: a string added in English
    alone, not through `_()`, fails here before it reaches a French desk."""
    paths = sorted((ROOT / "console").rglob("*.py"))
    unmarked = [where for path in paths for where in _unmarked(path)]
    assert unmarked == [], "wrap these in _() (docs/translating.md)"
