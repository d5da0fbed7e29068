"""The simulated card reader: plays a script of identities and errors, for the demo and the UI tests.

``read()`` returns the next scripted identity (after the usual validity check, so an expired sample card
raises ``CardExpired``) or raises the scripted error. ``insert_card()`` / ``remove_card()`` stand in for a
villager's hand: they fire the ``watch()`` callbacks from the reader's own thread, and a removal during a
slow read (``delay``) makes that read raise ``CardRemoved``.

``place(card)`` puts one card on the reader, as the demo's card panel does for the visitor who picks a
sample card: every read returns it, ahead of the script, until ``lift()``. A reader made with an empty
script (``SimulatedReader([])``, the demo's) has no card until one is placed, so the "place your card"
screen waits as it would at a real reader.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from drivers.card.base import CardReader, StopWatching, Today, Watcher
from drivers.card.errors import CardError, CardRemoved, NoCard, NoReader
from drivers.card.identity import Identity
from drivers.worker import device_call

ScriptItem = Identity | CardError | type[CardError]

_INSERTED, _REMOVED = "inserted", "removed"


class SimulatedReader(CardReader):
    name = "simulated"

    def __init__(
        self,
        script: Iterable[ScriptItem] | None = None,
        *,
        loop: bool | None = None,
        delay: float = 0.0,
        today: Today | None = None,
    ) -> None:
        """``script`` defaults to the sample villagers (cycled); a given script plays once unless ``loop``."""
        super().__init__(today)
        from drivers.card.samples import DEMO_SCRIPT

        items: list[ScriptItem] = list(DEMO_SCRIPT if script is None else script)
        self._script: Iterator[ScriptItem] = (
            itertools.cycle(items) if (loop if loop is not None else script is None) else iter(items)
        )
        self._delay = delay
        self._lock = threading.Lock()
        self._removed = threading.Event()
        self._watchers: list[queue.SimpleQueue[str]] = []
        self._closed = False
        self._placed: ScriptItem | None = None
        self.reads = 0  # how many reads were attempted; tests use it
        self.in_read = threading.Event()  # set while a read waits for a card: a hand may lift it now

    @device_call
    def read(self, timeout: float = 5.0) -> Identity:
        self.worker.check("a simulated card read")  # where a real reader's bytes would go
        if self._closed:
            raise NoReader("simulated reader closed")
        self._removed.clear()
        self.in_read.set()
        try:
            # A slow read that a removal interrupts, as a card lifted during a real read would.
            if self._delay and self._removed.wait(min(self._delay, timeout)):
                raise CardRemoved("card removed during simulated read")
        finally:
            self.in_read.clear()
        with self._lock:
            self.reads += 1
            item = self._placed if self._placed is not None else next(self._script, None)
        if item is None:
            raise NoCard("simulated script exhausted")
        if isinstance(item, Identity):
            return self.check_validity(item)
        raise item if isinstance(item, CardError) else item()

    def available(self) -> tuple[bool, str]:
        return True, "simulated reader (sample villagers)"

    def watch(self, on_inserted: Callable[[], None], on_removed: Callable[[], None]) -> StopWatching:
        events: queue.SimpleQueue[str] = queue.SimpleQueue()
        with self._lock:
            self._watchers.append(events)

        def loop(stop: threading.Event) -> None:
            while not stop.is_set():
                try:
                    event = events.get(timeout=0.05)
                except queue.Empty:
                    continue
                (on_inserted if event == _INSERTED else on_removed)()

        watcher = Watcher("card-watch-simulated", loop)

        def stop() -> None:
            with self._lock:
                if events in self._watchers:
                    self._watchers.remove(events)
            watcher.stop()

        return stop

    def insert_card(self) -> None:
        self._post(_INSERTED)

    def place(self, card: ScriptItem) -> None:
        """Put ``card`` on the reader (an identity, or an error such as a card that cannot be read)."""
        with self._lock:
            self._placed = card
        self.insert_card()

    def lift(self) -> None:
        """Take the placed card away (nothing happens when none is there)."""
        with self._lock:
            had, self._placed = self._placed is not None, None
        if had:
            self.remove_card()

    @property
    def placed(self) -> ScriptItem | None:
        return self._placed

    def remove_card(self) -> None:
        self._removed.set()
        self._post(_REMOVED)

    def close(self) -> None:
        self._closed = True

    def _post(self, event: str) -> None:
        with self._lock:
            for events in self._watchers:
                events.put(event)


def from_section(section: dict[str, Any]) -> CardReader:
    """The reader a ``[card_reader]`` section names (``drivers.backends.CARD_READERS``)."""
    return SimulatedReader()
