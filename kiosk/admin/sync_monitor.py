"""The sync monitor: what waits to reach the platform, what keeps failing and why, when the next try is,
the engine's state, the catalogue; "retry now" and "update now".

The agents' accounts sync state comes from the agents module (#14) through one seam,
``AGENT_SYNC_STATE``: a function ``(terminal) -> list[AgentSyncState]`` that module sets when it is
imported; until then the monitor shows no accounts rather than guessing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.messages import message_for

if TYPE_CHECKING:
    from kiosk.terminal import Terminal


@dataclasses.dataclass(frozen=True, slots=True)
class FailingEntry:
    ref: str  # the local receipt number, or "评价" for a rating: never a name
    item_name: str
    attempts: int
    reason: str  # in plain words (the error code's message)
    code: str
    next_try: dt.datetime


@dataclasses.dataclass(frozen=True, slots=True)
class AgentSyncState:
    """One agent account as the monitor shows it (filled by the agents module)."""

    agent: str  # the agent's number
    state: str  # plain words
    last_synced: dt.datetime | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class SyncSnapshot:
    pending: int
    oldest_age_s: float | None
    failing: list[FailingEntry]
    online: bool
    checked: bool  # False until the engine tried once
    problem: str  # plain words for the engine's state ("" when online)
    last_contact: dt.datetime | None
    elsewhere_pid: int  # a ``kiosk sync`` process syncs this folder (0: this process does)
    catalogue_version: str
    agents: list[AgentSyncState]


# The seam for #14: set by the agents module to list the accounts and their sync state.
AGENT_SYNC_STATE: Callable[[Terminal], list[AgentSyncState]] | None = None


def snapshot(terminal: Terminal, limit: int = 50) -> SyncSnapshot:
    """Blocking (reads the store)."""
    now = dt.datetime.now(dt.UTC)
    rows = terminal.store.outbox(limit=1000)
    failing = [
        FailingEntry(
            ref=r.local_receipt_no or "评价",
            item_name=r.item_name,
            attempts=r.attempts,
            reason=message_for(r.last_error),
            code=r.last_error,
            next_try=r.next_attempt_at,
        )
        for r in rows
        if r.last_error
    ][:limit]
    status = terminal.status()
    engine = terminal.sync
    return SyncSnapshot(
        pending=status.pending,
        oldest_age_s=terminal.store.oldest_pending_age(now),
        failing=failing,
        online=status.online,
        checked=status.checked,
        problem=message_for(status.sync_problem) if status.sync_problem else "",
        last_contact=engine.last_sync_at if engine is not None else None,
        elsewhere_pid=terminal.sync_elsewhere,
        catalogue_version=terminal.catalogue.version,
        agents=AGENT_SYNC_STATE(terminal) if AGENT_SYNC_STATE is not None else [],
    )


def retry_now(terminal: Terminal) -> int:
    """Every waiting entry due now, and the engine woken from its backoff. How many wait."""
    count = terminal.store.retry_now()
    if terminal.sync is not None:
        terminal.sync.wake()
    return count


def update_catalogue_now(terminal: Terminal) -> bool:
    """Ask the platform for a newer catalogue in the next pass (now). False when not enrolled."""
    if terminal.sync is None:
        return False
    terminal.sync.refresh_catalogue_now()
    return True
