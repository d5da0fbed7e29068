"""A camera that plays image files or a video: the demo camera and the test double.

It goes through the same capture loop as the real backend (``ThreadedCamera``), so pacing, stills,
unplugging and reconnection are exercised for real; only the device is replaced by files. Each image
is shown for ``hold_s`` seconds (a villager holding a page still), then the next one, in a loop.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import cv2
import numpy as np

from drivers.camera.base import Frame, ThreadedCamera
from drivers.camera.errors import CameraDisconnected, CameraUnavailable

BUNDLED_PAGES = Path(__file__).resolve().parents[2] / "config" / "samples" / "pages"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp"}
VIDEO_SUFFIXES = {".mp4", ".avi", ".mkv", ".mov", ".webm"}


class SimulatedCamera(ThreadedCamera):
    """Plays ``source``: a folder of images, a list of image files, or one video file."""

    def __init__(
        self,
        source: str | Path | list[Path] | None = None,
        fps: float = 30,
        hold_s: float = 2.0,
        preview_width: int = 1920,
    ) -> None:
        super().__init__(fps)
        self.hold_s = hold_s
        self.preview_width = preview_width
        self._files = _list_files(source)
        self._unplugged = threading.Event()
        self._video: cv2.VideoCapture | None = None
        self._images: list[Frame] = []
        self._shown_since = 0.0
        self._index = 0
        self._current: Frame | None = None

    # test hooks: a USB cable pulled and pushed back
    def unplug(self) -> None:
        self._unplugged.set()

    def replug(self) -> None:
        self._unplugged.clear()

    def _open(self) -> None:
        if self._unplugged.is_set():
            raise CameraUnavailable("simulated camera is unplugged")
        if not self._files:
            raise CameraUnavailable("no images to play")
        if self._files[0].suffix.lower() in VIDEO_SUFFIXES:
            video = cv2.VideoCapture(str(self._files[0]))
            if not video.isOpened():
                raise CameraUnavailable("video cannot be opened")
            self._video = video
        elif not self._images:
            for path in self._files:
                image = cv2.imread(str(path), cv2.IMREAD_COLOR)
                if image is not None:
                    self._images.append(np.ascontiguousarray(image, dtype=np.uint8))
            if not self._images:
                raise CameraUnavailable("no readable images")
        self._shown_since = time.monotonic()

    def _full_frame(self) -> Frame:
        if self._unplugged.is_set():
            raise CameraDisconnected("simulated camera was unplugged")
        if self._video is not None:
            ok, frame = self._video.read()
            if not ok:  # loop the video
                self._video.set(cv2.CAP_PROP_POS_FRAMES, 0)
                ok, frame = self._video.read()
                if not ok:
                    raise CameraDisconnected("video ended unreadably")
            self._current = np.asarray(frame, dtype=np.uint8)
            return self._current
        now = time.monotonic()
        if now - self._shown_since >= self.hold_s:
            self._index = (self._index + 1) % len(self._images)
            self._shown_since = now
        self._current = self._images[self._index]
        return self._current

    def _grab(self) -> Frame:
        frame = self._full_frame()
        h, w = frame.shape[:2]
        if w <= self.preview_width:
            return frame.copy()
        size = (self.preview_width, round(h * self.preview_width / w))
        return np.asarray(cv2.resize(frame, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)

    def _still(self) -> Frame:
        if self._unplugged.is_set():
            raise CameraDisconnected("simulated camera was unplugged")
        current = self._current if self._current is not None else self._full_frame()
        return current.copy()

    def _release(self) -> None:
        if self._video is not None:
            self._video.release()
            self._video = None


def _list_files(source: str | Path | list[Path] | None) -> list[Path]:
    if isinstance(source, list):
        return [Path(p) for p in source]
    folder = Path(source) if source not in (None, "") else BUNDLED_PAGES
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES | VIDEO_SUFFIXES)
