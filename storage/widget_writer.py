"""One SQLite writer thread with group commit, for the chat widget's server.

Every write waits for its own commit before the server acknowledges it (a
visitor's message is durable once the widget hears "ok"). Writes that arrive
while a commit is under way are committed together in the next transaction,
each in its own savepoint so that one failing leaves the others: many visitors
writing at once cost one fsync per group, not one each.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
Operation = Callable[[sqlite3.Connection], Any]


class GroupWriter:
    def __init__(self, conn: sqlite3.Connection, executor: ThreadPoolExecutor) -> None:
        self.conn, self.executor = conn, executor
        self._pending: list[tuple[Operation, asyncio.Future[Any]]] = []
        self._drain: asyncio.Task[None] | None = None
        self.commits = 0  # transactions committed, for figures (writes per commit)

    async def write(self, operation: Callable[[sqlite3.Connection], T]) -> T:
        """Run `operation` in a transaction; return once it is committed."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._pending.append((operation, future))
        if self._drain is None or self._drain.done():
            self._drain = asyncio.create_task(self._commit_pending())
        return await future

    async def _commit_pending(self) -> None:
        loop = asyncio.get_running_loop()
        while self._pending:
            group, self._pending = self._pending, []
            operations = [operation for operation, _ in group]
            try:
                outcomes = await loop.run_in_executor(
                    self.executor, self._apply, operations
                )
            except BaseException as exc:  # the commit itself failed: all of them did
                outcomes = [exc] * len(group)
            for (_, future), outcome in zip(group, outcomes, strict=True):
                if future.done():  # its request went away meanwhile
                    continue
                if isinstance(outcome, BaseException):
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)

    def _apply(self, operations: list[Operation]) -> list[Any]:
        conn = self.conn
        outcomes: list[Any] = []
        conn.execute("BEGIN IMMEDIATE")
        try:
            for operation in operations:
                conn.execute("SAVEPOINT one")
                try:
                    outcomes.append(operation(conn))
                except Exception as exc:  # this write only: the group goes on
                    conn.execute("ROLLBACK TO one")
                    outcomes.append(exc)
                conn.execute("RELEASE one")
            conn.execute("COMMIT")
            self.commits += 1
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return outcomes

    async def wait_idle(self) -> None:
        if self._drain is not None:
            await asyncio.gather(self._drain, return_exceptions=True)
