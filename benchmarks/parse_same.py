"""Whether two checkouts parse every message alike, field by field.

For a change meant to make parsing faster and nothing else: each checkout
parses every file of the shared corpus (mbox files included, as single
messages: hostile input too) and the generated Maildir, with CRLF line ends
(as IMAP gives them) and as stored, in its own process; then what a parse
worker returns is compared: every field of the message (attachments' bytes
included), the packed original (its hash and its inflated bytes) and the
language detected. Prints each difference; exit 1 if any. Messages go to
`parse_raws` in batches of 500, as a fetch hands them to a worker (the
language model reads a batch at once).

    .venv/bin/python benchmarks/parse_same.py OTHER_CHECKOUT [--count 10000]
        [--maildir FOLDER]

`--maildir` reads another Maildir (benchmarks/out/maildir-30000, a real
one) instead of the generated `maildir-COUNT`.
"""

from __future__ import annotations

import argparse
import pickle
import subprocess
import sys
import tempfile
import zlib
from dataclasses import fields
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CORPUS = Path("/work/shared/corpus/email")
BATCH = 500  # messages a fetch hands a parse worker at once


def _inputs(maildir: Path) -> list[tuple[str, bytes]]:
    found = [(str(p), p.read_bytes()) for p in sorted(CORPUS.rglob("*")) if p.is_file()]
    found += [
        (str(p), p.read_bytes())
        for sub in ("cur", "new")
        for p in sorted((maildir / sub).iterdir())
    ]
    crlf = [
        (f"{name} (CRLF)", raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
        for name, raw in found
    ]
    return found + crlf


def _child(root: Path, maildir: Path, out: Path) -> None:
    sys.path.insert(0, str(root))
    from plugins.api import RawMessage
    from plugins.email.channel import EmailChannel
    from storage.pipeline.workers import parse_raws

    results = []
    inputs = _inputs(maildir)
    parsed = []
    for at in range(0, len(inputs), BATCH):  # batches, as a fetch hands them over
        batch = [RawMessage(name, raw) for name, raw in inputs[at : at + BATCH]]
        parsed += parse_raws(EmailChannel, batch)
    for (name, _), (message, packed, language) in zip(inputs, parsed, strict=True):
        data = (
            zlib.decompress(packed.data) if packed.encoding == "zlib" else packed.data
        )
        values = {f.name: getattr(message, f.name) for f in fields(message)}
        values["attachments"] = [
            {f.name: getattr(a, f.name) for f in fields(a)} for a in message.attachments
        ]
        values["packed"] = (packed.sha256, data)
        values["language"] = (language.language, language.confidence, language.sure)
        results.append((name, values))
    out.write_bytes(pickle.dumps(results))


def _parsed(
    root: Path, maildir: Path, folder: Path
) -> list[tuple[str, dict[str, Any]]]:
    python = root / ".venv/bin/python"
    out = folder / f"{root.name}.pickle"
    command = [str(python), __file__, "--child", str(root), "--out", str(out)]
    subprocess.run([*command, "--maildir", str(maildir)], check=True)
    loaded: list[tuple[str, dict[str, Any]]] = pickle.loads(out.read_bytes())
    return loaded


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("other", type=Path, nargs="?")
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--maildir", type=Path, help="a Maildir to read instead")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    maildir = (args.maildir or HERE / "out" / f"maildir-{args.count}").resolve()
    if args.child:
        _child(args.child, maildir, args.out)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        mine = _parsed(HERE.parent, maildir, Path(folder))
        theirs = _parsed(args.other.resolve(), maildir, Path(folder))
    differences, largest = 0, 0.0
    for (name, ours), (_, other) in zip(mine, theirs, strict=True):
        apart = abs(ours["language"][1] - other["language"][1])
        largest = max(largest, apart)
        for key in ours:
            if ours[key] != other[key]:
                differences += 1
                print(
                    f"{name}: {key}: {str(ours[key])[:200]!r} != {str(other[key])[:200]!r}"
                )
    print(f"{len(mine)} messages compared, {differences} differences")
    print(f"largest difference in language confidence: {largest:.3g}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
