"""Rate limits per visitor and per IP address: token buckets kept in memory.

A bucket holds up to a minute's allowance and refills continuously, so a
visitor may send a few messages in a burst but not a flood. Buckets idle long
enough to be full again are forgotten, so memory follows active visitors only.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    def __init__(
        self, per_minute: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._swept = clock()

    def _bucket(self, key: str) -> _Bucket:
        now = self.clock()
        self._sweep(now)
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(self.capacity, now)
        refilled = bucket.tokens + (now - bucket.at) * self.rate
        bucket.tokens, bucket.at = min(self.capacity, refilled), now
        return bucket

    def wait(self, key: str) -> float:
        """0 when `key` may act now, else the seconds until it may."""
        bucket = self._bucket(key)
        return 0.0 if bucket.tokens >= 1 else (1 - bucket.tokens) / self.rate

    def take(self, key: str) -> None:
        """Count one action of `key` (after `wait` said 0)."""
        self._bucket(key).tokens -= 1

    def _sweep(self, now: float) -> None:
        if now - self._swept < 60:
            return
        self._swept = now
        full = 60.0  # a bucket idle a minute is full: the same as no bucket
        for key in [k for k, b in self._buckets.items() if now - b.at >= full]:
            del self._buckets[key]

    def __len__(self) -> int:
        return len(self._buckets)
