"""Canned replies: named templates the shop answers with, one variant per language.

A reply saved before variants existed (or without a language) has the
language '': it is written in the shop's first language, and serves as that
language's variant unless one says so explicitly.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storage.connection import Store
from storage.errors import NotFound
from storage.languages import language_name


@dataclass(frozen=True, slots=True)
class CannedReply:
    id: int
    name: str
    title: str
    body: str
    tags: tuple[str, ...]
    updated_at: int
    language: str = ""  # '' : the shop's first language
    attach: str = ""  # the attachment it expects (`attach: invoice`)

    def language_or(self, default: str) -> str:
        return self.language or default


_COLUMNS = "id, name, title, body, tags_json, updated_at, language, attach"


def _reply(row: Sequence[Any]) -> CannedReply:
    id_, name, title, body, tags, updated, language, attach = row
    return CannedReply(
        id_, name, title, body, tuple(json.loads(tags)), updated, language, attach
    )


async def save_reply(
    store: Store,
    name: str,
    body: str,
    title: str = "",
    tags: tuple[str, ...] = (),
    at: int | None = None,
    *,
    language: str = "",
    attach: str = "",
) -> CannedReply:
    """Create the variant, or replace the one with this name and language."""
    stamp = int(time.time()) if at is None else at
    async with store.transaction():
        await store.conn.execute(
            "INSERT INTO canned_replies (name, language, title, body, tags_json, "
            "attach, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (name, language) DO UPDATE SET title = excluded.title, "
            "body = excluded.body, tags_json = excluded.tags_json, "
            "attach = excluded.attach, updated_at = excluded.updated_at",
            (
                name,
                language,
                title,
                body,
                json.dumps(list(tags), ensure_ascii=False),
                attach,
                stamp,
            ),
        )
    return await get_reply(store, name, language)


async def reply_variants(store: Store, name: str) -> list[CannedReply]:
    """Every variant of the reply, the one without a language first."""
    rows = await store.conn.execute_fetchall(
        f"SELECT {_COLUMNS} FROM canned_replies WHERE name = ? ORDER BY language",
        (name,),
    )
    return [_reply(row) for row in rows]


async def get_reply(
    store: Store, name: str, language: str | None = None, default: str = ""
) -> CannedReply:
    """The variant in `language` (None: the first there is); `default` is the
    language of a variant written without one."""
    variants = await reply_variants(store, name)
    if not variants:
        raise NotFound(f"there is no canned reply named {name!r}", "canned reply")
    if language is None:
        return variants[0]
    found = pick_variant(variants, language, default or language)
    if found is None:
        have = ", ".join(v.language or "(no language)" for v in variants)
        raise NotFound(
            f"the canned reply {name!r} has no {language_name(language)} variant "
            f"(it has: {have})",
            "canned reply",
        )
    return found


async def list_replies(store: Store) -> list[CannedReply]:
    """Every variant of every reply, by name, the one without a language first."""
    rows = await store.conn.execute_fetchall(
        f"SELECT {_COLUMNS} FROM canned_replies ORDER BY name, language"
    )
    return [_reply(row) for row in rows]


def pick_variant(
    variants: Sequence[CannedReply], language: str, default: str
) -> CannedReply | None:
    """The variant in `language`: one that says so, else one without a language
    when `language` is the shop's first (`default`)."""
    said = [v for v in variants if v.language == language]
    if said:
        return said[0]
    if language == default:
        return next((v for v in variants if not v.language), None)
    return None


def closest_variant(
    variants: Sequence[CannedReply], language: str, default: str
) -> tuple[CannedReply, bool]:
    """The variant in `language`, else in the shop's first language, else the
    first there is; and whether it is in `language`."""
    found = pick_variant(variants, language, default)
    if found is not None:
        return found, True
    return pick_variant(variants, default, default) or variants[0], False


@dataclass(frozen=True, slots=True)
class ReplyChoice:
    """A canned reply as the picker offers it for one conversation."""

    reply: CannedReply  # the variant to insert
    in_language: bool  # written in the conversation's language
    languages: tuple[str, ...]  # every language the reply is written in


def choices_for(
    replies: Sequence[CannedReply], language: str | None, default: str
) -> list[ReplyChoice]:
    """One choice per reply: its variant in the conversation's language (else
    the shop's first); those in the language first, each group by name."""
    by_name: dict[str, list[CannedReply]] = {}
    for reply in replies:
        by_name.setdefault(reply.name, []).append(reply)
    wanted = language or default
    choices = []
    for variants in by_name.values():
        chosen, exact = closest_variant(variants, wanted, default)
        languages = tuple(dict.fromkeys(v.language_or(default) for v in variants))
        choices.append(ReplyChoice(chosen, exact, languages))
    return sorted(choices, key=lambda c: (not c.in_language, c.reply.name))
