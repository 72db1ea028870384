"""Errors the store raises, each with a title naming what failed."""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot be used as asked; `message` says what to do."""

    def __init__(self, message: str, title: str = "database") -> None:
        super().__init__(message)
        self.message = message
        self.title = title


class NotFound(StoreError):
    """A conversation, message or record the caller named does not exist."""


class StoreBusy(StoreError):
    """Another process held the write lock for longer than we waited: nothing
    is broken, and running the command again resumes."""
