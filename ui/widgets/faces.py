"""The five rating faces (好差评): each differs from its neighbours in shape and in colour, and the chosen
one is marked by a thick frame and a tick, so no face is told apart by colour alone.

From 非常满意 to 非常不满意: a laughing open mouth with happy closed eyes; a smile; a straight mouth; a
frown; an open crying mouth under angry brows. The colours run from green through amber to red (the
traffic-light order people know), and the words stay under every face.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyleOptionButton, QWidget

from ui import theme
from ui.widgets.common import TileButton

# level -> (ink of the face's lines, fill of the face)
LOOKS = {
    5: ("#1b5e20", "#b9e4bc"),
    4: ("#33691e", "#e3f1c6"),
    3: ("#6d4c00", "#ffe49a"),
    2: ("#8a3b00", "#ffc9a1"),
    1: ("#8e1414", "#f6b3b3"),
}
CHOSEN_FILL = "#e3edf7"


def draw_face(p: QPainter, level: int, box: QRectF) -> None:
    """One face in ``box`` (square), drawn in a 100x100 design space."""
    ink, fill = LOOKS[level]
    side = min(box.width(), box.height())
    p.save()
    p.translate(box.center().x() - side / 2, box.center().y() - side / 2)
    p.scale(side / 100.0, side / 100.0)
    pen = QPen(QColor(ink), 5.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(QBrush(QColor(fill)))
    p.drawEllipse(QRectF(6, 6, 88, 88))
    _eyes(p, level, QColor(ink))
    _mouth(p, level, QColor(ink))
    p.restore()


def _eyes(p: QPainter, level: int, ink: QColor) -> None:
    if level == 5:  # laughing: eyes closed in upward arcs
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawArc(QRectF(24, 32, 18, 14), 0, 180 * 16)
        p.drawArc(QRectF(58, 32, 18, 14), 0, 180 * 16)
        return
    p.setBrush(QBrush(ink))
    p.drawEllipse(QRectF(29, 34, 11, 11))
    p.drawEllipse(QRectF(60, 34, 11, 11))
    if level == 1:  # angry brows slanting down to the middle
        p.drawLine(QPointF(24, 24), QPointF(42, 31))
        p.drawLine(QPointF(76, 24), QPointF(58, 31))


def _mouth(p: QPainter, level: int, ink: QColor) -> None:
    path = QPainterPath()
    if level == 5:  # open laugh, filled
        path.moveTo(26, 58)
        path.lineTo(74, 58)
        path.cubicTo(72, 84, 28, 84, 26, 58)
        p.setBrush(QBrush(ink))
    elif level == 1:  # open cry, filled
        path.moveTo(30, 80)
        path.cubicTo(32, 56, 68, 56, 70, 80)
        path.closeSubpath()
        p.setBrush(QBrush(ink))
    else:  # 4 smile, 3 straight, 2 frown
        bend = {4: 14.0, 3: 0.0, 2: -14.0}[level]
        path.moveTo(30, 66 - bend / 2)
        path.quadTo(50, 66 + bend * 1.5, 70, 66 - bend / 2)
        p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)


def draw_tick(p: QPainter, centre: QPointF, radius: float) -> None:
    """The "chosen" badge: a filled circle with a white tick."""
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(QColor(theme.PRIMARY)))
    p.drawEllipse(centre, radius, radius)
    pen = QPen(QColor("#ffffff"), radius / 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    r = radius
    p.drawLine(QPointF(centre.x() - r * 0.5, centre.y()), QPointF(centre.x() - r * 0.1, centre.y() + r * 0.4))
    p.drawLine(
        QPointF(centre.x() - r * 0.1, centre.y() + r * 0.4),
        QPointF(centre.x() + r * 0.5, centre.y() - r * 0.4),
    )


class FaceButton(TileButton):
    """A rating level as a big checkable tile: its face and its words."""

    def __init__(self, level: int, words: str, parent: QWidget | None = None) -> None:
        super().__init__(f"face{level}", words, "choice", parent)
        self.level = level
        self.setCheckable(True)

    def minimumSizeHint(self) -> QSize:
        # Five across a screen; short enough to leave room for the comment box above the keyboard.
        t = theme.current()
        return QSize(t.target_px * 2, t.target_px * 2)

    def draw_face(self, opt: QStyleOptionButton) -> QPixmap:
        chosen = bool(opt.state & QStyle.StateFlag.State_On)
        pm, p = self.new_face(self.backdrop)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        frame = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        width = 10.0 if chosen else 3.0
        p.setPen(QPen(QColor(theme.PRIMARY if chosen else "#8a8372"), width))
        p.setBrush(QBrush(QColor(CHOSEN_FILL if chosen else theme.CARD)))
        inset = width / 2
        p.drawRoundedRect(frame.adjusted(inset, inset, -inset, -inset), 16, 16)
        if opt.state & QStyle.StateFlag.State_HasFocus and not chosen:
            p.setPen(QPen(QColor(theme.FOCUS), 4))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(frame.adjusted(6, 6, -6, -6), 14, 14)
        inner = frame.adjusted(18, 14, -18, -14)
        font = QFont(self.font())
        font.setPointSize(theme.current().tile_pt)
        font.setBold(chosen)
        p.setFont(font)
        text_h = p.fontMetrics().height() * 1.4
        side = min(inner.width(), inner.height() - text_h)
        if side >= 48:  # the face above its words
            face = QRectF(inner.center().x() - side / 2, inner.top(), side, side)
            words = QRectF(inner.left(), inner.bottom() - text_h, inner.width(), text_h)
        else:  # a low tile: the face beside its words
            side = min(inner.height(), inner.width() / 3)
            face = QRectF(inner.left(), inner.center().y() - side / 2, side, side)
            words = QRectF(face.right() + 8, inner.top(), inner.right() - face.right() - 8, inner.height())
        draw_face(p, self.level, face)
        p.setPen(QColor(theme.INK))
        p.drawText(words, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self.text())
        if chosen:
            radius = max(14.0, min(26.0, frame.height() * 0.1))
            draw_tick(p, QPointF(frame.right() - radius - 12, frame.top() + radius + 12), radius)
        p.end()
        return pm
