"""Settings an administrator may change (``kiosk/admin/settings.py``): closed lists as buttons, values
typed on the on-screen keyboard, what is attached listed beside them. Saved atomically to the site file
with the start's own validation; a refused value is named with its reason and nothing is written."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QWidget

from kiosk.admin import settings
from kiosk.config import Config, ConfigError
from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import text_for, text_for_code
from ui.pages.admin_base import AdminSection
from ui.tasks import run_task
from ui.widgets.common import Text, button
from ui.widgets.scrolling import TouchScrollArea

if TYPE_CHECKING:
    from kiosk.terminal import Terminal
    from ui.window import KioskWindow

Key = tuple[str, str]
# The settings' labels (kiosk/admin/settings.py) and the kinds of attached device, marked for lupdate.
_MARKED = (
    QT_TRANSLATE_NOOP("AdminSettings", "打印机类型"),
    QT_TRANSLATE_NOOP("AdminSettings", "打印机设备（串口或文件）"),
    QT_TRANSLATE_NOOP("AdminSettings", "无操作多少秒后提醒"),
    QT_TRANSLATE_NOOP("AdminSettings", "社保卡读卡器名称"),
    QT_TRANSLATE_NOOP("AdminSettings", "纸宽（毫米）"),
    QT_TRANSLATE_NOOP("AdminSettings", "网络打印机地址"),
    QT_TRANSLATE_NOOP("AdminSettings", "网络打印机端口"),
    QT_TRANSLATE_NOOP("AdminSettings", "语音播报"),
    QT_TRANSLATE_NOOP("AdminSettings", "读卡器串口"),
    QT_TRANSLATE_NOOP("AdminSettings", "读卡器类型"),
    QT_TRANSLATE_NOOP("AdminSettings", "高拍仪类型"),
    QT_TRANSLATE_NOOP("AdminSettings", "高拍仪编号"),
    QT_TRANSLATE_NOOP("AdminSettings", "默认大字模式"),
    QT_TRANSLATE_NOOP("AdminSettings", "串口"),
    QT_TRANSLATE_NOOP("AdminSettings", "摄像头"),
    QT_TRANSLATE_NOOP("AdminSettings", "USB打印机"),
    QT_TRANSLATE_NOOP("AdminSettings", "社保卡读卡器"),
)
CHOICE_WORDS = {
    False: QT_TRANSLATE_NOOP("AdminSettings", "否"),
    True: QT_TRANSLATE_NOOP("AdminSettings", "是"),
    "none": QT_TRANSLATE_NOOP("AdminSettings", "关闭"),
    "espeak": QT_TRANSLATE_NOOP("AdminSettings", "打开"),
}


def save_and_apply(terminal: Terminal, config: Config, changes: dict[Key, Any]) -> Config:
    """Blocking: write the site file, then open the printer anew with it."""
    from kiosk.admin.actions import record

    saved = settings.save(config, changes)
    terminal.use_settings(saved)
    record(terminal, "settings.saved", keys=",".join(f"{s}.{k}" for s, k in sorted(changes))[:100])
    return saved


class AdminSettingsPage(AdminSection):
    name = "admin_settings"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win, QCoreApplication.translate("AdminSettings", "设置"))
        self.attached = Text("", "muted")
        self.body.addWidget(self.attached)
        self.add_status()
        area = TouchScrollArea()
        inner = QWidget()
        grid = QGridLayout(inner)
        self.edits: dict[Key, QLineEdit] = {}
        self.choices: dict[Key, dict[Any, QPushButton]] = {}
        self._groups: list[QButtonGroup] = []
        for row, s in enumerate(settings.SETTINGS):
            grid.addWidget(Text(QCoreApplication.translate("AdminSettings", s.label)), row, 0)
            if s.choices:
                grid.addLayout(self._choice_row(s), row, 1)
            else:
                edit = QLineEdit()
                edit.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText)
                self.edits[s.section, s.key] = edit
                grid.addWidget(edit, row, 1)
        area.setWidget(inner)
        self.body.addWidget(area, 1)
        self.save_button = self.set_primary(QCoreApplication.translate("AdminSettings", "保存"))
        self.save_button.clicked.connect(self.save)

    def _choice_row(self, s: settings.Setting) -> QHBoxLayout:
        row = QHBoxLayout()
        group = QButtonGroup(self)
        group.setExclusive(True)
        self._groups.append(group)
        self.choices[s.section, s.key] = {}
        for value in s.choices:
            b = button(
                QCoreApplication.translate("AdminSettings", CHOICE_WORDS.get(value, str(value))), "choice"
            )
            b.setCheckable(True)
            group.addButton(b)
            row.addWidget(b)
            self.choices[s.section, s.key][value] = b
        return row

    def shown(self, **kw: Any) -> None:
        config = self.win.terminal.config
        for (section, key), edit in self.edits.items():
            edit.setText(str(config.get(section, key)))
        for (section, key), buttons in self.choices.items():
            current = config.get(section, key)
            for value, b in buttons.items():
                b.setChecked(value == current)
        self.work(settings.attached_devices, self._show_attached)

    def _show_attached(self, found: dict[str, list[str]]) -> None:
        self.status.set_plain("")
        words = {"serial": "串口", "video": "摄像头", "usb_printer": "USB打印机", "pcsc": "社保卡读卡器"}
        parts = [
            f"{QCoreApplication.translate('AdminSettings', words[k])}：{'、'.join(v) or '无'}"
            for k, v in found.items()
        ]
        self.attached.set_plain(
            QCoreApplication.translate("AdminSettings", "已连接的设备：") + "；".join(parts)
        )

    def changes(self) -> dict[Key, Any]:
        config = self.win.terminal.config
        found: dict[Key, Any] = {}
        for key, edit in self.edits.items():
            if edit.text().strip() != str(config.get(*key)):
                found[key] = edit.text()
        for key, buttons in self.choices.items():
            chosen = next((v for v, b in buttons.items() if b.isChecked()), config.get(*key))
            if chosen != config.get(*key):
                found[key] = chosen
        return found

    def save(self) -> None:
        changes = self.changes()
        if not changes:
            self.say_code("admin.settings_saved")
            return
        terminal, config = self.win.terminal, self.win.terminal.config
        self.status.set_plain(QCoreApplication.translate("AdminSection", "请稍候……"))
        run_task(lambda: save_and_apply(terminal, config, changes), self._saved, owner=self)

    def _saved(self, saved: Config | None, error: BaseException | None) -> None:
        if isinstance(error, ConfigError):
            self.status.set_plain(
                text_for_code("admin.settings_refused").format(key=error.key, problem=error.problem)
            )
            return
        if error is not None or saved is None:
            self.status.set_plain(text_for(error) if error else "")
            return
        ui = saved.section("ui")
        self.win.idle.timer.setInterval(int(float(ui["idle_timeout_s"]) * 1000))
        self.win.default_elder = bool(ui["elder_mode"])
        self.say_code("admin.settings_saved")
