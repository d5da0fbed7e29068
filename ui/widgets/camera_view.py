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

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from offline_cache import incidents
from ui import theme

log = logging.getLogger(__name__)

DISPLAY_WIDTH = 960
QUEUE_FRAMES = 3  # at most 0.1 s of frames waiting for the display thread
DETECT_WIDTH = 640  # the page is followed on a smaller copy; the outline is scaled back


class PreviewPipeline(QObject):
    """Two threads: one turns every camera frame into a picture for the screen (cheap, never waits), the
    other follows the page on the newest frame at whatever rate detection manages. The screen shows every
    frame with the newest outline; detection speed never costs preview frames."""

    frame_ready = Signal(QImage, object, bool)  # image, quad (4x2, image pixels) or None, ready to capture
    camera_error = Signal(str)  # error code

    def __init__(self, detect: bool = True) -> None:
        super().__init__()
        self.detect = detect
        self._queue: deque[Any] = deque(maxlen=QUEUE_FRAMES)  # newest camera frames, for the display thread
        self._for_detection: Any = None  # newest display-size frame, for the detection thread
        self._cond = threading.Condition()
        self._detect_cond = threading.Condition()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.tracker: Any = None
        self._captured_flag = threading.Event()
        self._quad: Any = None
        self._ready = False
        self.received = 0
        self.processed = 0
        self.detected = 0
        self.shown = 0

    # camera thread
    def offer(self, frame: Any) -> None:
        with self._cond:
            self.received += 1
            self._queue.append(frame)  # bounded: frames older than QUEUE_FRAMES are dropped
            self._cond.notify()

    def on_error(self, exc: BaseException) -> None:
        self.camera_error.emit(str(getattr(exc, "code", "camera.error")))

    def start(self) -> None:
        from drivers.camera.tracking import PageTracker

        self._stop.clear()
        self.tracker = PageTracker()
        self._quad, self._ready = None, False
        self.received = self.processed = self.detected = self.shown = 0
        self._threads = [threading.Thread(target=self._display_loop, name="camera-preview", daemon=True)]
        if self.detect:
            self._threads.append(
                threading.Thread(target=self._detect_loop, name="camera-detect", daemon=True)
            )
        for t in self._threads:
            t.start()

    def stop(self) -> None:
        self._stop.set()
        for cond in (self._cond, self._detect_cond):
            with cond:
                cond.notify_all()
        for t in self._threads:
            t.join(timeout=2)
        self._threads = []
        self._queue.clear()
        self._for_detection = None
        self._quad, self._ready = None, False

    def mark_captured(self) -> None:
        """No new auto-capture until the page moves or is taken away (applied on the detection thread)."""
        self._ready = False
        self._captured_flag.set()

    # display thread
    def _display_loop(self) -> None:
        while not self._stop.is_set():
            with self._cond:
                while not self._queue and not self._stop.is_set():
                    self._cond.wait(0.2)
                frames = list(self._queue)
                self._queue.clear()
            for frame in frames:  # a frame that came while the thread was busy is still shown, late
                try:
                    self._show(frame)
                except Exception as exc:  # one bad frame must not end the preview
                    incidents.unexpected(exc, "camera preview")

    def _show(self, frame: Any) -> None:
        # OpenCV and numpy on the preview threads only, imported there: the home screen needs neither.
        import cv2
        import numpy as np

        h, w = frame.shape[:2]
        if w > DISPLAY_WIDTH:
            frame = cv2.resize(
                frame, (DISPLAY_WIDTH, int(h * DISPLAY_WIDTH / w)), interpolation=cv2.INTER_LINEAR
            )
        frame = np.ascontiguousarray(frame)
        if self.detect:
            with self._detect_cond:
                self._for_detection = frame
                self._detect_cond.notify()
        image = QImage(
            frame.data, frame.shape[1], frame.shape[0], frame.strides[0], QImage.Format.Format_BGR888
        ).copy()
        self.processed += 1
        ready, self._ready = self._ready, False  # a "ready" goes out once
        self.frame_ready.emit(image, self._quad, ready)

    # detection thread
    def _detect_loop(self) -> None:
        while not self._stop.is_set():
            with self._detect_cond:
                while self._for_detection is None and not self._stop.is_set():
                    self._detect_cond.wait(0.2)
                frame, self._for_detection = self._for_detection, None
            if frame is None:
                continue
            try:
                self._follow(frame)
            except Exception as exc:  # one bad frame must not end the detection
                incidents.unexpected(exc, "page detection")

    def _follow(self, frame: Any) -> None:
        import cv2
        import numpy as np

        h, w = frame.shape[:2]
        scale = 1.0
        if w > DETECT_WIDTH:
            scale = w / DETECT_WIDTH
            frame = cv2.resize(frame, (DETECT_WIDTH, int(h / scale)), interpolation=cv2.INTER_AREA)
        if self._captured_flag.is_set():
            self._captured_flag.clear()
            self.tracker.mark_captured()
        state = self.tracker.update(frame)
        self._quad = (
            None if state.quad is None else np.asarray(state.quad, dtype=np.float32).reshape(4, 2) * scale
        )
        if state.ready_to_capture:
            self._ready = True
        self.detected += 1


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
