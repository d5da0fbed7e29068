"""Elder mode meets the national elderly-friendly figures, measured on the real widgets of every screen.

Reference resolution 1920x1080. Body text >= 18 pt, touch targets >= 60x60 px, text contrast >= 4.5:1
(measured on the rendered pixels), line spacing >= 1.3 (measured on the laid-out wrapped text).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QFontInfo, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QScrollBar,
    QWidget,
)

from ui import theme
from ui.tasks import ManualRunner, use_runner
from ui.tour import Tour
from ui.widgets.common import Text

MIN_PT, MIN_TARGET, MIN_CONTRAST, MIN_LINE = 18.0, 60, 4.5, 1.3


def _shown(w: QWidget, win: QWidget) -> bool:
    return w.isVisibleTo(win) and w.isVisible() and w.width() > 0 and w.height() > 0


def _contrast_in(image: QImage, w: QWidget, win: QWidget) -> float | None:
    """Text contrast of a widget on screen: its most common colour is the background, the colour farthest
    from it the ink (anti-aliasing only lowers contrast, so this does not flatter)."""
    seen = w.visibleRegion().boundingRect()  # a widget half scrolled away shows only this part
    if seen.isEmpty():
        return None
    top_left = w.mapTo(win, seen.topLeft())
    crop = image.copy(top_left.x(), top_left.y(), seen.width(), seen.height())
    counts: Counter[int] = Counter()
    step = max(1, min(crop.width(), crop.height()) // 40)
    for y in range(0, crop.height(), step):
        for x in range(0, crop.width(), step):
            counts[crop.pixel(x, y)] += 1
    if len(counts) < 2:
        return None
    bg = QColor.fromRgb(counts.most_common(1)[0][0])
    return max(theme.contrast_ratio(QColor.fromRgb(c), bg) for c in counts)


def _line_pitch(label: Text) -> float:
    saved, saved_min = label.text(), label.minimumHeight()
    width = max(200, label.width())
    label.setMinimumHeight(0)  # heightForWidth never answers less than the minimum height
    label.setText(Text.markup("测"))
    one = label.heightForWidth(width)
    label.setText(Text.markup("测\n测\n测"))
    three = label.heightForWidth(width)
    label.setText(saved)
    label.setMinimumHeight(saved_min)
    return (three - one) / 2 / QFontInfo(label.font()).pixelSize()


class Measure:
    def __init__(self, win: Any) -> None:
        self.win = win
        self.problems: list[str] = []
        self.checked = Counter[str]()
        self.smallest: tuple[int, str] = (10**6, "")

    def target(self, name: str, width: int, height: int, short: int | None = None) -> None:
        """One touch target's size; ``short`` overrides the side that must reach MIN_TARGET."""
        self.checked["target"] += 1
        side = min(width, height) if short is None else short
        if side < self.smallest[0]:
            self.smallest = (side, f"{name} {width}x{height}")
        if side < MIN_TARGET:
            self.problems.append(f"{name}: target {width}x{height}")

    def rows(self, screen: str, lst: QListWidget) -> None:
        """Every row of a list that shows on screen is a target of its own."""
        view = lst.viewport().rect()
        for i in range(lst.count()):
            rect = lst.visualItemRect(lst.item(i))
            if rect.intersects(view):
                self.target(f"{screen}: row {lst.item(i).text()!r}"[:90], rect.width(), rect.height())

    def popups(self, screen: str, widgets: list[QWidget]) -> None:
        """A drop-down's list is opened and its rows measured as they are drawn."""
        for combo in [w for w in widgets if isinstance(w, QComboBox) and w.isEnabled()]:
            combo.showPopup()
            QApplication.processEvents()
            view = combo.view()
            for i in range(combo.count()):
                rect = view.visualRect(combo.model().index(i, 0))
                self.target(f"{screen}: pop-up row {combo.itemText(i)!r}", rect.width(), rect.height())
            combo.hidePopup()

    def footer(self, screen: str) -> None:
        """The buttons that finish or leave a screen are whole and on top where they are drawn: none is
        below the fold, cut off, or under something else."""
        if self.win.countdown.isVisible():
            return
        page = self.win.current()
        for b in (page.primary, page.back_button):
            if b is None or not b.isVisible():
                continue
            rect = QRect(b.mapTo(self.win, QPoint(0, 0)), b.size())
            hit = self.win.childAt(rect.center())
            if not self.win.rect().contains(rect) or not (hit is b or b.isAncestorOf(hit)):
                self.problems.append(f"{screen}: {b.text()} is not whole and on top at {rect}")

    def __call__(self, screen: str) -> None:
        win = self.win
        if win.width() > 1920 or win.height() > 1080:  # the screen would cut the page off
            self.problems.append(f"{screen}: needs {win.width()}x{win.height()} px")
        image = win.grab().toImage()
        widgets = [w for w in win.findChildren(QWidget) if _shown(w, win)]
        if win.countdown.isVisible():
            widgets = [w for w in widgets if w is win.countdown or win.countdown.isAncestorOf(w)]
        for w in widgets:
            name = f"{screen}: {type(w).__name__} {getattr(w, 'plain', '') or getattr(w, 'text', lambda: '')()!r}"[
                :90
            ]
            has_text = isinstance(w, QLabel | QAbstractButton | QLineEdit) and bool(
                (w.text() if not isinstance(w, QLineEdit) else (w.text() or w.placeholderText())).strip()
            )
            if has_text:
                self.checked["text"] += 1
                if w.font().pointSizeF() < MIN_PT:
                    self.problems.append(f"{name}: {w.font().pointSizeF()} pt")
                if isinstance(w, QLabel | QAbstractButton):
                    ratio = _contrast_in(image, w, win)
                    if ratio is not None:
                        self.checked["contrast"] += 1
                        if ratio < MIN_CONTRAST:
                            self.problems.append(f"{name}: contrast {ratio:.2f}")
            if isinstance(w, QAbstractButton | QLineEdit | QComboBox | QScrollBar) and w.isEnabled():
                vertical_bar = isinstance(w, QScrollBar) and w.orientation().name == "Vertical"
                self.target(name, w.width(), w.height(), w.width() if vertical_bar else None)
            if isinstance(w, QListWidget):
                self.rows(screen, w)
            if isinstance(w, QLabel) and w.wordWrap():
                if not isinstance(w, Text):
                    self.problems.append(f"{name}: wrapped text without the 1.4 line height")
                elif w.plain:
                    self.checked["line"] += 1
                    pitch = _line_pitch(w)
                    if pitch < MIN_LINE:
                        self.problems.append(f"{name}: line spacing {pitch:.2f}")
        self.popups(screen, widgets)
        self.footer(screen)


@pytest.mark.slow
def test_elder_mode_figures_on_every_screen(win: Any, qtbot: Any) -> None:
    app = QApplication.instance()
    runner = ManualRunner()
    old = use_runner(runner)
    try:
        win.set_elder(True)
        assert theme.current() is theme.ELDER
        measure = Measure(win)
        tour = Tour(app, win, runner, None, "elder", on_screen=measure)
        tour.walk()
    finally:
        use_runner(old)
        win.set_elder(False)
    print(f"\nelder mode: {len(tour.names)} screens, checks {dict(measure.checked)}")
    print(f"smallest touch target in elder mode: {measure.smallest[1]} ({measure.smallest[0]} px)")
    assert len(tour.names) >= 25
    assert (
        measure.checked["contrast"] > 100 and measure.checked["line"] > 30 and measure.checked["target"] > 100
    )
    assert not measure.problems, "\n".join(measure.problems[:40])


def test_theme_colour_pairs_reach_4_5() -> None:
    pairs = [
        (theme.INK, theme.PAPER),
        (theme.INK, theme.CARD),
        ("#ffffff", theme.PRIMARY),
        ("#ffffff", theme.ACCENT),
        (theme.MUTED, theme.PAPER),
        (theme.ERROR, theme.PAPER),
        (theme.PRIMARY, theme.CARD),
        (theme.INK, theme.WARN_BG),
    ]
    for fg, bg in pairs:
        assert theme.contrast_ratio(QColor(fg), QColor(bg)) >= 4.5, (fg, bg)


def test_elder_mode_keeps_the_pictures_at_least_as_large(win: Any, qtbot: Any, taps: Any) -> None:
    """The larger words of elder mode do not shrink a tile's picture below its size in the normal mode."""
    from ui.widgets.common import TileButton

    def sides() -> dict[str, float]:
        found = {}
        for name in ("home", "find"):
            page = win.go(name, purpose="apply") if name == "find" else win.go(name)
            QApplication.processEvents()
            for tile in page.findChildren(TileButton):
                if tile.isVisible():
                    found[f"{name}: {tile.text()}"] = tile.layout_face(tile.face_font())[0].width()
        win.go("home")
        return found

    normal = sides()
    taps.tap(win.header.elder, "大字模式")
    try:
        elder = sides()
    finally:
        win.header.elder.setChecked(False)
    assert len(normal) == 11 and set(elder) == set(normal)
    smaller = {k: (round(normal[k]), round(elder[k])) for k in normal if elder[k] < normal[k]}
    assert not smaller, smaller
