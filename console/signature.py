"""The signature under a reply: the agent's or the shop's, in the conversation's
language (console/reply_settings.py chooses), rendered like a canned reply,
and placed below the reply's own text, above any quoted history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.reply_settings import Signatures
from storage.quotes import split_quoted

if TYPE_CHECKING:
    from storage.reply_templates import ReplyContext


def render_signature(
    signatures: Signatures, agent: str, language: str | None, context: ReplyContext
) -> str:
    """The signature's text ('' when none applies or it cannot be rendered:
    `comptoir config check` says why)."""
    template = signatures.template(agent, language)
    if not template:
        return ""
    # jinja2 only once a reply is written: the first screen does not load it.
    from storage.reply_templates import TemplateProblem, render_reply

    try:
        return render_reply(template, context).strip("\n")
    except TemplateProblem:
        return ""


def signed(text: str, signature: str) -> str:
    """The text with the signature below its own words, once: a draft that
    holds it already is left as it is."""
    if not signature or signature.strip() in text:
        return text
    own, quoted = split_quoted(text)
    own = own.rstrip("\n")
    head = f"{own}\n\n" if own else "\n\n"
    tail = f"\n\n{quoted}\n" if quoted else "\n"
    return head + signature + tail
