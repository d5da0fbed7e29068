"""委托代办授权书 on a villager's behalf (kiosk/consent.py): how presence was proven (the villager's card,
or a reason from the fixed list when the item allows manual entry), the consent in large type, read
aloud and printed for the villager to keep, then the villager's signature and the agent's. Paper out:
the filing waits here, saved as a draft, until the consent prints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from drivers.card.identity import CardSource
from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import text_for_code
from ui.pages.base import Page
from ui.tasks import run_task
from ui.widgets.common import Text, button
from ui.widgets.scrolling import TouchScrollArea
from ui.widgets.signature import SignaturePad

if TYPE_CHECKING:
    from kiosk.consent import Consent
    from ui.window import KioskWindow

STEPS = ("presence", "print", "villager", "agent")
# kiosk.consent.MANUAL_REASONS, for lupdate (the core imports no Qt): the words must be the same.
REASON_WORDS = (
    QT_TRANSLATE_NOOP("ConsentReasons", "身份证损坏，读不出"),
    QT_TRANSLATE_NOOP("ConsentReasons", "读卡器故障"),
    QT_TRANSLATE_NOOP("ConsentReasons", "持临时身份证"),
    QT_TRANSLATE_NOOP("ConsentReasons", "身份证遗失或正在补办"),
)


class AgentConsentPage(Page):
    name = "agent_consent"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        row = QHBoxLayout()
        self.area = TouchScrollArea()
        self.consent_text = Text("", "heading")  # large: the villager reads it, or hears it read
        inner = QWidget()
        inner_lay = QVBoxLayout(inner)
        inner_lay.addWidget(self.consent_text)
        inner_lay.addStretch(1)
        self.area.setWidget(inner)
        row.addWidget(self.area, 3)
        side = QVBoxLayout()
        self.reasons: dict[str, QPushButton] = {}
        from kiosk.consent import MANUAL_REASONS

        self.reason_heading = Text(
            QCoreApplication.translate("AgentConsent", "村民没有放身份证的原因："), "heading"
        )
        side.addWidget(self.reason_heading)
        for code, words in MANUAL_REASONS.items():
            b = button(QCoreApplication.translate("ConsentReasons", words))
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, c=code: self.choose_reason(c))
            side.addWidget(b)
            self.reasons[code] = b
        self.who_signs = Text("", "heading")
        side.addWidget(self.who_signs)
        self.pad = SignaturePad()
        side.addWidget(self.pad, 1)
        self.clear_button = button(QCoreApplication.translate("AgentConsent", "擦掉重签"))
        self.clear_button.clicked.connect(self.pad.clear)
        side.addWidget(self.clear_button)
        self.reprint_button = button(QCoreApplication.translate("AgentConsent", "重新打印授权书"))
        self.reprint_button.clicked.connect(self._print)
        side.addWidget(self.reprint_button)
        row.addLayout(side, 2)
        self.body.addLayout(row, 1)
        self.status = Text("", "error")
        self.body.addWidget(self.status)
        self.next_button = self.set_primary(QCoreApplication.translate("AgentConsent", "下一步"))
        self.next_button.clicked.connect(self.next_step)
        self.pad.changed.connect(lambda ink: self.next_button.setEnabled(ink))
        self.consent: Consent | None = None
        self.reason: str | None = None
        self.step = "presence"
        self.printed = False
        self.villager_png = b""
        # Shown step by step (``_go``): all at once they would make the page taller than the screen, and
        # the window would grow to fit them the first time the page is shown.
        for w in (self.reason_heading, *self.reasons.values(), self.who_signs, self.pad, self.clear_button):
            w.hide()
        self.reprint_button.hide()

    # --- steps -------------------------------------------------------------------------------------------
    def enter(self, **kw: Any) -> None:
        from kiosk.consent import consent_for

        flow, agent = self.win.flow, self.win.agents.agent
        ident, item = flow.session.identity, flow.item
        assert ident is not None and item is not None and agent is not None
        self.title.set_plain(QCoreApplication.translate("AgentConsent", "委托代办授权书"))
        self.consent = consent_for(
            villager_name=ident.name, id_number=ident.id_number, agent_no=agent.number, agent_name=agent.name,
            item_name=item.name, item_code=item.code, station_name=self.win.terminal.station.name,
        )  # fmt: skip
        self.consent_text.set_plain(self.consent.text)
        self.reason, self.printed, self.villager_png = None, False, b""
        self.status.set_plain("")
        manual = ident.source is CardSource.MANUAL
        self._go("presence" if manual else "print")

    def _go(self, step: str) -> None:
        self.step = step
        self.reason_heading.setVisible(step == "presence")
        for b in self.reasons.values():
            b.setVisible(step == "presence")
            b.setChecked(False)
        signing = step in ("villager", "agent")
        for w in (self.who_signs, self.pad, self.clear_button):
            w.setVisible(signing)
        self.reprint_button.setVisible(step == "print" and not self.printed)
        self.pad.clear()
        self.next_button.setEnabled(False)
        if step == "presence":
            self.hint.set_plain(text_for_code("consent.reason_needed"))
        elif step == "print":
            self.hint.set_plain(
                QCoreApplication.translate("AgentConsent", "正在打印授权书，请交给村民保管……")
            )
            self.win.say(self.consent.text if self.consent else "")
            self._print()
        elif step == "villager":
            self.hint.set_plain(
                QCoreApplication.translate("AgentConsent", "请村民读过（或听过）授权书后签名。")
            )
            self.who_signs.set_plain(QCoreApplication.translate("AgentConsent", "委托人（村民）签名："))
        else:
            self.hint.set_plain(QCoreApplication.translate("AgentConsent", "村民已签名。请代办员签名。"))
            self.who_signs.set_plain(QCoreApplication.translate("AgentConsent", "受托人（代办员）签名："))

    def choose_reason(self, code: str) -> None:
        self.reason = code
        self._go("print")

    def _print(self) -> None:
        consent, terminal = self.consent, self.win.terminal
        if consent is None:
            return
        self.reprint_button.setEnabled(False)
        run_task(lambda: terminal.print_consent(consent), self._printed, owner=self)

    def _printed(self, ok: bool | None, _error: BaseException | None) -> None:
        self.reprint_button.setEnabled(True)
        if self.step != "print":
            return
        if ok:
            self.printed = True
            self._go("villager")
            return
        self.status.set_plain(text_for_code("consent.not_printed"))
        self.reprint_button.setVisible(True)
        self.win.agents.save_draft()  # the filing waits for paper; the draft keeps it meanwhile

    def next_step(self) -> None:
        if self.pad.is_empty():
            return
        if self.step == "villager":
            self.villager_png = self.pad.png()
            self._go("agent")
        elif self.step == "agent" and self.consent is not None:
            from kiosk.consent import presence_for

            agent = self.win.agents.agent
            assert agent is not None
            record = self.consent.record(
                presence_for(self.reason), self.villager_png, self.pad.png(), agent.number
            )
            self.win.flow.session.consent = record
            self.win.go("review")

    def wipe(self) -> None:
        self.consent_text.set_plain("")
        self.consent, self.reason, self.villager_png = None, None, b""
        self.pad.clear()
        self.status.clear()
