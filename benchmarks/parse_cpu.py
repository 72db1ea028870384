"""CPU time of a parse worker's job over a generated Maildir, in process, by step.

What a parse worker (storage/pipeline/workers.py) does to each message of a sync or
an import: parse (`parse_email`), read the customer's language, pack the raw
bytes (content hash, compression): each step alone, then the whole (what
the pool runs: `parse_to_send`, or `parse_raws` in a checkout without it, in
batches of 500 as a fetch sends them); and what the worker sends back through
its pipe: the pickled results' size, the worker's time to pickle them
("dumps") and the storing process's to unpickle them and make the records
with their raw bytes (`with_raw`) ("loads"). The messages are
given CRLF line ends, as IMAP hands them over (Maildir files keep LF).
Each round runs in a fresh process of each checkout, alternated (this one,
then `--reference`, then this one...): CPU seconds (process_time) per step,
median (min, max).

    .venv/bin/python benchmarks/parse_cpu.py [--count 10000] [--rounds 5]
        [--reference OTHER_CHECKOUT] [--lf]
"""

from __future__ import annotations

import argparse
import gc
import json
import pickle
import statistics
import subprocess
import sys
import time
from pathlib import Path

from generate_mail import maildir_messages  # beside this script: stdlib only

HERE = Path(__file__).resolve().parent
STEPS = ("parse", "language", "pack", "total", "dumps", "loads")
BATCH = 500  # messages a fetch hands a worker at once


def _messages(count: int, crlf: bool) -> list[bytes]:
    raws = maildir_messages(count)
    if crlf:
        raws = [raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n") for raw in raws]
    return raws


def _child(root: Path, count: int, crlf: bool) -> dict[str, float]:
    """One round in this process, with `root`'s code: CPU seconds per step."""
    sys.path.insert(0, str(root))
    from plugins.api import RawMessage
    from plugins.email.channel import EmailChannel
    from storage.ingest_rows import customer_language, pack_raw
    from storage.languages import shop_detector
    from storage.pipeline import workers

    batched = getattr(sys.modules["storage.ingest_rows"], "customer_languages", None)
    raws = [RawMessage(f"m{n}", raw) for n, raw in enumerate(_messages(count, crlf))]
    detector = shop_detector()
    if len(detector.languages) > 1:
        detector.warm()
    # Imports and caches, as the pool's warm-up; each step alone, so that both
    # checkouts start the same (how parse_raws orders them moved the heap: the
    # parse step alone after it differed by 8 %).
    for raw in raws[:50]:
        customer_language(EmailChannel.parse(raw))
        pack_raw(raw.raw)
    if batched is not None:
        batched([EmailChannel.parse(raw) for raw in raws[:50]])
    gc.freeze()  # and the collector's settings of a pool's worker
    gc.set_threshold(50_000, 20, 20)
    clock = time.process_time
    start = clock()
    parsed = [EmailChannel.parse(raw) for raw in raws]
    after_parse = clock()
    if batched is None:
        for message in parsed:
            customer_language(message)
    else:  # as parse_raws does, in batches, where the checkout can
        for at in range(0, len(parsed), BATCH):
            batched(parsed[at : at + BATCH])
    after_language = clock()
    for raw in raws:
        pack_raw(raw.raw)
    after_pack = clock()
    batches = [raws[at : at + BATCH] for at in range(0, len(raws), BATCH)]
    pooled = getattr(workers, "parse_to_send", workers.parse_raws)
    results = [pooled(EmailChannel, batch) for batch in batches]
    after_whole = clock()
    sent = [pickle.dumps(result, pickle.HIGHEST_PROTOCOL) for result in results]
    after_dumps = clock()
    for data, batch in zip(sent, batches, strict=True):
        workers.with_raw(pickle.loads(data), batch)
    after_loads = clock()
    return {
        "parse": after_parse - start,
        "language": after_language - after_parse,
        "pack": after_pack - after_language,
        "total": after_whole - after_pack,
        "dumps": after_dumps - after_whole,
        "loads": after_loads - after_dumps,
        "pickled_mb": sum(map(len, sent)) / 1e6,
    }


def _round(python: str, root: Path, count: int, crlf: bool) -> dict[str, float]:
    command = [python, __file__, "--child", str(root), "--count", str(count)]
    if not crlf:
        command.append("--lf")
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(done.stdout)
    return result


def _summary(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f} ({min(values):.2f}, {max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reference", type=Path, help="another checkout's root")
    parser.add_argument("--lf", action="store_true", help="LF line ends, as Maildir")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, args.count, not args.lf)))
        return
    checkouts = {"this": (sys.executable, HERE.parent)}
    if args.reference:
        other = args.reference.resolve()
        checkouts["reference"] = (str(other / ".venv/bin/python"), other)
    rounds: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
    for index in range(args.rounds):
        order = list(checkouts) if index % 2 == 0 else list(reversed(checkouts))
        for name in order:
            python, root = checkouts[name]
            rounds[name].append(_round(python, root, args.count, not args.lf))
    print(f"{args.count} messages, {args.rounds} rounds, CPU seconds median (min, max)")
    for name, found in rounds.items():
        print(f"{name}: {checkouts[name][1]}")
        for step in STEPS:
            print(f"  {step:9} {_summary([r[step] for r in found])}")
        print(f"  pickled   {_summary([r['pickled_mb'] for r in found])} MB")
    if args.reference:
        pairs = [
            a["total"] / b["total"]
            for a, b in zip(rounds["this"], rounds["reference"], strict=True)
        ]
        print(f"this / reference, total, paired: {_summary(pairs)}")


if __name__ == "__main__":
    main()
