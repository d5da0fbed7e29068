"""UUIDv7 ids (RFC 9562): layout, time, order within one millisecond, uniqueness across threads."""

from __future__ import annotations

import threading
import time
import uuid

from hypothesis import given
from hypothesis import strategies as st

from offline_cache.uuid7 import timestamp_ms, uuid7, uuid7_str


def test_layout_is_rfc_9562_version_7() -> None:
    u = uuid7()
    assert u.version == 7 and u.variant == uuid.RFC_4122
    assert uuid.UUID(uuid7_str()).version == 7


def test_carries_the_current_time() -> None:
    before = time.time_ns() // 1_000_000
    u = uuid7()
    after = time.time_ns() // 1_000_000
    assert before <= timestamp_ms(u) <= after + 1


@given(st.integers(min_value=0, max_value=2**48 - 1))
def test_any_timestamp_round_trips(ms: int) -> None:
    u = uuid7(now_ms=ms)
    assert u.version == 7
    assert timestamp_ms(u) >= ms  # equal unless an earlier id in this process forced it forward


def test_ids_sort_in_creation_order_even_within_one_millisecond() -> None:
    ids = [uuid7(now_ms=1_800_000_000_000) for _ in range(5000)]  # overflows the 12-bit counter
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert [str(i) for i in ids] == sorted(str(i) for i in ids)  # text order too: the store sorts text


def test_a_clock_going_back_a_little_does_not_break_the_order() -> None:
    a = uuid7(now_ms=1_900_000_000_000)
    b = uuid7(now_ms=1_899_999_999_000)
    assert b > a


def test_a_clock_corrected_far_back_is_followed() -> None:
    uuid7(now_ms=2_000_000_000_000)  # an RTC years ahead...
    assert timestamp_ms(uuid7(now_ms=1_800_000_000_000)) == 1_800_000_000_000  # ...then set right


def test_unique_across_threads() -> None:
    out: list[uuid.UUID] = []
    lock = threading.Lock()

    def make() -> None:
        mine = [uuid7() for _ in range(2000)]
        with lock:
            out.extend(mine)

    threads = [threading.Thread(target=make) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(out)) == 8000


def test_timestamp_of_other_versions_is_refused() -> None:
    import pytest

    with pytest.raises(ValueError):
        timestamp_ms(uuid.uuid4())
