"""A signature pad: draw with a finger or the mouse; the strokes become a PNG for the consent record."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui import theme


class SignaturePad(QWidget):
    changed = Signal(bool)  # has ink

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(QSize(600, 220))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.image = QImage()
        self._last: QPointF | None = None
        self.strokes = 0
        self._reset_image(self.size())

    def _reset_image(self, size: QSize) -> None:
        self.image = QImage(size.expandedTo(QSize(1, 1)), QImage.Format.Format_ARGB32)
        self.image.fill(QColor("#ffffff"))

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self.strokes == 0:
            self._reset_image(event.size())
        super().resizeEvent(event)

    def is_empty(self) -> bool:
        return self.strokes == 0

    def clear(self) -> None:
        self.strokes = 0
        self._last = None
        self._reset_image(self.size())
        self.update()
        self.changed.emit(False)

    def stroke(self, points: list[QPointF]) -> None:
        """Draw one stroke (also what a test or the tour uses to sign)."""
        if not points:
            return
        p = QPainter(self.image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(
            QColor(theme.INK), 5.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
        )
        p.setPen(pen)
        for a, b in zip(points, points[1:], strict=False):
            p.drawLine(a, b)
        if len(points) == 1:
            p.drawPoint(points[0])
        p.end()
        self.strokes += 1
        self.update()
        self.changed.emit(True)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._last = event.position()
        self.stroke([self._last])
        self.strokes -= 1  # counted once on release

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._last is None:
            return
        pos = event.position()
        p = QPainter(self.image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor(theme.INK), 5.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(self._last, pos)
        p.end()
        self._last = pos
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._last is not None:
            self._last = None
            self.strokes += 1
            self.changed.emit(True)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.drawImage(0, 0, self.image)
        p.setPen(QPen(QColor("#8a8372"), 2, Qt.PenStyle.DashLine))
        y = self.height() - 40
        p.drawLine(30, y, self.width() - 30, y)
        p.setPen(QPen(QColor(theme.PRIMARY), 3))
        p.drawRect(self.rect().adjusted(1, 1, -2, -2))

    def png(self) -> bytes:
        data = QByteArray()
        buf = QBuffer(data)
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        self.image.save(buf, "PNG")  # type: ignore[call-overload]  # the stubs want bytes; PySide wants str
        buf.close()
        return bytes(data.data())
