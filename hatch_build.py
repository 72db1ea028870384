"""Compiles the gettext catalogues (console/locale/*/LC_MESSAGES/*.po) into the
.mo files gettext reads, at build time: for a wheel and for `pip install -e .`
alike. The .mo files are not committed (.gitignore); tests call `compile_all`
to catch up after a .po is edited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALE = Path("console") / "locale"


def compile_catalogue(po: Path, mo: Path) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalogue = read_po(source)
    with mo.open("wb") as target:
        write_mo(target, catalogue)  # fuzzy entries left out, as msgfmt does


def compile_all(root: Path) -> list[Path]:
    """Every catalogue under `root`, compiled where its .mo is missing or older."""
    compiled = []
    for po in sorted((root / LOCALE).glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            compile_catalogue(po, mo)
        compiled.append(mo)
    return compiled


class CatalogueBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "catalogues"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":  # an sdist carries the .po files only
            return
        root = Path(self.root)
        for mo in compile_all(root):
            # Ignored by git, so named to be packed into the wheel.
            build_data["force_include"][str(mo)] = str(mo.relative_to(root))
