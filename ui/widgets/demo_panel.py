"""The demo's card panel: in demo mode the visitor picks which sample card (样例) to put on the simulated
reader, as a villager puts their own card down, instead of the reader handing out scripted cards in turn.

Shown on the "place your card" screen only when the terminal is a demo with the simulated reader. A card
placed stays on the reader until the visitor moves on (``lift``), as a real card stays until taken away.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

from drivers.card.errors import CardReadFailed
from drivers.card.samples import ELDER, EXPIRED, FARMER, YOUNG_MOTHER
from ui.i18n import QT_TRANSLATE_NOOP
from ui.widgets.common import Text, button, panel

SAMPLE_CARDS: list[tuple[str, Any]] = [
    (QT_TRANSLATE_NOOP("DemoCardPanel", "老人的卡"), ELDER),
    (QT_TRANSLATE_NOOP("DemoCardPanel", "农民的卡"), FARMER),
    (QT_TRANSLATE_NOOP("DemoCardPanel", "年轻妈妈的卡"), YOUNG_MOTHER),
    (QT_TRANSLATE_NOOP("DemoCardPanel", "过期的卡"), EXPIRED),
    (QT_TRANSLATE_NOOP("DemoCardPanel", "读不出的卡"), None),  # a card the reader cannot read
]


def demo_reader(terminal: Any) -> Any:
    """The simulated reader a demo visitor may place cards on, or None (a real reader, or no demo)."""
    from drivers.card.simulated import SimulatedReader

    reader = getattr(terminal, "card_reader", None)
    return reader if terminal.demo and isinstance(reader, SimulatedReader) else None


class DemoCardPanel:
    """A framed row of sample cards; ``frame`` goes into the screen's layout."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.frame = panel("warn")
        lay = QVBoxLayout(self.frame)
        lay.addWidget(
            Text(
                QCoreApplication.translate("DemoCardPanel", "演示：点一张样例身份证，把它放到读卡区。"),
                "hint",
            )
        )
        row = QHBoxLayout()
        self.cards: dict[str, QPushButton] = {}
        for words, card in SAMPLE_CARDS:
            # The cards are told apart by who they stand for, not by the sample names: a name on the screen
            # would stay there after the visit is wiped, and the checks that nothing does would be blind to it.
            b = button(QCoreApplication.translate("DemoCardPanel", words))
            b.setObjectName(f"demo-card:{card.name if card is not None else 'unreadable'}")
            b.clicked.connect(lambda _=False, c=card: self.place(c))
            row.addWidget(b)
            self.cards[card.name if card is not None else "unreadable"] = b
        lay.addLayout(row)

    def place(self, card: Any) -> None:
        self.reader.place(card if card is not None else CardReadFailed("sample card that cannot be read"))

    def lift(self) -> None:
        self.reader.lift()
