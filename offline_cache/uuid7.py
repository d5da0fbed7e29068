"""UUIDv7 (RFC 9562): time-ordered ids for applications and ratings (the stdlib has none on 3.11).

Layout: 48-bit Unix time in milliseconds, version 7, a 12-bit counter (RFC 9562 section 6.2, method 1)
that orders ids made in the same millisecond by this process, variant 10, 62 random bits. The counter
starts at a random value below 2**11 each millisecond, leaving room to count up; when it would overflow
the timestamp is advanced by one millisecond, so ids from one process sort in creation order. A clock
that steps back a little (NTP slew) keeps counting on from the last id; one that steps back more than
``MAX_REGRESSION_MS`` (a kiosk whose RTC was wrong and got corrected) is followed, so ids do not stay
stuck in the future.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

MAX_REGRESSION_MS = 10_000
_lock = threading.Lock()
_last_ms = 0
_counter = 0


def _next(now_ms: int) -> tuple[int, int]:
    global _last_ms, _counter
    with _lock:
        if now_ms > _last_ms or now_ms < _last_ms - MAX_REGRESSION_MS:
            _last_ms = now_ms
            _counter = int.from_bytes(os.urandom(2), "big") & 0x7FF
        else:  # same millisecond, or the clock went back: keep counting from the last id
            _counter += 1
            if _counter > 0xFFF:
                _last_ms += 1
                _counter = int.from_bytes(os.urandom(2), "big") & 0x7FF
        return _last_ms, _counter


def uuid7(now_ms: int | None = None) -> uuid.UUID:
    """A new UUIDv7; ``now_ms`` (Unix milliseconds) is for tests."""
    ms, counter = _next(time.time_ns() // 1_000_000 if now_ms is None else now_ms)
    rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | rand_b
    return uuid.UUID(int=value)


def uuid7_str() -> str:
    return str(uuid7())


def timestamp_ms(value: uuid.UUID | str) -> int:
    """The Unix time in milliseconds a UUIDv7 carries."""
    u = value if isinstance(value, uuid.UUID) else uuid.UUID(value)
    if u.version != 7:
        raise ValueError("not a UUIDv7")
    return u.int >> 80
