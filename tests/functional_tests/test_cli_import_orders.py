"""`comptoir import orders` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from plugins.testing import InstalledPlugins
from tests.support import CliRunner


def test_corpus_exports_import_once_and_update_after(
    comptoir: CliRunner, corpus: Path
) -> None:
    files = [
        str(corpus / "orders/solidus_importer/orders.csv"),
        str(corpus / "orders/woocommerce-webtoffee/Sample_Order.csv"),
    ]
    first = comptoir("import", "orders", "--json", *files)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["new"] == 5
    again = json.loads(comptoir("import", "orders", "--json", *files).stdout)
    assert (again["new"], again["unchanged"]) == (0, 5)
    summary = comptoir("import", "orders", *files)
    assert "orders: 0 new, 0 updated, 5 unchanged" in summary.stderr
    assert summary.stdout == ""


def test_bad_files_get_one_line_each_and_the_rest_goes_in(
    comptoir: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    wrong = tmp_path / "contacts.csv"
    wrong.write_text("first,last\nA,B\n")
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    good = str(corpus / "orders/woocommerce-webtoffee/Sample_Order.csv")
    done = comptoir("import", "orders", str(wrong), str(binary), "/nowhere.csv", good)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert any(
        line.startswith(f"error: {wrong}: is not an order export") for line in lines
    )
    assert any(line.startswith(f"error: {binary}: is a binary file") for line in lines)
    assert "error: /nowhere.csv: no such file" in lines
    assert "orders: 3 new" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unknown_format_is_a_usage_error(comptoir: CliRunner, corpus: Path) -> None:
    done = comptoir(
        "import", "orders", "--format", "magento", str(corpus / "orders/x.csv")
    )
    assert done.returncode == 2
    assert "--format 'magento'" in done.stderr


PLUGIN = """
import csv
from plugins.api import OrderRecord, OrderSource


class TillOrders(OrderSource):
    name = "till"
    label = "A shop till's export"

    def matches(self, header):
        return header[:2] == ["ticket", "mail"]

    def read(self, path):
        with open(path, newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), 2):
                yield OrderRecord("till", row["ticket"], row["mail"], line=line)
"""


def test_format_takes_any_installed_order_source(
    comptoir: CliRunner,
    cli_env: dict[str, str],
    tmp_path: Path,
    installed_plugins: InstalledPlugins,
) -> None:
    installed_plugins.entry_point(
        "comptoir.orders",
        "till",
        "till_orders:TillOrders",
        modules={"till_orders.py": PLUGIN},
    )
    cli_env.update(installed_plugins.environ(cli_env))
    export = tmp_path / "till.csv"
    export.write_text("ticket,mail\nT-1,ann@example.com\nT-2,bo@example.com\n")
    done = comptoir("import", "orders", "--format", "till", "--json", str(export))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["new"] == 2
    unknown = comptoir("import", "orders", "--format", "magento", str(export))
    assert "expected one of auto, shopify, till, woocommerce" in unknown.stderr
