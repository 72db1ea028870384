"""Where `comptoir setup` keeps a mailbox's password: never in the config.

The system keyring when the machine has one; otherwise a command that prints
the password (`pass show shop/imap`) or an environment variable, and the person
is told why. A value already configured is offered to keep.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from console.i18n import _
from console.keyring_store import (
    keyring_usable,
    restore_password,
    store_password,
    stored_password,
)
from console.runtime import EXIT_USAGE, fail
from console.setup_prompts import Asker, required

if TYPE_CHECKING:
    from console.setup_servers import MailboxOptions

SOURCES = ("password_command", "password_env")


def _nothing() -> None:
    return None


@dataclass(slots=True)
class PasswordChoice:
    where: str  # said to the person: "the system keyring", "the command ..."
    answer: str = ""  # as typed: the command, or $NAME
    options: dict[str, str] = field(default_factory=dict)  # keys to set
    undo: Callable[[], None] = _nothing  # the keyring as it was, if set-up fails

    @property
    def drop(self) -> tuple[str, ...]:
        """The other sources, which would otherwise win over this one."""
        return tuple(k for k in SOURCES if k not in self.options)


def _command_or_variable(answer: str) -> PasswordChoice:
    answer = required(answer)
    if answer.startswith("$"):
        name = answer[1:].strip("{}")
        if not name.isidentifier():
            said = _('"{answer}" is not a variable name, like $SHOP_PASSWORD')
            raise ValueError(said.format(answer=answer))
        return PasswordChoice(f"${name}", f"${name}", {"password_env": name})
    return PasswordChoice(
        _("the command `{command}`").format(command=answer),
        answer,
        {"password_command": answer},
    )


def _from_options(given: MailboxOptions) -> PasswordChoice | None:
    if given.password_command is not None:
        return _command_or_variable(given.password_command)
    if given.password_env is not None:
        return _command_or_variable("$" + given.password_env.lstrip("$"))
    return None


def _keep_configured(asker: Asker, table: Mapping[str, Any]) -> PasswordChoice | None:
    command, variable = table.get("password_command"), table.get("password_env")
    if isinstance(command, str) and command:
        kept = _command_or_variable(command)
    elif isinstance(variable, str) and variable:
        kept = _command_or_variable("$" + variable)
    else:
        return None
    keep = _("Keep the password from {where}?").format(where=kept.where)
    return kept if asker.yes(keep) else None


def _into_keyring(
    asker: Asker, instance: str, login: str, offer_kept: bool
) -> PasswordChoice:
    before = stored_password(instance)
    if (
        before
        and offer_kept
        and asker.yes(_("Keep the password in the system keyring?"))
    ):
        return PasswordChoice(_("the system keyring"))
    secret = asker.secret(
        _(
            "Password for {login} (kept in the system keyring, never in the config)"
        ).format(login=login)
    )
    if not secret:  # --no-input, with nothing stored yet
        fail(
            _(
                "--no-input: give --password-command or --password-env, or store the "
                "password first (keyring set comptoir {name})"
            ).format(name=instance),
            EXIT_USAGE,
        )
    if not store_password(instance, secret):
        fail(_("the system keyring refused the password; give --password-command"))
    return PasswordChoice(
        _("the system keyring"), undo=lambda: restore_password(instance, before)
    )


def _without_keyring(asker: Asker, default: str) -> PasswordChoice:
    asker.say(
        _("This machine has no system keyring, so the password cannot be kept in one.")
    )
    asker.say(
        _(
            "Give a command that prints it (like `pass show shop/imap`), which comptoir "
            "runs when it needs the password, or $NAME to read it from a variable."
        )
    )
    return asker.ask(
        _("Password command"), _command_or_variable, default, None, "--password-command"
    )


def choose_password(
    asker: Asker,
    instance: str,
    login: str,
    table: Mapping[str, Any],
    given: MailboxOptions,
    last: PasswordChoice | None = None,
) -> PasswordChoice:
    """Where the password will come from; a typed one is stored at once, so that the
    login check reads it exactly as `comptoir fetch` will. After a failed check
    (`last`), nothing is offered to keep: something must change."""
    if last is None:
        chosen = _from_options(given) or _keep_configured(asker, table)
        if chosen is not None:
            return chosen
    if keyring_usable():
        return _into_keyring(asker, instance, login, offer_kept=last is None)
    default = last.answer if last else str(table.get("password_command", ""))
    return _without_keyring(asker, default)
