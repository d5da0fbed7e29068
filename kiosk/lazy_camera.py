"""The terminal's camera, built when it is first used rather than when the terminal starts.

Building a camera backend loads OpenCV and numpy (and the page pipeline behind them: about a fifth of
the terminal's cold start), while the home screen shows no picture. ``LazyCamera`` is the ``Camera`` the
``[camera]`` section names, made on the first call that needs it: the capture screen's first start, a
still, or the availability check that ``Terminal.start`` runs once the home screen is on the glass.
A backend that cannot be built raises its typed error from that call, as the backend itself would.
"""

from __future__ import annotations

import concurrent.futures
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drivers.camera.base import Camera, ErrorCallback, Frame, FrameCallback
    from drivers.worker import DeviceWorker


class LazyCamera:
    def __init__(self, section: dict[str, Any]) -> None:
        self._section = dict(section)
        self._camera: Camera | None = None
        self._lock = threading.Lock()

    @property
    def built(self) -> bool:
        return self._camera is not None

    def _real(self) -> Camera:
        with self._lock:
            if self._camera is None:
                from drivers.camera import open_camera

                self._camera = open_camera(self._section)
            return self._camera

    @property
    def worker(self) -> DeviceWorker:
        return self._real().worker

    @worker.setter
    def worker(self, value: DeviceWorker) -> None:  # the Camera protocol's attribute is settable
        self._real().worker = value

    def start(self, on_frame: FrameCallback, on_error: ErrorCallback | None = None) -> None:
        self._real().start(on_frame, on_error)

    def stop(self, wait: bool = True) -> concurrent.futures.Future[None] | None:
        return self._camera.stop(wait) if self._camera is not None else None  # never started: nothing to stop

    def still(self, timeout: float = 10.0) -> Frame:
        return self._real().still(timeout)

    def latest(self) -> Frame | None:
        return self._camera.latest() if self._camera is not None else None

    def available(self) -> tuple[bool, str]:
        return self._real().available()

    def close(self) -> None:
        if self._camera is not None:
            self._camera.close()

    def __getattr__(self, name: str) -> Any:
        # A backend's own extras: the simulated camera's unplug and replug, for the demo panel and tests.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._real(), name)
