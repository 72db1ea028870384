"""The `email` channel: IMAP in, SMTP out, loaded through its entry point.

This module stays light (no imapclient, no aiosmtplib at import time): the
config checker loads it to validate options. The work lives in `imap_sync`,
`watch` and `sender`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from plugins.api import Channel, Option, OptionType
from plugins.email.settings import EmailSettings, problems

_S, _I, _B, _L = (
    OptionType.STRING,
    OptionType.INTEGER,
    OptionType.BOOLEAN,
    OptionType.LIST,
)


class EmailChannel(Channel):
    name: ClassVar[str] = "email"
    label: ClassVar[str] = "Email (IMAP and SMTP)"
    options: ClassVar[tuple[Option, ...]] = (
        Option("imap_host", _S, "IMAP server host name.", required=True),
        Option("username", _S, "Account user name.", required=True),
        Option("imap_tls", _S, '"tls" (implicit), "starttls" or "none".', "tls"),
        Option("imap_port", _I, "IMAP port (993 for tls, 143 otherwise)."),
        Option("folders", _L, "Folders to read.", ["INBOX"]),
        Option("sent_folder", _S, 'Sent folder, read and appended to ("" = none).'),
        Option("address", _S, "The account's address (From of replies)."),
        Option("smtp_host", _S, "SMTP server host name (default: imap_host)."),
        Option("smtp_tls", _S, '"tls", "starttls" or "none".', "starttls"),
        Option("smtp_port", _I, "SMTP port (587 for starttls, 465 for tls)."),
        Option("smtp_username", _S, "SMTP user name (default: username)."),
        Option("password_env", _S, "Environment variable holding the password."),
        Option("password_command", _S, "Command printing the password.", secret=True),
        Option("smtp_password_env", _S, "Variable holding the SMTP password."),
        Option("smtp_password_command", _S, "Command printing the SMTP password."),
        Option("ca_file", _S, "Extra CA certificate to trust (PEM)."),
        Option("allow_plaintext", _B, "Allow tls = none to a loopback host.", False),
    )

    def __init__(self, instance: str, settings: dict[str, Any]) -> None:
        super().__init__(instance, settings)
        self.email = EmailSettings.from_options(instance, settings)

    @classmethod
    def check_options(
        cls, instance: str, options: dict[str, Any]
    ) -> list[tuple[str, str]]:
        return problems(instance, options)
