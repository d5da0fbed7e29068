"""The one helper for background work: run a callable off the Qt main thread, get the answer back on it.

In the spirit of Picard's ``picard/util/thread.py``: ``run_task(fn, done)`` queues ``fn`` on a thread pool
and calls ``done(result, error)`` on the main thread when it finishes (exactly one of them is not None).
A task started by a widget names it as ``owner``: if the widget is gone by the time the answer comes back
(the window closed, a test tore it down), the answer is dropped instead of reaching a half-deleted page.
Device, file and network calls of the UI all go through here. Tests swap in ``SyncRunner`` (runs the
callable at once, on the calling thread) with ``use_runner()``; the device calls then still happen on the
device's own worker because the backends hand them there themselves (``drivers/worker.py``).
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThread, QThreadPool, Signal, Slot

from offline_cache import incidents

log = logging.getLogger(__name__)

Done = Callable[[Any, BaseException | None], None]


class Runner(Protocol):
    def run(self, fn: Callable[[], Any], done: Done | None) -> None: ...


def _guarded(done: Done | None, owner: QObject | None) -> Done | None:
    """``done``, called only while ``owner`` (if any) still has its C++ object."""
    if done is None or owner is None:
        return done
    real = done

    def deliver(result: Any, error: BaseException | None) -> None:
        if shiboken6.isValid(owner):
            real(result, error)
        else:
            log.debug("background task finished after its page was deleted; answer dropped")

    return deliver


class _Delivery(QObject):
    """Lives on the main thread; queued signals bring results from pool threads back to it."""

    finished = Signal(object, object, object)  # done, result, error

    def __init__(self) -> None:
        super().__init__()
        self.finished.connect(self._deliver)

    @Slot(object, object, object)
    def _deliver(self, done: Done | None, result: Any, error: BaseException | None) -> None:
        if done is not None:
            done(result, error)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], done: Done | None, delivery: _Delivery) -> None:
        super().__init__()
        self.fn, self.done, self.delivery = fn, done, delivery
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result, error = self.fn(), None
        except BaseException as exc:  # delivered to the UI, which picks the words from its type
            result, error = None, exc
            if incidents.expected(exc):  # a typed error: the screen says it, nothing to log
                log.debug("background task failed: %s", getattr(exc, "code", ""))
            else:
                incidents.unexpected(exc, "background task")
        try:
            self.delivery.finished.emit(self.done, result, error)
        except RuntimeError:  # the application is shutting down and took the delivery object with it
            log.debug("background task finished after the application closed; answer dropped")
        self.fn = self.done = None  # type: ignore[assignment]  # drop personal data held by closures


class PoolRunner:
    def __init__(self, max_threads: int = 4) -> None:
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(max_threads)
        self._delivery = _Delivery()
        self.active = 0

    def run(self, fn: Callable[[], Any], done: Done | None) -> None:
        self.pool.start(_Job(fn, done, self._delivery))

    def wait(self, ms: int = 30000) -> bool:
        return bool(self.pool.waitForDone(ms))


class SyncRunner:
    """Runs the task at once on the calling thread; for tests that want a deterministic order."""

    def run(self, fn: Callable[[], Any], done: Done | None) -> None:
        try:
            result, error = fn(), None
        except BaseException as exc:
            result, error = None, exc
        if done is not None:
            done(result, error)


class ManualRunner:
    """Queues tasks until ``drain()`` runs them (tour and tests that need to see a screen mid-wait)."""

    def __init__(self) -> None:
        self.pending: list[tuple[Callable[[], Any], Done | None]] = []

    def run(self, fn: Callable[[], Any], done: Done | None) -> None:
        self.pending.append((fn, done))

    def drain(self, rounds: int = 20) -> int:
        """Run queued tasks (and the tasks their callbacks queue), up to ``rounds`` generations."""
        count = 0
        for _ in range(rounds):
            batch, self.pending = self.pending, []
            if not batch:
                break
            for fn, done in batch:
                SyncRunner().run(fn, done)
                count += 1
        return count


_runner: Runner | None = None


def runner() -> Runner:
    global _runner
    if _runner is None:
        _runner = PoolRunner()
    return _runner


def use_runner(new: Runner | None) -> Runner | None:
    """Swap the runner (tests); returns the previous one."""
    global _runner
    old, _runner = _runner, new
    return old


def run_task(fn: Callable[[], Any], done: Done | None = None, *, owner: QObject | None = None) -> None:
    runner().run(fn, _guarded(done, owner))


def is_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() == app.thread()


def _screen_would_wait() -> bool:
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() == app.thread() and app.thread().loopLevel() > 0


def install_thread_check() -> None:
    """Refuse a device call that would make the screen wait (``drivers/worker.py``): on the Qt main thread
    while its event loop runs. Before and after the loop (starting, stopping) the main thread may wait."""
    from drivers.worker import install_gui_check

    install_gui_check(_screen_would_wait)


def remove_thread_check() -> None:
    from drivers.worker import install_gui_check

    install_gui_check(None)


def format_error(exc: BaseException) -> str:
    """English, type-only summary for logs (never the message: it might carry personal data)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
    return f"{type(exc).__name__} at {where} (thread {threading.current_thread().name})"


def install_excepthook() -> None:
    """Log an exception nothing caught (in a Qt slot or a thread) by type and place only. Python's default
    hooks print the message and the whole traceback to stderr, which a kiosk's service manager keeps as its
    log, and a message may carry what a villager typed."""
    import sys

    def on_main(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log.error("unhandled error: %s", format_error(exc))

    def on_thread(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            log.error("unhandled error: %s", format_error(args.exc_value))

    sys.excepthook = on_main
    threading.excepthook = on_thread
