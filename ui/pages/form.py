"""One topic per screen of the item's form, prefilled from the card, errors next to each field."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from ui.pages.base import Page
from ui.widgets.common import Text, button, panel
from ui.widgets.fields import FieldEditor
from ui.widgets.keypad import DigitPad

if TYPE_CHECKING:
    from kiosk.forms import FormState
    from ui.window import KioskWindow


class FormPage(Page):
    name = "form"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        row = QHBoxLayout()
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        row.addWidget(self.scroll_area, 3)
        self.pad = DigitPad(extra="-")
        self.pad.setVisible(False)
        row.addWidget(self.pad, 1)
        self.body.addLayout(row, 1)
        self.step = Text("", "muted")
        self.body.addWidget(self.step)
        self.next_button = self.set_primary(QCoreApplication.translate("FormPage", "下一步"))
        self.next_button.clicked.connect(self.next)
        self.editors: dict[str, FieldEditor] = {}
        self.index = 0
        self.page_id = ""
        self._tried = False

    def enter(self, **kw: Any) -> None:
        self.index = int(kw.get("index", self.index))
        self._tried = False
        self.show_fields()

    # Not ``render``: that would shadow QWidget.render(target, ...), which Qt's own code may call.
    def show_fields(self) -> None:
        flow = self.win.flow
        pages = flow.form_pages()
        page = pages[self.index]
        self.page_id = page.id
        self.title.set_plain(page.title)
        self.hint.set_plain(page.hint)
        self.step.set_plain(
            QCoreApplication.translate("FormPage", "第 {n} 步，共 {m} 步").format(
                n=self.index + 1, m=len(pages)
            )
        )
        self._clear()
        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.setSpacing(24)
        for spec in page.fields:
            if spec.type == "group":
                lay.addWidget(self._group(spec))
            else:
                lay.addWidget(self._editor(spec, spec.id))
        lay.addStretch(1)
        self.scroll_area.setWidget(inner)
        self.pad.setVisible(False)
        first = next(iter(self.editors.values()), None)
        if first is not None:
            first.focus()

    def _form(self) -> FormState:
        form = self.win.flow.form
        assert form is not None, "form pages are shown only after the identity started a form"
        return form

    def _editor(self, spec: Any, field_id: str) -> FieldEditor:
        ed = FieldEditor(spec, field_id, self._form(), self._digits_for)
        self.editors[field_id] = ed
        return ed

    def _group(self, spec: Any) -> QWidget:
        form = self._form()
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(Text(spec.label, "heading"))
        rows = form.get(spec.id) or []
        for i in range(len(rows)):
            card = panel()
            cl = QVBoxLayout(card)
            cl.addWidget(
                Text(
                    QCoreApplication.translate("FormPage", "{label}（第{n}项）").format(
                        label=spec.row_label or spec.label, n=i + 1
                    )
                )
            )
            for member in spec.fields:
                cl.addWidget(self._editor(member, f"{spec.id}.{i}.{member.id}"))
            remove = button(QCoreApplication.translate("FormPage", "删除这一项"))
            remove.clicked.connect(lambda _=False, i=i: self._remove_row(spec.id, i))
            cl.addWidget(remove)
            lay.addWidget(card)
        add = button(QCoreApplication.translate("FormPage", "添加一项"))
        add.setObjectName(f"add:{spec.id}")
        add.clicked.connect(lambda: self._add_row(spec.id))
        lay.addWidget(add)
        self.group_error = Text("", "error")
        lay.addWidget(self.group_error)
        self.editors_group = getattr(self, "editors_group", {})
        self.editors_group[spec.id] = self.group_error
        return box

    def _add_row(self, group_id: str) -> None:
        self._form().add_row(group_id)
        self.show_fields()

    def _remove_row(self, group_id: str, index: int) -> None:
        self._form().remove_row(group_id, index)
        self.show_fields()

    def _digits_for(self, edit: QLineEdit | None) -> None:
        self.pad.attach(edit)
        self.pad.setVisible(edit is not None)

    def next(self) -> None:
        errors = self._form().errors(self.page_id)
        self._tried = True
        for fid, ed in self.editors.items():
            ed.show_error(errors.get(fid, ""))
        for gid, label in getattr(self, "editors_group", {}).items():
            label.set_plain(errors.get(gid, ""))
        if errors:
            first = next((self.editors[f] for f in errors if f in self.editors), None)
            if first is not None:
                first.focus()
                self.scroll_area.ensureWidgetVisible(first)
            self.win.say(next(iter(errors.values())))
            return
        self.win.flow.next_form_page(self.index)

    def _clear(self) -> None:
        for ed in self.editors.values():
            ed.wipe()
        self.editors.clear()
        self.editors_group = {}
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.deleteLater()

    def wipe(self) -> None:
        self._clear()
        self.pad.attach(None)
        self.title.clear()
