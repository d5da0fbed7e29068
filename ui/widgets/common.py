"""Small building blocks every screen uses: wrapped text with 1.4 line spacing, pictogram tiles, buttons."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFrame,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)

from ui import pictograms, theme


class Text(QLabel):
    """Word-wrapped text laid out with a line height of 140% (elderly-friendly figure: >= 1.3).

    ``plain`` keeps the text as given, for tests and for reading aloud.
    """

    def __init__(self, text: str = "", role: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        if role:
            self.setProperty("role", role)
        self.plain = ""
        self.set_plain(text)

    @staticmethod
    def markup(text: str) -> str:
        body = "<br>".join(html.escape(line) for line in text.split("\n"))
        return f'<div style="line-height:{theme.LINE_HEIGHT_PERCENT}%">{body}</div>'

    def set_plain(self, text: str) -> None:
        self.plain = text
        self.setText(self.markup(text) if text else "")
        self._fit()

    def _fit(self) -> None:
        # A scroll area's content widget does not honour a wrapped label's height-for-width: there, make
        # the needed height the minimum so no line is cut off. (Elsewhere the layouts do it right, and a
        # minimum taken at a passing narrow width would only make the window grow.)
        if self.width() > 0 and self._in_scroll_area():
            need = self.heightForWidth(self.width())
            if need > 0 and need != self.minimumHeight():
                self.setMinimumHeight(need)

    def _in_scroll_area(self) -> bool:
        w = self.parentWidget()
        while w is not None:
            if isinstance(w, QAbstractScrollArea):
                return True
            w = w.parentWidget()
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def clear(self) -> None:
        self.plain = ""
        super().clear()


def button(text: str, kind: str = "", parent: QWidget | None = None) -> QPushButton:
    b = QPushButton(text, parent)
    if kind:
        b.setProperty("kind", kind)
    b.setCursor(Qt.CursorShape.PointingHandCursor)
    b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return b


def panel(role: str = "panel") -> QFrame:
    f = QFrame()
    f.setProperty("role", role)
    return f


FACES_KEPT = 3


class TileButton(QPushButton):
    """A big button: a pictogram above its words. ``text()`` is the words (for tests and screen readers)."""

    def __init__(self, picto: str, text: str, kind: str = "primary", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.picto = picto
        self.setProperty("kind", kind)
        self.setProperty("tile", True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._faces: dict[tuple[object, ...], QPixmap] = {}

    def sizeHint(self) -> QSize:
        side = theme.current().tile_px
        return QSize(side, int(side * 0.8))

    def minimumSizeHint(self) -> QSize:
        t = theme.current()
        return QSize(max(t.target_px, t.tile_px // 2), max(t.target_px, t.tile_px // 2))

    def paintEvent(self, event: QPaintEvent) -> None:
        opt = QStyleOptionButton()
        self.initStyleOption(opt)
        fg = self.palette().buttonText().color()
        key = (
            self.width(),
            self.height(),
            opt.text,
            self.picto,
            opt.state,
            opt.features,
            fg.rgba(),
            self.property("kind"),
            theme.current(),
            self.devicePixelRatioF(),
        )
        # The whole tile (style-sheet frame, picture and words) is drawn once per size/state/colour and then
        # blitted: drawing a style-sheet button and a pictogram at every repaint made a screen with many
        # tiles slow to appear. A tap goes through three looks (resting, pressed, focused); the last three
        # are kept so that tapping the same tile again draws nothing new.
        face = self._faces.pop(key, None)
        if face is None:
            face = self._draw_face(opt, fg)
        self._faces[key] = face  # most recently used last
        while len(self._faces) > FACES_KEPT:
            del self._faces[next(iter(self._faces))]
        p = QPainter(self)
        p.drawPixmap(0, 0, face)
        p.end()

    def _draw_face(self, opt: QStyleOptionButton, fg: QColor) -> QPixmap:
        ratio = self.devicePixelRatioF()
        pm = QPixmap(int(self.width() * ratio), int(self.height() * ratio))
        pm.setDevicePixelRatio(ratio)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        # What QStylePainter(self) would set up on the widget itself.
        p.setFont(self.font())
        p.setPen(self.palette().color(self.foregroundRole()))
        words = opt.text
        opt.text = ""
        self.style().drawControl(QStyle.ControlElement.CE_PushButton, opt, p, self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        r = QRectF(self.rect()).adjusted(12, 12, -12, -12)
        font = QFont(self.font())
        font.setPointSize(theme.current().tile_pt)
        font.setBold(True)
        p.setFont(font)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        bound = p.fontMetrics().boundingRect(r.toRect(), int(flags), words)
        lines = max(1, round(bound.height() / max(1, p.fontMetrics().height())))
        text_h = p.fontMetrics().height() * (1.0 + 0.4 * lines)
        pic_side = max(24.0, min(r.width(), r.height() - text_h) * 0.8)
        pic = QRectF(
            r.center().x() - pic_side / 2, r.top() + (r.height() - text_h - pic_side) / 2, pic_side, pic_side
        )
        pictograms.draw(p, self.picto, pic, fg)
        p.setPen(fg)
        p.drawText(QRectF(r.left(), r.bottom() - text_h, r.width(), text_h), flags, words)
        p.end()
        return pm


class Pictogram(QWidget):
    """A pictogram on its own (used by prompts such as 'place your ID card')."""

    def __init__(self, picto: str, colour: str = theme.PRIMARY, side: int = 160) -> None:
        super().__init__()
        self.picto, self.colour = picto, QColor(colour)
        self.setMinimumSize(side, side)
        self.offset = 0.0  # animation offset, 0..1

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        side = min(self.width(), self.height())
        r = QRectF(
            (self.width() - side) / 2, (self.height() - side) / 2 + self.offset * side * 0.15, side, side
        )
        pictograms.draw(p, self.picto, r, self.colour)


class ClickableArea(QWidget):
    """A full-screen tap catcher (the attract screen's 'tap anywhere to start')."""

    clicked = Signal()

    def mouseReleaseEvent(self, event: object) -> None:  # noqa: D401 - Qt override
        self.clicked.emit()


def vbox(widget: QWidget, margins: int = 0, spacing: int | None = None) -> QVBoxLayout:
    lay = QVBoxLayout(widget)
    lay.setContentsMargins(margins, margins, margins, margins)
    if spacing is not None:
        lay.setSpacing(spacing)
    return lay
