"""The one camera interface every backend offers, and the capture loop they share.

A backend implements four small blocking methods (``_open``, ``_grab``, ``_still``, ``_release``); this
module turns them into the public ``Camera`` API: a capture loop that paces frames at the configured rate
and hands each one to a plain callback, a non-blocking ``latest()`` for a UI that prefers to poll, a
blocking full-resolution ``still()`` meant for a worker thread, and reconnection after the device is
unplugged (truncated exponential backoff, so a missing camera costs nothing while waiting).

Every backend call happens on the camera's own worker (``drivers/worker.py``, thread ``device-camera``),
because device libraries are not thread-safe: the capture loop is a task on it, ``still()`` hands its
request to the loop while it runs (or runs on the worker when it does not), and ``start()`` and
``stop(wait=False)`` only queue work there, so a screen may call them without waiting. Starts and stops
follow each other in the order they were asked for, whichever threads ask.
"""

from __future__ import annotations

import concurrent.futures
import logging
import random
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from drivers.camera.errors import CameraDisconnected, CameraError, CameraUnavailable, CaptureTimeout
from drivers.worker import DeviceWorker

Frame = npt.NDArray[np.uint8]
FrameCallback = Callable[[Frame], None]
ErrorCallback = Callable[[CameraError], None]

log = logging.getLogger(__name__)


@runtime_checkable
class Camera(Protocol):
    worker: DeviceWorker

    def start(self, on_frame: FrameCallback, on_error: ErrorCallback | None = None) -> None: ...
    def stop(self, wait: bool = True) -> concurrent.futures.Future[None] | None: ...
    def still(self, timeout: float = 10.0) -> Frame: ...
    def latest(self) -> Frame | None: ...
    def available(self) -> tuple[bool, str]: ...
    def close(self) -> None: ...


class ThreadedCamera(ABC):
    """Shared capture loop. Subclasses talk to one device; this class owns threads and pacing."""

    reconnect_delays = (0.2, 0.5, 1.0, 2.0, 5.0)  # seconds; the last one repeats

    def __init__(self, fps: float) -> None:
        self.fps = max(1.0, float(fps))
        self.worker = DeviceWorker("camera")
        self._lock = threading.Lock()  # held by whatever uses the device on the worker
        self._loop: concurrent.futures.Future[None] | None = None  # the newest capture loop
        self._stopping = threading.Event()  # the newest loop's: each loop has its own
        self._latest: Frame | None = None
        self._still_requests: list[concurrent.futures.Future[Frame]] = []
        self._requests_lock = threading.Lock()
        self._opened = False

    # --- what a backend implements -------------------------------------------------------------
    @abstractmethod
    def _open(self) -> None:
        """Open the device; raise CameraUnavailable when it is not there."""

    @abstractmethod
    def _grab(self) -> Frame:
        """One preview frame (BGR uint8); raise CameraDisconnected when the device went away."""

    @abstractmethod
    def _still(self) -> Frame:
        """One frame at the device's full resolution."""

    @abstractmethod
    def _release(self) -> None:
        """Let go of the device (must not raise)."""

    def _probe(self) -> tuple[bool, str]:
        """Whether the device can be opened now; default: try it."""
        try:
            self._ensure_open()
        except CameraError as exc:
            return False, exc.code
        return True, ""

    # --- public API -------------------------------------------------------------------------
    def start(self, on_frame: FrameCallback, on_error: ErrorCallback | None = None) -> None:
        """Start capturing (queued on the camera's worker; returns at once). ``on_frame`` is called on
        the worker for every frame.

        ``on_error`` receives CameraDisconnected when the device goes away (capture then keeps trying
        to reconnect) and CameraUnavailable when it cannot be opened at start.
        """
        if self.running:
            raise RuntimeError("camera already started")
        stopping = threading.Event()
        self._stopping = stopping
        self._loop = self.worker.submit(self._run, on_frame, on_error, stopping)

    @property
    def running(self) -> bool:
        """A capture loop is running or queued, and has not been told to stop."""
        loop = self._loop
        return loop is not None and not loop.done() and not self._stopping.is_set()

    def stop(self, wait: bool = True) -> concurrent.futures.Future[None] | None:
        """End the capture loop; with ``wait``, until it has let go of the device. Returns the loop."""
        self._stopping.set()
        loop = self._loop
        if wait and loop is not None and not self.worker.here():
            try:
                loop.result(timeout=5.0)
            except concurrent.futures.TimeoutError:
                log.warning("camera capture did not stop within 5 s")
        self._fail_pending(CameraError("capture stopped"))
        return loop

    def latest(self) -> Frame | None:
        """The newest preview frame, or None; never blocks."""
        return self._latest

    def still(self, timeout: float = 10.0) -> Frame:
        """A full-resolution still. Blocking: call it from a worker thread, never the UI thread."""
        if not self.running:
            return self.worker.call(self._still_now)
        future: concurrent.futures.Future[Frame] = concurrent.futures.Future()
        with self._requests_lock:
            self._still_requests.append(future)
        try:
            return future.result(timeout=timeout)
        except concurrent.futures.TimeoutError as exc:
            raise CaptureTimeout("no still frame in time") from exc

    def available(self) -> tuple[bool, str]:
        """(True, "") when the camera can deliver frames, else (False, error code such as camera.unavailable)."""
        if self.running:
            return (True, "") if self._opened else (False, CameraDisconnected.code)
        return self.worker.call(self._probe_now)

    def close(self) -> None:
        self.stop()
        self.worker.call(self._close_now)
        self.worker.close()

    # --- on the worker --------------------------------------------------------------------------
    def _still_now(self) -> Frame:
        with self._lock:
            self._ensure_open()
            return self._still()

    def _probe_now(self) -> tuple[bool, str]:
        with self._lock:
            return self._probe()

    def _close_now(self) -> None:
        with self._lock:
            self._close_device()

    # --- internals --------------------------------------------------------------------------
    def _ensure_open(self) -> None:
        self.worker.check("opening the camera")
        if not self._opened:
            self._open()
            self._opened = True

    def _close_device(self) -> None:
        if self._opened:
            self._release()
            self._opened = False

    def _fail_pending(self, exc: CameraError) -> None:
        with self._requests_lock:
            pending, self._still_requests = self._still_requests, []
        for future in pending:
            if not future.done():
                future.set_exception(exc)

    def _serve_stills(self) -> None:
        with self._requests_lock:
            pending, self._still_requests = self._still_requests, []
        for future in pending:
            try:
                future.set_result(self._still())
            except CameraError as exc:
                future.set_exception(exc)
                raise

    def _run(
        self, on_frame: FrameCallback, on_error: ErrorCallback | None, stopping: threading.Event
    ) -> None:
        period = 1.0 / self.fps
        attempt = 0
        next_at = time.monotonic()
        with self._lock:
            while not stopping.is_set():
                try:
                    self._ensure_open()
                    self._serve_stills()
                    frame = self._grab()
                    attempt = 0
                except CameraError as exc:
                    self._close_device()
                    self._fail_pending(exc)
                    if attempt == 0 and on_error is not None:
                        on_error(exc)
                    delay = self.reconnect_delays[min(attempt, len(self.reconnect_delays) - 1)]
                    attempt += 1
                    log.info("camera: %s, retrying in %.1f s", exc.code, delay)
                    # Jitter keeps several kiosks on one flaky USB hub from retrying in lock step.
                    stopping.wait(delay * random.uniform(0.8, 1.2))
                    next_at = time.monotonic()
                    continue
                self._latest = frame
                try:
                    on_frame(frame)
                except Exception:  # a broken consumer must not kill capture
                    log.exception("camera frame callback failed")
                next_at += period
                wait = next_at - time.monotonic()
                if wait > 0:
                    stopping.wait(wait)
                else:
                    next_at = time.monotonic()  # fell behind: do not burst to catch up
            self._close_device()


__all__ = ["Camera", "CameraUnavailable", "Frame", "ThreadedCamera"]
