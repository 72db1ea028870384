"""Hostile mail: how long one message of each shape costs, against a time budget.

    .venv/bin/python benchmarks/hostile_mail.py [--repeat 3] [--only SHAPE]

Shapes (issue 10, point 21), each generated here:

- quote-bomb: 16,000 `>` lines, then 16,000 plain lines (about 272 KB);
- references: a References header of 120,000 ids (about 2.6 MB);
- body-3mb, body-10mb: plain text bodies of 3 and 10 MB.

For each shape, in a fresh store holding it and two ordinary conversations:
`comptoir import eml` of the file as a whole command; the console headless at
140x40, from creating the app to the first frame showing the hostile
conversation (it has waited longest, so it opens first); and key to screen while the
cursor passes it (`j`, `k`, eight times). Then the two functions that were
quadratic, in this process: `split_quoted` on the message text and
`references_in_order` on its ids. Prints the median, min and max of `--repeat`
runs per figure, whether the median is within budget, and one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from email import message_from_bytes
from pathlib import Path

from console_speed import COMPTOIR, SIZE, TimedApp, settle

from console.tui.inbox_data import Settings
from console.tui.inbox_screen import InboxScreen
from console.tui.quotes import split_quoted
from plugins.email.headers import message_ids
from plugins.email.parse import parse_email
from storage.threads import references_in_order

BUDGET_S = {
    "import": 10.0,
    "first_screen": 2.0,
    "key_to_screen_max": 0.5,
    "split_quoted": 0.5,
    "references_in_order": 0.2,
}


def _head(subject: str, extra: str = "") -> str:
    return (
        "From: Mallory <mallory@example.net>\nTo: shop@example.com\n"
        f"Subject: {subject}\nMessage-ID: <{subject}@example.net>\n"
        f"Date: Mon, 04 May 2026 09:00:00 +0000\n{extra}\n"
    )


def quote_bomb() -> bytes:
    body = "> quoted line\n" * 16_000 + "plain line here\n" * 16_000
    return (_head("quote-bomb") + body).encode()


def references() -> bytes:
    ids = " ".join(f"<{n}.{n * 7}@bomb.example>" for n in range(120_000))
    return (_head("references", f"References: {ids}\n") + "Hello.\n").encode()


def body(megabytes: int) -> Callable[[], bytes]:
    def make() -> bytes:
        line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do.\n"
        count = megabytes * 1_000_000 // len(line)
        return (_head(f"body-{megabytes}mb") + line * count).encode()

    return make


SHAPES: dict[str, Callable[[], bytes]] = {
    "quote-bomb": quote_bomb,
    "references": references,
    "body-3mb": body(3),
    "body-10mb": body(10),
}


def ordinary(folder: Path) -> list[Path]:
    paths = []
    for n in (1, 2):
        path = folder / f"ordinary-{n}.eml"
        head = _head(f"ordinary-{n}").replace("Mon, 04 May", f"Tue, 0{4 + n} May")
        path.write_text(head + "Where is my parcel?\n")
        paths.append(path)
    return paths


def timed_import(db: Path, path: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [COMPTOIR, "--db", str(db), "import", "eml", "-q", str(path)], check=True
    )
    return time.perf_counter() - start


async def console(db: Path, subject: str) -> tuple[float, float]:
    """First screen showing the hostile conversation; the slowest key press."""
    app = TimedApp(Settings(db_path=db))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        for _ in range(3000):
            detail = screen.view.detail
            if detail is not None and detail.summary.subject == subject:
                break
            await pilot.pause(0.01)
        first = app.frames[-1][0] - app.created
        slowest = 0.0
        for key in "jkjkjkjk":
            app.frames.clear()
            await pilot.press(key)
            await settle(pilot)
            target = screen.queue.current
            shown = [t for t, _, _, opened in app.frames if opened == target]
            if shown:
                slowest = max(slowest, shown[0] - app.key_at)
    return first, slowest


def functions(raw: bytes) -> tuple[float, float]:
    """The two functions on the message's text and on all its ids (the parser
    keeps 200 of them; the function is timed on the whole header's)."""
    record = parse_email(raw)
    start = time.perf_counter()
    split_quoted(record.text)
    split = time.perf_counter() - start
    header = message_from_bytes(raw).get("references", "")
    ids = message_ids(header)
    start = time.perf_counter()
    references_in_order(record.in_reply_to, ids)
    return split, time.perf_counter() - start


def run_shape(name: str, workdir: Path) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(dir=workdir))
    path = folder / f"{name}.eml"
    raw = SHAPES[name]()
    path.write_bytes(raw)
    db = folder / "store.db"
    for normal in ordinary(folder):
        timed_import(db, normal)
    figures = {"import": timed_import(db, path)}
    first, slowest = asyncio.run(console(db, name))
    figures |= {"first_screen": first, "key_to_screen_max": slowest}
    split, refs = functions(raw)
    return figures | {"split_quoted": split, "references_in_order": refs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=sorted(SHAPES))
    parser.add_argument("--workdir", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    report: dict[str, dict[str, list[float]]] = {}
    shapes = [args.only] if args.only else list(SHAPES)
    for _ in range(args.repeat):  # alternated: each shape once per round
        for name in shapes:
            for key, value in run_shape(name, args.workdir).items():
                report.setdefault(name, {}).setdefault(key, []).append(value)
    print(f"{'shape':12}{'figure':22}{'median s':>10}{'min':>9}{'max':>9}  budget")
    within = True
    for name, figures in report.items():
        for key, values in figures.items():
            median = statistics.median(values)
            ok = median <= BUDGET_S[key]
            within &= ok
            print(
                f"{name:12}{key:22}{median:10.3f}{min(values):9.3f}{max(values):9.3f}"
                f"  {'ok' if ok else 'OVER'} ({BUDGET_S[key]} s)"
            )
    print(json.dumps({"within_budget": within, "seconds": report}))


if __name__ == "__main__":
    main()
