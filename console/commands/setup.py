"""`comptoir setup`: the first run, asked question by question, written with comments.

Run again, it offers what the config says as each default and changes only
what it asks about; the rest of the file (comments, other tables) is kept.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from console.i18n import _
from console.runtime import EXIT_FAILURE, EXIT_USAGE, fail, state

if TYPE_CHECKING:
    from tomlkit.toml_document import TOMLDocument

    from console.setup_mailbox import Mailbox
    from console.setup_prompts import Asker
    from console.setup_servers import MailboxOptions
    from console.setup_shop import Shop

_Text = Annotated[str | None, typer.Option(show_default=False)]


def _read(path: Path) -> TOMLDocument:
    from tomlkit.exceptions import TOMLKitError

    from console.config_file import read_document

    try:
        return read_document(path)
    except (TOMLKitError, UnicodeDecodeError, OSError) as exc:
        fail(
            _(
                "{path}: cannot be read ({error}); `comptoir config check` explains"
            ).format(path=path, error=exc),
            EXIT_USAGE,
        )


def _email_channel(
    document: TOMLDocument, wanted: str | None
) -> tuple[str, dict[str, Any]]:
    """The channel to set up: the one named, else the first email one, else "support"."""
    channels = document.get("channels", {})
    emails = [
        n
        for n, t in channels.items()
        if isinstance(t, dict) and t.get("type") == "email"
    ]
    name = wanted or next(iter(emails), "support")
    table = channels.get(name)
    return name, (table.unwrap() if hasattr(table, "unwrap") else {})


def _mailbox(
    asker: Asker,
    document: TOMLDocument,
    shop: Shop,
    wanted: str | None,
    given: MailboxOptions,
    skip: bool,
) -> Mailbox | None:
    from console.setup_mailbox import ask_mailbox

    instance, table = _email_channel(document, wanted)
    asker.heading(_("The mailbox"))
    if table and table.get("type") not in (None, "email"):
        fail(
            _(
                "channels.{name} is not an email channel; name another with --channel"
            ).format(name=instance),
            EXIT_USAGE,
        )
    asked = given.address is not None or given.imap_host is not None
    question = (
        _("Check the mailbox {name}?").format(name=instance)
        if table
        else _("Connect a mailbox now?")
    )
    if skip or not asker.yes(
        question, default=asker.interactive or asked or bool(table)
    ):
        asker.hint(_("No mailbox for now: `comptoir setup` again connects one."))
        return None
    default = shop.addresses[0] if shop.addresses else ""
    found = ask_mailbox(asker, instance, table, default, given)
    if found is None and not asker.interactive:
        fail(
            _("nothing written: the mailbox's login check failed (see above)"),
            EXIT_FAILURE,
        )
    if found is None:
        asker.say(_("The mailbox is left out: `comptoir setup` again connects it."))
    return found


def _write(
    path: Path, document: TOMLDocument, shop: Shop, mailbox: Mailbox | None
) -> None:
    from console.config_file import (
        save_document,
        set_channel,
        set_opening_hours,
        set_shop,
    )

    addresses = list(shop.addresses)
    if mailbox and (own := mailbox.options["address"]) not in addresses:
        addresses.append(own)  # the mailbox's own address is the shop's too
    set_shop(document, shop.name, addresses, shop.timezone, shop.agent)
    set_opening_hours(document, shop.hours)
    if mailbox:
        set_channel(
            document, mailbox.instance, mailbox.options, mailbox.comments, mailbox.drop
        )
    save_document(document, path)


def setup(
    ctx: typer.Context,
    no_input: Annotated[
        bool,
        typer.Option(
            "--no-input",
            help="Ask nothing: options, else what the config says, else defaults.",
        ),
    ] = False,
    name: Annotated[str | None, typer.Option("--name", help="The shop's name.")] = None,
    address: Annotated[
        str | None,
        typer.Option("--address", help="The shop's addresses, comma-separated."),
    ] = None,
    timezone: Annotated[
        str | None, typer.Option("--timezone", help="IANA time zone.")
    ] = None,
    agent: Annotated[
        str | None, typer.Option("--agent", help="Your name, as replies are signed.")
    ] = None,
    hours: Annotated[
        str | None,
        typer.Option("--hours", help='Opening hours, like "mon-fri 9-18; sat 10-13".'),
    ] = None,
    no_mailbox: Annotated[
        bool, typer.Option("--no-mailbox", help="Leave the mailbox out.")
    ] = False,
    channel: Annotated[
        str | None,
        typer.Option(
            "--channel",
            help="The mailbox's channel name [default: its current one, else support].",
        ),
    ] = None,
    mailbox: Annotated[
        str | None, typer.Option("--mailbox", help="The mailbox's address.")
    ] = None,
    imap_host: _Text = None,
    imap_port: _Text = None,
    imap_security: _Text = None,
    smtp_host: _Text = None,
    smtp_port: _Text = None,
    smtp_security: _Text = None,
    login: Annotated[
        str | None,
        typer.Option("--login", help="The mailbox's login [default: its address]."),
    ] = None,
    password_command: Annotated[
        str | None,
        typer.Option("--password-command", help="A command that prints the password."),
    ] = None,
    password_env: Annotated[
        str | None,
        typer.Option("--password-env", help="A variable that holds the password."),
    ] = None,
) -> None:
    """Set up the shop and connect its mailbox, question by question."""
    from console.config import check_config, resolve_config_path
    from console.setup_prompts import Asker
    from console.setup_servers import MailboxOptions
    from console.setup_shop import ShopOptions, ask_shop

    if not no_input and not sys.stdin.isatty():
        fail(
            _(
                "comptoir setup asks questions: run it on a terminal, or give --no-input and the answers as options"
            ),
            EXIT_USAGE,
        )
    path = resolve_config_path(state(ctx).config_path)
    document = _read(path)
    asker = Asker(interactive=not no_input)
    asker.hint(
        (
            _("Setting up comptoir in {path}.")
            if path.exists()
            else _("Setting up comptoir in {path} (a new file).")
        ).format(path=path)
    )
    asker.hint(_("Enter keeps the value in [brackets]; ctrl+c stops, writing nothing."))
    current = document if path.exists() else {}  # not the new file's placeholders
    shop = ask_shop(asker, current, ShopOptions(name, address, timezone, agent, hours))
    given = MailboxOptions(
        mailbox, imap_host, imap_port, imap_security, smtp_host, smtp_port,
        smtp_security, login, password_command, password_env,
    )  # fmt: skip
    found = _mailbox(asker, document, shop, channel, given, no_mailbox)
    _write(path, document, shop, found)
    problems = [i.format(path) for i in check_config(path) if i.severity == "error"]
    for line in problems:
        print(line, file=sys.stderr)
    asker.hint("")
    asker.say(_("Saved {path}.").format(path=path))
    asker.say(
        _("Next: `comptoir` opens the inbox")
        + (_(", and fetches the mail as it arrives.") if found else ".")
    )
    if problems:
        raise typer.Exit(EXIT_USAGE)
