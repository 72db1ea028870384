"""The README's reverse proxy, for real: nginx with TLS in front of
`comptoir chat serve`, using the `location /chat/` block exactly as the README
prints it. The shop's page is served by nginx under `default-src 'self'`; the
visitor chats from Chromium over https and wss, and the channel reaches the
server through the same proxy with its token."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from console.demo.live_chat import ShopPage
from plugins.api import InboundMessage, Receipt
from tests.chat_tests.browser import browser, needs_chromium
from tests.chat_tests.channel_support import channel, fetch_all, reply_to, run
from tests.chat_tests.serve_process import ServeProcess, write_chat_config
from tests.chat_tests.widget_page import WidgetPage
from tests.conftest import ROOT
from tests.servers import free_port, make_cert

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = [
    needs_chromium,
    pytest.mark.server,
    pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed"),
]
__all__ = ["browser"]  # the fixture, for this module
TOKEN = "proxied-token"
SERVER = """daemon off;
user root;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    server {{
        listen 127.0.0.1:{port} ssl;
        server_name localhost;
        ssl_certificate {d}/cert.pem;
        ssl_certificate_key {d}/key.pem;
        location = / {{
            default_type text/html;
            add_header Content-Security-Policy "default-src 'self'" always;
            root {d};
            try_files /index.html =404;
        }}
{location}
    }}
}}
"""


def readme_location(port: int) -> str:
    """The README's nginx block, pointed at this test's widget server."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```nginx\n(.*?)```", readme, re.S)
    assert found, "the README shows no nginx block"
    return found.group(1).replace("127.0.0.1:8765", f"127.0.0.1:{port}")


@dataclass
class Nginx:
    dir: Path
    port: int
    proc: subprocess.Popen[bytes]

    @property
    def site(self) -> str:
        return f"https://127.0.0.1:{self.port}"


# The default policy counts business hours, outside which the widget offers its
# offline form: a chat policy in calendar time keeps the test's pre-chat form at
# any hour CI runs.
ALWAYS_OPEN = """
[[sla.policies]]
name = "chat"
channel = ["chat"]
first_response = "15min calendar"
"""


def start_nginx(port: int, backend: int, page: ShopPage) -> Nginx:
    d = Path(tempfile.mkdtemp(prefix="comptoir-nginx-"))
    make_cert(d)
    (d / "index.html").write_text(page.html(), encoding="utf-8")
    conf = SERVER.format(d=d, port=port, location=readme_location(backend))
    (d / "nginx.conf").write_text(conf, encoding="utf-8")
    proc = subprocess.Popen(
        [NGINX, "-c", str(d / "nginx.conf"), "-e", str(d / "error.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while not (d / "nginx.pid").exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"nginx did not start: {proc.communicate()[1]!r}")
        time.sleep(0.02)
    return Nginx(d, port, proc)


@pytest.fixture
def proxied(
    tmp_path: Path, cli_env: dict[str, str]
) -> Iterator[tuple[Nginx, ServeProcess]]:
    backend = free_port()
    site_port = free_port()
    site = f"https://127.0.0.1:{site_port}"
    config = write_chat_config(
        tmp_path / "config.toml", backend, [site], tmp_path / "widget.db", ALWAYS_OPEN
    )
    server = ServeProcess(config, backend, {**cli_env, "CHAT_TOKEN": TOKEN}).start()
    nginx = None
    try:
        nginx = start_nginx(site_port, backend, ShopPage())
        yield nginx, server
    finally:
        if nginx is not None:
            nginx.proc.terminate()
            nginx.proc.wait(10)
            shutil.rmtree(nginx.dir, ignore_errors=True)
        server.stop()


def test_the_widget_and_the_channel_through_nginx_with_tls(
    proxied: tuple[Nginx, ServeProcess],
    browser: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    nginx, _ = proxied
    monkeypatch.setenv("SSL_CERT_FILE", str(nginx.dir / "cert.pem"))  # the channel's CA
    context = browser.new_context(ignore_https_errors=True)
    try:
        widget = WidgetPage(context.new_page()).goto(nginx.site + "/")
        widget.open()
        widget.introduce("Ann Martin", "ann@example.fr")
        widget.write("Bonjour, derrière le proxy ?")
        widget.sent("derrière le proxy")
        widget.wait_state("live")  # the websocket went through, upgraded

        async def answer() -> tuple[list[InboundMessage], Receipt]:
            async with channel(nginx.site + "/chat", token=TOKEN) as chat:
                found, _ = await fetch_all(chat)  # type: ignore[arg-type]
                said = await chat.send(reply_to(found[0], "Oui, en TLS."))
                return found, said

        messages, receipt = run(answer)
        assert [m.text for m in messages] == ["Bonjour, derrière le proxy ?"]
        assert receipt.detail == "shown live"
        widget.reply_shown("Oui, en TLS.")
    finally:
        context.close()
