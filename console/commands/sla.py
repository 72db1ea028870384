"""`comptoir sla show|explain|replay`: policies, one conversation's timers, what-ifs."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from console.i18n import _
from console.runtime import EXIT_USAGE, emit_json, fail, parse_when, run, state

if TYPE_CHECKING:
    from console.config import Config
    from storage.sla.calendar import Calendar
    from storage.sla.policy import SlaSettings
    from storage.sla.timers import Timer

app = typer.Typer(
    help="Service levels: policies, timers, replays.", no_args_is_help=True
)
JsonOpt = Annotated[bool, typer.Option("--json", help="JSON on stdout.")]


def load_sla(path: Path | None) -> tuple[Config, SlaSettings]:
    """The config and its service levels; a config mistake exits 2."""
    from console.config import load_config
    from console.config_sla import sla_settings
    from plugins.api import ConfigurationError

    try:
        config = load_config(path)
    except ConfigurationError as exc:
        fail(f"{exc.title}: {exc.message}" if exc.title else exc.message, EXIT_USAGE)
    return config, sla_settings(config)


def _hours(calendar: Calendar) -> list[str]:
    from storage.sla.calendar import WEEKDAYS

    def hhmm(m: int) -> str:
        return f"{m // 60:02d}:{m % 60:02d}"

    return [
        f"{day} " + ", ".join(f"{hhmm(a)}-{hhmm(b)}" for a, b in spans)
        for day, spans in zip(WEEKDAYS, calendar.hours, strict=True)
        if spans
    ]


@app.command("show")
def show(ctx: typer.Context, json: JsonOpt = False) -> None:
    """Policies in the order they are tried, calendars, the next holidays."""
    _config, settings = load_sla(state(ctx).config_path)
    today = datetime.now(UTC).date()
    calendars = {
        name: {
            "timezone": c.timezone,
            "hours": _hours(c),
            "holidays": c.country
            and f"{c.country}{'-' + c.subdivision if c.subdivision else ''}",
            "next_closed": [
                (h.day.isoformat(), h.name) for h in c.next_holidays(today)
            ],
        }
        for name, c in settings.calendars.items()
    }
    policies = [
        {
            "name": p.name,
            "when": {
                k: sorted(v)
                for k, v in (
                    ("channel", p.channels),
                    ("priority", p.priorities),
                    ("tags", p.tags),
                    ("customer_tags", p.customer_tags),
                )
                if v
            },
            "targets": {m: str(t) for m, t in p.targets.items()},
            "calendar": p.calendar,
            "at_risk": p.at_risk,
        }
        for p in settings.policies
    ]
    if json:
        emit_json({"policies": policies, "calendars": calendars})
        return
    lines = [_("policies (the first that matches applies):")]
    for n, p in enumerate(settings.policies, 1):
        conditions = (
            (_("channel"), p.channels),
            (_("priority"), p.priorities),
            (_("tags"), p.tags),
            (_("customer tags"), p.customer_tags),
        )
        when = "; ".join(f"{k} {', '.join(sorted(v))}" for k, v in conditions if v)
        targets = ", ".join(f"{m} {t}" for m, t in p.targets.items())
        said = _("{number}. {name}  when {when}: {targets} ({calendar})").format(
            number=n,
            name=p.name,
            when=when or _("any"),
            targets=targets,
            calendar=p.calendar,
        )
        lines.append("  " + said)
    for name, c in settings.calendars.items():
        lines += ["", _("calendar {name} ({zone}):").format(name=name, zone=c.timezone)]
        lines += [f"  {h}" for h in _hours(c)]
        if c.country:
            said = _("public holidays of {country}")
            lines.append("  " + said.format(country=calendars[name]["holidays"]))
        closed = _("closed {day}: {holiday}")
        lines += [
            "  " + closed.format(day=h.day, holiday=h.name)
            for h in c.next_holidays(today)
        ]
    typer.echo("\n".join(lines))


def _timer_lines(timer: Timer, zone: tzinfo) -> list[str]:
    from storage.timewords import format_instant, format_span

    def when(stamp: int) -> str:
        return format_instant(stamp, zone, weekday=True)

    head = (
        f"{timer.metric} #{timer.cycle}"
        if timer.cycle > 1 or timer.metric in ("next_response", "promise")
        else timer.metric
    )
    lines = [
        f"{head}: {timer.state}, target {timer.target} ({timer.policy or 'promise'}), "
        f"due {when(timer.due)}; {format_span(timer.business_elapsed, False)} business, "
        f"{format_span(timer.calendar_elapsed)} calendar"
        + (f", {format_span(timer.overdue)} overdue" if timer.overdue else "")
    ]
    lines += [f"  {when(s.at)}  {s.what:<8} {s.why}" for s in timer.steps]
    return lines


def timer_json(timer: Timer) -> dict[str, object]:
    """A timer for scripts: instants in ISO-8601 UTC, durations in seconds."""
    from dataclasses import asdict

    from console.jsonout import stamps_as_iso

    found = stamps_as_iso(asdict(timer), "started", "due", "stopped")
    found["risk_at"] = stamps_as_iso({"at": timer.risk_at or None}, "at")["at"]
    found["steps"] = [stamps_as_iso(asdict(step), "at") for step in timer.steps]
    return found


@app.command("explain")
def explain(
    ctx: typer.Context,
    conversation_id: Annotated[int, typer.Argument(help="The conversation's number.")],
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            help="The timers as they stood then: 2026-05-04 14:00 (shop time), "
            "2h (ago) [default: now].",
        ),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Each timer's story: started, paused, resumed, met or breached, and why."""
    from zoneinfo import ZoneInfo

    from storage.connection import open_store
    from storage.sla.one_conversation import conversation_timers

    config, settings = load_sla(state(ctx).config_path)
    zone = ZoneInfo(config.shop.timezone)
    stamp = parse_when(at, "--at", zone) if at else None
    now = datetime.now(UTC) if stamp is None else datetime.fromtimestamp(stamp, UTC)

    async def go() -> list[Timer]:
        async with open_store(state(ctx).db_path) as store:
            return await conversation_timers(
                store, conversation_id, now, settings.policies, settings.calendars
            )

    timers = run(go(), state(ctx).db_path)
    if json:
        emit_json(
            {
                "conversation": conversation_id,
                "at": now,
                "timers": [timer_json(t) for t in timers],
            }
        )
        return
    if not timers:
        said = _(
            "conversation {number} has no timer (no customer message, or no policy "
            "applies)"
        )
        typer.echo(said.format(number=conversation_id))
        return
    lines: list[str] = []
    for timer in timers:
        lines += [*_timer_lines(timer, zone), ""]
    typer.echo("\n".join(lines).rstrip())


@app.command("replay")
def replay(
    ctx: typer.Context,
    policy: Annotated[
        Path, typer.Option("--policy", help="A config file whose [sla] to try.")
    ],
    since: Annotated[
        str, typer.Option(help="Period start (2026-01-31 or 30d).")
    ] = "30d",
    until: Annotated[
        str | None, typer.Option(help="Period end [default: now].")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """SLA attainment over a period under another policy file, beside the current."""
    from zoneinfo import ZoneInfo

    from console.config_sla import sla_settings
    from storage.connection import open_store
    from storage.sla.figures import attainment
    from storage.sla.history import History, active_between

    if not policy.is_file():
        fail(_("--policy {path}: no such file").format(path=policy), EXIT_USAGE)
    config, current = load_sla(state(ctx).config_path)
    other_config, _current = load_sla(policy)
    other = sla_settings(replace_zone(other_config, config.shop.timezone))
    zone = ZoneInfo(config.shop.timezone)
    start = parse_when(since, "--since", zone)
    end = (
        parse_when(until, "--until", zone)
        if until
        else int(datetime.now(UTC).timestamp())
    )

    async def go() -> list[History]:
        async with open_store(state(ctx).db_path) as store:
            return await active_between(store, start, end)

    histories = run(go(), state(ctx).db_path)
    now_figures = attainment(histories, current, start, end)
    then_figures = attainment(histories, other, start, end)
    if json:
        emit_json(
            {
                "conversations": len(histories),
                "current": now_figures,
                "replayed": then_figures,
            }
        )
        return

    def pct(value: float | None) -> str:
        return "-" if value is None else f"{value:.1%}"

    said = _("{count} conversations; attainment  current -> {policy}")
    lines = [said.format(count=len(histories), policy=policy.name)]
    lines += [
        f"  {m:<15} {pct(now_figures[m]):>7} -> {pct(then_figures[m]):>7}"
        for m in now_figures
    ]
    typer.echo("\n".join(lines))


def replace_zone(config: Config, zone: str) -> Config:
    """A policy file without [shop] uses the shop's time zone, not the machine's."""
    from dataclasses import replace

    if config.sla is not None or config.shop.timezone == zone:
        return config
    return replace(config, shop=replace(config.shop, timezone=zone))
