"""The chat's settings and commands are documented where people look."""

from __future__ import annotations

import re

from plugins.chat.settings import OPTIONS
from tests.conftest import ROOT


def test_every_chat_option_is_in_the_configuration_docs() -> None:
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    section = text.split('### `type = "chat"`', 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `([a-z_]+)` \|", section, re.M)
    assert sorted(documented) == sorted(option.name for option in OPTIONS)


def test_the_readme_shows_the_reverse_proxy_and_the_tag() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "proxy_set_header Upgrade $http_upgrade;" in readme  # nginx, websockets
    assert "reverse_proxy 127.0.0.1:8765" in readme  # Caddy
    assert "/static/widget.js" in readme
