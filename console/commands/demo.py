"""comptoir demo: placeholder."""

from __future__ import annotations


def demo() -> None:
    """Build and open the demo inbox."""
