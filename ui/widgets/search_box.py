"""The search box: it searches on what is being typed, including pinyin that is still being composed.

On the touch keyboard, pinyin letters stay in composition (the underlined "preedit") until a Chinese
word is chosen; a plain QLineEdit's text does not hold them, so "dbsq" found nothing, and a tap elsewhere
committed the engine's first guess ("的不是去") into the box. Here the query is the committed text plus the
composition, so initials and full pinyin find items while they are typed; choosing a result drops the
composition instead of committing a guess (``drop_composition``).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtWidgets import QLineEdit, QWidget


class SearchBox(QLineEdit):
    query_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._composing = ""
        self.textChanged.connect(self._emit)

    def query(self) -> str:
        """What the person has typed so far: committed text and the composition at the cursor."""
        text, at = self.text(), self.cursorPosition()
        return text[:at] + self._composing + text[at:]

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        super().inputMethodEvent(event)
        composing = event.preeditString()
        if composing != self._composing or event.commitString():
            self._composing = composing
            self._emit()

    def drop_composition(self) -> None:
        """Forget the letters being composed without committing a guess; the box keeps them as letters
        (what the person typed), which search the same."""
        letters = "".join(c for c in self._composing if c.isascii() and c.isalpha())  # not "d'b" or "d b"
        if self.hasFocus():
            QGuiApplication.inputMethod().reset()
        self._composing = ""
        if letters:
            self.insert(letters)

    def _emit(self, _text: str = "") -> None:
        self.query_changed.emit(self.query())
