"""What the config says about writing replies: signatures per agent and per
language, the attachment size limit, the spelling check and the shop's words.

    [replies]
    max_attachments_mb = 10          # all the files of one reply together
    spelling = true                  # false: no spelling check
    words = ["Sencha", "Théière"]    # the shop's own words, never underlined

    [signatures]                     # the shop's, by language; `default` otherwise
    fr = "Bien à vous,\\n{{ agent.first_name }}, La Théière Bleue"
    en = "Kind regards,\\n{{ agent.first_name }}, La Théière Bleue"

    [signatures.agents.Camille]      # one agent's own, by language
    fr = "Belle journée,\\nCamille"
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_MAX_ATTACHMENTS = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Signatures:
    """Templates (jinja2, like canned replies) by language, `default` for any."""

    shop: Mapping[str, str] = field(default_factory=dict)
    agents: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def template(self, agent: str, language: str | None) -> str:
        """The agent's own signature in the language, else theirs for any
        language, else the shop's in the language, else the shop's default."""
        keys = [k for k in (language, "default") if k]
        for table in (self.agents.get(agent, {}), self.shop):
            for key in keys:
                if text := table.get(key, ""):
                    return text
        return ""


@dataclass(frozen=True, slots=True)
class ReplySettings:
    max_attachments: int = DEFAULT_MAX_ATTACHMENTS  # bytes, all files together
    spelling: bool = True
    words: tuple[str, ...] = ()
    signatures: Signatures = field(default_factory=Signatures)
