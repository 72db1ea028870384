"""Password sources, in order: env var, command, keyring, prompt; never config."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import keyring
import keyring.backend
import keyring.errors
import pytest

from plugins.api import ConfigurationError
from plugins.email.passwords import PasswordError, imap_password, smtp_password
from plugins.email.settings import EmailSettings, problems


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


def settings(**options: Any) -> EmailSettings:
    base = {"imap_host": "imap.example", "username": "me@shop.example"}
    return EmailSettings.from_options("support", {**base, **options})


def no_prompt(label: str) -> str:
    raise AssertionError("prompted although another source had the password")


def test_env_var_comes_first(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.set_password("comptoir", "support", "from-keyring")
    monkeypatch.setenv("SHOP_PW", "from-env")
    s = settings(password_env="SHOP_PW", password_command="echo from-command")
    assert imap_password(s, no_prompt) == "from-env"


def test_command_first_line_when_env_var_unset(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    monkeypatch.delenv("SHOP_PW", raising=False)
    memory_keyring.set_password("comptoir", "support", "from-keyring")
    s = settings(password_env="SHOP_PW", password_command="printf 'c0mmand\\nx\\n'")
    assert imap_password(s, no_prompt) == "c0mmand"


def test_failing_command_names_the_account() -> None:
    s = settings(password_command="echo 'gpg: decryption failed' >&2; exit 2")
    with pytest.raises(PasswordError) as caught:
        imap_password(s, no_prompt)
    assert caught.value.title == "support"
    assert "exit 2" in caught.value.message
    assert "gpg: decryption failed" in caught.value.message


def test_keyring_then_prompt(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.set_password("comptoir", "support", "from-keyring")
    assert imap_password(settings(), no_prompt) == "from-keyring"
    memory_keyring.delete_password("comptoir", "support")
    assert imap_password(settings(), lambda label: f"typed for {label}") == (
        "typed for support"
    )


def test_no_keyring_backend_is_not_an_error() -> None:
    before = keyring.get_keyring()
    keyring.set_keyring(BrokenKeyring())
    try:
        with pytest.raises(PasswordError) as caught:
            imap_password(settings(password_env="NOPE_UNSET"), None)
    finally:
        keyring.set_keyring(before)
    assert "$NOPE_UNSET" in caught.value.message
    assert "keyring set comptoir support" in caught.value.message


def test_smtp_has_its_own_sources_then_falls_back(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    monkeypatch.setenv("IMAP_PW", "imap")
    s = settings(password_env="IMAP_PW")
    assert smtp_password(s, no_prompt) == "imap"
    memory_keyring.set_password("comptoir", "support/smtp", "smtp-own")
    assert smtp_password(s, no_prompt) == "smtp-own"


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
    from plugins.email import passwords

    monkeypatch.setattr(passwords, "COMMAND_TIMEOUT", 1)
    with pytest.raises(PasswordError) as refused:
        imap_password(settings(password_command="sleep 30"), no_prompt)
    assert refused.value.message == (
        "password_command did not finish in 1 s and was stopped: is it waiting "
        "for input?"
    )
