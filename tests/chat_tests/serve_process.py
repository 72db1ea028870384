"""`comptoir chat serve` as a shop runs it: the real command, in its own process,
with a config file naming the chat instance."""

from __future__ import annotations

import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.conftest import COMPTOIR


def write_chat_config(
    path: Path, port: int, origins: list[str], database: Path, extra: str = ""
) -> Path:
    listed = ", ".join(f'"{o}"' for o in origins)
    path.write_text(
        f"""[shop]
name = "La Théière Bleue"

[channels.chat]
type = "chat"
url = "http://127.0.0.1:{port}"
origins = [{listed}]
token_env = "CHAT_TOKEN"
database = "{database}"
{extra}""",
        encoding="utf-8",
    )
    return path


@dataclass
class ServeProcess:
    config: Path
    port: int
    env: dict[str, str]
    proc: subprocess.Popen[bytes] | None = None
    kills: int = 0

    def start(self) -> ServeProcess:
        self.proc = subprocess.Popen(
            [str(COMPTOIR), "--config", str(self.config), "chat", "serve",
             "--port", str(self.port)],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/healthz").status_code == 200:  # fmt: skip
                    return self
            except httpx.TransportError:
                time.sleep(0.02)
        raise RuntimeError("comptoir chat serve did not start")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self.kills += 1

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
