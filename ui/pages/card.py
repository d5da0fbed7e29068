"""Place the ID card: an animated picture, a prompt in words (and voice), and the read in the background.

Reads are retried while the visitor is on this screen: "no card yet" and "card lifted during the read" try
again after a moment or as soon as the reader says a card arrived; other problems wait for the card to be
placed again or for 再读一次. Where the item allows it the visitor may type their details instead.

A card read is confirmed on this screen ("读卡成功", a moment long) before the next one shows; in a demo a
panel of sample cards stands for the visitor's own card (ui/widgets/demo_panel.py).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QHBoxLayout

from drivers.card.errors import CardRemoved, NoCard
from ui.messages import text_for
from ui.pages.base import Page
from ui.tasks import run_task
from ui.widgets.common import Pictogram, Text

if TYPE_CHECKING:
    from ui.window import KioskWindow

RETRY_MS = 800
SUCCESS_MS = 1200  # how long "读卡成功" stays: long enough to read, short enough not to wait for


class CardPage(Page):
    name = "card"
    transient = True

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.title.set_plain(QCoreApplication.translate("CardPage", "请把身份证放到读卡区"))
        self.hint.set_plain(
            QCoreApplication.translate(
                "CardPage", "读卡区在屏幕下方，有身份证图案的地方。放好后不要移动，听到提示音再拿走。"
            )
        )
        row = QHBoxLayout()
        self.picture = Pictogram("card", side=360)
        row.addStretch(1)
        row.addWidget(self.picture, 2)
        row.addStretch(1)
        self.body.addLayout(row, 1)
        self.message = Text("", "heading")
        self.body.addWidget(self.message)
        from ui.widgets.demo_panel import DemoCardPanel, demo_reader

        reader = demo_reader(win.terminal)
        self.demo = DemoCardPanel(reader) if reader is not None else None
        if self.demo is not None:
            self.body.addWidget(self.demo.frame)
        self.manual_button = self.add_footer_button(
            QCoreApplication.translate("CardPage", "没带身份证，手动填写")
        )
        self.purpose = "apply"
        self.manual_button.clicked.connect(lambda: self.win.go("manual", purpose=self.purpose))
        self.retry_button = self.add_footer_button(QCoreApplication.translate("CardPage", "再读一次"))
        self.retry_button.clicked.connect(self.read)
        self._generation = 0
        self._reading = False
        self._phase = 0.0
        self.animation = QTimer(self)
        self.animation.setInterval(50)
        self.animation.timeout.connect(self._animate)
        self.retry = QTimer(self)
        self.retry.setSingleShot(True)
        self.retry.timeout.connect(self.read)
        self.success = QTimer(self)
        self.success.setSingleShot(True)
        self.success.setInterval(SUCCESS_MS)
        self.success.timeout.connect(self._go_on)
        self._identity: Any = None
        win.bridge.card_inserted.connect(self._card_inserted)

    def enter(self, **kw: Any) -> None:
        self.purpose = kw.get("purpose", self.purpose)
        self.manual_button.setVisible(bool(kw.get("manual", False)))
        self.retry_button.setVisible(False)
        self.message.set_plain(QCoreApplication.translate("CardPage", "正在等待身份证……"))
        self.win.say(QCoreApplication.translate("CardPage", "请把身份证放到读卡区，放好后不要移动。"))
        self.animation.start()
        self._generation += 1
        self.read()

    def leave(self) -> None:
        self._generation += 1  # results of reads still running are ignored
        self.animation.stop()
        self.retry.stop()
        self.success.stop()
        self._identity = None
        if self.demo is not None:
            self.demo.lift()  # the visitor took their card along

    def _animate(self) -> None:
        self._phase += 0.12
        self.picture.offset = (math.sin(self._phase) + 1) / 2
        self.picture.update()

    def _card_inserted(self) -> None:
        if self.win.current() is self and not self._reading and not self.success.isActive():
            self.retry.stop()
            self.read()

    def read(self) -> None:
        if self._reading:
            return
        self._reading = True
        self.retry_button.setVisible(False)
        generation = self._generation
        terminal = self.win.terminal
        run_task(
            terminal.read_card, lambda identity, error: self._done(generation, identity, error), owner=self
        )

    def _done(self, generation: int, identity: Any, error: BaseException | None) -> None:
        self._reading = False
        if generation != self._generation:
            return
        if error is None:
            self.animation.stop()
            self.message.set_plain(QCoreApplication.translate("CardPage", "读卡成功，请拿走身份证。"))
            self.win.say(QCoreApplication.translate("CardPage", "读卡成功，请拿走身份证。"))
            self._identity = identity
            self.success.start()
            return
        self.message.set_plain(text_for(error))
        if isinstance(error, NoCard | CardRemoved):
            if isinstance(error, CardRemoved):
                self.win.say(text_for(error))
            self.retry.start(RETRY_MS)
        else:
            self.win.say(text_for(error))
            self.retry_button.setVisible(True)

    def _go_on(self) -> None:
        identity, self._identity = self._identity, None
        if identity is not None and self.win.current() is self:
            self.win.identity_read(self.purpose, identity)

    def refuse(self, error: BaseException | None) -> None:
        """A 补正 needs the applicant's own card: this one is someone else's (or could not be checked)."""
        text = (
            text_for(error)
            if error is not None
            else QCoreApplication.translate(
                "CardPage", "这张身份证不是这件申请的申请人。请放申请人本人的身份证。"
            )
        )
        self.message.set_plain(text)
        self.win.say(text)
        self.retry_button.setVisible(True)

    def wipe(self) -> None:
        self.success.stop()
        self._identity = None
        self.message.clear()
