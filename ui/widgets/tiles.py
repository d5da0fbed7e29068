"""Answers by one tap: counts as big number tiles with a stepper beyond them, places as tiles level by level.

A typed count costs a tap into the field and a key per digit, and a drop-down list costs two taps, rows of
36 px and a pop-up over the page's buttons. Here a household of three is one tap on 3, and a village two
taps (its township, then the village). Both write into the form at once and say so with ``answered``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ui.widgets.common import Text, button

if TYPE_CHECKING:
    from kiosk.regions import RegionTree

TILES_AT_MOST = 9  # counts shown as tiles; beyond them the stepper goes on
TILE_COLUMNS = 5


class NumberTiles(QWidget):
    """A whole number between ``low`` and ``high``: tiles for the first values, − and + for the rest."""

    answered = Signal()

    def __init__(self, name: str, low: int, high: int, value: int | None, unit: str = "") -> None:
        super().__init__()
        self.low, self.high, self.unit = low, high, unit
        self.value: int | None = None
        self.on_change: Callable[[int], None] | None = None
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.tiles: dict[int, QPushButton] = {}
        shown = list(range(low, min(high, low + TILES_AT_MOST - 1) + 1))
        for n, v in enumerate(shown):
            b = button(str(v), "choice")
            b.setProperty("count", True)  # a number, centred and large (ui/theme.py)
            b.setCheckable(True)
            b.setObjectName(f"count:{name}:{v}")
            b.clicked.connect(lambda _=False, v=v: self.set_value(v))
            self.group.addButton(b)
            grid.addWidget(b, n // TILE_COLUMNS, n % TILE_COLUMNS)
            self.tiles[v] = b
        self.minus: QPushButton | None = None
        self.plus: QPushButton | None = None
        self.shown = Text("", "heading")
        if high > shown[-1]:
            row = QHBoxLayout()
            self.minus = button("−", "key")
            self.minus.setObjectName(f"count:{name}:minus")
            self.minus.setAccessibleName(QCoreApplication.translate("NumberTiles", "减一"))
            self.plus = button("+", "key")
            self.plus.setObjectName(f"count:{name}:plus")
            self.plus.setAccessibleName(QCoreApplication.translate("NumberTiles", "加一"))
            self.minus.clicked.connect(lambda: self.step(-1))
            self.plus.clicked.connect(lambda: self.step(1))
            row.addWidget(self.minus)
            row.addWidget(self.shown, 1)
            row.addWidget(self.plus)
            grid.addLayout(row, len(shown) // TILE_COLUMNS + 1, 0, 1, TILE_COLUMNS)
        else:
            grid.addWidget(self.shown, len(shown) // TILE_COLUMNS + 1, 0, 1, TILE_COLUMNS)
        self.shown.setVisible(False)
        if value is not None:
            self.set_value(value, quiet=True)

    def step(self, by: int) -> None:
        start = self.value if self.value is not None else self.low - (1 if by > 0 else 0)
        self.set_value(min(self.high, max(self.low, start + by)))

    def set_value(self, value: int, quiet: bool = False) -> None:
        self.value = value
        self.group.setExclusive(False)
        for v, b in self.tiles.items():
            b.setChecked(v == value)
        self.group.setExclusive(True)
        beyond = value not in self.tiles
        self.shown.setVisible(beyond)
        self.shown.set_plain(
            QCoreApplication.translate("NumberTiles", "已选：{n}{unit}").format(n=value, unit=self.unit)
            if beyond
            else ""
        )
        if not quiet:
            if self.on_change is not None:
                self.on_change(value)
            self.answered.emit()

    def wipe(self) -> None:
        self.value = None
        self.shown.clear()


class RegionTiles(QWidget):
    """A place picked one level at a time: the choices of the level below the last one chosen, as tiles;
    what has been chosen so far stays above them as buttons that go back to that level."""

    answered = Signal()

    def __init__(self, name: str, tree: RegionTree, depth: int, value: str | None) -> None:
        super().__init__()
        self.name, self.tree, self.levels = name, tree, depth
        self.on_change: Callable[[str | None], None] | None = None
        self.path: list[str] = []
        if value and value in tree:
            self.path = [r.code for r in tree.path(value)][1:][:depth]
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.trail = QHBoxLayout()
        lay.addLayout(self.trail)
        self.grid = QGridLayout()
        lay.addLayout(self.grid)
        self.tiles: dict[str, QPushButton] = {}
        self.steps: list[QPushButton] = []
        self._show()

    def _show(self) -> None:
        for w in [*self.tiles.values(), *self.steps]:
            w.deleteLater()
        self.tiles, self.steps = {}, []
        for i, code in enumerate(self.path):
            b = button(self.tree.get(code).name + (" ›" if i + 1 < self.levels else ""), "choice")
            b.setCheckable(True)
            b.setChecked(True)
            b.setObjectName(f"region:{self.name}:chosen:{i}")
            b.clicked.connect(lambda _=False, i=i: self._back_to(i))
            self.trail.addWidget(b)
            self.steps.append(b)
        if len(self.path) >= self.levels:
            return
        parent = self.path[-1] if self.path else self.tree.root
        for n, region in enumerate(self.tree.children(parent)):
            b = button(region.name, "choice")
            b.setObjectName(f"region:{self.name}:{region.code}")
            b.clicked.connect(lambda _=False, c=region.code: self._pick(c))
            self.grid.addWidget(b, n // 3, n % 3)
            self.tiles[region.code] = b

    def _pick(self, code: str) -> None:
        self.path.append(code)
        self._changed()

    def _back_to(self, level: int) -> None:
        self.path = self.path[:level]
        self._changed()

    def _changed(self) -> None:
        self._show()
        done = len(self.path) >= self.levels
        if self.on_change is not None:
            self.on_change(self.path[-1] if done else None)
        if done:
            self.answered.emit()

    def chosen(self) -> Any:
        return self.path[-1] if len(self.path) >= self.levels else None

    def wipe(self) -> None:
        self.path = []
        for w in [*self.tiles.values(), *self.steps]:
            w.deleteLater()
        self.tiles, self.steps = {}, []
