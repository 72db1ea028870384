"""Choosing the order source for `--format auto` from a file's header."""

from __future__ import annotations

from pathlib import Path

from plugins.api import OrderSource
from plugins.orders.csvfile import OrderFileError, column_key, read_csv
from plugins.registry import (
    ORDER_SOURCES,
    PluginBroken,
    list_plugins,
    load_order_source,
)


def detect_source(path: Path) -> OrderSource:
    """The installed order source whose export this file is."""
    header = read_csv(path).header
    for entry in list_plugins(ORDER_SOURCES):
        try:
            source = load_order_source(entry.name)()
        except PluginBroken:  # `comptoir plugins list` names it; try the others
            continue
        if source.matches(header):
            return source
    keys = {column_key(name) for name in header}
    if "subscription id" in keys:
        raise OrderFileError(
            "is a WooCommerce subscription export, not an order export; export orders instead",
            str(path),
        )
    shown = ", ".join(header[:8]) + (", ..." if len(header) > 8 else "")
    raise OrderFileError(
        "is not an order export comptoir knows (expected Shopify's or WooCommerce's "
        f"columns; this header has: {shown}); choose one with --format",
        str(path),
    )
