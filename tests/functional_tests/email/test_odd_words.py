"""What servers say, read right: response codes first (RFC 5530), then words.

Each case is what `comptoir fetch` and `comptoir channels check` print: one
line naming the account, the server's words whole (accents included), the
right exit code (75: try again later; 1: a person must act), and no second
line from a library.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from plugins.email.imap_connect import PROBE
from tests.functional_tests.email.conftest import Account, mail
from tests.functional_tests.email.test_cli_email import configure, count
from tests.imap_proxy import ImapProxy, Misbehaviour
from tests.support import CliRunner

pytestmark = pytest.mark.server


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: support: ")
    return done.stderr


def test_too_many_connections_is_temporary_not_a_wrong_password(
    one_session_account: Account, comptoir: CliRunner, cli_env: dict[str, str]
) -> None:
    account = one_session_account
    configure(cli_env, account)
    account.append([mail(1)])
    phone = account.client()  # another mail program holds the only session
    try:
        done = comptoir("fetch")
        checked = comptoir("channels", "check")
    finally:
        phone.logout()
    assert done.returncode == 75
    line = one_line(done)
    assert "too many connections open to this mailbox ([LIMIT] Maximum" in line
    assert "close another mail program using it, or wait" in line
    assert "password" not in line
    assert checked.returncode == 1 and "too many connections" in checked.stdout
    assert comptoir("fetch").returncode == 0 and count(cli_env["COMPTOIR_DB"]) == 1


@pytest.mark.parametrize(
    ("answer", "code", "said"),
    [
        (
            "NO [UNAVAILABLE] Serveur momentanément indisponible",
            75,
            "cannot log in just now ([UNAVAILABLE] Serveur momentanément "
            "indisponible): will retry",
        ),
        (
            "NO [AUTHENTICATIONFAILED] Échec de l\u2019authentification",
            1,
            "refused the user name or password ([AUTHENTICATIONFAILED] Échec de "
            "l\u2019authentification): check them",
        ),
        (
            "NO [LIMIT] Zu viele gleichzeitige Verbindungen",
            75,
            "too many connections open to this mailbox ([LIMIT] Zu viele",
        ),
    ],
)
def test_a_login_refusal_is_read_by_its_code_with_its_words_whole(
    answer: str,
    code: int,
    said: str,
    account: Account,
    imap_proxy: ImapProxy,
    comptoir: CliRunner,
    cli_env: dict[str, str],
) -> None:
    configure(cli_env, account, imap_port=imap_proxy.port)
    imap_proxy.rules = Misbehaviour(answers={"LOGIN": answer.encode()})
    done = comptoir("fetch")
    assert done.returncode == code
    assert said in one_line(done)


def test_cyrus_and_accented_words_for_a_missing_folder_name_the_setting(
    account: Account,
    imap_proxy: ImapProxy,
    comptoir: CliRunner,
    cli_env: dict[str, str],
) -> None:
    configure(cli_env, account, imap_port=imap_proxy.port, folders=["INBOX", "Archive"])
    account.append([mail(1)])
    imap_proxy.rules = Misbehaviour(
        instead_of_no={"EXAMINE": b"NO Mailbox does not exist"}
    )
    done = comptoir("fetch")
    assert done.returncode == 1
    line = one_line(done)
    assert (
        "opening folder Archive: the folder does not exist on 127.0.0.1 (Mailbox "
        in line
    )
    assert "fix the folders or sent_folder setting" in line
    assert count(cli_env["COMPTOIR_DB"]) == 1  # INBOX came first and is stored
    french = "NO [NONEXISTENT] Le dossier « Archive » n\u2019existe pas".encode()
    imap_proxy.rules = Misbehaviour(instead_of_no={"EXAMINE": french})
    done = comptoir("fetch")
    assert done.returncode == 1
    assert "([NONEXISTENT] Le dossier « Archive » n\u2019existe pas)" in one_line(done)


def test_starttls_against_an_implicit_tls_port_fails_fast_naming_the_setting(
    account: Account, comptoir: CliRunner, cli_env: dict[str, str]
) -> None:
    configure(cli_env, account, imap_tls="starttls")  # on the TLS port
    started = time.monotonic()
    done = comptoir("fetch")
    took = time.monotonic() - started
    assert done.returncode == 1 and took < 20  # it used to wait 30 s, then 75
    port = account.server.sslport
    assert one_line(done) == (
        f"error: support: 127.0.0.1:{port} expects TLS from the start, but "
        'imap_tls = "starttls": set imap_tls = "tls" (or imap_port to the '
        "STARTTLS port, usually 143)\n"
    )


def test_a_server_slow_to_greet_is_waited_for(
    account: Account, comptoir: CliRunner, cli_env: dict[str, str]
) -> None:
    proxy = ImapProxy(account.server, tls=False).start()
    try:
        proxy.rules = Misbehaviour(greeting_delay=PROBE + 1)
        plain = {"imap_tls": "none", "allow_plaintext": True}
        configure(cli_env, account, imap_port=proxy.port, **plain)
        account.append([mail(1)])
        done = comptoir("fetch")
    finally:
        proxy.stop()
    assert (done.returncode, done.stderr) == (0, "")
    assert count(cli_env["COMPTOIR_DB"]) == 1


def test_tls_against_a_plain_port_names_the_setting(
    account: Account, comptoir: CliRunner, cli_env: dict[str, str]
) -> None:
    configure(cli_env, account, imap_port=account.server.port)  # the plain port
    done = comptoir("fetch")
    assert done.returncode == 1
    assert one_line(done) == (
        f"error: support: 127.0.0.1:{account.server.port} speaks plain IMAP, not "
        'TLS from the start: set imap_tls = "starttls" (or imap_port to the TLS '
        "port, usually 993)\n"
    )
    checked = comptoir("channels", "check")
    assert checked.returncode == 1 and 'set imap_tls = "starttls"' in checked.stdout


def test_no_imapclient_warning_reaches_stderr() -> None:
    """imapclient logs a warning when it strips a server's accents (and when
    TLS goes to port 143); Python prints it on stderr unless someone listens."""
    speak = "from imapclient.util import to_unicode; to_unicode(b'\\xc3\\xa9')"
    alone = subprocess.run(
        [sys.executable, "-c", speak], capture_output=True, text=True, check=True
    )
    assert "stripped" in alone.stderr  # what used to leak
    ours = subprocess.run(
        [sys.executable, "-c", f"import plugins.email.imap_connect; {speak}"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert ours.stderr == ""
