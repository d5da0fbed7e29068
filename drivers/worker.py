"""The one thread that drives one physical device.

Device libraries (pyserial, pyscard, python-escpos, OpenCV's capture) are not thread-safe, so every call
that touches a device runs on that device's own worker: a one-thread executor named ``device-<kind>``,
owned by the backend object (one per physical device, made when first needed, gone with the object).

* ``@device_call`` on a backend method runs it there, whichever thread calls it: a UI task, the print
  service's control loop, a card watch, the CLI's main thread, a test. On the worker itself it is a plain
  call, so device calls that call each other do not queue behind themselves.
* ``DeviceWorker.check(what)`` at the place where the bytes go to the device (a serial exchange, a PC/SC
  transmit, a printer write, a camera grab) asserts that the caller is on this device's worker, and
  raises ``RuntimeError`` anywhere else: a path that skipped ``@device_call`` is found by the first test
  that takes it.

A long-running device loop (a camera's capture) is a task on the worker like any other: the device's
other calls wait behind it or are handed to it (``drivers/camera/base.py``).

The UI installs one more rule (``install_gui_check``): a device call made on the Qt main thread while its
event loop runs would freeze the screen until the device answers, so it is refused there with a
``RuntimeError``; the UI runs such calls through ``ui/tasks.py``. (The CLI, the tests and the terminal's
own start and stop, before and after the event loop, may wait on the main thread.)
"""

from __future__ import annotations

import concurrent.futures
import functools
import threading
from collections.abc import Callable
from typing import Concatenate, ParamSpec, Protocol, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

PREFIX = "device-"


_gui_check: Callable[[], bool] | None = None


def install_gui_check(check: Callable[[], bool] | None) -> None:
    """``check()`` says whether the calling thread is a screen's live event loop (None: no screen)."""
    global _gui_check
    _gui_check = check


class DeviceWorker:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.thread_name = PREFIX + kind
        self._lock = threading.Lock()
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._ident: int | None = None

    def _mark(self) -> None:
        self._ident = threading.get_ident()

    def _pool(self) -> concurrent.futures.ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = concurrent.futures.ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix=self.thread_name, initializer=self._mark
                )
            return self._executor

    def here(self) -> bool:
        """Whether the calling thread is this device's worker."""
        return self._ident is not None and threading.get_ident() == self._ident

    def submit(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> concurrent.futures.Future[T]:
        return self._pool().submit(fn, *args, **kwargs)

    def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``fn(*args, **kwargs)`` on this device's worker; blocks until it is done."""
        if self.here():
            return fn(*args, **kwargs)
        if _gui_check is not None and _gui_check():
            raise RuntimeError(f"a {self.kind} call would make the screen wait: run it through ui/tasks")
        return self.submit(fn, *args, **kwargs).result()

    def check(self, what: str) -> None:
        if not self.here():
            raise RuntimeError(
                f"{what} on thread {threading.current_thread().name}, not on its device's worker "
                f"({self.thread_name})"
            )

    def close(self) -> None:
        """Let the worker thread go once its queued calls are done (a later call makes a new one)."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=not self.here())


class HasWorker(Protocol):
    worker: DeviceWorker


D = TypeVar("D", bound=HasWorker)


def device_call(method: Callable[Concatenate[D, P], T]) -> Callable[Concatenate[D, P], T]:
    """Run the decorated backend method on its object's ``worker``."""

    @functools.wraps(method)
    def on_worker(device: D, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return device.worker.call(method, device, *args, **kwargs)

    return on_worker
