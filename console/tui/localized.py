"""Key descriptions in the interface's language.

Textual reads `BINDINGS` when a class is made, at import; their descriptions
are marked `N_` there and translated for each screen or widget made, so that
the footer follows a language chosen later (a config read after the import)."""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from console.i18n import _


def translate_bindings(node: DOMNode) -> None:
    """Call right after `super().__init__()`: the node's own copy is changed."""
    by_key = node._bindings.key_to_bindings
    for key, bindings in by_key.items():
        by_key[key] = [
            replace(b, description=_(b.description)) if b.description else b
            for b in bindings
        ]
