"""Unexpected failures the terminal survived: logged with their place, counted for the sync monitor and the
platform's heartbeat.

A few places catch every exception so that one bug cannot stop the terminal: a background task of the UI,
the sync pass, the print loop, event listeners, the start of a device. What they expect is a typed error
(one with a ``code``: a card not read, the platform gone) and they handle it quietly. Anything else that
arrives there is a bug, and ``unexpected(exc, where)`` says so: at ERROR, by the exception's type, the
place that raised it (file, line, function) and the thread, and never its message, which may hold what a
villager typed. The same bug repeated is counted but logged at DEBUG, so a bug that hits every sync pass
leaves one clear line, not one every half minute.

``snapshot()`` is what the admin area's sync monitor shows and what every heartbeat carries
(``wire.Heartbeat.unexpected_errors``): how many, and the latest one's type, place and time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
import traceback
from pathlib import Path

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True, slots=True)
class Incidents:
    count: int = 0
    last_kind: str = ""  # the exception's type name
    last_place: str = ""  # "sync.py:173 in run_forever"
    last_where: str = ""  # what the terminal was doing: "sync pass", "background task"...
    last_at: dt.datetime | None = None


_lock = threading.Lock()
_state = Incidents()
_seen: set[tuple[str, str, str]] = set()


def expected(exc: BaseException) -> bool:
    """Whether ``exc`` is one of the terminal's typed errors (it has a stable ``code``)."""
    return isinstance(getattr(exc, "code", None), str)


def place_of(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "?"
    last = frames[-1]
    return f"{Path(last.filename).name}:{last.lineno} in {last.name}"


def unexpected(exc: BaseException, where: str) -> None:
    """Record a failure nothing expected at ``where`` (a few words: "sync pass", "print loop")."""
    global _state
    kind, place = type(exc).__name__, place_of(exc)
    with _lock:
        first = (kind, place, where) not in _seen
        _seen.add((kind, place, where))
        _state = Incidents(_state.count + 1, kind, place, where, dt.datetime.now(dt.UTC))
        count = _state.count
    log.log(
        logging.ERROR if first else logging.DEBUG,
        "unexpected %s in %s at %s (thread %s; %d so far)",
        kind,
        where,
        place,
        threading.current_thread().name,
        count,
    )


def snapshot() -> Incidents:
    with _lock:
        return _state
