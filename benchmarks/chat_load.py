"""Load on the website chat's widget server: many visitors connected, writing.

    .venv/bin/python benchmarks/chat_load.py [--visitors 1000] [--rate 200]
        [--seconds 20] [--runs 3]

Starts `comptoir chat serve` (the real command, its own SQLite file, fsync per
commit group), opens `visitors` websockets as the widget does (a session over
HTTP, then hello), and sends `rate` messages a second spread over them for
`seconds` (open loop: a slow server does not slow the sending down). For each
message it times send -> ack (the server acknowledges after the commit, so this
is send -> stored, plus the way back), then checks the server stored them all.
A second phase lets every visitor write as fast as its acks come back
(capacity). The server's memory (RSS) is sampled from /proc throughout.

The same load runs against a reference in the same command: a bare Starlette
websocket that acknowledges without storing, served by uvicorn the same way, so
the machine's noise shows in the ratio. Prints each run, then median (min-max)
over the runs, then one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import websockets

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.procmem import _rss_mb  # noqa: E402
from tests.servers import free_port  # noqa: E402

COMPTOIR = str(Path(sys.executable).parent / "comptoir")
SITE = "https://shop.example"
TOKEN = "benchmark-token"
REFERENCE = """
import sys, uvicorn
from starlette.applications import Starlette
from starlette.routing import Route, WebSocketRoute
from starlette.responses import JSONResponse
n = 0
async def session(request):
    return JSONResponse({"token": "t", "visitor": {"id": "v"}}, 201)
async def ws(socket):
    global n
    await socket.accept()
    await socket.receive_json()
    await socket.send_json({"type": "ready", "entries": []})
    while True:
        frame = await socket.receive_json()
        n += 1
        await socket.send_json({"type": "ack", "client_id": frame["client_id"],
                                "entry": {"seq": n}})
app = Starlette(routes=[Route("/api/visitor/session", session, methods=["POST"]),
                        WebSocketRoute("/api/visitor/ws", ws)])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning",
            ws="websockets-sansio", lifespan="off")
"""


@dataclass
class Figures:
    accepted_per_s: float = 0.0
    stored: int = 0
    sent: int = 0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    capacity_per_s: float = 0.0
    peak_rss_mb: float = 0.0
    idle_rss_mb: float = 0.0
    connect_s: float = 0.0


@dataclass
class Visitor:
    socket: Any
    pending: dict[str, float] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    acked: int = 0
    turn: asyncio.Event = field(default_factory=asyncio.Event)
    idle: asyncio.Event = field(default_factory=asyncio.Event)

    async def listen(self) -> None:
        async for raw in self.socket:
            frame = json.loads(raw)
            if frame.get("type") == "ack":
                began = self.pending.pop(frame["client_id"], None)
                if began is not None:
                    self.latencies.append(time.perf_counter() - began)
                    self.acked += 1
                    self.turn.set()
                    if not self.pending:
                        self.idle.set()
            elif frame.get("type") == "refused":
                raise RuntimeError(f"refused: {frame}")

    async def say(self, client_id: str) -> None:
        self.pending[client_id] = time.perf_counter()
        self.idle.clear()
        await self.socket.send(json.dumps({
            "type": "message", "client_id": client_id,
            "text": f"Bonjour, où est ma commande ? ({client_id})",
        }))  # fmt: skip


def _config(folder: Path, port: int) -> Path:
    path = folder / "config.toml"
    path.write_text(
        f"""[shop]
name = "Benchmark"
[channels.chat]
type = "chat"
url = "http://127.0.0.1:{port}"
origins = ["{SITE}"]
token_env = "CHAT_TOKEN"
database = "{folder / "widget.db"}"
visitor_rate = 1000000
ip_rate = 1000000
""",
        encoding="utf-8",
    )
    return path


def _raise_file_limit() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def start_server(reference: bool, folder: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    if reference:
        command = [sys.executable, "-c", REFERENCE, str(port)]
    else:
        command = [COMPTOIR, "--config", str(_config(folder, port)), "chat", "serve",
                   "--port", str(port)]  # fmt: skip
    env = {**os.environ, "CHAT_TOKEN": TOKEN, "COMPTOIR_DB": str(folder / "inbox.db")}
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        preexec_fn=_raise_file_limit,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.post(f"http://127.0.0.1:{port}/api/visitor/session", json={},
                       headers={"origin": SITE}, timeout=1)  # fmt: skip
            return proc, port
        except httpx.TransportError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("the server did not start")


async def connect(port: int, count: int) -> list[Visitor]:
    base = f"http://127.0.0.1:{port}"
    limit = asyncio.Semaphore(50)

    async def one(http: httpx.AsyncClient) -> Visitor:
        async with limit:
            answer = await http.post("/api/visitor/session", json={"name": "V"})
            token = answer.json()["token"]
            socket = await websockets.connect(
                base.replace("http", "ws") + "/api/visitor/ws", origin=SITE,  # type: ignore[arg-type]
                ping_interval=None, max_queue=None,
            )  # fmt: skip
            await socket.send(json.dumps({"type": "hello", "token": token}))
            ready = json.loads(await socket.recv())
            assert ready["type"] == "ready", ready
            return Visitor(socket)

    async with httpx.AsyncClient(base_url=base, headers={"origin": SITE}) as http:
        return list(await asyncio.gather(*(one(http) for _ in range(count))))


async def open_loop(
    visitors: list[Visitor], rate: int, seconds: float, tag: str
) -> float:
    """Send `rate` messages a second, round robin; the acknowledged rate."""
    total = int(rate * seconds)
    start = time.perf_counter()
    for n in range(total):
        delay = start + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        await visitors[n % len(visitors)].say(f"{tag}-{n}")
    waiting = [v.idle.wait() for v in visitors if v.pending]
    await asyncio.wait_for(asyncio.gather(*waiting), 30)  # every ack back
    return sum(v.acked for v in visitors) / (time.perf_counter() - start)


async def closed_loop(visitors: list[Visitor], seconds: float) -> float:
    """Every visitor writes again as soon as its last message is acknowledged."""
    before = sum(v.acked for v in visitors)
    stop = time.perf_counter() + seconds

    async def keep_writing(v: Visitor, number: int) -> None:
        n = 0
        while time.perf_counter() < stop:
            v.turn.clear()
            await v.say(f"cap-{number}-{n}")
            n += 1
            await v.turn.wait()

    start = time.perf_counter()
    await asyncio.gather(*(keep_writing(v, i) for i, v in enumerate(visitors)))
    return (sum(v.acked for v in visitors) - before) / (time.perf_counter() - start)


async def sample_memory(pid: int, peak: list[float], done: asyncio.Event) -> None:
    while not done.is_set():
        peak[0] = max(peak[0], _rss_mb(pid))
        await asyncio.sleep(0.1)


def _stored(port: int, reference: bool) -> int:
    if reference:
        return -1
    answer = httpx.get(f"http://127.0.0.1:{port}/api/channel/hello",
                       headers={"authorization": f"Bearer {TOKEN}"})  # fmt: skip
    return int(answer.json()["last"])


async def one_run(args: argparse.Namespace, reference: bool) -> Figures:
    figures = Figures()
    with tempfile.TemporaryDirectory(prefix="chat-load-") as folder:
        proc, port = start_server(reference, Path(folder))
        try:
            peak, done = [0.0], asyncio.Event()
            sampler = asyncio.create_task(sample_memory(proc.pid, peak, done))
            began = time.perf_counter()
            visitors = await connect(port, args.visitors)
            figures.connect_s = time.perf_counter() - began
            listeners = [asyncio.create_task(v.listen()) for v in visitors]
            await asyncio.sleep(0.5)
            figures.idle_rss_mb = _rss_mb(proc.pid)
            figures.accepted_per_s = await open_loop(visitors, args.rate, args.seconds, "load")  # fmt: skip
            latencies = sorted(x for v in visitors for x in v.latencies)
            figures.sent = int(args.rate * args.seconds)
            figures.p50_ms = 1000 * latencies[len(latencies) // 2]
            figures.p99_ms = 1000 * latencies[int(len(latencies) * 0.99)]
            figures.max_ms = 1000 * latencies[-1]
            figures.stored = _stored(port, reference)
            figures.capacity_per_s = await closed_loop(visitors, args.capacity_seconds)
            done.set()
            await sampler
            figures.peak_rss_mb = peak[0]
            for v in visitors:
                await v.socket.close()
            for task in listeners:
                task.cancel()
            await asyncio.gather(*listeners, return_exceptions=True)
        finally:
            proc.terminate()
            proc.wait(30)
    return figures


def _line(name: str, f: Figures) -> str:
    stored = f"{f.stored}/{f.sent} stored" if f.stored >= 0 else "not stored"
    return (
        f"{name:9} accepted {f.accepted_per_s:6.1f}/s ({stored}), send->stored "
        f"p50 {f.p50_ms:5.1f} ms p99 {f.p99_ms:6.1f} ms max {f.max_ms:6.1f} ms, "
        f"capacity {f.capacity_per_s:6.0f}/s, RSS idle {f.idle_rss_mb:5.0f} MB "
        f"peak {f.peak_rss_mb:5.0f} MB, connect {f.connect_s:4.1f} s"
    )


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} ({min(values):.1f}-{max(values):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=1000)
    parser.add_argument("--rate", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--capacity-seconds", type=float, default=5)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    _raise_file_limit()
    runs: dict[str, list[Figures]] = {"comptoir": [], "reference": []}
    for n in range(args.runs):  # alternated, so both see the same machine
        for name in ("comptoir", "reference"):
            figures = asyncio.run(one_run(args, reference=name == "reference"))
            runs[name].append(figures)
            print(f"run {n + 1} " + _line(name, figures), flush=True)
    summary: dict[str, Any] = {"visitors": args.visitors, "rate": args.rate,
                               "seconds": args.seconds}  # fmt: skip
    for name, found in runs.items():
        for key in (
            "accepted_per_s",
            "p50_ms",
            "p99_ms",
            "capacity_per_s",
            "peak_rss_mb",
        ):
            values = [getattr(f, key) for f in found]
            summary[f"{name}_{key}"] = statistics.median(values)
            print(f"{name:9} {key:15} median (min-max) {_spread(values)}")
    ratio = [c.p99_ms / r.p99_ms for c, r in zip(runs["comptoir"], runs["reference"], strict=True)]  # fmt: skip
    summary["p99_ratio_to_reference"] = statistics.median(ratio)
    print(f"p99 comptoir/reference median (min-max) {_spread(ratio)}")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
