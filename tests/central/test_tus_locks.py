"""The per-upload locks: one holder at a time in the order of arrival, a bounded wait, a waiter asks the
holder to let go, and no entry left behind."""

from __future__ import annotations

import asyncio

from central.tus_locks import UploadLocks


def test_locks_serialise_time_out_and_are_forgotten() -> None:
    async def scenario() -> list[str]:
        locks = UploadLocks()
        seen: list[str] = []

        async def first() -> None:
            async with locks.hold("u1", 1.0) as held:
                seen.append(f"first {held is not None}")
                await asyncio.sleep(0.2)

        async def impatient() -> None:
            await asyncio.sleep(0.05)
            async with locks.hold("u1", 0.05) as held:
                seen.append(f"impatient {held is not None}")

        async def patient() -> None:
            await asyncio.sleep(0.05)
            async with locks.hold("u1", 1.0) as held:
                seen.append(f"patient {held is not None}")

        await asyncio.gather(first(), impatient(), patient())
        seen.append(f"left {len(locks)}")
        return seen

    assert asyncio.run(scenario()) == ["first True", "impatient False", "patient True", "left 0"]


def test_a_waiting_request_asks_the_holder_to_let_go() -> None:
    async def scenario() -> list[str]:
        locks = UploadLocks()
        seen: list[str] = []
        holding = asyncio.Event()

        async def stalled_patch() -> None:
            async with locks.hold("u1", 1.0) as let_go:
                assert let_go is not None
                holding.set()
                await asyncio.wait_for(let_go.wait(), 5.0)  # a half-open link: only the request stops it
                seen.append("patch let go")

        async def head() -> None:
            await holding.wait()
            async with locks.hold("u1", 1.0) as let_go:
                seen.append(f"head holds, asked to let go: {let_go is not None and let_go.is_set()}")

        await asyncio.gather(stalled_patch(), head())
        seen.append(f"left {len(locks)}")
        return seen

    assert asyncio.run(scenario()) == [
        "patch let go",
        "head holds, asked to let go: False",
        "left 0",
    ]


def test_the_upload_goes_in_the_order_the_requests_arrived() -> None:
    async def scenario() -> list[str]:
        locks = UploadLocks()
        seen: list[str] = []
        patch_ticket = locks.arrive("u1")  # a PATCH arrives first, then is slowed (its token check)
        head_ticket = locks.arrive("u1")  # a HEAD sent after it reaches the lock first

        async def head() -> None:
            async with locks.hold("u1", 1.0, head_ticket) as let_go:
                seen.append(f"head {let_go is not None}")
            await locks.leave("u1", head_ticket)

        async def patch() -> None:
            await asyncio.sleep(0.05)
            async with locks.hold("u1", 1.0, patch_ticket) as let_go:
                assert let_go is not None
                seen.append(f"patch, asked to let go: {let_go.is_set()}")
            await locks.leave("u1", patch_ticket)

        await asyncio.gather(head(), patch())
        seen.append(f"left {len(locks)}")
        return seen

    assert asyncio.run(scenario()) == ["patch, asked to let go: True", "head True", "left 0"]
