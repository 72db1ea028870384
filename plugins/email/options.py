"""The email channel's options, declared once: config check, docs and listings
all read this tuple (docs/configuration.md's table is kept equal by a test)."""

from __future__ import annotations

from plugins.api import Option, OptionType, secret_options

_S, _I, _B, _L = (
    OptionType.STRING,
    OptionType.INTEGER,
    OptionType.BOOLEAN,
    OptionType.LIST,
)
TLS = ("tls", "starttls", "none")

OPTIONS: tuple[Option, ...] = (
    Option("imap_host", _S, "IMAP server host name", required=True, example='"imap.example.com"'),
    Option("username", _S, "login name (also the From address if it contains `@`)", required=True, example='"support@shop.example"'),
    Option("imap_tls", _S, "implicit TLS or STARTTLS; certificates and host names are always verified; a port that speaks the other mode is named as such within seconds", "tls", choices=TLS),
    Option("imap_port", _I, "IMAP port; default 993 with tls, 143 otherwise"),
    Option("folders", _L, "folders read, in this order; `INBOX` in any case", ["INBOX"]),
    Option("sent_folder", _S, 'read too (replies sent from a phone count as the shop\'s) and where sent replies are filed; default: the folder the server flags `\\Sent` (RFC 6154: "Sent Items", "Envoyés", "[Gmail]/Sent Mail"...), else one named Sent, Sent Items, Sent Messages or Sent Mail; an account with none is fetched all the same (`comptoir channels check` says so); `""` for none'),
    Option("address", _S, "the account's own address: From of replies, and counted among the shop's addresses; default `username` if it is an address"),
    Option("smtp_host", _S, "SMTP server; default `imap_host`"),
    Option("smtp_tls", _S, "implicit TLS or STARTTLS for SMTP", "starttls", choices=TLS),
    Option("smtp_port", _I, "SMTP port; default 587 with starttls, 465 with tls, 25 with none"),
    Option("smtp_username", _S, "SMTP user name; default `username`"),
    *secret_options("password", "password"),
    *secret_options("smtp_password", "SMTP password (default: the IMAP password)"),
    Option("ca_file", _S, "an extra CA certificate to trust, as a PEM file (a self-signed server); never disables checks"),
    Option("allow_plaintext", _B, 'allows `imap_tls` or `smtp_tls` = `"none"`, and only to a loopback host', False),
    Option("poll_interval", _I, "seconds between two reads of every folder while the app runs (the only way to see new mail when the server has no IDLE)", 60),
)  # fmt: skip
