"""One topic per screen of the item's form, prefilled from the card, errors next to each field."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.pages.base import Page
from ui.widgets.common import Text, button, panel
from ui.widgets.fields import FieldEditor
from ui.widgets.keypad import DigitPad
from ui.widgets.scrolling import TouchScrollArea

if TYPE_CHECKING:
    from kiosk.forms import FormState
    from ui.window import KioskWindow


AHEAD_AFTER_MS = 50  # a person reads a page for seconds; the page's own first paint takes far less


@dataclasses.dataclass
class _Built:
    """One page's fields, built: the widget the scroll area shows, its editors and group error labels."""

    inner: QWidget
    editors: dict[str, FieldEditor]
    groups: dict[str, Text]
    key: tuple[Any, ...]


class FormPage(Page):
    name = "form"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        row = QHBoxLayout()
        self.scroll_area = TouchScrollArea()
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
        self.editors_group: dict[str, Text] = {}
        self._ahead: _Built | None = None  # the next page, built while this one is read
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
        if self._ahead is not None and self._ahead.key == self._key(page):
            built, self._ahead = self._ahead, None
        else:
            built = self._build(page)
        self.editors, self.editors_group = built.editors, built.groups
        self.scroll_area.setWidget(built.inner)
        self.pad.setVisible(False)
        # The first question without an answer takes the focus (a number field shows its keypad at once),
        # after the window has given the page itself the focus.
        QTimer.singleShot(0, self, self._focus_first)
        # The next page is built now, while the visitor reads this one, so that 下一步 costs about a plain
        # screen change (bench/bench_ui.py); it is used only if its fields and answers are still the same.
        # Later than the next pass of the event loop: this page's own first paint goes before it.
        if self.index + 1 < len(pages):
            QTimer.singleShot(AHEAD_AFTER_MS, self, lambda n=self.index + 1: self._build_ahead(n))

    def _key(self, page: Any) -> tuple[Any, ...]:
        """What a built page shows: its fields as shown (labels, help that depends on earlier answers),
        their answers and locks, the language and the look."""
        form = self._form()
        answers = tuple((f.id, repr(form.get(f.id)), form.is_locked(f.id)) for f in page.fields)
        app = QCoreApplication.instance()
        look = app.styleSheet() if isinstance(app, QApplication) else ""
        return (page.id, page.fields, self.win.language, look, answers)

    def _build(self, page: Any) -> _Built:
        # Made in the scroll area's viewport, where it will be shown (hidden until then): a widget moved
        # there from elsewhere would measure and draw its texts again (bench/bench_ui.py).
        built = _Built(QWidget(self.scroll_area.viewport()), {}, {}, self._key(page))
        built.inner.hide()
        lay = QVBoxLayout(built.inner)
        lay.setSpacing(24)
        for spec in page.fields:
            if spec.type == "group":
                lay.addWidget(self._group(spec, built))
            else:
                lay.addWidget(self._editor(spec, spec.id, built))
        lay.addStretch(1)
        return built

    def _build_ahead(self, index: int) -> None:
        if self.win.current() is not self or self.win.flow.form is None or self.index + 1 != index:
            return
        pages = self.win.flow.form_pages()
        if index >= len(pages):
            return
        key = self._key(pages[index])
        if self._ahead is not None and self._ahead.key != key:
            self._drop(self._ahead)  # answers changed since: what it shows is out of date
            self._ahead = None
        if self._ahead is None:
            built = self._build(pages[index])
            # Laid out and painted once off the screen at the width it will have, so that showing it
            # measures no text and draws no button's look again (ui/widgets/common.py keeps them).
            width = self.scroll_area.viewport().width()
            built.inner.resize(width, max(built.inner.heightForWidth(width), built.inner.sizeHint().height()))
            built.inner.grab()
            self._ahead = built

    def _drop(self, built: _Built) -> None:
        for ed in built.editors.values():
            ed.wipe()
        built.inner.deleteLater()

    def _focus_first(self) -> None:
        first = self._waiting_after(None) or next(iter(self.editors.values()), None)
        if first is not None and self.win.current() is self:
            first.focus()

    def _form(self) -> FormState:
        form = self.win.flow.form
        assert form is not None, "form pages are shown only after the identity started a form"
        return form

    def _editor(self, spec: Any, field_id: str, built: _Built) -> FieldEditor:
        ed = FieldEditor(spec, field_id, self._form(), self._digits_for)
        ed.answered.connect(lambda fid=field_id: self.bring_up_next(fid))
        built.editors[field_id] = ed
        return ed

    def _waiting_after(self, field_id: str | None) -> FieldEditor | None:
        """The first field after ``field_id`` (after none: the first of all) that has no answer yet."""
        ids = list(self.editors)
        later = ids[ids.index(field_id) + 1 :] if field_id in self.editors else ids
        return next((self.editors[f] for f in later if not self.editors[f].is_answered()), None)

    def bring_up_next(self, after: str) -> None:
        """A field was answered by a tap: the next unanswered one comes into view (and takes the focus when
        it is typed into), so a long page needs no scrolling by hand for the common answers."""
        target = self._waiting_after(after)
        if target is None:
            return
        if target.edit is not None:
            target.focus()
        QTimer.singleShot(0, self, lambda t=target: self._show_editor(t))

    def _show_editor(self, editor: FieldEditor) -> None:
        if editor in self.editors.values():
            self.scroll_area.ensureWidgetVisible(editor, 0, 24)

    def enter_pressed(self, focused: QWidget | None) -> None:
        """Enter goes on: to the next field that still wants an answer, and from the last one to the next
        page. It raises no error about a field the visitor has not reached, and it does not pick an answer
        (Space presses a focused answer button; Enter on 下一步 or 添加一项 presses that)."""
        at = next(
            (f for f, ed in self.editors.items() if focused is not None and ed.isAncestorOf(focused)), None
        )
        if isinstance(focused, QAbstractButton) and at is None:
            super().enter_pressed(focused)
            return
        waiting = self._waiting_after(at)
        if waiting is None:
            self.next()
            return
        waiting.focus()
        self._show_editor(waiting)

    def _group(self, spec: Any, built: _Built) -> QWidget:
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
                cl.addWidget(self._editor(member, f"{spec.id}.{i}.{member.id}", built))
            remove = button(QCoreApplication.translate("FormPage", "删除这一项"))
            remove.clicked.connect(lambda _=False, i=i: self._remove_row(spec.id, i))
            cl.addWidget(remove)
            lay.addWidget(card)
        add = button(QCoreApplication.translate("FormPage", "添加一项"))
        add.setObjectName(f"add:{spec.id}")
        add.clicked.connect(lambda: self._add_row(spec.id))
        lay.addWidget(add)
        error = Text("", "error")
        lay.addWidget(error)
        built.groups[spec.id] = error
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
        if edit is not None:
            QTimer.singleShot(0, self, lambda e=edit: self._show_field(e))

    def _show_field(self, edit: QLineEdit) -> None:
        if any(ed.edit is edit for ed in self.editors.values()):
            self.scroll_area.ensureWidgetVisible(edit, 0, 24)

    def next(self) -> None:
        errors = self._form().errors(self.page_id)
        self._tried = True
        for fid, ed in self.editors.items():
            ed.show_error(errors.get(fid, ""))
        for gid, label in self.editors_group.items():
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
        if self._ahead is not None:  # built ahead with the visitor's answers: they go with the visit
            self._drop(self._ahead)
            self._ahead = None
        self.pad.attach(None)
        self.title.clear()
