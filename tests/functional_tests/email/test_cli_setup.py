"""`comptoir setup` typed at a real terminal (tmux), against Dovecot and aiosmtpd.

The mail servers are found the way they are for real: an autoconfig file on a
local HTTP server, or SRV records on a local DNS server; the login is checked
against the real servers, and the written config is then used by `comptoir
channels check` and `comptoir fetch`.
"""

from __future__ import annotations

import json
import shlex
import shutil
import ssl
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

from console.config import check_config, load_config
from tests.conftest import COMPTOIR, ROOT
from tests.functional_tests.email.conftest import Account, mail
from tests.functional_tests.test_console_tmux import Tmux
from tests.lookup_servers import Answer, DnsServer, WebServer
from tests.servers import Sink, free_port
from tests.support import CliRunner

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(not shutil.which("tmux"), reason="tmux is not installed"),
]
SHOP = "bonjour@theiere.example"
AUTOCONFIG = "/autoconfig.theiere.example/mail/config-v1.1.xml"


class SmtpLogin(Controller):
    """aiosmtpd with STARTTLS that takes the mailbox's own login, as most hosts do."""

    def __init__(self, account: Account, port: int) -> None:
        super().__init__(Sink(), hostname="127.0.0.1", port=port)
        self.login = (account.user.encode(), account.password.encode())
        self.tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.tls.load_cert_chain(account.server.cafile, account.server.dir / "key.pem")

    def authenticate(self, *args: Any) -> AuthResult:
        data = args[-1]
        good = isinstance(data, LoginPassword) and (
            (data.login, data.password) == self.login
        )
        return AuthResult(success=good, handled=False)

    def factory(self) -> SMTP:
        return SMTP(
            self.handler,
            hostname="localhost",
            tls_context=self.tls,
            require_starttls=True,
            authenticator=self.authenticate,
            auth_required=True,
            auth_require_tls=True,
        )


@pytest.fixture
def smtp_port(account: Account) -> Iterator[int]:
    server = SmtpLogin(account, free_port())
    server.start()
    yield server.port
    server.stop()


@pytest.fixture
def env(
    cli_env: dict[str, str],
    account: Account,
    web_server: WebServer,
    dns_server: DnsServer,
    tmp_path: Path,
) -> dict[str, str]:
    """The lookups pointed at loopback, the test CA trusted, a keyring in a file."""
    cli_env.update(
        COMPTOIR_AUTOCONFIG_ISPDB=web_server.base + "/v1.1/{domain}",
        COMPTOIR_AUTOCONFIG_URLS=(
            web_server.base + AUTOCONFIG + "?emailaddress={address}"
        ),
        COMPTOIR_DNS_SERVER=dns_server.address,
        SSL_CERT_FILE=str(account.server.cafile),
        PYTHONPATH=str(ROOT),
        PYTHON_KEYRING_BACKEND="tests.file_keyring.FileKeyring",
        COMPTOIR_TEST_KEYRING=str(tmp_path / "keyring.json"),
        USER="camille",
    )
    return cli_env


def autoconfig(account: Account, smtp_port: int) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1"><emailProvider id="theiere.example">
  <incomingServer type="imap">
    <hostname>127.0.0.1</hostname><port>{account.server.sslport}</port>
    <socketType>SSL</socketType><username>{account.user}</username>
    <authentication>password-cleartext</authentication>
  </incomingServer>
  <outgoingServer type="smtp">
    <hostname>127.0.0.1</hostname><port>{smtp_port}</port>
    <socketType>STARTTLS</socketType><username>{account.user}</username>
    <authentication>password-cleartext</authentication>
  </outgoingServer>
</emailProvider></clientConfig>""".encode()


class Terminal:
    """`comptoir setup` in tmux; each answer waits for its question first."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        assignments = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        command = " ".join(shlex.quote(a) for a in (str(COMPTOIR), "setup", *args))
        self.tmux = Tmux(f"env {assignments} {command}", width=200, height=50)

    def last_line(self) -> str:
        lines = [line for line in self.tmux.screen().splitlines() if line.strip()]
        return lines[-1] if lines else ""

    def answer(self, question: str, text: str = "", timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while question not in self.last_line():
            if time.monotonic() > deadline:
                raise AssertionError(f"{question!r} never asked:\n{self.tmux.screen()}")
            time.sleep(0.05)
        if text:
            self.tmux.keys("C-u")  # a default shown is not in the line: clear anyway
            self.tmux.keys(text, literal=True)
        self.tmux.keys("Enter")

    def finished(self, timeout: float = 20) -> str:
        return self.tmux.wait_dead(timeout)


@pytest.fixture
def terminal() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for t in opened:
        t.tmux.close()


def start(opened: list[Terminal], env: dict[str, str], *args: str) -> Terminal:
    opened.append(Terminal(env, *args))
    return opened[-1]


def test_a_first_setup_finds_the_servers_and_keeps_the_password_in_the_keyring(
    env: dict[str, str],
    account: Account,
    smtp_port: int,
    web_server: WebServer,
    terminal: list[Terminal],
    comptoir: CliRunner,
) -> None:
    web_server.routes[AUTOCONFIG] = Answer(autoconfig(account, smtp_port))
    account.append([mail(1)])
    setup = start(terminal, env)
    setup.answer("Shop name [My shop]:", "La Théière Bleue")
    setup.answer("Shop addresses", SHOP)
    setup.answer("Time zone", "Europe/Paris")
    setup.answer("Your name, as replies are signed [camille]:", "Camille")
    setup.answer("Opening hours [mon-fri 09:00-18:00]:", "lun-ven 9h-12h30 14h-18h")
    setup.answer("Connect a mailbox now? [Y/n]:")
    setup.answer(f"Mailbox address [{SHOP}]:")
    setup.answer("Use these? [Y/n]:")
    setup.answer(f"Password for {account.user}", account.password)
    screen = setup.finished()
    assert f"Found in {web_server.base}{AUTOCONFIG}" in screen
    assert f"IMAP   127.0.0.1:{account.server.sslport} (TLS)" in screen
    assert "ok: IMAP" in screen and "SMTP" in screen
    assert account.password not in screen  # typed, never shown

    config_path = Path(env["COMPTOIR_CONFIG"])
    text = config_path.read_text(encoding="utf-8")
    assert account.password not in text
    assert "# The password is never written here" in text
    assert "keyring set comptoir support" in text
    assert check_config(config_path) == []
    config = load_config(config_path)
    assert (config.shop.name, config.shop.addresses) == ("La Théière Bleue", (SHOP,))
    assert (config.shop.timezone, config.shop.agent) == ("Europe/Paris", "Camille")
    assert config.channels["support"]["imap_port"] == account.server.sslport
    assert config.channels["support"]["smtp_port"] == smtp_port
    assert "password_command" not in config.channels["support"]
    shown = comptoir("sla", "show").stdout
    assert "calendar shop (Europe/Paris)" in shown
    assert "fri 09:00-12:30, 14:00-18:00" in shown and "sat" not in shown
    keyring = json.loads(Path(env["COMPTOIR_TEST_KEYRING"]).read_text())
    assert keyring == {"comptoir/support": account.password}
    asked = f"{AUTOCONFIG}?emailaddress=bonjour@theiere.example"
    assert asked in web_server.asked

    check = comptoir("channels", "check")
    assert (check.returncode, check.stdout.split(":")[:2]) == (0, ["support", " ok"])
    assert comptoir("fetch").returncode == 0
    listed = comptoir("conversations", "list")
    assert "Question 1" in listed.stdout


def test_without_a_keyring_srv_records_and_a_password_command_after_a_wrong_one(
    env: dict[str, str],
    account: Account,
    smtp_port: int,
    dns_server: DnsServer,
    terminal: list[Terminal],
    comptoir: CliRunner,
    tmp_path: Path,
) -> None:
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # none at all
    dns_server.records = {
        ("_imaps._tcp.theiere.example", "SRV"): [
            f"0 0 {account.server.sslport} localhost."
        ],
        ("_submission._tcp.theiere.example", "SRV"): [f"0 0 {smtp_port} localhost."],
    }
    secret = tmp_path / "secret"
    secret.write_text(account.password + "\n")
    setup = start(terminal, env)
    for question in ("Shop name", "Shop addresses", "Time zone", "Your name"):
        setup.answer(question, SHOP if question == "Shop addresses" else "")
    setup.answer("Opening hours")
    setup.answer("Connect a mailbox now?")
    setup.answer("Mailbox address")
    setup.answer("Use these? [Y/n]:", "n")  # the login is not the address here
    for question in ("IMAP server [localhost]", "IMAP security", "IMAP port"):
        setup.answer(question)
    for question in ("SMTP server [localhost]", "SMTP security", "SMTP port"):
        setup.answer(question)
    setup.answer(f"Login [{SHOP}]:", account.user)
    setup.answer("Password command:", "echo not-the-password")
    setup.answer("Choice [p]:")
    setup.answer("Password command [echo not-the-password]:", f"cat {secret}")
    screen = setup.finished()
    assert "Found in the DNS SRV records of theiere.example (RFC 6186)" in screen
    assert "This machine has no system keyring" in screen
    assert "FAILED: IMAP: localhost refused the user name or password" in screen
    assert screen.count("ok: IMAP") == 1

    config = load_config(Path(env["COMPTOIR_CONFIG"]))
    support = config.channels["support"]
    assert support["password_command"] == f"cat {secret}"
    assert (support["username"], support["imap_host"]) == (account.user, "localhost")
    assert account.password not in Path(env["COMPTOIR_CONFIG"]).read_text()
    assert comptoir("channels", "check").returncode == 0


def test_running_it_again_offers_each_value_and_keeps_the_rest(
    env: dict[str, str],
    account: Account,
    smtp_port: int,
    terminal: list[Terminal],
    tmp_path: Path,
) -> None:
    secret = tmp_path / "secret"
    secret.write_text(account.password + "\n")
    config_path = Path(env["COMPTOIR_CONFIG"])
    written = f"""# Our shop's settings (Léa, 2026).
[shop]
name = "Chez Léa"  # the shop's sign
addresses = ["{SHOP}"]
timezone = "America/Montreal"
agent = "Léa"

[sla.calendars.boutique]
timezone = "America/Montreal"
mon = ["10:00-17:00"]
sat = ["10:00-13:00"]
closed = ["2026-12-24"]

[[sla.policies]]
name = "standard"
first_response = "2h"

[widgets]
kept = true

[channels.support]
type = "email"
address = "{SHOP}"
username = "{account.user}"
imap_host = "127.0.0.1"
imap_port = {account.server.sslport}
smtp_host = "127.0.0.1"
smtp_port = {smtp_port}
password_command = "cat {secret}"
folders = ["INBOX"]
"""
    config_path.write_text(written, encoding="utf-8")
    setup = start(terminal, env)
    setup.answer("Shop name [Chez Léa]:")
    setup.answer(f"Shop addresses (customers write to them), comma-separated [{SHOP}]:")
    setup.answer("Time zone [America/Montreal]:")
    setup.answer("Your name, as replies are signed [Léa]:")
    setup.answer("Opening hours [mon 10:00-17:00; sat 10:00-13:00]:")
    setup.answer("Check the mailbox support? [Y/n]:")
    setup.answer(f"Mailbox address [{SHOP}]:")
    setup.answer("Keep them? [Y/n]:")
    setup.answer(f"Keep the password from the command `cat {secret}`? [Y/n]:")
    assert "ok: IMAP" in setup.finished()
    after = config_path.read_text(encoding="utf-8")
    assert after.startswith("# Our shop's settings (Léa, 2026).\n")
    for line in ('name = "Chez Léa"  # the shop\'s sign', 'closed = ["2026-12-24"]',
                 "[widgets]", 'first_response = "2h"', 'folders = ["INBOX"]'):  # fmt: skip
        assert line in after
    assert [i.severity for i in check_config(config_path)] == ["warning"]  # widgets
    before = load_config_text(written, tmp_path)
    assert load_config(config_path).shop == before.shop
    assert load_config(config_path).sla == before.sla


def load_config_text(text: str, tmp_path: Path) -> Any:
    path = tmp_path / "before.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_no_input_takes_options_and_writes_only_what_works(
    env: dict[str, str], account: Account, smtp_port: int, comptoir: CliRunner
) -> None:
    config_path = Path(env["COMPTOIR_CONFIG"])
    refused = comptoir("setup")  # no terminal, no --no-input: nothing to ask with
    assert refused.returncode == 2 and "--no-input" in refused.stderr
    mailbox = [
        "--mailbox", SHOP, "--imap-host", "127.0.0.1",
        "--imap-port", str(account.server.sslport), "--imap-security", "tls",
        "--smtp-host", "127.0.0.1", "--smtp-port", str(smtp_port),
        "--smtp-security", "starttls", "--login", account.user,
    ]  # fmt: skip
    shop = ["--name", "Chez Léa", "--address", SHOP, "--timezone", "Europe/Paris"]
    bad_zone = comptoir("setup", "--no-input", "--timezone", "Mars/Olympus")
    assert bad_zone.returncode == 2
    assert "--timezone 'Mars/Olympus': \"Mars/Olympus\" is not a known time zone" in (
        bad_zone.stderr
    )
    wrong = comptoir(
        "setup", "--no-input", *shop, *mailbox, "--password-command", "echo nope"
    )
    assert wrong.returncode == 1
    assert "FAILED" in wrong.stderr and "nothing written" in wrong.stderr
    assert not config_path.exists()
    env["SHOP_PW"] = account.password
    done = comptoir("setup", "--no-input", *shop, *mailbox, "--password-env", "SHOP_PW")
    assert (done.returncode, done.stdout) == (0, "")
    assert f"Saved {config_path}." in done.stderr
    support = load_config(config_path).channels["support"]
    assert support["password_env"] == "SHOP_PW"
    assert comptoir("channels", "check").returncode == 0
    again = comptoir("setup", "--no-input", "--hours", "mon-sat 8-20")
    assert again.returncode == 0, again.stderr
    config = load_config(config_path)
    assert config.shop.name == "Chez Léa" and config.channels["support"] == support
    assert "sat 08:00-20:00" in comptoir("sla", "show").stdout


def test_a_folder_the_server_lacks_is_named_and_can_be_changed(
    env: dict[str, str], account: Account, smtp_port: int, terminal: list[Terminal]
) -> None:
    config_path = Path(env["COMPTOIR_CONFIG"])
    config_path.write_text(
        f'[shop]\nname = "Chez Léa"\n\n[channels.support]\ntype = "email"\n'
        f'address = "{SHOP}"\nusername = "{account.user}"\nimap_host = "127.0.0.1"\n'
        f'imap_port = {account.server.sslport}\nsmtp_host = "127.0.0.1"\n'
        f'smtp_port = {smtp_port}\npassword_command = "echo {account.password}"\n'
        'sent_folder = "Envoyés"\n',
        encoding="utf-8",
    )
    setup = start(terminal, env)
    for question in ("Shop name", "Shop addresses", "Time zone", "Your name"):
        setup.answer(question)
    for question in ("Opening hours", "Check the mailbox", "Mailbox address"):
        setup.answer(question)
    setup.answer("Keep them? [Y/n]:")
    setup.answer("Keep the password from the command")
    setup.answer("Choice [p]:", "f")
    setup.answer("Folders to read, comma-separated [INBOX]:")
    setup.answer("Sent folder (auto, or empty for none) [Envoyés]:", "Sent")
    screen = setup.finished()
    assert (
        "FAILED: folders: folder Envoyés not found on 127.0.0.1 (it has: INBOX, Sent)"
        in screen
    )
    assert "ok: IMAP" in screen
    support = load_config(config_path).channels["support"]
    assert (support["sent_folder"], support["folders"]) == ("Sent", ["INBOX"])
