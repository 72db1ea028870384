"""Password sources, in order: env var, command, keyring, prompt; never config.

The core resolves them for every channel (ChannelContext.secret); the email
channel asks for `password` and, for SMTP, `smtp_password` then `password`."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import keyring
import keyring.backend
import keyring.errors
import pytest

from plugins.api import AuthenticationError, ConfigurationError
from plugins.email.channel import EmailChannel
from plugins.email.settings import EmailSettings, problems
from plugins.secrets import Prompt
from storage.pipeline.instances import Channels


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[service, username] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


class BrokenKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.NoKeyringError("no backend")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


BASE = {"imap_host": "imap.example", "username": "me@shop.example"}


def settings(**options: Any) -> EmailSettings:
    return EmailSettings.from_options("support", {**BASE, **options})


def channel(prompt: Prompt | None = None, **options: Any) -> EmailChannel:
    """The instance as the core opens it: with its context, `prompt` at hand."""
    config = {"support": {"type": "email", **BASE, **options}}
    opened = Channels(config, prompt=prompt).open("support", interactive=True)
    assert isinstance(opened, EmailChannel)
    return opened


def imap_password(c: EmailChannel) -> str:
    return asyncio.run(c._imap_password())


def smtp_password(c: EmailChannel) -> str:
    return asyncio.run(c._smtp_password())


def no_prompt(label: str) -> str:
    raise AssertionError("prompted although another source had the password")


def test_env_var_comes_first(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.set_password("comptoir", "support", "from-keyring")
    monkeypatch.setenv("SHOP_PW", "from-env")
    c = channel(no_prompt, password_env="SHOP_PW", password_command="echo from-command")
    assert imap_password(c) == "from-env"


def test_command_first_line_when_env_var_unset(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    monkeypatch.delenv("SHOP_PW", raising=False)
    memory_keyring.set_password("comptoir", "support", "from-keyring")
    c = channel(
        no_prompt, password_env="SHOP_PW", password_command="printf 'c0mmand\\nx\\n'"
    )
    assert imap_password(c) == "c0mmand"


def test_failing_command_names_the_account() -> None:
    c = channel(no_prompt, password_command="echo 'gpg: decryption failed' >&2; exit 2")
    with pytest.raises(AuthenticationError) as caught:
        imap_password(c)
    assert caught.value.title == "support"
    assert "exit 2" in caught.value.message
    assert "gpg: decryption failed" in caught.value.message


def test_keyring_then_prompt(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.set_password("comptoir", "support", "from-keyring")
    assert imap_password(channel(no_prompt)) == "from-keyring"
    memory_keyring.delete_password("comptoir", "support")
    typed = channel(lambda label: f"typed for {label}")
    assert imap_password(typed) == "typed for support"


def test_no_keyring_backend_is_not_an_error() -> None:
    before = keyring.get_keyring()
    keyring.set_keyring(BrokenKeyring())
    try:
        with pytest.raises(AuthenticationError) as caught:
            imap_password(channel(None, password_env="NOPE_UNSET"))
    finally:
        keyring.set_keyring(before)
    assert "$NOPE_UNSET" in caught.value.message
    assert "keyring set comptoir support" in caught.value.message


def test_smtp_has_its_own_sources_then_falls_back(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    monkeypatch.setenv("IMAP_PW", "imap")
    c = channel(no_prompt, password_env="IMAP_PW")
    assert smtp_password(c) == "imap"
    memory_keyring.set_password("comptoir", "support/smtp", "smtp-own")
    assert smtp_password(c) == "smtp-own"
    monkeypatch.setenv("SMTP_PW", "smtp-env")
    assert smtp_password(channel(no_prompt, smtp_password_env="SMTP_PW")) == "smtp-env"


def test_a_password_in_the_config_is_refused() -> None:
    options = {"imap_host": "h", "username": "u", "password": "hunter2"}
    assert any("never go in the config" in m for _, m in problems("support", options))
    with pytest.raises(ConfigurationError, match="never go in the config"):
        EmailSettings.from_options("support", options)


def test_plain_text_only_on_loopback_when_allowed() -> None:
    remote = {"imap_host": "imap.example", "username": "u", "imap_tls": "none"}
    assert [k for k, _ in problems("s", remote)] == ["imap_tls"]
    loop = {**remote, "imap_host": "127.0.0.1", "smtp_host": "127.0.0.1"}
    assert [k for k, _ in problems("s", loop)] == ["imap_tls"]
    assert problems("s", {**loop, "allow_plaintext": True}) == []


def test_defaults_follow_the_tls_mode() -> None:
    s = settings(imap_tls="starttls", smtp_tls="tls")
    assert (s.imap_port, s.smtp_port, s.smtp_host) == (143, 465, "imap.example")
    assert s.sent_folder is None  # found on the server by its \\Sent flag
    assert s.sync_folders == ("INBOX",)
    assert s.address == "me@shop.example"
    named = settings(folders=["inbox", "Archive"], sent_folder="Sent Items")
    assert named.sync_folders == ("INBOX", "Archive", "Sent Items")
    assert settings(sent_folder="INBOX", folders=["Inbox"]).sync_folders == ("INBOX",)


def test_a_hung_password_command_is_said_to_be_stopped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from plugins import secrets

    monkeypatch.setattr(secrets, "COMMAND_TIMEOUT", 1)
    with pytest.raises(AuthenticationError) as refused:
        imap_password(channel(no_prompt, password_command="sleep 30"))
    assert refused.value.message == (
        "password_command did not finish in 1 s and was stopped: is it waiting "
        "for input?"
    )
