"""`comptoir report --by intent`'s own part: recurring problems, each bar with
the search that lists its conversations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from console.text import one_line

if TYPE_CHECKING:
    from storage.connection import Store
    from storage.intents.report import Bar
    from storage.sla.history import History


@dataclass(frozen=True, slots=True)
class Recurring:
    about: dict[int, str]  # conversation: what it was about
    weeks: dict[str, dict[str, Bar]]
    growing: list[tuple[str, int, int]]
    products: dict[str, list[Bar]]

    def as_json(self) -> dict[str, object]:
        from storage.intents.report import bar_json

        return {
            "weeks": {
                week: {i: bar_json(b) for i, b in bars.items()}
                for week, bars in self.weeks.items()
            },
            "growing": [
                {"intent": i, "before": before, "after": after}
                for i, before, after in self.growing
            ],
            "products": {
                i: [bar_json(b) for b in bars] for i, bars in self.products.items()
            },
        }

    def lines(self) -> list[str]:
        intents = sorted({i for bars in self.weeks.values() for i in bars})
        lines = ["messages per intent and week:"]
        lines.append("  " + " " * 18 + "".join(f"{w[-3:]:>6}" for w in self.weeks))
        for intent in intents:
            counts = [
                bars[intent].count if intent in bars else 0
                for bars in self.weeks.values()
            ]
            lines.append(f"  {intent:<18}" + "".join(f"{n:>6}" for n in counts))
        lines += ["", "growing fastest (first half of the weeks, second half):"]
        lines += [
            f"  {i:<18} {before:>4} -> {after}" for i, before, after in self.growing[:5]
        ]
        if not self.growing:
            lines.append("  none")
        for intent, bars in self.products.items():
            lines += ["", f"products named most in {intent} messages:"]
            lines += [
                f"  {b.count:>4}  {one_line(b.label, 40):<40}  /{b.query}"
                for b in bars[:8]
            ] or ["  none"]
        return lines


async def recurring(
    store: Store, histories: Sequence[History], since: int, until: int, zone: ZoneInfo
) -> Recurring:
    from storage.intents import report

    weeks = await report.weekly(store, since, until, zone)
    return Recurring(
        await report.conversation_intents(store, [h.facts.id for h in histories]),
        weeks,
        report.growing(weeks),
        await report.products(store, since, until),
    )
