"""Promise detection against the hand-labelled sentences: precision and recall.

    .venv/bin/python benchmarks/promise_detection.py

Reads tests/data/promises.tsv (the sentences the detector was written with),
promises_heldout.tsv (written after it, then used to improve it) and
promises_fresh.tsv (written after the last change, never used to tune it);
prints, for each, the counts, precision and recall, and every sentence it gets
wrong. Prints one JSON line.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from storage.sla.calendar import WEEKDAYS, Calendar, weekly
from storage.sla.promises import detect_promises

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
SHOP = Calendar(
    "shop", "Europe/Paris", weekly({d: [("09:00", "17:30")] for d in WEEKDAYS[:5]})
)
SENT = datetime(2026, 6, 3, 10, 15, tzinfo=ZoneInfo("Europe/Paris"))


def measure(name: str) -> dict[str, object]:
    hits = wrong = missed = 0
    total = 0
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, sentence = line.split("\t")
        total += 1
        found = bool(detect_promises(sentence, SENT, SHOP))
        if label == "1" and found:
            hits += 1
        elif label == "1":
            missed += 1
            print(f"  missed: {sentence}")
        elif found:
            wrong += 1
            print(f"  wrongly proposed: {sentence}")
    return {
        "set": name,
        "sentences": total,
        "promises": hits + missed,
        "precision": round(hits / max(1, hits + wrong), 3),
        "recall": round(hits / max(1, hits + missed), 3),
    }


def main() -> None:
    figures = []
    for name in ("promises.tsv", "promises_heldout.tsv", "promises_fresh.tsv"):
        print(name)
        result = measure(name)
        print(f"  {result}")
        figures.append(result)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
