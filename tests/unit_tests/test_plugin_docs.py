"""plugins/README.md's reference has one heading per public member, no more."""

from __future__ import annotations

import re

import plugins.api
import plugins.testing
from tests.conftest import ROOT

README = ROOT / "plugins" / "README.md"


def _reference_headings() -> list[str]:
    text = README.read_text(encoding="utf-8")
    reference = text.split("\n## Reference\n", 1)[1]
    return re.findall(r"^### `([^`]+)`$", reference, flags=re.MULTILINE)


def test_every_public_member_has_a_heading_in_the_reference() -> None:
    public = set(plugins.api.__all__) | set(plugins.testing.__all__)
    headings = _reference_headings()
    assert sorted(public - set(headings)) == [], "undocumented"
    assert sorted(set(headings) - public) == [], "documented but not public"
    assert len(headings) == len(set(headings)), "a member documented twice"


def test_every_public_member_exists() -> None:
    for module in (plugins.api, plugins.testing):
        assert [n for n in module.__all__ if not hasattr(module, n)] == []
