"""The per-upload locks: one holder at a time, a bounded wait, a waiter asks the holder to let go, and no
entry left behind."""

from __future__ import annotations

import asyncio

from central.tus import _Locks


def test_locks_serialise_time_out_and_are_forgotten() -> None:
    async def scenario() -> list[str]:
        locks = _Locks()
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
        locks = _Locks()
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
