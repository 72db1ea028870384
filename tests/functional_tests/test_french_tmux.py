"""The real program in French (issue 15): started with `LANG=fr_FR.UTF-8` in a
real terminal, whether or not that locale is installed (gettext and Babel need
none; Python's `locale.setlocale` would refuse an uninstalled one, and nothing
calls it), and `[shop] language` over the locale."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import COMPTOIR
from tests.functional_tests.test_console_tmux import Tmux

pytestmark = pytest.mark.skipif(
    not shutil.which("tmux"), reason="tmux is not installed"
)


def _start(demo_template: Path, tmp_path: Path, lang: str, shop: str) -> Tmux:
    db = tmp_path / "inbox.db"
    shutil.copy(demo_template, db)
    config = tmp_path / "config.toml"
    config.write_text(
        f'[shop]\nname = "La Théière Bleue"\ntimezone = "Europe/Paris"\n{shop}',
        encoding="utf-8",
    )
    env = f"LANG={lang} COMPTOIR_DB={db} COMPTOIR_CONFIG={config}"
    unset = "-u LANGUAGE -u LC_ALL -u LC_MESSAGES -u COLUMNS -u LINES"
    return Tmux(f"env {unset} {env} {COMPTOIR}")


@pytest.fixture
def in_french(demo_template: Path, tmp_path: Path) -> Iterator[Tmux]:
    tmux = _start(demo_template, tmp_path, "fr_FR.UTF-8", "")
    try:
        yield tmux
    finally:
        tmux.close()


def test_lang_fr_opens_the_console_in_french(in_french: Tmux) -> None:
    in_french.wait_for("À répondre")
    screen = in_french.wait_for("Commandes (")  # the customer pane, once read
    assert "r Répondre" in screen and "c Fermer" in screen
    in_french.keys("s")
    asked = in_french.wait_for("Reporter jusqu'à")
    assert "demain 9:00 · lundi" in asked
    in_french.keys("Escape")
    in_french.wait_gone("Reporter jusqu'à")
    in_french.keys("c")
    in_french.wait_for("u annule")
    in_french.keys("q")
    in_french.wait_dead()


def test_the_config_language_wins_over_the_locale(
    demo_template: Path, tmp_path: Path
) -> None:
    tmux = _start(demo_template, tmp_path, "fr_FR.UTF-8", 'language = "en"\n')
    try:
        # The footer's keys come a moment after the queue (its first frame).
        screen = tmux.wait_for("r Reply")
        assert "Needs answer" in screen and "Répondre" not in screen
    finally:
        tmux.close()
