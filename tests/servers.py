"""Real mail servers on loopback for the email tests: Dovecot and aiosmtpd.

Dovecot starts once per test session (about 0.05 s) and every test gets its own
mail user, so tests never see each other's mail. Each server is stopped by its
own pid. Tests that use them are marked `server` and skip when Dovecot is
absent (CI installs it: .ci/run).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
MAIL_UID = 65534  # Dovecot refuses uid 0 for mail users
USERS = 100
FULL_USERS = 10  # mailboxes with a quota of QUOTA_MESSAGES messages
QUOTA_MESSAGES = 1

CONF = """\
instance_name = comptoir-test-{port}
base_dir = {d}/run
state_dir = {d}/state
protocols = imap
listen = 127.0.0.1
log_path = {d}/dovecot.log
ssl = yes
ssl_cert = <{d}/cert.pem
ssl_key = <{d}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:~/Maildir
mail_plugins = $mail_plugins quota
plugin {{
  # Counted per message; no limit unless the user's userdb entry sets one.
  quota = count:User quota
  quota_vsizes = yes
}}
namespace inbox {{
  inbox = yes
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
}}
protocol imap {{
  mail_plugins = $mail_plugins imap_quota
  mail_max_userip_connections = 50
{imap}
}}
{extra}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/users
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {d}/users
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {sslport}
    ssl = yes
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def make_cert(d: Path) -> tuple[Path, Path]:
    """A self-signed EC certificate for localhost and 127.0.0.1."""
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
         "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj",
         "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@dataclass(slots=True)
class Dovecot:
    """A running private Dovecot; `add_user` makes a fresh mailbox."""

    dir: Path
    port: int
    sslport: int
    proc: subprocess.Popen[bytes]
    users: dict[str, str] = field(default_factory=dict)
    counter: Iterator[int] = field(default_factory=itertools.count)
    full_counter: Iterator[int] = field(default_factory=itertools.count)

    @property
    def cafile(self) -> Path:
        return self.dir / "cert.pem"

    def add_user(self) -> tuple[str, str]:
        """A fresh mailbox: (user, password). Users are all written at start,
        as Dovecot only sees a changed users file after a failed login."""
        return self._user(f"user{next(self.counter)}")

    def add_full_user(self) -> tuple[str, str]:
        """A fresh mailbox that refuses (OVERQUOTA) more than QUOTA_MESSAGES."""
        return self._user(f"full{next(self.full_counter)}")

    def _user(self, name: str) -> tuple[str, str]:
        if name not in self.users:
            raise RuntimeError(f"the test Dovecot has no user {name}")
        return name, self.users[name]

    def maildir(self, user: str) -> Path:
        return self.dir / "mail" / user / "Maildir"

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cafile))


def _wait_for_greeting(proc: subprocess.Popen[bytes], port: int, d: Path) -> None:
    deadline = time.monotonic() + 10
    while True:
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            log = d / "dovecot.log"
            raise RuntimeError(log.read_text() if log.exists() else "dovecot failed")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                if s.recv(64).startswith(b"* OK"):
                    return
        except OSError:
            time.sleep(0.02)


def _make_users(d: Path, count: int = USERS) -> dict[str, str]:
    (d / "mail").mkdir()
    os.chown(d / "mail", MAIL_UID, MAIL_UID)
    quota = f"userdb_quota_rule=*:messages={QUOTA_MESSAGES}"
    names = [(f"user{n}", "") for n in range(count)]
    names += [(f"full{n}", quota) for n in range(FULL_USERS)]
    users, lines = {}, []
    for name, extra in names:
        home = d / "mail" / name
        home.mkdir()
        os.chown(home, MAIL_UID, MAIL_UID)
        users[name] = f"pw-{name}"
        lines.append(
            f"{name}:{{PLAIN}}pw-{name}:{MAIL_UID}:{MAIL_UID}::{home}::{extra}\n"
        )
    (d / "users").write_text("".join(lines))
    return users


def start_dovecot(imap: str = "", extra: str = "") -> Dovecot:
    """A private Dovecot; `imap` adds settings to its `protocol imap` block
    (like `imap_capability = ...`, `mail_max_userip_connections = 1`) and
    `extra` adds top-level configuration: a server set up awkwardly."""
    d = Path(tempfile.mkdtemp(prefix="comptoir-dovecot-"))
    d.chmod(0o755)  # auth runs as `dovecot`, mail as nobody: both must get in
    make_cert(d)
    users = _make_users(d)
    port, sslport = free_port(), free_port()
    (d / "dovecot.conf").write_text(
        CONF.format(d=d, port=port, sslport=sslport, imap=imap, extra=extra)
    )
    return Dovecot(d, port, sslport, _run_dovecot(d, port), users)


def _run_dovecot(d: Path, port: int) -> subprocess.Popen[bytes]:
    with open(d / "stderr.log", "ab") as err:
        proc = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(d / "dovecot.conf")],
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,  # its own group: crash_dovecot kills it whole
        )
    _wait_for_greeting(proc, port, d)
    return proc


def crash_dovecot(server: Dovecot) -> None:
    """The server gone at once, every session cut (as a crash or a power cut);
    the mail stays on disk for `restart_dovecot`."""
    os.killpg(server.proc.pid, signal.SIGKILL)
    server.proc.wait()


def restart_dovecot(server: Dovecot) -> None:
    """The same server back on the same ports, with the same mail."""
    server.proc = _run_dovecot(server.dir, server.port)


def stop_dovecot(server: Dovecot) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()
    shutil.rmtree(server.dir, ignore_errors=True)


def dovecot_missing() -> str:
    if not Path(DOVECOT).exists():
        return "Dovecot is not installed (apt-get install dovecot-imapd)"
    if os.geteuid() != 0:
        return "the Dovecot fixture runs mail as uid 65534 and needs root"
    return ""


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    if reason := dovecot_missing():
        pytest.skip(reason)
    server = start_dovecot()
    yield server
    stop_dovecot(server)


@pytest.fixture(scope="session")
def tls_cert() -> Iterator[tuple[Path, Path]]:
    d = Path(tempfile.mkdtemp(prefix="comptoir-smtp-"))
    yield make_cert(d)
    shutil.rmtree(d, ignore_errors=True)


class Sink:
    """An SMTP server's handler that keeps every accepted envelope."""

    def __init__(self) -> None:
        self.messages: list[Any] = []
        self.refuse: str = ""  # a reply such as "452 mailbox full" to refuse with
        self.delay = 0.0  # seconds the server takes before its answer to DATA

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return self.refuse
        self.messages.append(envelope)  # taken: a sender killed now sent it
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 OK"


SMTP_USER, SMTP_PASSWORD = "agent", "pw"


def _authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> Any:
    from aiosmtpd.smtp import AuthResult, LoginPassword

    good = isinstance(auth_data, LoginPassword) and (
        auth_data.login,
        auth_data.password,
    ) == (SMTP_USER.encode(), SMTP_PASSWORD.encode())
    return AuthResult(success=good, handled=False)  # aiosmtpd then answers 535


@dataclass(slots=True)
class SmtpServer:
    sink: Sink
    port: int
    cafile: Path
    server: asyncio.Server | None = None

    async def start(self) -> None:
        """(Re)start listening on the same port: SMTP 'back up' after an outage."""
        from aiosmtpd.smtp import SMTP

        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(self.cafile, self.cafile.with_name("key.pem"))
        self.server = await asyncio.get_running_loop().create_server(
            lambda: SMTP(
                self.sink,
                hostname="localhost",
                tls_context=ctx,
                require_starttls=True,
                authenticator=_authenticator,
                auth_required=True,
                auth_require_tls=True,
            ),
            "127.0.0.1",
            self.port,
        )

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()
            self.server = None


@pytest_asyncio.fixture
async def smtp_server(tls_cert: tuple[Path, Path]) -> AsyncIterator[SmtpServer]:
    server = SmtpServer(Sink(), free_port(), tls_cert[0])
    await server.start()
    yield server
    await server.stop()
