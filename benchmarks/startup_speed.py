"""Start-up: `comptoir demo` from exec to a painted queue, in a real terminal (tmux).

    .venv/bin/python benchmarks/startup_speed.py [--runs 10] [--size 160x48]

Builds the demo once (into a private directory, never the user's), then, in a
private tmux server, starts each command in a fresh session through
`bash -c 'echo $EPOCHREALTIME >STAMP; exec COMMAND'` (the stamp is taken by the
shell without a fork, just before the exec) and polls the screen until the
command's first screen shows. Three commands, alternated in every round:

- bare Python printing a word: the floor of any Python program, plus the
  harness's own cost (tmux drawing, the polling);
- a minimal Textual app showing one line: what Textual itself costs to paint;
- `comptoir demo`: until the queue's rows are on screen (five rows' second
  lines, each ending in its channel), and until the whole first screen is
  settled (the highlighted conversation shown too).

Target (issue 14): the painted queue within 0.4 s. Prints the median with min
and max of every figure, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

PYTHON = sys.executable
COMPTOIR = str(Path(sys.executable).parent / "comptoir")
HELLO_APP = """\
from textual.app import App
from textual.widgets import Label
class Hello(App[None]):
    def compose(self):
        yield Label("hello from textual")
Hello().run()
"""
QUEUE_ROW = re.compile(r"— .{0,40} (email|chat) │")
TIMEOUT = 20.0


class Terminal:
    """A private tmux server; each command runs in its own fresh session."""

    def __init__(self, width: int, height: int, env: dict[str, str]) -> None:
        self.base = ["tmux", "-L", f"comptoir-bench-{uuid.uuid4().hex[:8]}"]
        self.size = (str(width), str(height))
        self.env = env
        self._tmux("-f", "/dev/null", "new-session", "-d", "-s", "idle", "sleep 3600")
        # A program that failed leaves its last screen to read.
        self._tmux("set-option", "-g", "remain-on-exit", "on")

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            [*self.base, *args], capture_output=True, text=True, check=True,
            env=self.env,
        )  # fmt: skip
        return done.stdout

    def time_to(
        self, command: str, shown: Callable[[str], bool], stamp: Path
    ) -> tuple[float, float]:
        """Seconds from the exec of `command` to the first screen where `shown`,
        and the CPU seconds the program had used by then."""
        name = f"run{uuid.uuid4().hex[:6]}"
        stamp.unlink(missing_ok=True)
        wrapped = f"echo $EPOCHREALTIME >{stamp}; exec {command}"
        self._tmux(
            "new-session", "-d", "-s", name, "-x", self.size[0], "-y", self.size[1],
            "bash", "-c", wrapped,
        )  # fmt: skip
        deadline = time.time() + TIMEOUT
        screen = ""
        try:
            while time.time() < deadline:
                screen = self._tmux("capture-pane", "-p", "-t", name)
                seen = time.time()
                if shown(screen) and stamp.exists():
                    pid = int(self._tmux("display", "-p", "-t", name, "#{pane_pid}"))
                    return seen - float(stamp.read_text()), cpu_seconds(pid)
                time.sleep(0.002)
            raise RuntimeError(f"{command!r}: nothing shown in {TIMEOUT} s:\n{screen}")
        finally:  # the session's end hangs up its program
            self._tmux("kill-session", "-t", name)

    def close(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True, env=self.env)


def cpu_seconds(pid: int) -> float:
    """User and system time of a running process (10 ms ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def showing(text: str) -> Callable[[str], bool]:
    return lambda screen: text in screen


def queue_painted(screen: str) -> bool:
    return len(QUEUE_ROW.findall(screen)) >= 5


def screen_settled(screen: str) -> bool:
    """The queue, and the highlighted conversation beside it (its From line)."""
    return queue_painted(screen) and "▎ To: " in screen


def build_demo(env: dict[str, str]) -> None:
    subprocess.run(
        [COMPTOIR, "demo", "--no-open"], env=env, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(samples), 3),
        "min": round(min(samples), 3),
        "max": round(max(samples), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--size", default="160x48")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    home = Path(tempfile.mkdtemp(prefix="comptoir-startup-"))
    env = {
        **os.environ,
        "COMPTOIR_DEMO_DB": str(home / "demo.db"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "HOME": str(home),
        "TERM": "xterm-256color",
    }
    # The demo's own files, a tmux server of our own, and bytecode written as on
    # a person's machine (a first run compiles; the warm-up round pays for it).
    for own in ("COMPTOIR_DB", "COMPTOIR_CONFIG", "TMUX", "PYTHONDONTWRITEBYTECODE"):
        env.pop(own, None)
    build_demo(env)
    hello = home / "hello.py"
    hello.write_text(HELLO_APP)
    stamp = home / "stamp"
    terminal = Terminal(width, height, env)
    runs = {
        "bare_python": (f"{PYTHON} -c 'print(\"ready\"); input()'", showing("ready")),
        "textual_hello": (f"{PYTHON} {hello}", showing("hello from textual")),
        "demo_queue": (f"{COMPTOIR} demo", queue_painted),
        "demo_settled": (f"{COMPTOIR} demo", screen_settled),
    }
    figures: dict[str, list[float]] = {
        f"{name}_{unit}": [] for name in runs for unit in ("s", "cpu_s")
    }
    try:
        for round_ in range(args.runs + 1):
            if round_ == 1:  # the first round only warmed caches and wrote bytecode
                for samples in figures.values():
                    samples.clear()
            for name, (command, shown) in runs.items():
                seconds, cpu = terminal.time_to(command, shown, stamp)
                figures[f"{name}_s"].append(seconds)
                figures[f"{name}_cpu_s"].append(cpu)
    finally:
        terminal.close()
    result = {name: summary(samples) for name, samples in figures.items()}
    width_ = max(map(len, result))
    for name, values in result.items():
        print(
            f"{name.ljust(width_)}  median {values['median']:.3f} s  "
            f"(min {values['min']:.3f}, max {values['max']:.3f}, {args.runs} runs)"
        )
    print(
        "target: demo_queue_s median within 0.4 s. *_cpu_s: the program's CPU time "
        "by then, which a loaded machine stretches less than the wall time"
    )
    print(json.dumps({"runs": args.runs, "size": args.size, **result}))


if __name__ == "__main__":
    main()
