"""comptoir search: placeholder."""

from __future__ import annotations


def search() -> None:
    """Search messages."""
