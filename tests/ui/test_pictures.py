"""Pictures a villager tells apart: each frequent item has its own, and the five rating faces differ in shape
(in grey, so colour is never the only cue) and in colour, and the chosen face stands out."""

from __future__ import annotations

from itertools import combinations
from typing import Any

from ui_helpers import Tapper, wait_page

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from ui import pictograms, theme


def _ink(image: QImage) -> set[tuple[int, int]]:
    """The dark pixels of a picture: its shape, whatever its colours."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return {
        (x, y)
        for y in range(grey.height())
        for x in range(grey.width())
        if grey.pixelColor(x, y).value() < 110
    }


def _apart(a: set[tuple[int, int]], b: set[tuple[int, int]]) -> float:
    return len(a ^ b) / max(1, len(a | b))


def _picture(name: str) -> QImage:
    image = QImage(120, 120, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    p = QPainter(image)
    pictograms.draw(p, name, QRectF(10, 10, 100, 100), QColor("#000000"))
    p.end()
    return image


def test_frequent_items_have_pictures_of_their_own(win: Any, qtbot: Any, taps: Tapper) -> None:
    from ui.widgets.common import TileButton

    taps.tap(win.pages["home"].tiles["apply"], "办理业务")
    find = wait_page(qtbot, win, "find")
    tiles = [t for t in find.frequent.findChildren(TileButton) if t.isVisible()]
    assert len(tiles) == 6
    names = {t.text(): t.picto for t in tiles}
    assert len(set(names.values())) == 6, names  # 老年证 and 高龄补贴, 低保 and 特困供养 shared one
    shapes = {text: _ink(_picture(picto)) for text, picto in names.items()}
    close = [(a, b) for a, b in combinations(shapes, 2) if _apart(shapes[a], shapes[b]) < 0.5]
    assert not close, close


def _face(button: Any) -> QImage:
    return button.grab().toImage()


def test_rating_faces_differ_in_shape_and_colour_and_the_chosen_one_stands_out(
    win: Any, qtbot: Any, taps: Tapper
) -> None:
    taps.tap(win.pages["home"].tiles["rate"], "评价服务")
    rating = wait_page(qtbot, win, "rating")
    faces = rating.faces
    images = {level: _face(b) for level, b in faces.items()}
    # in grey: every face has its own shape (neighbours included: 5 and 4, 2 and 1 looked alike)
    shapes = {level: _ink(img) for level, img in images.items()}
    close = [(a, b, round(_apart(shapes[a], shapes[b]), 2)) for a, b in combinations(shapes, 2)]
    assert all(d >= 0.2 for _, _, d in close), close
    # and its own colour: the face's fill, sampled at the middle of its cheek
    fills = {level: _fill_of(img) for level, img in images.items()}
    assert len({c.name() for c in fills.values()}) == 5, {k: c.name() for k, c in fills.items()}
    # the chosen face: a tap marks it clearly, and its lines stay readable on its background
    taps.answer(faces[2], "不满意")
    chosen = _face(faces[2])
    changed = sum(
        1
        for y in range(0, chosen.height(), 2)
        for x in range(0, chosen.width(), 2)
        if chosen.pixel(x, y) != images[2].pixel(x, y)
    )
    assert changed / ((chosen.width() // 2) * (chosen.height() // 2)) >= 0.1  # frame, fill and tick
    darkest = min(
        (QColor.fromRgb(chosen.pixel(x, y)) for y in range(chosen.height()) for x in range(chosen.width())),
        key=lambda c: c.lightnessF(),
    )
    background = QColor.fromRgb(chosen.pixel(17, chosen.height() // 2))  # inside the frame, beside the face
    assert theme.contrast_ratio(darkest, background) >= 3.0  # graphics contrast (it was black on dark blue)


def _fill_of(image: QImage) -> QColor:
    """The most common colour that is neither the paper, the card, nor grey: the face's own fill."""
    counts: dict[int, int] = {}
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            c = QColor.fromRgb(image.pixel(x, y))
            if c.hsvSaturationF() > 0.15:
                counts[c.rgb()] = counts.get(c.rgb(), 0) + 1
    return QColor.fromRgb(max(counts, key=counts.__getitem__)) if counts else QColor()
