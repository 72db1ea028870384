"""Where the database lives; kept apart so one-shot commands start cheaply."""

from __future__ import annotations

import os
from pathlib import Path


def default_database_path() -> Path:
    import platformdirs  # only when no path was given: it costs start-up time

    return platformdirs.user_data_path("comptoir") / "comptoir.db"


def resolve_database_path(explicit: Path | str | None = None) -> Path:
    """`--db` first, then `COMPTOIR_DB`, then the user data directory."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get("COMPTOIR_DB")
    if from_env:
        return Path(from_env).expanduser()
    return default_database_path()
