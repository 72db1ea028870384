"""How a search hit is printed, shared by the typer command and the fast path."""

from __future__ import annotations

from console.text import one_line

# Spelled out rather than imported: typing costs start-up time here.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import tzinfo

    from storage.search import SearchHit


def hit_line(hit: SearchHit, zone: tzinfo | None) -> str:
    """For a person, in the shop's `zone`; without one, a JSON line (UTC)."""
    if zone is None:
        from console.jsonout import dumps

        return dumps(hit.as_dict())
    from storage.timewords import format_instant

    return (
        f"{hit.conversation_id:>7}  {format_instant(hit.sent_at, zone)}  "
        f"{one_line(hit.sender_name or hit.sender_address, 22):<22}  "
        f"{one_line(hit.subject, 40):<40}  {one_line(hit.snippet, 80)}"
    )
