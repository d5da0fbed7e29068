"""The base of every screen: a title, a body, and a footer with 返回 (Esc) and the main action (Enter)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui import theme
from ui.widgets.common import Text, button

if TYPE_CHECKING:
    from ui.window import KioskWindow


class Page(QWidget):
    """A screen. ``enter(**kw)`` is called each time it is shown, ``wipe()`` when the session ends."""

    name = "page"
    has_back = True
    transient = False  # not remembered on the way back (the card page would read the card again)

    def __init__(self, win: KioskWindow) -> None:
        super().__init__()
        self.win = win
        self.setObjectName("page")
        # The page has no background of its own: the window behind it paints the paper colour (see
        # KioskWindow). An opaque page was painted twice at every change of screen, once with the area the
        # old page left and once on its own.
        t = theme.current()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(t.margin_px, t.margin_px // 2, t.margin_px, t.margin_px // 2)
        outer.setSpacing(t.spacing_px)
        self.title = Text("", "title")
        self.hint = Text("", "muted")
        outer.addWidget(self.title)
        outer.addWidget(self.hint)
        self.body = QVBoxLayout()
        self.body.setSpacing(t.spacing_px)
        outer.addLayout(self.body, 1)
        self.footer = QHBoxLayout()
        self.footer.setSpacing(t.spacing_px)
        self.back_button = button(QCoreApplication.translate("Page", "返回"))
        self.back_button.setToolTip(QCoreApplication.translate("Page", "回到上一步（Esc）"))
        self.back_button.clicked.connect(self.go_back)
        self.back_button.setVisible(self.has_back)
        self.footer.addWidget(self.back_button)
        self.footer.addStretch(1)
        self.primary: QPushButton | None = None
        outer.addLayout(self.footer)

    def set_primary(self, text: str) -> QPushButton:
        b = button(text, "primary")
        b.setMinimumWidth(theme.current().tile_px)
        self.footer.addWidget(b)
        self.primary = b
        return b

    def add_footer_button(self, text: str, kind: str = "") -> QPushButton:
        b = button(text, kind)
        self.footer.insertWidget(self.footer.count() - (1 if self.primary else 0), b)
        return b

    def restyle(self) -> None:
        """The theme changed (elder mode): margins and spacing follow; fonts and sizes come from the style sheet."""
        t = theme.current()
        outer = self.layout()
        if outer is not None:
            outer.setContentsMargins(t.margin_px, t.margin_px // 2, t.margin_px, t.margin_px // 2)
            outer.setSpacing(t.spacing_px)
        self.body.setSpacing(t.spacing_px)
        self.footer.setSpacing(t.spacing_px)
        if self.primary is not None:
            self.primary.setMinimumWidth(t.tile_px)

    # --- lifecycle --------------------------------------------------------------------------------
    def enter(self, **kw: Any) -> None:
        """Shown (again); ``kw`` carries what the previous screen chose."""

    def leave(self) -> None:
        """Hidden: stop cameras, timers."""

    def wipe(self) -> None:
        """Forget personal data shown on this screen."""

    def go_back(self) -> None:
        self.win.back()

    def keyboard_up(self, up: bool) -> None:
        """The on-screen keyboard took (or gave back) the bottom of the screen: while it is up, the hint
        gives its lines to the fields (ui/keyboard.py)."""
        self.hint.setVisible(not up)

    def enter_pressed(self, focused: QWidget | None) -> None:
        """Enter (a hardware key or the on-screen keyboard's): the focused button, else the main action."""
        if isinstance(focused, QAbstractButton) and focused.isVisible() and focused.isEnabled():
            focused.click()
        elif self.primary is not None and self.primary.isEnabled() and self.primary.isVisible():
            self.primary.click()

    @staticmethod
    def next_empty(fields: list[QLineEdit], after: QWidget | None) -> QLineEdit | None:
        """The first empty field after ``after`` in ``fields`` (Enter moves there before it submits)."""
        if after not in fields:
            return None
        later = fields[fields.index(after) + 1 :]
        return next((f for f in later if f.isVisible() and f.isEnabled() and not f.text().strip()), None)

    # A page always fills the screen below the header: its height never follows its width. Saying so keeps
    # the screen stack from asking every page (hidden ones too) to lay out its wrapped text for a width
    # each time a page is shown.
    def hasHeightForWidth(self) -> bool:
        return False

    # A page shows no focus of its own (its buttons do): QWidget's default would repaint the whole screen
    # each time focus moves between the page and one of its buttons, e.g. at every tap.
    def focusInEvent(self, event: QFocusEvent) -> None:
        event.accept()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        event.accept()

    # --- keyboard at the counter: Enter does the main action, Esc goes back --------------------------
    # Enter does one thing. A line edit that sees Enter passes it on to its page (QLineEdit ignores it after
    # its returnPressed), so no field connects returnPressed as well: that was a second action.
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter_pressed(self.focusWidget())
            event.accept()
            return
        if key == Qt.Key.Key_Escape and self.has_back:
            self.go_back()
            event.accept()
            return
        super().keyPressEvent(event)
