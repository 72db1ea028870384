"""To, Cc and Bcc above the composer's text: shown, editable, checked on send."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label

from console.i18n import N_, _
from plugins.api import Address
from storage.recipients import (
    Recipients,
    check_recipients,
    format_addresses,
    parse_addresses,
)

FIELDS = (("to", N_("To")), ("cc", N_("Cc")), ("bcc", N_("Bcc")))


class AddressFields(Vertical):
    DEFAULT_CSS = """
    AddressFields { height: auto; }
    AddressFields > Horizontal { height: 1; }
    AddressFields Label { width: 5; color: $text-muted; }
    AddressFields Input { border: none; height: 1; padding: 0; width: 1fr;
        background: $surface; }
    AddressFields Input:focus { border: none; background: $boost; }
    """

    def compose(self) -> ComposeResult:
        for name, label in FIELDS:
            with Horizontal(id=f"row-{name}"):
                yield Label(_("{label}: ").format(label=_(label)).rstrip())
                yield Input(id=f"address-{name}", placeholder=_("name <address>, …"))

    def _input(self, name: str) -> Input:
        return self.query_one(f"#address-{name}", Input)

    def fill(self, recipients: Recipients) -> None:
        for name, _label in FIELDS:
            people: tuple[Address, ...] = getattr(recipients, name)
            self._input(name).value = format_addresses(people)

    def recipients(self) -> Recipients:
        """What the fields say; StoreError naming the field and the bad address."""
        to, cc, bcc = (
            parse_addresses(self._input(name).value, label) for name, label in FIELDS
        )
        chosen = Recipients(to, cc, bcc)
        check_recipients(chosen)  # nobody in To: said, not guessed
        return chosen
