"""The `[replies]` and `[signatures]` tables and `shop.languages`, checked by
line (console/reply_settings.py says what they mean)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from console.reply_settings import DEFAULT_MAX_ATTACHMENTS, ReplySettings, Signatures
from storage.language_codes import KNOWN
from storage.languages import DEFAULT_LANGUAGES
from storage.reply_templates import fixed_text_problem

if TYPE_CHECKING:
    from console.config import _Checker

REPLIES_KEYS = ("max_attachments_mb", "spelling", "words")
_LANGUAGES_LIKE = 'like languages = ["fr", "en"]'


def _sorted_known(code: str) -> str:
    close = [k for k in sorted(KNOWN) if k[0] == code[:1].lower()][:6]
    return f" (known codes starting so: {', '.join(close)})" if close else ""


class RepliesChecker:
    def __init__(self, checker: _Checker) -> None:
        self.c = checker

    def languages(self, raw: object) -> tuple[str, ...]:
        where = ("shop", "languages")
        if (
            not isinstance(raw, list)
            or not raw
            or not all(isinstance(v, str) for v in raw)
        ):
            self.c.add(
                where, f"shop.languages is a list of language codes, {_LANGUAGES_LIKE}"
            )
            return DEFAULT_LANGUAGES
        kept = []
        for code in raw:
            if code.strip().lower() in KNOWN:
                kept.append(code.strip().lower())
                continue
            msg = f'shop.languages: "{code}" is not a language code (ISO 639-1, '
            self.c.add(
                where, msg + f'like "fr" or "en"){_sorted_known(code)}', value=code
            )
        return tuple(dict.fromkeys(kept)) or DEFAULT_LANGUAGES

    def replies(self, raw: object, signatures: object) -> ReplySettings:
        settings = ReplySettings(signatures=self.signatures(signatures))
        if raw is None:
            return settings
        if not isinstance(raw, dict):
            self.c.add(("replies",), "replies must be a table, like [replies]")
            return settings
        for key in [k for k in raw if k not in REPLIES_KEYS]:
            self.c.unknown(("replies", key), REPLIES_KEYS)
        return ReplySettings(
            self.megabytes(raw.get("max_attachments_mb")),
            self.flag(raw.get("spelling", True)),
            self.words(raw.get("words", [])),
            settings.signatures,
        )

    def megabytes(self, raw: object) -> int:
        if raw is None:
            return DEFAULT_MAX_ATTACHMENTS
        if isinstance(raw, bool) or not isinstance(raw, int | float) or raw <= 0:
            msg = "replies.max_attachments_mb is a number of megabytes, like 10"
            self.c.add(("replies", "max_attachments_mb"), msg)
            return DEFAULT_MAX_ATTACHMENTS
        return int(raw * 1024 * 1024)

    def flag(self, raw: object) -> bool:
        if not isinstance(raw, bool):
            self.c.add(("replies", "spelling"), "replies.spelling is true or false")
            return True
        return raw

    def words(self, raw: object) -> tuple[str, ...]:
        if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
            example = json.dumps(["Sencha", "Théière"], ensure_ascii=False)
            self.c.add(
                ("replies", "words"),
                f"replies.words is a list of words, like {example}",
            )
            return ()
        return tuple(w.strip() for w in raw if w.strip())

    def signatures(self, raw: object) -> Signatures:
        if raw is None:
            return Signatures()
        if not isinstance(raw, dict):
            self.c.add(("signatures",), "signatures must be a table, like [signatures]")
            return Signatures()
        agents = raw.get("agents", {})
        if not isinstance(agents, dict):
            self.c.add(
                ("signatures", "agents"),
                "signatures.agents holds a table per agent, like [signatures.agents.Camille]",
            )
            agents = {}
        own = {
            str(name): self.by_language(("signatures", "agents", str(name)), table)
            for name, table in agents.items()
        }
        shop = {k: v for k, v in raw.items() if k != "agents"}
        return Signatures(self.by_language(("signatures",), shop), own)

    def by_language(self, where: tuple[str, ...], raw: object) -> dict[str, str]:
        label = ".".join(where)
        if not isinstance(raw, dict):
            self.c.add(where, f"{label} must be a table of signatures by language")
            return {}
        kept = {}
        for key, text in raw.items():
            if key != "default" and key not in KNOWN:
                msg = f"{label}.{key} is not a language code (or default)"
                self.c.add((*where, key), msg + _sorted_known(key))
            elif not isinstance(text, str):
                self.c.add((*where, key), f"{label}.{key} must be text in quotes")
            elif self.template_ok((*where, key), text):
                kept[key] = text
        return kept

    def template_ok(self, where: tuple[str, ...], text: str) -> bool:
        if problem := fixed_text_problem(text):
            self.c.add(where, f"{'.'.join(where)}: {problem}")
            return False
        return True
