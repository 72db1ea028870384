"""The email channel's cursor: where each folder has got to, as JSON.

Per folder: UIDVALIDITY, the last UID stored, HIGHESTMODSEQ at the last pass
(CONDSTORE; None without it), and the UIDs the server refused to hand over with
the number of tries and the server's words. The core stores the text with the
messages it covers; a UIDVALIDITY change starts the folder again from UID 1
(the core's content hash skips what is stored).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

TRIES = 3  # fetches that try a refused message before it is given up


@dataclass(slots=True)
class FolderState:
    uidvalidity: int
    last_uid: int = 0
    modseq: int | None = None
    refused: dict[int, tuple[int, str]] = field(default_factory=dict)

    def to_retry(self) -> list[int]:
        return sorted(uid for uid, (tries, _) in self.refused.items() if tries < TRIES)


def _folder(data: dict[str, Any]) -> FolderState:
    refused = {
        int(uid): (int(entry[0]), str(entry[1]))
        for uid, entry in (data.get("refused") or {}).items()
    }
    modseq = data.get("modseq")
    return FolderState(
        int(data["uidvalidity"]),
        int(data.get("last_uid", 0)),
        int(modseq) if modseq is not None else None,
        refused,
    )


@dataclass(slots=True)
class Cursor:
    folders: dict[str, FolderState] = field(default_factory=dict)

    @classmethod
    def loads(cls, text: str | None) -> Cursor:
        """The cursor the core kept; an unreadable one starts over (the core's
        de-duplication makes that safe, if slow)."""
        if not text:
            return cls()
        try:
            data = json.loads(text)
            return cls({name: _folder(f) for name, f in data["folders"].items()})
        except (ValueError, KeyError, TypeError, IndexError):
            return cls()

    def dumps(self) -> str:
        return json.dumps(
            {
                "folders": {
                    name: {
                        "uidvalidity": f.uidvalidity,
                        "last_uid": f.last_uid,
                        "modseq": f.modseq,
                        **(
                            {"refused": {str(u): list(e) for u, e in f.refused.items()}}
                            if f.refused
                            else {}
                        ),
                    }
                    for name, f in self.folders.items()
                }
            },
            separators=(",", ":"),
            ensure_ascii=False,
        )
