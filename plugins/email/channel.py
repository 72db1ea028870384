"""The `email` channel's declaration: its name and the options an instance takes.

Fetching over IMAP and sending over SMTP come with the email issue; imports of
mail files use the parser and readers of this package directly.
"""

from __future__ import annotations

from typing import ClassVar

from plugins.api import Channel, Option, OptionType


class EmailChannel(Channel):
    name: ClassVar[str] = "email"
    label: ClassVar[str] = "Email (IMAP and SMTP)"
    options: ClassVar[tuple[Option, ...]] = (
        Option("imap_host", OptionType.STRING, "IMAP server host name.", required=True),
        Option("imap_port", OptionType.INTEGER, "IMAP port.", default=993),
        Option("username", OptionType.STRING, "Account user name.", required=True),
        Option(
            "folders", OptionType.LIST, "Folders to read.", default=["INBOX", "Sent"]
        ),
        Option("smtp_host", OptionType.STRING, "SMTP server host name."),
        Option("smtp_port", OptionType.INTEGER, "SMTP port.", default=587),
        Option(
            "password_env",
            OptionType.STRING,
            "Environment variable holding the password.",
            secret=True,
        ),
        Option(
            "password_command",
            OptionType.STRING,
            "Command whose first output line is the password.",
            secret=True,
        ),
    )
