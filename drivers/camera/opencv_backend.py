"""A real camera through OpenCV (V4L2 on the kiosk's Linux; any source OpenCV opens, e.g. a video file).

Resolution negotiation: the preview runs at a modest size (default 1920x1080, MJPEG so USB 2.0 keeps up
at 30 fps); a still switches the device to the largest size it accepts (asking for a huge size makes
V4L2 drivers choose their maximum), lets exposure settle for a few frames, takes one, and switches back.
A 1080p frame gives only ~92-130 ppi over an A4 page, so the still is what gets archived.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
from pathlib import Path

import cv2
import numpy as np

from drivers.camera.base import Frame, ThreadedCamera
from drivers.camera.errors import CameraDisconnected, CameraUnavailable

log = logging.getLogger(__name__)

SYSFS_VIDEO = Path("/sys/class/video4linux")
HUGE = 10000  # "as large as you can" for V4L2 size negotiation


@dataclasses.dataclass(frozen=True)
class CameraInfo:
    index: int
    name: str
    path: str


def enumerate_devices(sysfs: Path = SYSFS_VIDEO) -> list[CameraInfo]:
    """Video capture devices known to the kernel, without opening them (opening can take a second)."""
    found: list[CameraInfo] = []
    if not sysfs.is_dir():
        return found
    for entry in sorted(sysfs.iterdir()):
        if not entry.name.startswith("video"):
            continue
        try:
            index = int(entry.name[5:])
        except ValueError:
            continue
        # UVC cameras expose a second metadata node per camera: index 0 of the interface is the picture.
        node_index = _read(entry / "index")
        if node_index not in ("", "0"):
            continue
        found.append(CameraInfo(index, _read(entry / "name") or entry.name, f"/dev/{entry.name}"))
    return found


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


class OpenCVCamera(ThreadedCamera):
    def __init__(
        self,
        device: int | str = 0,
        fps: float = 30,
        preview_size: tuple[int, int] = (1920, 1080),
        still_size: tuple[int, int] | None = None,
        settle_frames: int = 3,
        max_failed_reads: int = 5,
    ) -> None:
        super().__init__(fps)
        self.device = device
        self.preview_size = preview_size
        self.still_size = still_size  # None: the largest the device offers
        self.settle_frames = settle_frames
        self.max_failed_reads = max_failed_reads
        self._capture: cv2.VideoCapture | None = None
        self._failed = 0
        self.negotiated_preview: tuple[int, int] = (0, 0)
        self.negotiated_still: tuple[int, int] = (0, 0)

    def _open(self) -> None:
        if isinstance(self.device, int) and sys.platform.startswith("linux"):
            capture = cv2.VideoCapture(self.device, cv2.CAP_V4L2)
        else:
            capture = cv2.VideoCapture(self.device)
        if not capture.isOpened():
            capture.release()
            raise CameraUnavailable("camera cannot be opened")
        self._capture = capture
        self._failed = 0
        if isinstance(self.device, int):
            capture.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*"MJPG"))
            capture.set(cv2.CAP_PROP_FPS, self.fps)
            capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # the newest frame, not a queue of stale ones
        self.negotiated_preview = self._set_size(self.preview_size)
        log.info("camera preview at %dx%d", *self.negotiated_preview)

    def _set_size(self, size: tuple[int, int]) -> tuple[int, int]:
        assert self._capture is not None
        if isinstance(self.device, int):
            self._capture.set(cv2.CAP_PROP_FRAME_WIDTH, size[0])
            self._capture.set(cv2.CAP_PROP_FRAME_HEIGHT, size[1])
        return int(self._capture.get(cv2.CAP_PROP_FRAME_WIDTH)), int(
            self._capture.get(cv2.CAP_PROP_FRAME_HEIGHT)
        )

    def _read(self) -> Frame:
        if self._capture is None:
            raise CameraDisconnected("camera is not open")
        ok, frame = self._capture.read()
        while not ok:
            # A few failed reads happen on a busy USB bus; a run of them means the camera is gone.
            self._failed += 1
            if self._failed >= self.max_failed_reads:
                raise CameraDisconnected("camera stopped delivering frames")
            ok, frame = self._capture.read()
        self._failed = 0
        image = np.asarray(frame, dtype=np.uint8)
        if image.ndim == 2:
            image = np.asarray(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR), dtype=np.uint8)
        return image

    def _grab(self) -> Frame:
        return self._read()

    def _still(self) -> Frame:
        if self._capture is None:
            raise CameraDisconnected("camera is not open")
        if not isinstance(self.device, int):  # a file or stream has one size
            return self._read()
        self.negotiated_still = self._set_size(self.still_size or (HUGE, HUGE))
        try:
            for _ in range(self.settle_frames):  # exposure and focus settle after a mode change
                self._read()
            return self._read()
        finally:
            self._set_size(self.preview_size)

    def _release(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None
