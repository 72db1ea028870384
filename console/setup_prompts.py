"""Questions for `comptoir setup`: asked at a terminal, or answered by options.

Each question has a default (the value already in the config, else a sensible
one) that Enter keeps. An option given on the command line answers its question
without asking; with `--no-input` every other question takes its default. Every
answer goes through the same check, so a bad option is refused like bad typing.
Prompts and messages go to stderr: stdout stays for data, as in every command.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import typer

from console.i18n import _
from console.runtime import EXIT_USAGE, fail

T = TypeVar("T")
Check = Callable[[str], T]  # the answer made into a value, or ValueError


def as_text(answer: str) -> str:
    return answer.strip()


def required(answer: str) -> str:
    if not answer.strip():
        raise ValueError(_("an answer is needed"))
    return answer.strip()


def email_address(answer: str) -> str:
    from email.utils import parseaddr

    from plugins.addresses import mail_domain

    address = answer.strip().lower()
    if "<" in address:  # "Camille <camille@shop.fr>": the address inside
        address = parseaddr(address)[1]
    local, at, _domain = address.partition("@")
    bad = any(c in address for c in ' <>(),;:"[]')
    if bad or not (local and at and address.count("@") == 1 and mail_domain(address)):
        said = _('"{answer}" is not an email address')
        raise ValueError(said.format(answer=answer.strip()))
    return address


def email_addresses(answer: str) -> list[str]:
    """Addresses separated by commas (or spaces); none is a fine answer."""
    parts = [p.strip() for p in re.split(r"[,;]", answer) if p.strip()]
    words = [w for p in parts for w in ([p] if "<" in p else p.split())]
    return list(dict.fromkeys(map(email_address, words)))


@dataclass(slots=True)
class Asker:
    interactive: bool  # False: --no-input, defaults and options only

    def say(self, line: str = "") -> None:
        typer.echo(line, err=True)

    def heading(self, title: str) -> None:
        if self.interactive:  # a script's log needs no headings
            self.say()
            self.say(typer.style(title, bold=True))

    def hint(self, line: str) -> None:
        if self.interactive:
            self.say(line)

    def ask(
        self,
        question: str,
        check: Check[T],
        default: str = "",
        given: str | None = None,
        option: str = "",
    ) -> T:
        """The answer, checked: asked again at a terminal, else exit 2 naming the option."""
        if given is not None or not self.interactive:
            answer = default if given is None else given
            try:
                return check(answer)
            except ValueError as exc:
                where = f"{option} {answer!r}" if given is not None else question
                hint = (
                    ""
                    if given is not None
                    else " " + _("(give it with {option})").format(option=option)
                )
                fail(f"{where}: {exc}{hint}", EXIT_USAGE)
        while True:
            answer = typer.prompt(
                question, default=default, show_default=bool(default), err=True
            )
            try:
                return check(answer)
            except ValueError as exc:
                self.say(f"  {exc}")

    def yes(
        self, question: str, default: bool = True, given: bool | None = None
    ) -> bool:
        if given is not None:
            return given
        if not self.interactive:
            return default
        return typer.confirm(question, default=default, err=True)

    def secret(self, question: str) -> str:
        """A password, not echoed; never asked without a terminal."""
        if not self.interactive:
            return ""
        return str(typer.prompt(question, hide_input=True, err=True))
