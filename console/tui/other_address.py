"""ctrl+l in the composer: the reply goes to the customer's next identity (an
address, a chat), on the channel where it last wrote."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

from console.i18n import _

if TYPE_CHECKING:
    from console.tui.composer import Composer


async def next_identity(composer: Composer, conversation_id: int) -> None:
    """Move the composer's reply to the identity after the one it goes to now,
    and say where it goes."""
    found = await composer.inbox.writing.addresses(conversation_id)
    if len(found) < 2:
        composer.notify(_("The customer has no other address."), timeout=4)
        return
    vias = [via for via, _where, _to in found]
    now = vias.index(composer.via) if composer.via in vias else 0
    composer.via, where, recipients = found[(now + 1) % len(found)]
    composer.fields(recipients)
    label = _("Reply to {where} · ctrl+l another · ctrl+s sends · esc leaves").format(
        where=where
    )
    composer.query_one("#composer-label", Static).update(label)
