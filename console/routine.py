"""The intent reader and the automation as the config describes them, for the
CLI and the console alike (kept out of the commands so both build them once)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from console.text import one_line

if TYPE_CHECKING:
    from console.config import Config
    from storage.automation.answers import DecisionRecord
    from storage.automation.run import Automation
    from storage.connection import Store
    from storage.intents.readings import IntentRow
    from storage.intents.service import IntentReader


def senders(config: Config) -> dict[str, str]:
    """Each channel instance's From address (its own `address`, else the shop's)."""
    shop = config.shop.addresses[0] if config.shop.addresses else ""
    return {
        name: str(options.get("address") or shop)
        for name, options in config.channels.items()
    }


def reader_for(config: Config, keep: bool = True) -> IntentReader:
    from storage.intents.service import IntentReader

    return IntentReader(config.intents, keep)


def automation_for(config: Config, keep: bool = True) -> Automation:
    from storage.automation.run import Automation, Shop

    shop = Shop(
        config.shop.name,
        config.shop.agent,
        config.shop.addresses[0] if config.shop.addresses else "",
        senders(config),
    )
    return Automation(reader_for(config, keep), config.automation, shop)


async def answer_new(store: Store, config: Config) -> None:
    """After new mail, when [automation] is on for some intent: read the
    intents of the messages young enough to answer and apply it (each decision
    recorded; the answers wait in the outbox). The rest is read by the app or
    `comptoir intents read`: a big first sync pays nothing for it."""
    if config.automation.active:
        await automation_for(config).run(store)


@dataclass(frozen=True, slots=True)
class Routine:
    """What a conversation's customer messages ask, and the automation's
    decisions on them: `conversations show` prints them."""

    intents: list[IntentRow]
    decisions: list[DecisionRecord]

    def as_json(self, iso: Callable[[int], str | None]) -> dict[str, object]:
        """As `--json` gives it: times in ISO-8601 UTC."""
        return {
            "intents": [{**asdict(i), "read_at": iso(i.read_at)} for i in self.intents],
            "automation": [{**asdict(d), "at": iso(d.at)} for d in self.decisions],
        }

    def lines(self, zone: tzinfo) -> list[str]:
        lines = ["intents:"] if self.intents else []
        for row in self.intents:
            order = (
                f", order {row.order_number} ({row.order_match})"
                if row.order_number
                else ""
            )
            also = f", also {', '.join(row.also)}" if row.also else ""
            who = " (corrected)" if row.source == "person" else ""
            lines.append(
                f"  #{row.message_id} {row.intent} {row.confidence:.0%}{who}{order}{also}"
            )
        lines += ["automation:"] if self.decisions else []
        for d in self.decisions:
            when = datetime.fromtimestamp(d.at, zone)
            lines.append(
                f"  {when:%Y-%m-%d %H:%M} #{d.message_id} {d.intent} ({d.mode}): "
                f"{d.action}, {one_line(d.reason)}"
            )
        return lines


async def routine_of(store: Store, conversation_id: int) -> Routine:
    from storage.automation.answers import conversation_decisions
    from storage.intents.readings import conversation_intents

    return Routine(
        await conversation_intents(store, conversation_id),
        await conversation_decisions(store, conversation_id),
    )
