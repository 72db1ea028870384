"""Running a command while watching the memory of its whole process tree.

comptoir forks parse workers, so the peak that matters is the memory of the
process and all its descendants together, sampled from /proc. Forked workers
share pages with their parent: summing resident sizes (RSS) would count those
pages once per process, so the tree is measured in proportional set size (PSS,
each shared page split between its sharers), and the main process in RSS.

A file mapped by the tree (shared libraries, the language model's automaton)
is split with every other process of the machine mapping it too, so the
tree's PSS swings with what else runs (by 10 MB and more on this machine).
Its anonymous part (Pss_Anon: the heaps, Python's objects) does not: it is
given beside it, the figure to compare across runs on a busy machine.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PAGE = 4096


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_tree_mb: float
    peak_main_mb: float
    returncode: int
    said: str = ""  # the end of stderr, when the command failed
    peak_tree_anon_mb: float = 0.0  # the anonymous part of the tree's PSS

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def _rss_mb(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return 0.0
    return int(fields[1]) * PAGE / 1e6


def _pss_mb(pid: int) -> tuple[float, float]:
    """The process's PSS, and its anonymous part."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0.0, 0.0
    found = {"Pss:": 0.0, "Pss_Anon:": 0.0}
    for line in text.splitlines():
        name = line.split(maxsplit=1)[0] if line else ""
        if name in found:
            found[name] = int(line.split()[1]) / 1000
    return found["Pss:"], found["Pss_Anon:"]


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found += [child, *_descendants(child)]
    return found


def measure(command: list[str], env: dict[str, str] | None = None) -> Measured:
    """Run `command` to its end; wall time and peak memory, sampled every 50 ms.
    Its stderr goes to a file: a pipe read only at the end would block a
    command that writes more than the pipe holds (64 kB)."""
    with tempfile.TemporaryFile() as errors:
        began = time.perf_counter()
        proc = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=errors
        )
        peak_tree = peak_anon = peak_main = 0.0
        while proc.poll() is None:
            main = _rss_mb(proc.pid)
            each = [_pss_mb(pid) for pid in (proc.pid, *_descendants(proc.pid))]
            tree, anon = sum(pss for pss, _ in each), sum(a for _, a in each)
            peak_main, peak_tree = max(peak_main, main), max(peak_tree, tree)
            peak_anon = max(peak_anon, anon)
            time.sleep(0.05)
        seconds = time.perf_counter() - began
        said = ""
        if proc.returncode != 0:
            errors.seek(0)
            said = errors.read().decode(errors="replace")[-2000:].strip()
    return Measured(seconds, peak_tree, peak_main, proc.returncode, said, peak_anon)
