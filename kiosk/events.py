"""Core events and the bus that carries them.

The core raises plain events from whatever thread it is on (card watcher, sync thread, print worker);
``ui/bridge.py`` subscribes once and turns each event into a Qt signal, which Qt queues to the main thread.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable

from offline_cache import incidents

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True, slots=True)
class CardInserted:
    pass


@dataclasses.dataclass(frozen=True, slots=True)
class CardRemoved:
    pass


@dataclasses.dataclass(frozen=True, slots=True)
class SyncStateChanged:
    online: bool
    pending: int
    problem: str = ""  # offline: the sync error code (e.g. "sync.revoked"), for the words on screen


@dataclasses.dataclass(frozen=True, slots=True)
class ApplicationDelivered:
    app_id: str
    platform_receipt_no: str


@dataclasses.dataclass(frozen=True, slots=True)
class StatusChanged:
    app_id: str
    status: str


@dataclasses.dataclass(frozen=True, slots=True)
class PrinterStateChanged:
    state: str  # ok | paper_out | cover_open | offline | no_answer | unknown
    pending_jobs: int


@dataclasses.dataclass(frozen=True, slots=True)
class AgentsChanged:
    """The platform's agent accounts changed at a sync: a logged-in agent may have been disabled."""


Event = (
    CardInserted | CardRemoved | SyncStateChanged | ApplicationDelivered | StatusChanged | PrinterStateChanged
    | AgentsChanged
)  # fmt: skip
Listener = Callable[[Event], None]


class EventBus:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def emit(self, event: Event) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception as exc:  # one bad listener must not stop the others or the emitting worker
                incidents.unexpected(exc, f"{type(event).__name__} listener")
