"""An HTTP server and a DNS server on loopback, for mail set-up's lookups.

The HTTP server answers each path from a table the test fills (status, body,
delay); the DNS server answers SRV, MX and A questions from a table too, using
dnspython's own wire format, and says NXDOMAIN for anything else. Both run in a
thread of the test process and are stopped by the fixture.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import dns.message
import dns.rcode
import dns.rrset
import pytest


@dataclass(slots=True)
class Answer:
    body: bytes
    status: int = 200
    delay: float = 0.0  # seconds before answering: a server that hangs


@dataclass(slots=True)
class WebServer:
    port: int
    routes: dict[str, Answer] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)  # every path requested

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _handler(web: WebServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            web.asked.append(self.path)
            answer = web.routes.get(self.path) or web.routes.get(
                self.path.partition("?")[0], Answer(b"not found", 404)
            )
            time.sleep(answer.delay)
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)
            except OSError:  # the client gave up waiting: fine
                return

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@pytest.fixture
def web_server() -> Iterator[WebServer]:
    web = WebServer(0)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(web))
    server.daemon_threads = True
    web.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield web
    server.shutdown()
    server.server_close()
    thread.join(5)


@dataclass(slots=True)
class DnsServer:
    """records[(name, type)] = ["0 5 993 imap.shop.example.", ...] (zone text)."""

    port: int
    records: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    silent: bool = False  # drop every question: a resolver that never answers
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


def _serve_dns(sock: socket.socket, dns_server: DnsServer) -> None:
    sock.settimeout(0.1)  # a blocked recvfrom would not notice the socket closing
    while not dns_server.stop.is_set():
        try:
            data, peer = sock.recvfrom(4096)
        except TimeoutError:
            continue
        if dns_server.silent:
            continue
        query = dns.message.from_wire(data)
        response = dns.message.make_response(query)
        question = query.question[0]
        name = question.name.to_text(omit_final_dot=True).lower()
        kind = dns.rdatatype.to_text(question.rdtype)
        found = dns_server.records.get((name, kind))
        if found:
            response.answer.append(
                dns.rrset.from_text_list(question.name, 60, "IN", kind, found)
            )
        else:
            response.set_rcode(dns.rcode.NXDOMAIN)
        sock.sendto(response.to_wire(), peer)


@pytest.fixture
def dns_server() -> Iterator[DnsServer]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    server = DnsServer(sock.getsockname()[1])
    thread = threading.Thread(target=_serve_dns, args=(sock, server), daemon=True)
    thread.start()
    yield server
    server.stop.set()
    thread.join(5)
    sock.close()
