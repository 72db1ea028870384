"""Console speed: time to first screen and key press to updated screen.

    .venv/bin/python benchmarks/console_speed.py [--conversations 100000]
        [--small 1000] [--keys 200] [--rounds 2]

Builds (once, in benchmarks/out/) an inbox of about `--conversations`
conversations from generated mail (three messages a conversation on average),
then runs the app headless in this process, at 140x40:

- first screen: from creating the app to the first frame that shows queue rows,
  beside the same for an empty inbox (the reference: what Textual itself costs);
- key to screen: `j` pressed `--keys` times; for each, from the key event
  reaching the app to the first frame painted after it (the cursor moved), and
  to the frame that shows the newly highlighted conversation. Pilot's own waits
  happen between presses and are not counted.

The same keys are pressed on a small inbox (`--small` conversations, built the
same way) in the same run, and on a plain Textual app of the console's shape
(`key_reference.py`: a list drawn line by line and two panes of new text at
each move; Textual's own floor): sessions on the three alternate, `--rounds`
times, each with `--keys` presses.

Targets (issues 3 and 14): first screen under 0.3 s; key to screen, median
within 16 ms and p90 within 25 ms, and at 100,000 conversations within 1.2x of
the same keys on 1,000. Beside the wall times, the app thread's CPU time from
the key to the cursor's frame: on a shared machine the wall time also holds the
waits for a core. Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from key_reference import KeyReference
from rich.console import RenderableType
from textual import events
from textual.app import App
from textual.screen import Screen

from console.tui.app import ComptoirApp
from console.tui.inbox_data import Settings
from console.tui.inbox_screen import InboxScreen
from storage.connection import open_store
from storage.conversations import count_conversations

HERE = Path(__file__).resolve().parent
COMPTOIR = str(Path(sys.executable).parent / "comptoir")
SIZE = (140, 40)


class Timing(App[None]):
    """Notes when keys arrive and frames are painted (mixed into an app)."""

    created = key_at = key_cpu = 0.0  # key_cpu: the thread's CPU time at the key
    frames: list[
        tuple[float, bool, bool, int | None, float]
    ]  # (time, inbox screen, rows shown, open id, thread CPU time)

    def start_timing(self) -> None:
        self.created, self.frames = time.perf_counter(), []

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.key_at = time.perf_counter()
            self.key_cpu = time.thread_time()
        await super().on_event(event)

    def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
        super()._display(screen, renderable)
        inbox, shown, open_id = self.frame_shows(screen)
        self.frames.append(
            (time.perf_counter(), inbox, shown, open_id, time.thread_time())
        )

    def frame_shows(self, screen: Screen[Any]) -> tuple[bool, bool, int | None]:
        """Whether it is the inbox, with rows, and the conversation open."""
        return False, False, None


class TimedReference(Timing, KeyReference):
    def __init__(self) -> None:
        super().__init__()
        self.start_timing()


class TimedApp(Timing, ComptoirApp):
    """The real app, noting when keys arrive and frames are painted."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.start_timing()

    def frame_shows(self, screen: Screen[Any]) -> tuple[bool, bool, int | None]:
        if not isinstance(screen, InboxScreen):
            return False, False, None
        queue, detail = screen.queue, screen.view.detail
        shown = bool(queue.ids) and queue.ids[0] in queue.rows
        return True, shown, detail.summary.id if detail else None


async def settle(pilot: Any) -> None:
    for _ in range(500):
        await pilot.pause()
        if all(worker.is_finished for worker in pilot.app.workers):
            await pilot.pause()
            return
        await asyncio.sleep(0.002)


async def first_screen(db: Path, empty_ok: bool = False) -> float:
    app = TimedApp(Settings(db_path=db))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(200):
            if any(frame[2] for frame in app.frames) or empty_ok:
                break
            await pilot.pause(0.01)
        if empty_ok:  # no rows to wait for: the first frame of the inbox screen
            painted = [frame[0] for frame in app.frames if frame[1]]
        else:
            painted = [frame[0] for frame in app.frames if frame[2]]
        return painted[0] - app.created


async def key_to_screen(
    db: Path | None, presses: int
) -> tuple[list[float], list[float], list[float]]:
    """Per key: wall ms to the cursor's frame, to the conversation's frame, and
    the app thread's CPU ms to the cursor's frame (what load stretches less).
    `db` None: the plain Textual app of the same shape (key_reference.py)."""
    app: Timing = TimedApp(Settings(db_path=db)) if db else TimedReference()
    cursor_ms: list[float] = []
    content_ms: list[float] = []
    cpu_ms: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        for _ in range(presses):
            app.frames.clear()
            await pilot.press("j")
            await settle(pilot)
            after = [f for f in app.frames if f[0] >= app.key_at]
            if not after:
                continue
            cursor_ms.append((after[0][0] - app.key_at) * 1000)
            cpu_ms.append((after[0][4] - app.key_cpu) * 1000)
            if not isinstance(screen, InboxScreen):
                continue
            target = screen.queue.current
            loaded = [f[0] for f in after if f[3] == target]
            if loaded:
                content_ms.append((loaded[0] - app.key_at) * 1000)
    return cursor_ms, content_ms, cpu_ms


def build_inbox(conversations: int, workdir: Path) -> Path:
    messages = conversations * 3
    maildir = workdir / f"maildir-{messages}-seed2"
    db = workdir / f"console-{messages}-seed2.db"
    if not maildir.is_dir():
        subprocess.run(
            [sys.executable, str(HERE / "generate_mail.py"), str(maildir),
             "--count", str(messages), "--seed", "2"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    if not db.exists():
        subprocess.run(
            [COMPTOIR, "--db", str(db), "import", "maildir", str(maildir), "--quiet"],
            check=True,
        )
    return db


async def count(db: Path) -> int:
    async with open_store(db) as store:  # also applies any pending migration
        return sum((await count_conversations(store)).values())


def quantiles(samples: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(samples), 2),
        "p90": round(statistics.quantiles(samples, n=10)[-1], 2),
        "min": round(min(samples), 2),
        "max": round(max(samples), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=HERE / "out")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    inboxes: dict[str, Path | None] = {
        "large": build_inbox(args.conversations, args.workdir),
        "small": build_inbox(args.small, args.workdir),
        "textual": None,  # the floor: a plain Textual app of the same shape
    }
    sizes = {name: asyncio.run(count(db)) for name, db in inboxes.items() if db}
    empty = Path(tempfile.mkdtemp()) / "empty.db"
    asyncio.run(count(empty))
    reference = [asyncio.run(first_screen(empty, empty_ok=True)) for _ in range(3)]
    firsts = [
        asyncio.run(first_screen(build_inbox(args.conversations, args.workdir)))
        for _ in range(3)
    ]
    cursor: dict[str, list[float]] = {name: [] for name in inboxes}
    content: dict[str, list[float]] = {name: [] for name in inboxes}
    cpu: dict[str, list[float]] = {name: [] for name in inboxes}
    for _ in range(args.rounds):
        for name in ("small", "large", "textual"):
            moved, shown, used = asyncio.run(key_to_screen(inboxes[name], args.keys))
            cursor[name] += moved
            content[name] += shown
            cpu[name] += used
    figures: dict[str, object] = {
        "conversations": sizes,
        "first_screen_s": round(statistics.median(firsts), 3),
        "first_screen_empty_inbox_s": round(statistics.median(reference), 3),
    }
    for name in ("large", "small", "textual"):
        figures[f"key_to_cursor_ms_{name}"] = quantiles(cursor[name])
        if content[name]:
            figures[f"key_to_conversation_ms_{name}"] = quantiles(content[name])
        figures[f"key_to_cursor_cpu_ms_{name}"] = quantiles(cpu[name])
    for what in ("cursor", "conversation"):
        large = figures[f"key_to_{what}_ms_large"]
        small = figures[f"key_to_{what}_ms_small"]
        assert isinstance(large, dict) and isinstance(small, dict)
        figures[f"{what}_ratio_large_to_small"] = {
            q: round(large[q] / small[q], 2) for q in ("median", "p90")
        }
    figures["presses"] = {name: len(cursor[name]) for name in inboxes}
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"{name.ljust(width)}  {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
