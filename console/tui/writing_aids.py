"""What helps write a reply in the customer's language: the signature, the
speller, the customer's own files, and the warnings of the check before sending
(an announced attachment missing, words no dictionary knows)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from console.i18n import _
from console.signature import render_signature
from console.spelling import DICTIONARIES, Speller
from plugins.api import Attachment
from storage.language_store import conversation_language
from storage.outbox_state import reply_attachments
from storage.reply_attachments import mentioned_attachment

if TYPE_CHECKING:
    from console.tui.inbox_data import Inbox

SHOWN_WORDS = 8  # unknown words named in the check before sending


@dataclass(frozen=True, slots=True)
class Aids:
    language: str  # the conversation's, else the shop's first
    speller: Speller | None
    signature: str  # '' when none applies
    spelling_off: str  # why there is no speller ('' when there is, or it is off)


async def writing_aids(inbox: Inbox, conversation_id: int) -> Aids:
    settings = inbox.settings
    said = (await conversation_language(inbox.store, conversation_id)).language
    language = said or settings.languages[0]
    context = await inbox.writing.reply_context(conversation_id)
    signature = render_signature(
        settings.replies.signatures, settings.agent, language, context
    )
    if not settings.replies.spelling:
        return Aids(language, None, signature, "")
    # Read here: storage.reply_context loads jinja2, which the first screen does not need.
    from storage.reply_context import known_words

    known = [
        *await known_words(inbox.store, conversation_id),
        *settings.replies.words,
        settings.shop_name,
        settings.agent,
    ]
    speller = DICTIONARIES.speller(language, known)
    off = "" if speller else DICTIONARIES.why_off(language)
    return Aids(language, speller, signature, off)


async def customer_files(inbox: Inbox, conversation_id: int) -> list[Attachment]:
    """The files of the customer's latest message that had any."""
    detail = await inbox.conversation(conversation_id)
    for message in reversed(detail.messages):
        if message.direction == "in" and message.attachments:
            return await reply_attachments(inbox.store, message.id)
    return []


def attachment_problems(
    text: str, attached: Sequence[str], expects: Sequence[str] = ()
) -> list[str]:
    """What to say before sending. `attached`: the files' names; `expects`:
    what the canned replies inserted say they need (`attach: invoice`)."""
    problems = []
    words = mentioned_attachment(text)
    if words and not attached:
        said = _("The reply says “{words}” but nothing is attached.")
        problems.append(said.format(words=words))
    if not attached:  # a file attached is taken for the one expected
        said = _(
            "The canned reply expects an attachment ({file}), and none is attached."
        )
        problems += [
            said.format(file=wanted)
            for wanted in dict.fromkeys(e.strip() for e in expects if e.strip())
        ]
    return problems


def warnings(
    text: str, files: list[Attachment], expects: list[str], speller: Speller | None
) -> list[str]:
    """What the person may want to fix before the reply goes (or send anyway)."""
    found = attachment_problems(text, [f.filename for f in files], expects)
    unknown = (
        list(dict.fromkeys(u.word for u in speller.unknown(text))) if speller else []
    )
    if unknown:
        more = (
            _(" and {count} more").format(count=len(unknown) - SHOWN_WORDS)
            if len(unknown) > SHOWN_WORDS
            else ""
        )
        words = ", ".join(unknown[:SHOWN_WORDS])
        said = _("Not in the dictionary: {words} (F7 suggests).")
        found.append(said.format(words=words + more))
    return found
