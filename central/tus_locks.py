"""Who may touch a tus upload now: one request at a time, in the order the requests arrived.

Order matters because of a cut link: the terminal's PATCH is cut, it reconnects and asks HEAD at once.
Both can reach the platform within a millisecond, and the PATCH, slowed by its token check, could be
overtaken: HEAD would then answer an offset the PATCH is about to move, and the terminal's next PATCH
would be refused (409) after sending its chunk for nothing. So ``TusProtocol`` hands every request for
an upload a ticket as soon as it arrives, before anything slow runs, and the upload goes to the
lowest ticket still pending.

A request waiting for its turn asks the holder to let go (as tusd's lock release does): a PATCH whose
link went half-open would otherwise keep the upload for the whole idle timeout.
"""

import asyncio
import contextlib
import dataclasses
import itertools
from collections.abc import AsyncIterator


@dataclasses.dataclass
class _Entry:
    turn: asyncio.Condition = dataclasses.field(default_factory=asyncio.Condition)
    pending: set[int] = dataclasses.field(default_factory=set)  # tickets of requests not yet done
    holder: int | None = None
    let_go: asyncio.Event = dataclasses.field(default_factory=asyncio.Event)  # the holder's
    waiting: int = 0


class UploadLocks:
    """Entries are dropped when no request for the upload is left, so the table does not grow with
    every upload the platform ever saw."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._tickets = itertools.count(1)

    def arrive(self, upload_id: str) -> int:
        """A ticket for a request that has just arrived; ``leave`` it when the request is done."""
        ticket = next(self._tickets)
        self._entries.setdefault(upload_id, _Entry()).pending.add(ticket)
        return ticket

    async def leave(self, upload_id: str, ticket: int) -> None:
        entry = self._entries.get(upload_id)
        if entry is None or ticket not in entry.pending:
            return
        async with entry.turn:
            entry.pending.discard(ticket)
            entry.turn.notify_all()
        if not entry.pending and entry.holder is None:
            self._entries.pop(upload_id, None)

    @contextlib.asynccontextmanager
    async def hold(
        self, upload_id: str, timeout: float, ticket: int | None = None
    ) -> AsyncIterator[asyncio.Event | None]:
        """Yields the holder's "let go" event with the upload held (it is set when a later request
        waits), or None if the turn did not come within ``timeout``. Without a ticket from ``arrive``
        the request takes one now."""
        own = ticket is None
        ticket = self.arrive(upload_id) if ticket is None else ticket
        entry = self._entries[upload_id]
        try:
            if not await self._acquire(entry, ticket, timeout):
                yield None
                return
            try:
                yield entry.let_go
            finally:
                async with entry.turn:
                    entry.holder = None
                    entry.pending.discard(ticket)
                    entry.turn.notify_all()
        finally:
            if own:
                await self.leave(upload_id, ticket)
            if not entry.pending and entry.holder is None:
                self._entries.pop(upload_id, None)

    @staticmethod
    async def _acquire(entry: _Entry, ticket: int, timeout: float) -> bool:
        entry.waiting += 1
        entry.let_go.set()  # whoever holds it now: a later request waits
        try:
            async with entry.turn:
                turn = lambda: entry.holder is None and min(entry.pending) == ticket  # noqa: E731
                try:
                    await asyncio.wait_for(entry.turn.wait_for(turn), timeout)
                except TimeoutError:
                    return False
                entry.holder = ticket
        finally:
            entry.waiting -= 1
        entry.let_go = asyncio.Event()
        if entry.waiting:  # a later request is already waiting behind this one
            entry.let_go.set()
        return True

    def __len__(self) -> int:
        return len(self._entries)
