"""Simple pictograms drawn with QPainter, so they scale to any size and need no image files.

Each one is drawn in a 100x100 box; ``draw(painter, name, rect, colour)`` scales it into ``rect``. The
pictures always come with words next to them (colour and pictures are never the only cue).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPixmap

Draw = Callable[[QPainter], None]


def _document(p: QPainter) -> None:
    p.drawRoundedRect(QRectF(18, 8, 56, 76), 6, 6)
    for y in (26, 40, 54):
        p.drawLine(QPointF(28, y), QPointF(62, y))
    # pen
    p.drawLine(QPointF(60, 90), QPointF(90, 52))
    p.drawLine(QPointF(84, 46), QPointF(94, 56))


def _progress(p: QPainter) -> None:
    p.drawEllipse(QRectF(10, 10, 62, 62))
    p.drawLine(QPointF(41, 41), QPointF(41, 22))
    p.drawLine(QPointF(41, 41), QPointF(56, 48))
    p.drawLine(QPointF(64, 64), QPointF(90, 90))


def _guide(p: QPainter) -> None:
    path = QPainterPath()
    path.moveTo(50, 22)
    path.cubicTo(36, 12, 20, 12, 8, 18)
    path.lineTo(8, 84)
    path.cubicTo(20, 78, 36, 78, 50, 88)
    path.cubicTo(64, 78, 80, 78, 92, 84)
    path.lineTo(92, 18)
    path.cubicTo(80, 12, 64, 12, 50, 22)
    p.drawPath(path)
    p.drawLine(QPointF(50, 22), QPointF(50, 88))


def _face(level: int) -> Draw:
    def draw(p: QPainter) -> None:
        p.drawEllipse(QRectF(8, 8, 84, 84))
        brush = p.brush()
        p.setBrush(QBrush(p.pen().color()))
        p.drawEllipse(QRectF(31, 34, 10, 10))
        p.drawEllipse(QRectF(59, 34, 10, 10))
        p.setBrush(brush)
        curve = (level - 3) * 9.0  # 5: big smile ... 1: deep frown
        path = QPainterPath()
        path.moveTo(30, 66 - max(0.0, -curve) * 0.5)
        path.quadTo(50, 66 + curve, 70, 66 - max(0.0, -curve) * 0.5)
        p.drawPath(path)

    return draw


def _agent(p: QPainter) -> None:
    p.drawEllipse(QRectF(34, 8, 32, 32))
    path = QPainterPath()
    path.moveTo(14, 92)
    path.cubicTo(14, 56, 86, 56, 86, 92)
    p.drawPath(path)
    p.drawRect(QRectF(56, 66, 18, 14))


def _card(p: QPainter) -> None:
    p.drawRoundedRect(QRectF(6, 20, 88, 60), 8, 8)
    p.drawEllipse(QRectF(16, 34, 22, 26))
    for y in (38, 50, 62):
        p.drawLine(QPointF(48, y), QPointF(84, y))


def _camera(p: QPainter) -> None:
    p.drawRoundedRect(QRectF(8, 28, 84, 58), 8, 8)
    p.drawRect(QRectF(34, 16, 32, 12))
    p.drawEllipse(QRectF(32, 40, 36, 36))


def _printer(p: QPainter) -> None:
    p.drawRect(QRectF(26, 8, 48, 28))
    p.drawRoundedRect(QRectF(8, 36, 84, 34), 6, 6)
    p.drawRect(QRectF(26, 60, 48, 32))
    p.drawLine(QPointF(34, 72), QPointF(66, 72))
    p.drawLine(QPointF(34, 82), QPointF(60, 82))


def _search(p: QPainter) -> None:
    p.drawEllipse(QRectF(12, 12, 52, 52))
    p.drawLine(QPointF(58, 58), QPointF(88, 88))


def _building(p: QPainter) -> None:
    path = QPainterPath()
    path.moveTo(8, 34)
    path.lineTo(50, 10)
    path.lineTo(92, 34)
    path.closeSubpath()
    p.drawPath(path)
    for x in (20, 40, 60, 80):
        p.drawLine(QPointF(x, 40), QPointF(x, 80))
    p.drawLine(QPointF(8, 88), QPointF(92, 88))


def _house(p: QPainter) -> None:
    path = QPainterPath()
    path.moveTo(8, 48)
    path.lineTo(50, 12)
    path.lineTo(92, 48)
    p.drawPath(path)
    p.drawRect(QRectF(20, 46, 60, 44))
    p.drawRect(QRectF(42, 62, 16, 28))


def _baby(p: QPainter) -> None:
    p.drawEllipse(QRectF(30, 10, 40, 40))
    p.drawEllipse(QRectF(22, 52, 56, 38))
    p.drawLine(QPointF(42, 34), QPointF(58, 34))


def _school(p: QPainter) -> None:
    path = QPainterPath()
    path.moveTo(6, 38)
    path.lineTo(50, 18)
    path.lineTo(94, 38)
    path.lineTo(50, 58)
    path.closeSubpath()
    p.drawPath(path)
    p.drawLine(QPointF(26, 48), QPointF(26, 74))
    p.drawArc(QRectF(26, 56, 48, 30), 180 * 16, 180 * 16)
    p.drawLine(QPointF(88, 40), QPointF(88, 72))


def _rings(p: QPainter) -> None:
    p.drawEllipse(QRectF(10, 30, 48, 48))
    p.drawEllipse(QRectF(42, 30, 48, 48))


def _elder(p: QPainter) -> None:
    p.drawEllipse(QRectF(36, 6, 24, 24))
    p.drawLine(QPointF(48, 32), QPointF(42, 64))
    p.drawLine(QPointF(42, 64), QPointF(30, 92))
    p.drawLine(QPointF(42, 64), QPointF(56, 92))
    p.drawLine(QPointF(46, 42), QPointF(68, 54))
    p.drawLine(QPointF(70, 50), QPointF(76, 94))


def _medical(p: QPainter) -> None:
    path = QPainterPath()
    for x, y in (
        (38, 10),
        (62, 10),
        (62, 38),
        (90, 38),
        (90, 62),
        (62, 62),
        (62, 90),
        (38, 90),
        (38, 62),
        (10, 62),
        (10, 38),
        (38, 38),
    ):
        (path.moveTo if path.isEmpty() else path.lineTo)(x, y)
    path.closeSubpath()
    p.drawPath(path)


def _wheat(p: QPainter) -> None:
    p.drawLine(QPointF(50, 94), QPointF(50, 14))
    for y in (24, 40, 56):
        p.drawEllipse(QRectF(30, y, 18, 12))
        p.drawEllipse(QRectF(52, y, 18, 12))


def _tree(p: QPainter) -> None:
    path = QPainterPath()
    path.moveTo(50, 6)
    path.lineTo(84, 70)
    path.lineTo(16, 70)
    path.closeSubpath()
    p.drawPath(path)
    p.drawLine(QPointF(50, 70), QPointF(50, 94))


def _heart(p: QPainter) -> None:
    path = QPainterPath()
    path.moveTo(50, 88)
    path.cubicTo(6, 58, 6, 14, 50, 30)
    path.cubicTo(94, 14, 94, 58, 50, 88)
    p.drawPath(path)


def _big_a(p: QPainter) -> None:
    p.drawLine(QPointF(12, 88), QPointF(40, 12))
    p.drawLine(QPointF(40, 12), QPointF(68, 88))
    p.drawLine(QPointF(22, 62), QPointF(58, 62))
    p.drawLine(QPointF(78, 30), QPointF(78, 58))
    p.drawLine(QPointF(64, 44), QPointF(92, 44))


def _back(p: QPainter) -> None:
    p.drawLine(QPointF(14, 50), QPointF(86, 50))
    p.drawLine(QPointF(14, 50), QPointF(42, 22))
    p.drawLine(QPointF(14, 50), QPointF(42, 78))


def _check(p: QPainter) -> None:
    p.drawEllipse(QRectF(8, 8, 84, 84))
    p.drawLine(QPointF(28, 52), QPointF(44, 68))
    p.drawLine(QPointF(44, 68), QPointF(74, 34))


def _qr(p: QPainter) -> None:
    for x, y in ((10, 10), (60, 10), (10, 60)):
        p.drawRect(QRectF(x, y, 30, 30))
    for x, y in ((64, 64), (80, 80), (64, 82), (82, 62)):
        p.drawRect(QRectF(x, y, 6, 6))


def _globe(p: QPainter) -> None:
    p.drawEllipse(QRectF(10, 10, 80, 80))
    p.drawEllipse(QRectF(32, 10, 36, 80))
    p.drawLine(QPointF(10, 50), QPointF(90, 50))


# --- the common items' own pictures (two items of one life event must not look alike) ---------------
def _consult(p: QPainter) -> None:
    """A speech bubble with a question mark: 政策咨询."""
    path = QPainterPath()
    path.addRoundedRect(QRectF(8, 10, 84, 60), 14, 14)
    p.drawPath(path)
    p.drawLine(QPointF(30, 70), QPointF(22, 90))
    p.drawLine(QPointF(22, 90), QPointF(46, 70))
    p.drawArc(QRectF(38, 20, 24, 22), 30 * 16, 210 * 16)
    p.drawLine(QPointF(58, 36), QPointF(50, 46))
    p.drawLine(QPointF(50, 46), QPointF(50, 52))
    p.drawPoint(QPointF(50, 62))


def _bowl(p: QPainter) -> None:
    """A rice bowl with steam and chopsticks: 低保, what keeps a household fed."""
    path = QPainterPath()
    path.moveTo(10, 50)
    path.lineTo(90, 50)
    path.cubicTo(88, 76, 70, 86, 50, 86)
    path.cubicTo(30, 86, 12, 76, 10, 50)
    p.drawPath(path)
    p.drawLine(QPointF(38, 86), QPointF(36, 94))
    p.drawLine(QPointF(62, 86), QPointF(64, 94))
    p.drawLine(QPointF(36, 94), QPointF(64, 94))
    for x in (36, 52, 68):
        p.drawArc(QRectF(x - 6, 18, 12, 24), 90 * 16, 180 * 16)
    p.drawLine(QPointF(60, 44), QPointF(92, 8))
    p.drawLine(QPointF(68, 46), QPointF(96, 16))


def _elder_card(p: QPainter) -> None:
    """A card with an old person's head, white hair drawn as a crest: 老年证."""
    p.drawRoundedRect(QRectF(6, 18, 88, 64), 8, 8)
    p.drawEllipse(QRectF(16, 36, 26, 28))
    p.drawArc(QRectF(14, 30, 30, 20), 20 * 16, 140 * 16)
    p.drawLine(QPointF(52, 40), QPointF(84, 40))
    p.drawLine(QPointF(52, 54), QPointF(84, 54))
    p.drawLine(QPointF(52, 68), QPointF(74, 68))


def _elder_coins(p: QPainter) -> None:
    """A walking stick beside a stack of coins: 高龄补贴."""
    for y in (70, 56, 42):
        p.drawEllipse(QRectF(8, y, 46, 16))
    p.drawLine(QPointF(8, 50), QPointF(8, 78))
    p.drawLine(QPointF(54, 50), QPointF(54, 78))
    p.drawArc(QRectF(64, 6, 24, 22), 0, 180 * 16)
    p.drawLine(QPointF(88, 17), QPointF(88, 94))


def _residence(p: QPainter) -> None:
    """A house with a tick on its door: 居住证明."""
    path = QPainterPath()
    path.moveTo(6, 46)
    path.lineTo(46, 12)
    path.lineTo(86, 46)
    p.drawPath(path)
    p.drawRect(QRectF(16, 44, 60, 46))
    p.drawEllipse(QRectF(58, 56, 38, 38))
    p.drawLine(QPointF(66, 76), QPointF(74, 84))
    p.drawLine(QPointF(74, 84), QPointF(88, 66))


def _shelter(p: QPainter) -> None:
    """A roof held over a person by two hands: 特困供养, being taken care of."""
    path = QPainterPath()
    path.moveTo(6, 40)
    path.lineTo(50, 8)
    path.lineTo(94, 40)
    p.drawPath(path)
    p.drawEllipse(QRectF(40, 34, 20, 20))
    p.drawLine(QPointF(50, 56), QPointF(50, 76))
    p.drawLine(QPointF(50, 76), QPointF(40, 92))
    p.drawLine(QPointF(50, 76), QPointF(60, 92))
    p.drawArc(QRectF(4, 50, 30, 40), 180 * 16, 130 * 16)
    p.drawArc(QRectF(66, 50, 30, 40), 230 * 16, 130 * 16)


def _lifebuoy(p: QPainter) -> None:
    """A life ring: 临时救助, help in an emergency."""
    p.drawEllipse(QRectF(8, 8, 84, 84))
    p.drawEllipse(QRectF(30, 30, 40, 40))
    for a, b in (((20, 20), (36, 36)), ((80, 20), (64, 36)), ((20, 80), (36, 64)), ((80, 80), (64, 64))):
        p.drawLine(QPointF(*a), QPointF(*b))


def _tractor(p: QPainter) -> None:
    p.drawEllipse(QRectF(8, 52, 40, 40))
    p.drawEllipse(QRectF(66, 66, 26, 26))
    p.drawRect(QRectF(22, 24, 30, 28))
    p.drawLine(QPointF(52, 52), QPointF(90, 52))
    p.drawLine(QPointF(90, 52), QPointF(90, 66))
    p.drawLine(QPointF(74, 52), QPointF(74, 30))


def _pension(p: QPainter) -> None:
    """A piggy bank."""
    p.drawEllipse(QRectF(10, 28, 76, 54))
    p.drawLine(QPointF(40, 36), QPointF(58, 36))
    p.drawLine(QPointF(26, 80), QPointF(26, 92))
    p.drawLine(QPointF(70, 80), QPointF(70, 92))
    p.drawEllipse(QRectF(84, 46, 10, 14))
    p.drawLine(QPointF(30, 30), QPointF(24, 16))
    p.drawLine(QPointF(24, 16), QPointF(40, 28))


def _other(p: QPainter) -> None:
    for x in (22, 50, 78):
        p.drawEllipse(QRectF(x - 7, 43, 14, 14))


PICTOGRAMS: dict[str, Draw] = {
    "apply": _document,
    "progress": _progress,
    "guide": _guide,
    "rate": _face(5),
    "agent": _agent,
    "card": _card,
    "camera": _camera,
    "print": _printer,
    "search": _search,
    "department": _building,
    "house": _house,
    "birth": _baby,
    "school": _school,
    "marriage": _rings,
    "elderly": _elder,
    "medical": _medical,
    "farming": _wheat,
    "forestry": _tree,
    "assistance": _heart,
    "elder_mode": _big_a,
    "back": _back,
    "done": _check,
    "qr": _qr,
    "language": _globe,
    "other": _other,
    "consult": _consult,
    "bowl": _bowl,
    "elder_card": _elder_card,
    "elder_coins": _elder_coins,
    "residence": _residence,
    "shelter": _shelter,
    "lifebuoy": _lifebuoy,
    "tractor": _tractor,
    "pension": _pension,
}
PICTOGRAMS.update({f"face{n}": _face(n) for n in range(1, 6)})

# Life-event words (from the catalogue) -> pictogram; anything else gets "other".
LIFE_EVENT_PICTOGRAMS = {
    "出生": "birth",
    "生育": "birth",
    "教育": "school",
    "上学": "school",
    "婚姻": "marriage",
    "养老": "elderly",
    "医疗": "medical",
    "医保": "medical",
    "户籍": "house",
    "住房": "house",
    "农业": "farming",
    "务农": "farming",
    "林业": "forestry",
    "社会救助": "assistance",
    "救助": "assistance",
    "残疾": "assistance",
    "就业": "agent",
}


# Words in a common item's name -> its own picture. The tiles of frequent items must tell two items of one
# life event apart (老年证 and 高龄补贴 are both 养老; 低保 and 特困供养 both 社会救助), so these come
# before the life event's picture; the first word found wins.
ITEM_PICTOGRAMS = (
    ("咨询", "consult"),
    ("低保", "bowl"),
    ("最低生活保障", "bowl"),
    ("老年证", "elder_card"),
    ("优待证", "elder_card"),
    ("高龄", "elder_coins"),
    ("居住证明", "residence"),
    ("特困", "shelter"),
    ("五保", "shelter"),
    ("临时救助", "lifebuoy"),
    ("农机", "tractor"),
    ("养老保险", "pension"),
)


# The catalogue's pictogram names -> the pictures drawn here.
ALIASES = {
    "helping_hands": "assistance",
    "piggy_bank": "pension",
    "tractor": "tractor",
    "wheelchair": "assistance",
    "briefcase": "agent",
    "candle": "other",
    "certificate": "apply",
    "question": "guide",
    "household": "house",
    "baby": "birth",
    "tree": "forestry",
    "house": "house",
    "school": "school",
    "medical": "medical",
    "elderly": "elderly",
}


def named(name: str) -> str:
    """The picture for a catalogue pictogram name (falls back to "other")."""
    if name in PICTOGRAMS:
        return name
    return ALIASES.get(name, "other")


def for_item(name: str, keywords: Sequence[str] = ()) -> str:
    """An item's own picture by the words of its name, then its keywords ("other" when none fits)."""
    for text in (name, *keywords):
        for word, picto in ITEM_PICTOGRAMS:
            if word in text:
                return picto
    return "other"


def for_life_event(name: str) -> str:
    for word, picto in LIFE_EVENT_PICTOGRAMS.items():
        if word in name:
            return picto
    return "other"


def draw(painter: QPainter, name: str, rect: QRectF, colour: QColor) -> None:
    fn = PICTOGRAMS.get(name, _other)
    side = min(rect.width(), rect.height())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(rect.center().x() - side / 2, rect.center().y() - side / 2)
    painter.scale(side / 100.0, side / 100.0)
    pen = QPen(colour, 6.0)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    fn(painter)
    painter.restore()


def pixmap(name: str, size: int, colour: QColor) -> QPixmap:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    draw(p, name, QRectF(0, 0, size, size), colour)
    p.end()
    return pm
