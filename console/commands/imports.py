"""`comptoir import`: mail files and order exports."""

from __future__ import annotations

import typer

from console.commands import import_mail, import_orders

app = typer.Typer(help="Import mail files and order exports.", no_args_is_help=True)
app.command("mbox")(import_mail.mbox)
app.command("maildir")(import_mail.maildir)
app.command("eml")(import_mail.eml)
app.command("orders")(import_orders.orders)
