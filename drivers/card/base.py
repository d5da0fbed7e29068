"""The one card-reader interface, how a backend is chosen by name, and the helpers every backend shares.

A backend is a ``CardReader``: ``read()`` blocks on the caller's (device worker) thread and returns an
``Identity`` or raises a ``CardError``; ``watch()`` reports card inserted / removed from a thread of the
backend's own, so the Qt thread never polls. Backends are chosen by name from ``drivers.backends``
(``CARD_READERS``); each one imports its optional library (pyserial, pyscard) only when it is built, so a
missing library is a ``NoReader`` with a reason, never an ImportError at start.
"""

from __future__ import annotations

import abc
import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

from drivers.card.errors import CardExpired, NoReader
from drivers.card.identity import Identity
from drivers.worker import DeviceWorker

Today = Callable[[], dt.date]
StopWatching = Callable[[], None]


class CardReader(abc.ABC):
    """A card reader. Its device calls (``read``, ``available``, ``close``) run on its own worker
    (``drivers/worker.py``: decorated ``@device_call``), whoever calls them."""

    name: str = "reader"

    def __init__(self, today: Today | None = None) -> None:
        self._today: Today = today or dt.date.today
        self.worker = DeviceWorker("card")

    @abc.abstractmethod
    def read(self, timeout: float = 5.0) -> Identity:
        """Wait up to ``timeout`` seconds for a card and read it. Raises a ``CardError`` subclass."""

    @abc.abstractmethod
    def available(self) -> tuple[bool, str]:
        """Whether this reader can be used on this machine, and why (English, for `kiosk doctor`)."""

    @abc.abstractmethod
    def watch(self, on_inserted: Callable[[], None], on_removed: Callable[[], None]) -> StopWatching:
        """Call ``on_inserted``/``on_removed`` from a background thread; returns a function that stops it."""

    def close(self) -> None:  # noqa: B027 - optional hook, most backends hold nothing
        """Release the device. Reading again afterwards reopens it."""

    def check_validity(self, identity: Identity) -> Identity:
        """Raise ``CardExpired`` (carrying the identity) for a card past its ``valid_to``."""
        if identity.is_expired(self._today()):
            raise CardExpired(identity=identity)
        return identity


class Watcher:
    """A stoppable background thread that runs ``poll(stop_event)`` until told to stop.

    Backends use it for ``watch()``; ``stop()`` is idempotent and joins the thread unless called from it.
    """

    def __init__(self, name: str, loop: Callable[[threading.Event], None]) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=loop, args=(self._stop,), name=name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=5.0)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()


def backend_names() -> tuple[str, ...]:
    from drivers.backends import CARD_READERS

    return CARD_READERS.names()


def open_reader(section: dict[str, Any]) -> CardReader:
    """Build the reader that a ``[card_reader]`` config section names (backend, device, baud, reader_name)."""
    from drivers.backends import CARD_READERS, describe

    backend = str(section.get("backend", "simulated"))
    build = CARD_READERS.builder(backend)
    if build is None:
        raise NoReader(f"unknown card reader backend {backend!r} (known: {describe(CARD_READERS)})")
    return build(section)


def parse_spec(spec: str) -> dict[str, Any]:
    """Turn a CLI spec into a config section.

    ``simulated``, ``pcsc``, ``pcsc:READER NAME``, ``ga467:/dev/ttyUSB0``, ``ga467:/dev/ttyUSB0@115200``
    (the device may also be a pyserial URL such as ``hwgrep://0400:c35a``).
    """
    backend, _, rest = spec.strip().partition(":")
    section: dict[str, Any] = {"backend": backend, "device": "", "baud": 115200, "reader_name": ""}
    if backend == "pcsc":
        section["reader_name"] = rest
    elif backend == "ga467":
        device, at, baud = rest.rpartition("@") if "@" in rest else (rest, "", "")
        if at:
            if not baud.isdigit():
                raise NoReader(f"bad baud rate in reader spec {spec!r}")
            section["baud"] = int(baud)
        section["device"] = device
    elif backend != "simulated" or rest:
        raise NoReader(f"bad reader spec {spec!r}; use simulated, pcsc[:NAME] or ga467:DEVICE[@BAUD]")
    return section


def reader_from_spec(spec: str) -> CardReader:
    return open_reader(parse_spec(spec))
