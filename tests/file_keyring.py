"""A keyring backend kept in a JSON file, for tests that run the real program.

Selected with PYTHON_KEYRING_BACKEND=tests.file_keyring.FileKeyring and the
file named by COMPTOIR_TEST_KEYRING: the `comptoir` process and the test then
read and write the same keyring, as with a real Secret Service.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @staticmethod
    def path() -> Path:
        return Path(os.environ["COMPTOIR_TEST_KEYRING"])

    def _load(self) -> dict[str, str]:
        path = self.path()
        return json.loads(path.read_text()) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        stored = self._load()
        stored[f"{service}/{username}"] = password
        self.path().write_text(json.dumps(stored))

    def delete_password(self, service: str, username: str) -> None:
        stored = self._load()
        if stored.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError(username)
        self.path().write_text(json.dumps(stored))
