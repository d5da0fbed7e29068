"""One editor per form field type, in large touch controls. Each editor writes into the FormState at once.

text/address -> line edit (Qt Virtual Keyboard with pinyin); id_number/mobile/bank_account/date and other
numbers -> line edit with the app's digit pad only (``ui.keyboard.digits_only``); a whole number with a
small range (a household's size) -> number tiles; choice/yes_no -> big toggle buttons; region -> tiles,
one level at a time (``ui.widgets.tiles``). Fields read from the ID card are shown read-only, on one line,
with where they came from. ``answered`` says a tap answered the field (the form brings the next one up).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import QT_TRANSLATE_NOOP
from ui.keyboard import DigitEdit
from ui.widgets.common import Text, button
from ui.widgets.tiles import NumberTiles, RegionTiles

DIGIT_TYPES = {"number", "id_number", "mobile", "bank_account", "date"}
PLACEHOLDERS = {
    "date": QT_TRANSLATE_NOOP("FieldEditor", "例如 1960-03-08"),
    "mobile": QT_TRANSLATE_NOOP("FieldEditor", "11位手机号码"),
    "id_number": QT_TRANSLATE_NOOP("FieldEditor", "18位身份证号码"),
    "bank_account": QT_TRANSLATE_NOOP("FieldEditor", "照着存折或银行卡填写"),
}


COUNT_RANGE_AT_MOST = 20  # a whole number with at most this many values is answered on tiles


def counted(spec: Any) -> bool:
    """A whole number with a small range: a count, answered on tiles rather than typed."""
    return (
        spec.type == "number"
        and bool(spec.integer)
        and spec.min is not None
        and spec.max is not None
        and spec.max - spec.min < COUNT_RANGE_AT_MOST
    )


class FieldEditor(QWidget):
    """Label, the control, and the plain-words error under it."""

    answered = Signal()

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
        self.edit: QLineEdit | None = None
        self.choices: dict[str, Any] = {}
        self.counts: NumberTiles | None = None
        self.region: RegionTiles | None = None
        self._on_focus_digits = on_focus_digits
        value = form.get(field_id)
        if form.is_locked(field_id):
            # One line: what the card said needs reading, not answering.
            shown = form.display_value(field_id) if "." not in field_id else str(value or "")
            self.label = Text("")
            self.locked = Text(
                QCoreApplication.translate("FieldEditor", "{label}：{v}（从身份证读取）").format(
                    label=spec.label, v=shown
                )
            )
            lay.addWidget(self.locked)
            self.error = Text("", "error")
            self.error.setVisible(False)
            lay.addWidget(self.error)
            return
        self.label = Text(label, "heading" if spec.type in ("choice", "yes_no") else "")
        lay.addWidget(self.label)
        if spec.help:
            lay.addWidget(Text(spec.help, "hint"))
        if counted(spec):
            lay.addWidget(self._count_tiles(spec, value))
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
        # A digit field types on the digit pad only; the system keyboard would open as well.
        edit = DigitEdit() if spec.type in DIGIT_TYPES else QLineEdit()
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
        multiple = getattr(self.spec, "multiple", False)
        if self.spec.type == "yes_no":
            self.form.set(self.field_id, picked[0] == "true" if picked else None)
        elif multiple:
            self.form.set(self.field_id, picked)
        else:
            self.form.set(self.field_id, picked[0] if picked else None)
        if picked and not multiple:
            self.answered.emit()

    def _count_tiles(self, spec: Any, value: Any) -> QWidget:
        try:
            start = int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            start = None
        tiles = NumberTiles(self.field_id, int(spec.min), int(spec.max), start, spec.unit)
        tiles.on_change = lambda n: self.form.set(self.field_id, n)
        tiles.answered.connect(self.answered)
        self.counts = tiles
        return tiles

    def _region(self, spec: Any, value: Any) -> QWidget:
        from kiosk.regions import LEVELS, bundled_regions

        tree = bundled_regions()
        # One level of tiles at a time below the tree's root (the root itself is fixed: the terminal's area).
        root_level = LEVELS.index(tree.get(tree.root).level)
        depth = (LEVELS.index(spec.level) if spec.level in LEVELS else len(LEVELS) - 1) - root_level
        tiles = RegionTiles(self.field_id, tree, depth, value)
        tiles.on_change = lambda code: self.form.set(self.field_id, code)
        tiles.answered.connect(self.answered)
        self.region = tiles
        return tiles

    def is_answered(self) -> bool:
        """Whether the field holds an answer (or needs none: read from the card)."""
        return self.form.is_locked(self.field_id) or self.form.get(self.field_id) not in (None, "", [])

    # --- errors -------------------------------------------------------------------------------------
    def show_error(self, text: str) -> None:
        self.error.set_plain(text)
        self.error.setVisible(bool(text))
        if self.edit is not None:
            self.edit.setProperty("invalid", bool(text))
            self.edit.style().unpolish(self.edit)
            self.edit.style().polish(self.edit)

    def focus(self) -> None:
        target: QWidget | None = self.edit or next(iter(self.choices.values()), None)
        if target is None and self.counts is not None:
            target = next(iter(self.counts.tiles.values()), None)
        if target is None and self.region is not None:
            target = next(iter([*self.region.tiles.values(), *self.region.steps]), None)
        if target is not None:
            target.setFocus()

    def wipe(self) -> None:
        if self.edit is not None:
            self.edit.blockSignals(True)
            self.edit.setText("")
        for tiles in (self.counts, self.region):
            if tiles is not None:
                tiles.wipe()
        self.label.clear()
        self.error.clear()
        if hasattr(self, "locked"):
            self.locked.clear()
