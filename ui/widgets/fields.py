"""One editor per form field type, in large touch controls. Each editor writes into the FormState at once.

text/address -> line edit (Qt Virtual Keyboard with pinyin); number/id_number/mobile/bank_account/date ->
line edit with the digit pad; choice/yes_no -> big toggle buttons; region -> one list per level.
Fields read from the ID card are shown read-only with where they came from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import QT_TRANSLATE_NOOP
from ui.widgets.common import Text, button

DIGIT_TYPES = {"number", "id_number", "mobile", "bank_account", "date"}
PLACEHOLDERS = {
    "date": QT_TRANSLATE_NOOP("FieldEditor", "例如 1960-03-08"),
    "mobile": QT_TRANSLATE_NOOP("FieldEditor", "11位手机号码"),
    "id_number": QT_TRANSLATE_NOOP("FieldEditor", "18位身份证号码"),
    "bank_account": QT_TRANSLATE_NOOP("FieldEditor", "照着存折或银行卡填写"),
}


class FieldEditor(QWidget):
    """Label, the control, and the plain-words error under it."""

    def __init__(
        self, spec: Any, field_id: str, form: Any, on_focus_digits: Callable[[QLineEdit | None], None]
    ) -> None:
        super().__init__()
        self.spec, self.field_id, self.form = spec, field_id, form
        self.setObjectName(f"field:{field_id}")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        label = spec.label + (
            "" if spec.required else QCoreApplication.translate("FieldEditor", "（可不填）")
        )
        self.label = Text(label, "heading" if spec.type in ("choice", "yes_no") else "")
        lay.addWidget(self.label)
        if spec.help:
            lay.addWidget(Text(spec.help, "hint"))
        self.edit: QLineEdit | None = None
        self.choices: dict[str, Any] = {}
        self.combos: list[QComboBox] = []
        self._on_focus_digits = on_focus_digits
        value = form.get(field_id)
        if form.is_locked(field_id):
            shown = form.display_value(field_id) if "." not in field_id else str(value or "")
            self.locked = Text(
                QCoreApplication.translate("FieldEditor", "{v}（从身份证读取）").format(v=shown)
            )
            lay.addWidget(self.locked)
        elif spec.type in ("choice", "yes_no"):
            lay.addWidget(self._choice_buttons(spec, value))
        elif spec.type == "region":
            lay.addWidget(self._region(spec, value))
        else:
            lay.addWidget(self._line(spec, value))
        self.error = Text("", "error")
        self.error.setVisible(False)
        lay.addWidget(self.error)

    # --- controls -----------------------------------------------------------------------------------
    def _line(self, spec: Any, value: Any) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"edit:{self.field_id}")
        edit.setAccessibleName(spec.label)
        if value is not None:
            edit.setText(str(value))
        if spec.type in DIGIT_TYPES:
            edit.setInputMethodHints(
                Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhNoPredictiveText
            )
            edit.setPlaceholderText(
                QCoreApplication.translate("FieldEditor", PLACEHOLDERS.get(spec.type, "请填写数字"))
            )
        else:
            edit.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText)
            edit.setPlaceholderText(
                QCoreApplication.translate("FieldEditor", "点这里，用屏幕键盘输入（可用拼音）")
            )
        if spec.max_length:
            edit.setMaxLength(int(spec.max_length))
        edit.textChanged.connect(lambda text: self.form.set(self.field_id, text))
        edit.installEventFilter(self)
        self.edit = edit
        return edit

    def eventFilter(self, watched: Any, event: Any) -> bool:
        from PySide6.QtCore import QEvent

        if watched is self.edit and event.type() == QEvent.Type.FocusIn:
            self._on_focus_digits(self.edit if self.spec.type in DIGIT_TYPES else None)
        return False

    def _choice_buttons(self, spec: Any, value: Any) -> QWidget:
        w = QWidget()
        grid = QGridLayout(w)
        grid.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(w)
        group.setExclusive(not getattr(spec, "multiple", False))
        options = (
            [
                ("true", QCoreApplication.translate("FieldEditor", "是")),
                ("false", QCoreApplication.translate("FieldEditor", "否")),
            ]
            if spec.type == "yes_no"
            else [(o.value, o.label) for o in spec.options]
        )
        chosen = set(value if isinstance(value, list) else [value]) if value is not None else set()
        if spec.type == "yes_no" and isinstance(value, bool):
            chosen = {"true" if value else "false"}
        cols = 2 if len(options) <= 4 else 3
        for n, (val, words) in enumerate(options):
            b = button(words, "choice")
            b.setCheckable(True)
            b.setObjectName(f"choice:{self.field_id}:{val}")
            b.setChecked(val in chosen)
            group.addButton(b)
            b.clicked.connect(self._choice_changed)
            grid.addWidget(b, n // cols, n % cols)
            self.choices[val] = b
        return w

    def _choice_changed(self) -> None:
        picked = [v for v, b in self.choices.items() if b.isChecked()]
        if self.spec.type == "yes_no":
            self.form.set(self.field_id, picked[0] == "true" if picked else None)
        elif getattr(self.spec, "multiple", False):
            self.form.set(self.field_id, picked)
        else:
            self.form.set(self.field_id, picked[0] if picked else None)

    def _region(self, spec: Any, value: Any) -> QWidget:
        from kiosk.regions import LEVELS, bundled_regions

        tree = bundled_regions()
        self._tree = tree
        w = QWidget()
        row = QHBoxLayout(w)
        row.setContentsMargins(0, 0, 0, 0)
        # One list per level below the tree's root (the root itself is fixed: the terminal's area).
        root_level = LEVELS.index(tree.get(tree.root).level)
        depth = (LEVELS.index(spec.level) if spec.level in LEVELS else len(LEVELS) - 1) - root_level
        path = [r.code for r in tree.path(value)][1:] if value and value in tree else []
        for i in range(depth):
            combo = QComboBox()
            combo.setObjectName(f"region:{self.field_id}:{i}")
            combo.currentIndexChanged.connect(lambda _=0, i=i: self._region_changed(i))
            row.addWidget(combo, 1)
            self.combos.append(combo)
        self._fill_combo(0, tree.root)
        for i, code in enumerate(path[:depth]):
            idx = self.combos[i].findData(code)
            if idx >= 0:
                self.combos[i].setCurrentIndex(idx)
        return w

    def _fill_combo(self, i: int, parent: str | None) -> None:
        combo = self.combos[i]
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(QCoreApplication.translate("FieldEditor", "请选择"), None)
        if parent is not None:
            for r in self._tree.children(parent):
                combo.addItem(r.name, r.code)
        combo.setCurrentIndex(0)
        combo.blockSignals(False)
        for j in range(i + 1, len(self.combos)):
            self.combos[j].clear()

    def _region_changed(self, i: int) -> None:
        code = self.combos[i].currentData()
        if i + 1 < len(self.combos):
            self._fill_combo(i + 1, code)
        chosen = [c.currentData() for c in self.combos if c.currentData()]
        self.form.set(self.field_id, chosen[-1] if chosen else None)

    # --- errors -------------------------------------------------------------------------------------
    def show_error(self, text: str) -> None:
        self.error.set_plain(text)
        self.error.setVisible(bool(text))
        if self.edit is not None:
            self.edit.setProperty("invalid", bool(text))
            self.edit.style().unpolish(self.edit)
            self.edit.style().polish(self.edit)

    def focus(self) -> None:
        target = (
            self.edit or next(iter(self.choices.values()), None) or (self.combos[0] if self.combos else None)
        )
        if target is not None:
            target.setFocus()

    def wipe(self) -> None:
        if self.edit is not None:
            self.edit.blockSignals(True)
            self.edit.setText("")
        self.label.clear()
        self.error.clear()
        if hasattr(self, "locked"):
            self.locked.clear()
