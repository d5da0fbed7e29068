"""Guided consultation (kiosk/consult.py): a few plain questions, one per screen, answered by a tap; then the
items they point to, each a tap away from its service guide. Works offline: it reads the catalogue only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout, QWidget

from ui.messages import text_for_code
from ui.pages.base import Page
from ui.widgets.common import Text, button
from ui.widgets.scrolling import TouchScrollArea

if TYPE_CHECKING:
    from ui.window import KioskWindow


class ConsultPage(Page):
    name = "consult"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.scroll_area = TouchScrollArea()
        self.body.addWidget(self.scroll_area, 1)
        self.step = Text("", "muted")
        self.body.addWidget(self.step)
        self.answers: dict[str, str] = {}
        self.choices: dict[str, QPushButton] = {}  # answer id -> its button, on the question shown
        self.suggestions: dict[str, QPushButton] = {}  # item code -> its button, on the result
        self.asking = 0

    def enter(self, **kw: Any) -> None:
        if not kw.get("back"):  # back from a suggested guide: the suggestions again
            self.asking, self.answers = 0, {}
        self.title.set_plain(text_for_code("consult.title"))
        self._show()

    def go_back(self) -> None:
        # 返回 goes back one question first; from the first question, to where the visitor came from.
        if self.asking > 0:
            self.asking -= 1
            self.answers = {k: v for k, v in self.answers.items() if k in _asked(self.asking)}
            self._show()
            return
        super().go_back()

    def _show(self) -> None:
        from kiosk.consult import QUESTIONS

        if self.asking < len(QUESTIONS):
            self._ask(QUESTIONS[self.asking])
        else:
            self._suggest()

    def _ask(self, q: Any) -> None:
        from kiosk.consult import QUESTIONS

        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.addWidget(Text(text_for_code(f"consult.question.{q.id}"), "heading"))
        grid = QGridLayout()
        self.choices = {}
        for n, a in enumerate(q.answers):
            b = button(text_for_code(a.words), "choice")
            b.setObjectName(f"consult:{q.id}:{a.id}")
            b.clicked.connect(lambda _=False, qid=q.id, aid=a.id: self.pick(qid, aid))
            grid.addWidget(b, n // 2, n % 2)
            self.choices[a.id] = b
        lay.addLayout(grid)
        lay.addStretch(1)
        self._set(inner)
        self.hint.set_plain(QCoreApplication.translate("ConsultPage", "点一个最接近的就行。"))
        self.step.set_plain(
            QCoreApplication.translate("ConsultPage", "第 {n} 问，共 {m} 问").format(
                n=self.asking + 1, m=len(QUESTIONS)
            )
        )

    def pick(self, question_id: str, answer_id: str) -> None:
        self.answers[question_id] = answer_id
        self.asking += 1
        self._show()

    def _suggest(self) -> None:
        from kiosk.consult import suggest
        from ui.messages import item_name

        found = suggest(self.win.catalogue.items, self.answers)
        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.addWidget(Text(text_for_code("consult.result" if len(found) > 1 else "consult.none"), "heading"))
        self.suggestions = {}
        for item in found:
            b = button(item_name(self.win, item.code, item.name), "choice")
            b.setObjectName(f"suggest:{item.code}")
            b.clicked.connect(lambda _=False, code=item.code: self.win.flow.show_guide(code))
            lay.addWidget(b)
            self.suggestions[item.code] = b
        lay.addStretch(1)
        self._set(inner)
        self.hint.set_plain(
            QCoreApplication.translate("ConsultPage", "这些建议只根据本机的事项目录，不联网也能用。")
        )
        self.step.set_plain("")

    def _set(self, inner: QWidget) -> None:
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.scroll_area.setWidget(inner)

    def wipe(self) -> None:
        self.answers, self.asking = {}, 0
        self.choices, self.suggestions = {}, {}
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.deleteLater()


def _asked(n: int) -> set[str]:
    from kiosk.consult import QUESTION_IDS

    return set(QUESTION_IDS[:n])
