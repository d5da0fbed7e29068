"""The per-upload PATCH locks: one holder at a time, a bounded wait, and no entry left behind."""

from __future__ import annotations

import asyncio

from central.tus import _Locks


def test_locks_serialise_time_out_and_are_forgotten() -> None:
    async def scenario() -> list[str]:
        locks = _Locks()
        seen: list[str] = []

        async def first() -> None:
            async with locks.hold("u1", 1.0) as held:
                seen.append(f"first {held}")
                await asyncio.sleep(0.2)

        async def impatient() -> None:
            await asyncio.sleep(0.05)
            async with locks.hold("u1", 0.05) as held:
                seen.append(f"impatient {held}")

        async def patient() -> None:
            await asyncio.sleep(0.05)
            async with locks.hold("u1", 1.0) as held:
                seen.append(f"patient {held}")

        await asyncio.gather(first(), impatient(), patient())
        seen.append(f"left {len(locks)}")
        return seen

    assert asyncio.run(scenario()) == ["first True", "impatient False", "patient True", "left 0"]
