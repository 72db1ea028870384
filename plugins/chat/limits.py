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

    def take(self, key: str) -> float:
        """0 when `key` may act now (and it is counted), else the seconds to wait."""
        now = self.clock()
        self._sweep(now)
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(self.capacity, now)
        bucket.tokens = min(
            self.capacity, bucket.tokens + (now - bucket.at) * self.rate
        )
        bucket.at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.rate

    def _sweep(self, now: float) -> None:
        if now - self._swept < 60:
            return
        self._swept = now
        full = 60.0  # a bucket idle a minute is full: the same as no bucket
        for key in [k for k, b in self._buckets.items() if now - b.at >= full]:
            del self._buckets[key]

    def __len__(self) -> int:
        return len(self._buckets)
