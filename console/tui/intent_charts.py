"""The reports screen's recurring problems: messages per intent and week, and
the products named most in `damaged` and `return` messages. Each bar is a line
of the list beside the chart; Enter shows its conversations in the queue.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from console.recurring import Recurring
from console.text import one_line
from storage.intents.report import Bar


def intent_week_chart(plt: Any, recurring: Recurring) -> list[Bar]:
    """Stacked bars, one per week, a colour per intent; the bars listed by
    week, then intent."""
    weeks = list(recurring.weeks)
    intents = sorted({i for bars in recurring.weeks.values() for i in bars})
    if not weeks:
        plt.title("Messages per intent and week: no intents read yet")
        return []
    counts = [
        [recurring.weeks[w][i].count if i in recurring.weeks[w] else 0 for w in weeks]
        for i in intents
    ]
    plt.stacked_bar([w.split("-")[1] for w in weeks], counts, labels=intents)
    plt.title("Messages per intent, by week")
    return [
        recurring.weeks[w][i] for w in reversed(weeks) for i in intents
        if i in recurring.weeks[w]
    ]  # fmt: skip


def products_chart(plt: Any, recurring: Recurring) -> list[Bar]:
    """The products named most in damaged and return messages."""
    bars = [
        (intent, bar)
        for intent in ("damaged", "return")
        for bar in recurring.products.get(intent, [])[:6]
    ]
    if not bars:
        plt.title("No product named in damaged or return messages")
        return []
    labels = [f"{one_line(b.label, 18)} ({i[0]})" for i, b in bars]
    plt.bar(labels, [b.count for _, b in bars], orientation="horizontal")
    plt.title("Products named: damaged (d), return (r)")
    return [b for _, b in bars]


class BarList(OptionList):
    """The chart's bars, one per line: Enter opens its conversations."""

    DEFAULT_CSS = "BarList { width: 34; height: 1fr; border-left: solid $primary 30%; }"

    def show(self, bars: list[Bar]) -> None:
        self.clear_options()
        self.bars = bars
        self.add_options(
            [
                Option(
                    Text.assemble(
                        (f"{b.count:>4} ", "bold"),
                        one_line(b.label, 24),
                        (f" {b.period.partition('-')[2]}" if b.period else "", "dim"),
                    )
                )
                for b in bars
            ]
        )
        self.display = bool(bars)

    def chosen(self) -> Bar | None:
        index = self.highlighted
        bars: list[Bar] = getattr(self, "bars", [])
        return bars[index] if index is not None and index < len(bars) else None
