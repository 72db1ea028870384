"""Peak memory of imports fed oversized input (issue 10, point 24).

    .venv/bin/python benchmarks/big_inputs.py [--junk-mb 1024] [--rows 1000000]

Generated in benchmarks/out/big/ (kept between runs), each imported into a
fresh store by the real command, its whole process tree watched (PSS):

- junk.eml: `--junk-mb` MB of text lines, given to `import eml`;
- junk.mbox: the same behind one `From ` line, given to `import mbox`;
- largest.eml: a mail just under the size limit (a base64 attachment);
- orders.csv: a Shopify export of `--rows` rows, given to `import orders`.

Prints seconds, peak MB of the process tree and of the main process, the exit
code, and one JSON line.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
from pathlib import Path

from procmem import measure

HERE = Path(__file__).resolve().parent
COMPTOIR = str(Path(sys.executable).parent / "comptoir")
LINE = b"junk junk junk junk junk junk junk junk junk junk junk junk junk junk\n"


def _text(path: Path, megabytes: int, head: bytes = b"") -> Path:
    if not path.exists():
        with path.open("wb") as out:
            out.write(head)
            block = LINE * (1_000_000 // len(LINE))
            for _ in range(megabytes):
                out.write(block)
    return path


def _largest(path: Path) -> Path:
    """A real message of about 99 MB (75 MB of attachment, base64-encoded)."""
    if not path.exists():
        with path.open("wb") as out:
            out.write(
                b"From: a@example.com\nSubject: big\nMessage-ID: <big@x>\n"
                b"Content-Type: multipart/mixed; boundary=B\n\n--B\n"
                b"Content-Type: text/plain\n\nsee attached\n--B\n"
                b"Content-Type: application/octet-stream; name=big.bin\n"
                b"Content-Transfer-Encoding: base64\n\n"
            )
            chunk = base64.encodebytes(os.urandom(3_000_000))
            for _ in range(25):
                out.write(chunk)
            out.write(b"--B--\n")
    return path


def _orders(path: Path, rows: int) -> Path:
    if not path.exists():
        with path.open("w") as out:
            out.write(
                "Name,Email,Financial Status,Currency,Total,Created at,"
                "Lineitem name,Lineitem quantity,Lineitem price,Lineitem sku\n"
            )
            for n in range(rows):
                order = n // 2  # two line items an order
                head = (
                    "paid,EUR,24.00,2026-05-01 10:00:00 +0000" if n % 2 == 0 else ",,,"
                )
                out.write(
                    f"#{order},c{order % 50_000}@example.com,{head},"
                    f"Tea {n % 300},1,12.00,SKU-{n % 300}\n"
                )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--junk-mb", type=int, default=1024)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=HERE / "out" / "big")
    args = parser.parse_args()
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    cases = {
        "junk.eml": ("eml", _text(work / f"junk-{args.junk_mb}.eml", args.junk_mb)),
        "junk.mbox": (
            "mbox",
            _text(
                work / f"junk-{args.junk_mb}.mbox",
                args.junk_mb,
                b"From junk@example.com Mon Jan  5 10:12:00 2026\n",
            ),
        ),
        "largest.eml": ("eml", _largest(work / "largest.eml")),
        "orders.csv": ("orders", _orders(work / f"orders-{args.rows}.csv", args.rows)),
    }
    figures: dict[str, dict[str, float]] = {}
    print(f"{'input':14}{'MB':>8}{'seconds':>9}{'peak MB':>9}{'main MB':>9}  exit")
    for name, (kind, path) in cases.items():
        db = work / f"{name}.db"
        for old in work.glob(db.name + "*"):
            old.unlink()
        done = measure([COMPTOIR, "--db", str(db), "import", kind, "-q", str(path)])
        size = path.stat().st_size / 1e6
        figures[name] = {
            "input_mb": round(size),
            "seconds": round(done.seconds, 1),
            "peak_tree_mb": round(done.peak_tree_mb),
            "peak_main_mb": round(done.peak_main_mb),
            "exit": done.returncode,
        }
        print(
            f"{name:14}{size:8.0f}{done.seconds:9.1f}{done.peak_tree_mb:9.0f}"
            f"{done.peak_main_mb:9.0f}  {done.returncode}"
        )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
