"""comptoir: the Textual app and the typer CLI."""
