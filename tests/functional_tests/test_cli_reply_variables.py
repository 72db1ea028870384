"""Every template variable the README documents, rendered by `comptoir replies
show` for a real conversation and order: one test per variable."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import COMPTOIR

README = Path(__file__).resolve().parents[2] / "README.md"
VARIABLES = {
    "customer.name": "Ann Lee",
    "customer.first_name": "Ann",
    "customer.last_name": "Lee",
    "customer.email": "ann@example.com",
    "customer.order_count": "2",
    "customer.lifetime_spend": "61.50 EUR",
    "order.number": "#1042",
    "order.date": "2026-05-02",
    "order.items": "2 × Earl Grey, 1 × Teapot",  # noqa: RUF001
    "order.total": "49.00",
    "order.currency": "EUR",
    "order.financial_status": "paid",
    "order.fulfillment_status": "fulfilled",
    "order.tracking_number": "LP123FR",
    "order.tracking_url": "https://t.example/LP123FR",
    "shop.name": "La Théière Bleue",
    "shop.email": "bonjour@theiere.example",
    "agent.name": "Camille Roux",
    "agent.first_name": "Camille",
}
ORDERS = (
    "Name,Email,Financial Status,Fulfillment Status,Currency,Total,Created at,"
    "Lineitem name,Lineitem quantity,Lineitem price,Tracking Number,Tracking URL\n"
    "#1042,ann@example.com,paid,fulfilled,EUR,49.00,2026-05-02 10:00:00 +0000,"
    "Earl Grey,2,12.00,LP123FR,https://t.example/LP123FR\n"
    "#1042,,,,,,,Teapot,1,25.00,,\n"
    "#1001,ann@example.com,paid,fulfilled,EUR,12.50,2026-03-01 10:00:00 +0000,"
    "Sencha,1,12.50,,\n"
)


def test_the_readme_documents_exactly_these_variables() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Canned replies") : text.index("## Quickstart")]
    for name in VARIABLES:
        group, field = name.split(".")
        assert f"`{group}`" in section and f"`{field}`" in section, name


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each variable's text in one render of one reply, for a real customer."""
    folder = tmp_path_factory.mktemp("variables")
    env = {
        "COMPTOIR_DB": str(folder / "db.sqlite"),
        "COMPTOIR_CONFIG": str(folder / "config.toml"),
        "PATH": "/usr/bin:/bin",
    }
    Path(env["COMPTOIR_CONFIG"]).write_text(
        '[shop]\nname = "La Théière Bleue"\naddresses = ["bonjour@theiere.example"]\n'
        'agent = "Camille Roux"\n'
    )

    def run(*args: str, input: str | None = None) -> str:
        done = subprocess.run(
            [str(COMPTOIR), *args], env=env, input=input, text=True,
            capture_output=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    (folder / "m.eml").write_text(
        "From: Ann Lee <ann@example.com>\nTo: bonjour@theiere.example\n"
        "Subject: Ma commande\nMessage-ID: <a@example.com>\n\nOù est-elle ?\n"
    )
    (folder / "orders.csv").write_text(ORDERS)
    run("import", "eml", str(folder / "m.eml"))
    run("import", "orders", str(folder / "orders.csv"))
    body = "".join(f"{name}={{{{ {name} }}}}\n" for name in VARIABLES)
    run("replies", "add", "all-variables", input=body)
    shown = json.loads(
        run("replies", "show", "all-variables", "--conversation", "1", "--json")
    )
    lines = shown["rendered"].splitlines()
    return dict(line.split("=", 1) for line in lines)


@pytest.mark.parametrize("name", list(VARIABLES))
def test_each_documented_variable_renders_its_value(
    rendered: dict[str, str], name: str
) -> None:
    assert rendered[name] == VARIABLES[name]
