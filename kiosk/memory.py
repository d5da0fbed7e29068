"""Keeping a long day in one process from growing: glibc's allocator, told to give memory back.

A visit allocates large short-lived buffers on several threads (camera frames and the page pipeline's
images, the sealed scans, the receipt's picture). With glibc's defaults each thread gets an arena of its
own, and after the first large buffer is freed the threshold above which a buffer is mapped (and unmapped
on free) rises to its size, so later frames come from the heap and their freed pages stay resident:
resident memory grew by about 40% over 50 applications (bench/bench_startup.py). So the kiosk fixes the
threshold (large buffers are always mapped and returned when freed), keeps the arenas few, and trims
the heap at the end of each visit. Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from functools import cache

log = logging.getLogger(__name__)

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_ARENA_MAX = -1, -3, -8
MMAP_THRESHOLD = 256 * 1024  # a camera frame or a scan is larger; Python's small objects are not
TRIM_THRESHOLD = 4 * 1024 * 1024
ARENAS = 2


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        return libc if libc is not None and hasattr(libc, "mallopt") else None
    except OSError:
        return None


def tune() -> bool:
    """Set the allocator's limits for a long-running kiosk process; False where there is no glibc."""
    libc = _libc()
    if libc is None:
        return False
    done = all(
        libc.mallopt(option, value) == 1
        for option, value in (
            (M_MMAP_THRESHOLD, MMAP_THRESHOLD),
            (M_TRIM_THRESHOLD, TRIM_THRESHOLD),
            (M_ARENA_MAX, ARENAS),
        )
    )
    if not done:
        log.info("the allocator did not take every setting")
    return done


def trim() -> None:
    """Give the heap's free pages back to the system (after a visit: its buffers are gone)."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)
