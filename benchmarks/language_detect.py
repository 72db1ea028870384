"""The language detector on the labelled messages of tests/data/languages/.

Prints, per language and overall: accuracy (the detected language is the
label), how many detections were sure (they may decide a conversation's
language) and how accurate those were; the same for short messages (under 40
characters); then messages per second over the whole set, read `--repeat`
times (median, min and max), beside the time to read the model once. `--whole`
reads quoted history and signatures too; `--first-bonus 1` gives the shop's
first language no edge: both show what each choice is worth.

    .venv/bin/python benchmarks/language_detect.py [--repeat 7]
        [--languages fr,en,de,es,it] [--whole] [--first-bonus 2]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storage.languages import DEFAULT_LANGUAGES, Detector

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "languages"
SHORT = 40


def labelled(folder: Path = DATA) -> list[tuple[str, str]]:
    """(language, message) for every message of every `LANG.txt`, in order."""
    found = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found += [(path.stem, part.strip("\n")) for part in text.split("\n%%\n")]
    return found


def _row(name: str, results: list[tuple[bool, bool]]) -> str:
    right = sum(ok for ok, _ in results)
    sure = [ok for ok, is_sure in results if is_sure]
    return (
        f"{name:<8} {len(results):>5} {right / len(results):>9.1%} "
        f"{len(sure) / len(results):>7.1%} {sum(sure) / max(1, len(sure)):>13.1%}"
    )


def accuracy(
    detector: Detector, messages: list[tuple[str, str]], whole: bool = False
) -> None:
    per: dict[str, list[tuple[bool, bool]]] = {}
    short: list[tuple[bool, bool]] = []
    wrong = []
    for label, text in messages:
        found = detector.detect(text) if whole else detector.detect_message(text)
        ok = found is not None and found.language == label
        result = (ok, found is not None and found.sure)
        per.setdefault(label, []).append(result)
        if len(text) < SHORT:
            short.append(result)
        if not ok:
            guess = f"{found.language} {found.confidence:.2f}" if found else "none"
            wrong.append(f"  {label} read as {guess}: {' '.join(text.split())[:60]}")
    print(
        f"{'language':<8} {'msgs':>5} {'accuracy':>9} {'sure':>7} {'sure correct':>13}"
    )
    for label in sorted(per):
        print(_row(label, per[label]))
    print(_row("short", short))
    print(_row("all", [r for rows in per.values() for r in rows]))
    print("misread:" if wrong else "misread: none")
    print("\n".join(wrong))


def speed(detector: Detector, messages: list[tuple[str, str]], repeat: int) -> None:
    texts = [text for _, text in messages]
    rates = []
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            detector.detect_message(text)
        rates.append(len(texts) / (time.perf_counter() - start))
    print(
        f"messages/s over {len(texts)} messages, {repeat} runs: "
        f"median {statistics.median(rates):,.0f} "
        f"(min {min(rates):,.0f}, max {max(rates):,.0f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--languages", default=",".join(DEFAULT_LANGUAGES))
    parser.add_argument(
        "--whole", action="store_true", help="read quotes and signatures too"
    )
    parser.add_argument(
        "--first-bonus", type=float, default=2.0, help="1 gives no edge to the first"
    )
    args = parser.parse_args()
    messages = labelled()
    detector = Detector(args.languages.split(","), args.first_bonus)
    start = time.perf_counter()
    detector.warm()
    print(f"model read in {time.perf_counter() - start:.2f} s")
    wanted = set(detector.languages)
    kept = [(label, text) for label, text in messages if label in wanted]
    accuracy(detector, kept, args.whole)
    speed(detector, messages, args.repeat)


if __name__ == "__main__":
    main()
