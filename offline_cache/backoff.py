"""Truncated exponential backoff with full jitter.

``delay(n) = uniform(0, min(cap, base * 2**n))``: the spread keeps a village's worth of terminals that
lost the link at the same moment from all coming back at the same second (AWS architecture blog,
"Exponential Backoff And Jitter"; Electrum retries the same way). A floor keeps a tight loop from
hammering a platform that answers instantly with an error.
"""

from __future__ import annotations

import dataclasses
import random


@dataclasses.dataclass(frozen=True, slots=True)
class Backoff:
    base_s: float = 1.0
    cap_s: float = 300.0
    floor_s: float = 0.2
    # 0 is "full jitter"; 0.5 is "equal jitter" (never less than half the ceiling), for per-entry retries
    # where a refused entry must not come back after a few seconds by chance.
    min_fraction: float = 0.0
    rng: random.Random = dataclasses.field(default_factory=random.Random, compare=False, repr=False)

    def ceiling(self, attempts: int) -> float:
        """The largest delay after ``attempts`` consecutive failures (0 -> base)."""
        return min(self.cap_s, self.base_s * (2.0 ** min(max(attempts, 0), 60)))

    def delay(self, attempts: int) -> float:
        ceiling = self.ceiling(attempts)
        return max(self.floor_s, self.rng.uniform(ceiling * self.min_fraction, ceiling))
