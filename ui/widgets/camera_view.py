"""The live camera view: frames shown as they come, the detected page outlined, steadiness for auto-capture.

Threads: the camera calls ``PreviewPipeline.offer`` on its capture thread; that only keeps the newest frame
(never queues, so a slow consumer drops stale frames instead of lagging behind). A preview thread shrinks
the frame, finds the page and converts to a QImage; the signal carries it to the main thread, which only
paints. The main thread never touches the device or runs OpenCV.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from typing import Any

import cv2
import numpy as np

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui import theme

log = logging.getLogger(__name__)

DISPLAY_WIDTH = 960


class PreviewPipeline(QObject):
    frame_ready = Signal(QImage, object, bool)  # image, quad (4x2, image pixels) or None, ready to capture
    camera_error = Signal(str)  # error code

    def __init__(self, detect: bool = True) -> None:
        super().__init__()
        self.detect = detect
        self._latest: Any = None
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        from drivers.camera.tracking import PageTracker

        self.tracker = PageTracker()
        self._captured_flag = threading.Event()
        self.received = 0
        self.processed = 0
        self.shown = 0
        self.busy = False  # the main thread has not painted the last image yet

    # camera thread
    def offer(self, frame: Any) -> None:
        with self._cond:
            self.received += 1
            self._latest = frame
            self._cond.notify()

    def on_error(self, exc: BaseException) -> None:
        self.camera_error.emit(str(getattr(exc, "code", "camera.error")))

    def start(self) -> None:
        self._stop.clear()
        self.tracker.reset()
        self.received = self.processed = self.shown = 0
        self._thread = threading.Thread(target=self._run, name="camera-preview", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=2)
        self._thread = None
        self._latest = None
        self.tracker.reset()

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._cond:
                while self._latest is None and not self._stop.is_set():
                    self._cond.wait(0.2)
                frame, self._latest = self._latest, None
            if frame is None:
                continue
            try:
                self._process(frame)
            except Exception:
                log.exception("preview frame failed")

    def _process(self, frame: Any) -> None:
        h, w = frame.shape[:2]
        if w > DISPLAY_WIDTH:
            scale = DISPLAY_WIDTH / w
            frame = cv2.resize(frame, (DISPLAY_WIDTH, int(h * scale)), interpolation=cv2.INTER_AREA)
        quad, ready = None, False
        if self.detect:
            if self._captured_flag.is_set():
                self._captured_flag.clear()
                self.tracker.mark_captured()
            state = self.tracker.update(frame)
            quad = None if state.quad is None else np.asarray(state.quad, dtype=np.float32).reshape(4, 2)
            ready = bool(state.ready_to_capture)
        rgb = np.ascontiguousarray(frame)
        image = QImage(
            rgb.data, rgb.shape[1], rgb.shape[0], rgb.strides[0], QImage.Format.Format_BGR888
        ).copy()
        self.processed += 1
        self.frame_ready.emit(image, quad, ready)

    def mark_captured(self) -> None:
        """No new auto-capture until the page moves or is taken away (applied on the preview thread)."""
        self._captured_flag.set()


class CameraView(QWidget):
    """Paints the newest preview image scaled to fit, the page outline, and a status line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(QSize(480, 320))
        self.image = QImage()
        self.quad: Any = None
        self.steady = False
        self.message = ""
        self.painted = 0
        self.paint_times: deque[float] = deque(maxlen=120)

    def sizeHint(self) -> QSize:
        return QSize(960, 540)

    def show_frame(self, image: QImage, quad: Any, steady: bool) -> None:
        self.image, self.quad, self.steady = image, quad, steady
        self.update()

    def clear(self) -> None:
        self.image = QImage()
        self.quad = None
        self.steady = False
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#222222"))
        if not self.image.isNull():
            iw, ih = self.image.width(), self.image.height()
            s = min(self.width() / iw, self.height() / ih)
            target = QRectF((self.width() - iw * s) / 2, (self.height() - ih * s) / 2, iw * s, ih * s)
            p.drawImage(target, self.image)
            if self.quad is not None:
                colour = QColor("#2e7d32") if self.steady else QColor(theme.FOCUS)
                p.setPen(QPen(colour, 6))
                poly = QPolygonF([QPointF(target.x() + x * s, target.y() + y * s) for x, y in self.quad])
                p.drawPolygon(poly)
        if self.message:
            p.setPen(QColor("#ffffff"))
            band = QRectF(0, self.height() - 70, self.width(), 70)
            p.fillRect(band, QColor(0, 0, 0, 170))
            p.drawText(band, Qt.AlignmentFlag.AlignCenter, self.message)
        self.painted += 1
        self.paint_times.append(time.perf_counter())
