"""Small building blocks every screen uses: wrapped text with 1.4 line spacing, pictogram tiles, buttons."""

from __future__ import annotations

import html
import math

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBitmap,
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QRegion,
    QResizeEvent,
    QTextDocument,
)
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

# Changes that alter how a widget looks, beyond its size, words and state: counted in a "look epoch" that is
# cheaper to compare at every repaint than the palette, font and properties themselves. (A style-sheet
# property such as ``kind`` takes effect through a re-polish, which sends a StyleChange.)
_LOOK_CHANGES = frozenset(
    {
        QEvent.Type.FontChange,
        QEvent.Type.StyleChange,
        QEvent.Type.PaletteChange,
        QEvent.Type.EnabledChange,
        QEvent.Type.LanguageChange,
        QEvent.Type.DevicePixelRatioChange,
    }
)


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

    _measured: tuple[object, ...] = ()
    _measured_height = 0

    def heightForWidth(self, width: int) -> int:
        # QLabel's own answer for wrapped rich text is too tall: it lays the words out narrower than it
        # draws them (a line of Chinese that fits counts as two at any width past ~1000 px), so a label got
        # room for lines it never drew and the guide's paragraphs stood in blank bands. Measure the words as
        # the label draws them: a document of the label's font, as wide as its contents.
        margins = self.contentsMargins()
        inner = width - margins.left() - margins.right() - 2 * self.margin()
        key = (inner, self.text(), self.font().key())
        if key != self._measured:
            doc = QTextDocument()
            doc.setDefaultFont(self.font())
            doc.setDocumentMargin(0)
            doc.setHtml(self.text())
            doc.setTextWidth(max(inner, 1))
            self._measured = key
            extra = margins.top() + margins.bottom() + 2 * self.margin()
            self._measured_height = math.ceil(doc.size().height()) + extra if self.text() else 0
        return self._measured_height

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

    _look_epoch = 0

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        kind = event.type()
        if kind in _LOOK_CHANGES:
            self._look_epoch += 1
        if kind in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def clear(self) -> None:
        self.plain = ""
        self._face = None  # QLabel.clear does not go through setText: drop the old words' picture here
        super().clear()

    # Rich text (for the line height) is laid out and drawn fragment by fragment at every repaint; a screen
    # of guide text spent most of its paint time there. So after a label has been painted the usual way,
    # its look is drawn once more into a picture (just after, outside the paint: a widget cannot render
    # itself while painting), and later repaints with the same size, words and colours copy the picture.
    _face: QPixmap | None = None
    _face_at = QPointF()
    _face_key: tuple[object, ...] = ()
    _drawing_face = False
    _face_pending = False

    def _look(self) -> tuple[object, ...]:
        return (
            self.width(),
            self.height(),
            self.text(),
            self._look_epoch,
            theme.current(),
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._drawing_face:
            if self._face is not None and self._look() == self._face_key:
                if not self._face.isNull():
                    p = QPainter(self)
                    p.drawPixmap(self._face_at, self._face)
                    p.end()
                return
            if not self._face_pending:
                self._face_pending = True
                QTimer.singleShot(0, self, self._draw_face)
        super().paintEvent(event)

    def _draw_face(self) -> None:
        self._face_pending = False
        if not self.isVisible() or self.width() <= 0 or self.height() <= 0:
            return
        ratio = self.devicePixelRatioF()
        face = QPixmap(int(self.width() * ratio), int(self.height() * ratio))
        face.setDevicePixelRatio(ratio)
        face.fill(Qt.GlobalColor.transparent)
        self._drawing_face = True
        try:
            self.render(face, QPoint(), QRegion(), QWidget.RenderFlag(0))
        finally:
            self._drawing_face = False
        # Kept only where there is ink: a wide label's picture is mostly clear, and copying clear pixels
        # still costs (the text of a line is often a fraction of the screen's width).
        ink = QRegion(QBitmap.fromImage(face.toImage().createAlphaMask())).boundingRect()
        self._face = face.copy(ink) if not ink.isEmpty() else QPixmap()
        self._face_at = QPointF(ink.x() / ratio, ink.y() / ratio)
        self._face_key = self._look()

    def setText(self, text: str) -> None:
        if text != self.text():
            self._face = None  # the old words (perhaps a name) do not stay behind in a picture
        super().setText(text)


# Buttons take the focus from Tab (the counter's keyboard), not from a tap: a tap that moved the focus off a
# text field closed the on-screen keyboard under the finger, the screen moved up into the space it left,
# and the release landed beside the button, so the tap did nothing.
TOUCH_FOCUS = Qt.FocusPolicy.TabFocus


def button(text: str, kind: str = "", parent: QWidget | None = None) -> QPushButton:
    b = Button(text, parent)
    if kind:
        b.setProperty("kind", kind)
    b.setCursor(Qt.CursorShape.PointingHandCursor)
    b.setFocusPolicy(TOUCH_FOCUS)
    return b


def panel(role: str = "panel") -> QFrame:
    f = QFrame()
    f.setProperty("role", role)
    return f


FACES_KEPT = 3


class Button(QPushButton):
    """A push button that draws each look once and then copies it, and paints a tap's looks without delay
    but without stopping the tap either.

    QAbstractButton repaints at once, before anything else, when pressed and when released. Here the
    pressed look is painted in the next pass of the event loop instead (the same moment for the eye), and
    the released look not at all when the tap changes the screen. Each look (size, words, state, colours,
    theme) is drawn once through the style sheet and kept; a tap goes through three looks (resting,
    pressed, focused), so the last three are kept (bench/bench_ui.py: drawing style-sheet buttons at every
    repaint made screens slow to appear).
    """

    _look_epoch = 0

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._faces: dict[tuple[object, ...], QPixmap] = {}

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in _LOOK_CHANGES:
            self._look_epoch += 1

    def setText(self, text: str) -> None:
        if text != self.text():
            self._faces.clear()  # the old words do not stay behind in pictures
        super().setText(text)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setUpdatesEnabled(False)
        try:
            super().mousePressEvent(event)
        finally:
            self.setUpdatesEnabled(True)  # schedules the repaint

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.setUpdatesEnabled(False)
        try:
            super().mouseReleaseEvent(event)
        finally:
            self.setUpdatesEnabled(True)

    def face_key(self, opt: QStyleOptionButton) -> tuple[object, ...]:
        return (
            self.width(),
            self.height(),
            opt.text,
            opt.icon.cacheKey(),
            opt.state,
            opt.features,
            self._look_epoch,
            theme.current(),
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        opt = QStyleOptionButton()
        self.initStyleOption(opt)
        key = self.face_key(opt)
        face = self._faces.pop(key, None)
        if face is None:
            face = self.draw_face(opt)
        self._faces[key] = face  # most recently used last
        while len(self._faces) > FACES_KEPT:
            del self._faces[next(iter(self._faces))]
        p = QPainter(self)
        p.drawPixmap(0, 0, face)
        p.end()

    def new_face(
        self, fill: QColor | Qt.GlobalColor = Qt.GlobalColor.transparent
    ) -> tuple[QPixmap, QPainter]:
        ratio = self.devicePixelRatioF()
        pm = QPixmap(int(self.width() * ratio), int(self.height() * ratio))
        pm.setDevicePixelRatio(ratio)
        pm.fill(fill)
        p = QPainter(pm)
        # What QStylePainter(self) would set up on the widget itself.
        p.setFont(self.font())
        p.setPen(self.palette().color(self.foregroundRole()))
        return pm, p

    def draw_face(self, opt: QStyleOptionButton) -> QPixmap:
        pm, p = self.new_face()
        self.style().drawControl(QStyle.ControlElement.CE_PushButton, opt, p, self)
        p.end()
        return pm


class TileButton(Button):
    """A big button: a pictogram above its words. ``text()`` is the words (for tests and screen readers)."""

    def __init__(self, picto: str, text: str, kind: str = "primary", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.picto = picto
        self.setProperty("kind", kind)
        self.setProperty("tile", True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(TOUCH_FOCUS)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # Tiles stand on the paper of a screen; the face carries that paper in its corners, so the tile is
        # opaque: Qt paints nothing behind it and the face is copied, not blended (bench/bench_ui.py).
        self.backdrop = QColor(theme.PAPER)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def sizeHint(self) -> QSize:
        side = theme.current().tile_px
        return QSize(side, int(side * 0.8))

    def minimumSizeHint(self) -> QSize:
        t = theme.current()
        return QSize(max(t.target_px, t.tile_px // 2), max(t.target_px, t.tile_px // 2))

    def face_key(self, opt: QStyleOptionButton) -> tuple[object, ...]:
        return (*super().face_key(opt), self.picto, self.backdrop.rgba())

    def layout_face(self, font: QFont) -> tuple[QRectF, QRectF]:
        """Where the picture and the words go in the tile: the picture above its words, or beside them in
        a wide tile in elder mode, where the larger words would otherwise shrink the picture below its
        size in the normal mode."""
        r = QRectF(self.rect()).adjusted(12, 12, -12, -12)
        metrics = QFontMetrics(font)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        if theme.current() is theme.ELDER and r.width() > r.height() * 1.6:
            side = min(r.height() * 0.85, r.width() * 0.5)
            pic = QRectF(r.left() + 8, r.center().y() - side / 2, side, side)
            words = QRectF(pic.right() + 12, r.top(), r.right() - pic.right() - 12, r.height())
            return pic, words
        bound = metrics.boundingRect(r.toRect(), int(flags), self.text())
        lines = max(1, round(bound.height() / max(1, metrics.height())))
        text_h = metrics.height() * (1.0 + 0.4 * lines)
        side = max(24.0, min(r.width(), r.height() - text_h) * 0.8)
        pic = QRectF(r.center().x() - side / 2, r.top() + (r.height() - text_h - side) / 2, side, side)
        return pic, QRectF(r.left(), r.bottom() - text_h, r.width(), text_h)

    def face_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSize(theme.current().tile_pt)
        font.setBold(True)
        return font

    def draw_face(self, opt: QStyleOptionButton) -> QPixmap:
        fg = self.palette().buttonText().color()
        pm, p = self.new_face(self.backdrop)
        words = opt.text
        opt.text = ""
        self.style().drawControl(QStyle.ControlElement.CE_PushButton, opt, p, self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        font = self.face_font()
        p.setFont(font)
        pic, place = self.layout_face(font)
        pictograms.draw(p, self.picto, pic, fg)
        p.setPen(fg)
        p.drawText(place, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), words)
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
