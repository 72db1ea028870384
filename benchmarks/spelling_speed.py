"""The spelling check on a long reply, per language: what the check before
sending costs (a fresh speller, nothing remembered), beside opening the
dictionary once and the suggestions for one misspelt word.

The long reply is the labelled messages of tests/data/languages/ of the
language, one after the other (700 to 900 words), with one word misspelt in
ten. Prints the median, min and max over `--repeat` runs.

    .venv/bin/python benchmarks/spelling_speed.py [--repeat 9]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from console.spelling import WORD, Dictionaries

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "languages"


def long_reply(language: str) -> str:
    text = (
        (DATA / f"{language}.txt").read_text(encoding="utf-8").replace("\n%%\n", "\n")
    )
    count = 0

    def typo(match: object) -> str:
        nonlocal count
        word = match.group()  # type: ignore[attr-defined]
        count += 1
        return (
            word[:-2] + word[-1] + word[-2]
            if count % 10 == 0 and len(word) > 4
            else word
        )

    return WORD.sub(typo, text)


def _figures(times: list[float]) -> str:
    ms = [t * 1000 for t in times]
    return (
        f"median {statistics.median(ms):7.2f} ms (min {min(ms):.2f}, max {max(ms):.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    for language in ("fr", "en", "de", "es", "it"):
        dictionaries = Dictionaries()
        start = time.perf_counter()
        if (speller := dictionaries.speller(language)) is None:
            print(f"{language}: {dictionaries.why_off(language)}")
            continue
        opened = time.perf_counter() - start
        text = long_reply(language)
        words = len(WORD.findall(text))
        checks, found = [], 0
        for _ in range(args.repeat):
            fresh = speller.fresh()
            start = time.perf_counter()
            found = len(fresh.unknown(text))
            checks.append(time.perf_counter() - start)
        start = time.perf_counter()
        speller.suggest("comande")
        suggest = time.perf_counter() - start
        print(
            f"{language}: {words} words, {found} unknown; check {_figures(checks)}; "
            f"dictionary opened in {opened * 1000:.0f} ms; "
            f"suggestions for one word in {suggest * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
