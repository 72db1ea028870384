"""`R`: the figures a shop manages by, over a period, with charts in the terminal.

The same figures as `comptoir report` (storage/sla/figures.py), for the last
7, 30, 90 or 365 days; beside them one chart at a time (Tab shows the next).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual_plotext import PlotextPlot

from console.i18n import N_, _
from console.l10n import day, weekday_names
from console.tui.badges import span
from console.tui.localized import translate_bindings
from console.tui.report_data import ReportData, load_report
from storage.connection import Store
from storage.sla.policy import SlaSettings

Chart = Callable[[Any, ReportData], None]  # (plotext Plot, data) -> draws


def _share(value: object) -> str:
    return "-" if not isinstance(value, int | float) else f"{value * 100:.0f} %"


def _duration(seconds: object) -> str:
    return span(seconds) if isinstance(seconds, int | float) else "-"


def _time_rows(f: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    rows = []
    for metric, label in (
        ("first_response", _("First response")),
        ("next_response", _("Next response")),
        ("resolution", _("Resolution")),
    ):
        for kind, clock in (
            ("business_seconds", _("biz")),
            ("calendar_seconds", _("cal")),
        ):
            spread = f[metric][kind]
            rows.append(
                (
                    label if kind == "business_seconds" else "",
                    clock,
                    _duration(spread["median"]),
                    _duration(spread["p90"]),
                )
            )
    return rows


def _other_rows(f: dict[str, Any]) -> list[tuple[str, str]]:
    promises, csat, backlog = f["promises"], f["csat"], f["backlog"]
    return [
        (_("SLA first response"), _share(f["first_response"]["attainment"])),
        (_("SLA next response"), _share(f["next_response"]["attainment"])),
        (_("SLA resolution"), _share(f["resolution"]["attainment"])),
        (_("First-contact res."), _share(f["first_contact_resolution"])),
        (_("Reopen rate"), _share(f["reopen_rate"])),
        (
            _("Promises kept"),
            _("{share} of {count}").format(
                share=_share(promises["kept"]), count=promises["made"]
            ),
        ),
        (
            "CSAT",
            _("{share} of {count}").format(
                share=_share(csat["satisfied"]), count=csat["answers"]
            ),
        ),
        (
            _("Backlog"),
            _("{count}, median age {age}").format(
                count=backlog["open"],
                age=_duration(backlog["age_seconds"]["median"]),
            ),
        ),
    ]


def _grid(*justify: str) -> Table:
    table = Table.grid(padding=(0, 1, 0, 0))
    for n, side in enumerate(justify):
        table.add_column(
            style="dim" if n == 0 else "",
            justify=side,  # type: ignore[arg-type]
            no_wrap=True,
        )
    return table


def figures_table(data: ReportData) -> Group:
    """Labels and figures only: no text from customers reaches these tables."""
    f: dict[str, Any] = data.overall
    counts = _grid("left", "right")
    counts.add_row(_("Conversations"), str(f["conversations"]))
    counts.add_row(_("Messages in"), str(f["volume"]["messages_in"]))
    times = _grid("left", "left", "right", "right")
    times.add_row("", "", Text(_("median"), "dim"), Text("p90", "dim"))
    for row in _time_rows(f):
        times.add_row(row[0], Text(row[1], "dim"), row[2], row[3])
    others = _grid("left", "left")
    for label, value in _other_rows(f):
        others.add_row(label, value)
    return Group(counts, "", times, "", others)


def _weekday_chart(plt: Any, data: ReportData) -> None:
    days = data.overall["volume"]["by_weekday"]
    plt.bar(weekday_names(), list(days.values()))  # Monday first, as the figures
    plt.title(_("Messages in, by weekday"))


def _hour_chart(plt: Any, data: ReportData) -> None:
    hours = data.overall["volume"]["by_hour"]
    plt.bar([f"{h}" for h in hours], list(hours.values()))
    plt.title(_("Messages in, by hour"))


def _week_labels(data: ReportData) -> list[str]:
    return [week.split("-")[1] for week in data.weekly]


def _first_response_chart(plt: Any, data: ReportData) -> None:
    medians = [
        [
            (w["first_response"][kind]["median"] or 0) / 3600
            for w in data.weekly.values()
        ]
        for kind in ("business_seconds", "calendar_seconds")
    ]
    labels = [_("business"), _("calendar")]
    plt.multiple_bar(_week_labels(data), medians, labels=labels)
    plt.title(_("First response, median hours"))


def _attainment_chart(plt: Any, data: ReportData) -> None:
    labels = _week_labels(data)
    for metric, name in (
        ("first_response", _("first")),
        ("resolution", _("resolution")),
    ):
        shares = [100 * (w[metric]["attainment"] or 0) for w in data.weekly.values()]
        plt.plot(shares, label=name, marker="braille")
    plt.xticks(list(range(1, len(labels) + 1)), labels)
    plt.ylim(0, 100)
    plt.title(_("SLA attained per week, %"))


CHARTS: tuple[Chart, ...] = (
    _weekday_chart,
    _first_response_chart,
    _attainment_chart,
    _hour_chart,
)


class ReportsScreen(Screen[None]):
    DEFAULT_CSS = """
    ReportsScreen #report-title { height: 1; padding: 0 1; background: $boost; }
    ReportsScreen #report-figures { width: 44; padding: 1 1; }
    ReportsScreen PlotextPlot { width: 1fr; height: 1fr; }
    """
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", N_("Back")),
        Binding("tab", "next_chart", N_("Next chart")),
        Binding("1", "period(7)", N_("7 days")),
        Binding("2", "period(30)", N_("30 days")),
        Binding("3", "period(90)", N_("90 days")),
        Binding("4", "period(365)", N_("Year")),
    ]

    def __init__(
        self, store: Store, sla: SlaSettings, zone: ZoneInfo, now: datetime
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.store, self.sla, self.zone, self.now = store, sla, zone, now
        self.days = 30
        self.chart = 0
        self.data: ReportData | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="report-title")
        with Horizontal():
            yield Static(Text(_("Counting…"), "dim"), id="report-figures")
            yield PlotextPlot()
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="report")
    async def load(self) -> None:
        try:
            self.data = await load_report(
                self.store, self.sla, self.zone, self.now, self.days
            )
        except Exception as error:  # a toast, never a traceback on screen
            self.notify(_("Reports: {error}").format(error=error), severity="error")
            return
        self.show()

    def show(self) -> None:
        if self.data is None:
            return
        start, end = self.data.since, self.data.until
        self.query_one("#report-title", Static).update(
            Text.assemble(
                (_("Reports") + " ", "bold"),
                _("last {days} days, {start} to {end}").format(
                    days=self.days, start=day(start), end=day(end)
                ),
                (_("   1-4 period · tab next chart · esc back"), "dim"),
            )
        )
        self.query_one("#report-figures", Static).update(figures_table(self.data))
        plot = self.query_one(PlotextPlot)
        plot.plt.clear_figure()
        CHARTS[self.chart](plot.plt, self.data)
        plot.refresh()

    def action_next_chart(self) -> None:
        self.chart = (self.chart + 1) % len(CHARTS)
        self.show()

    def action_period(self, days: int) -> None:
        self.days = days
        self.load()
