"""One named single-thread executor per physical device; device calls are checked to run there.

Device libraries (pyserial, pyscard, python-escpos, OpenCV capture) are not thread-safe, so each device
is driven from exactly one worker thread, in the way Electrum drives its hardware wallets. Decorate a
backend method with ``@on_device_thread`` and it asserts it is running on a worker thread named after
its device kind, never on the Qt main thread.
"""

from __future__ import annotations

import concurrent.futures
import functools
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

_executors: dict[str, concurrent.futures.ThreadPoolExecutor] = {}
_lock = threading.Lock()
_PREFIX = "device-"


def device_executor(kind: str) -> concurrent.futures.ThreadPoolExecutor:
    """The one worker thread for a device kind ("card", "printer", "camera"...)."""
    with _lock:
        ex = _executors.get(kind)
        if ex is None:
            ex = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix=_PREFIX + kind)
            _executors[kind] = ex
        return ex


def submit(kind: str, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> concurrent.futures.Future[T]:
    return device_executor(kind).submit(fn, *args, **kwargs)


def on_device_thread(kind: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Assert that the decorated call runs on the worker thread of ``kind`` (or a plain CLI main thread)."""

    def wrap(fn: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(fn)
        def inner(*args: P.args, **kwargs: P.kwargs) -> T:
            name = threading.current_thread().name
            if name.startswith(_PREFIX) and not name.startswith(_PREFIX + kind):
                raise RuntimeError(f"{fn.__qualname__} called on {name}, expected the {kind} worker")
            if _gui_thread_check is not None and _gui_thread_check():
                raise RuntimeError(f"{fn.__qualname__} is a device call and must not run on the GUI thread")
            return fn(*args, **kwargs)

        return inner

    return wrap


# The UI installs a check that says whether the current thread is the Qt main thread; the core knows no Qt.
_gui_thread_check: Callable[[], bool] | None = None


def install_gui_thread_check(check: Callable[[], bool] | None) -> None:
    global _gui_thread_check
    _gui_thread_check = check


def shutdown_all(wait: bool = True) -> None:
    with _lock:
        for ex in _executors.values():
            ex.shutdown(wait=wait, cancel_futures=True)
        _executors.clear()
