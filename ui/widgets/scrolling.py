"""Scrolling by finger: every scrollable area of the kiosk follows a drag, flicks on, and shows where it is.

A villager drags a list or a long form the way a phone taught them; the arrow buttons of a desktop scroll
bar are too small to hit. ``kinetic()`` gives an area Qt's QScroller on a left-button drag, which is also
what a touch screen's unhandled touches become, and what a mouse at the counter does. The scroll bar stays
as the position indicator (styled wide and without arrows in ``ui.theme``).

A press goes to the widget under the finger at once (no press delay): Qt's delayed press is delivered
later to "the widget at that point of the screen", which it looks up by the top-level window there, and
the on-screen keyboard's window spans the whole screen on platforms without input masks, so those presses
were lost while the keyboard was up. When the finger moves far enough to be a drag, the scroller takes the
rest of the gesture and the button it started on is let go without a click.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QFrame,
    QListWidget,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ui import theme


def kinetic(area: QAbstractScrollArea) -> QScroller:
    """Make ``area`` scroll by drag and flick; returns its scroller."""
    viewport = area.viewport()
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(viewport)
    props = scroller.scrollerProperties()
    # A form or a list is not a map: no rubber band past the ends, which reads as "something is broken".
    off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
    props.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, off)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0)
    scroller.setScrollerProperties(props)
    scroller.stateChanged.connect(lambda state: _let_go(viewport, state))
    if isinstance(area, QAbstractItemView):
        # Item views scroll by item unless told otherwise; a finger moves them by pixels.
        area.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        area.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    return scroller


def _let_go(viewport: QWidget, state: QScroller.State) -> None:
    """A drag began on a button: it was pressed, and the release will go to the scroller, so it would stay
    drawn pressed. Let it go now, without a click."""
    if state == QScroller.State.Dragging:
        for pressed in viewport.findChildren(QAbstractButton):
            if pressed.isDown():
                pressed.setDown(False)


class TouchScrollArea(QScrollArea):
    """A vertically scrolling area that follows the finger."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # A tap on a tile in the area must not give the area the focus: that took it from the field the
        # form had just brought up (and closed its keypad). Tab still reaches the fields inside.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        kinetic(self)

    def minimumSizeHint(self) -> QSize:
        # It may shrink to one touch target's height: that is how a screen fits above the keyboard.
        hint = super().minimumSizeHint()
        return QSize(hint.width(), min(hint.height(), theme.current().target_px))


class _RowDelegate(QStyledItemDelegate):
    """Rows as tall as a touch target of the current theme at least (the style sheet's ``::item`` minimum
    height is not what the list lays out by)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height() + 16, theme.current().target_px))


class TouchList(QListWidget):
    """A list of big rows that scrolls by drag; tapping a row never takes the focus from a text field
    (that would commit a half-composed pinyin word into it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setItemDelegate(_RowDelegate(self))
        kinetic(self)

    def restyle(self) -> None:
        """The theme changed: rows take the new target height."""
        self.scheduleDelayedItemsLayout()
