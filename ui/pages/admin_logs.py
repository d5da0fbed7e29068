"""Log export: the logs and a diagnostics summary as one archive, to a USB stick or a folder
(``kiosk/admin/log_export.py``: checked for personal data first, nothing written when it fails)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.admin import diagnostics, log_export
from ui.pages.admin_base import AdminSection
from ui.widgets.common import Text, button

if TYPE_CHECKING:
    from kiosk.terminal import Terminal
    from ui.window import KioskWindow


def export_to(terminal: Terminal, target: Path) -> Path:
    """Blocking: the summary (every tile but the camera's) and the archive."""
    from kiosk import __version__

    summary = {
        "station": terminal.station.code,
        "version": __version__,
        "catalogue": terminal.catalogue.version,
        "problems": [{"part": p.part, "code": p.code} for p in terminal.problems],
        "tiles": diagnostics.summary(terminal),
    }
    path = log_export.export(terminal.home, target, summary, station_code=terminal.station.code)
    terminal.audit_event("log.exported", "admin", archive=path.name[:100])
    return path


class AdminLogsPage(AdminSection):
    name = "admin_logs"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win, QCoreApplication.translate("AdminLogs", "导出日志"))
        self.hint.set_plain(
            QCoreApplication.translate(
                "AdminLogs", "插入U盘后点它的名字，或填写一个文件夹。日志里没有个人信息。"
            )
        )
        self.media_box = QWidget()
        self.media_layout = QVBoxLayout(self.media_box)
        self.body.addWidget(self.media_box)
        self.media_buttons: dict[str, QPushButton] = {}
        self.body.addWidget(Text(QCoreApplication.translate("AdminLogs", "或导出到文件夹"), "muted"))
        self.folder = QLineEdit()
        self.folder.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText)
        self.body.addWidget(self.folder)
        self.add_status()
        self.body.addStretch(1)
        self.refresh_button = self.add_footer_button(QCoreApplication.translate("AdminLogs", "重新查找U盘"))
        self.refresh_button.clicked.connect(self.shown)
        self.export_button = self.set_primary(QCoreApplication.translate("AdminLogs", "导出到文件夹"))
        self.export_button.clicked.connect(lambda: self.export(Path(self.folder.text().strip())))

    def shown(self, **kw: Any) -> None:
        self.work(log_export.removable_media, self._media)

    def _media(self, found: list[Path]) -> None:
        self.status.set_plain("" if found else QCoreApplication.translate("AdminLogs", "没有找到U盘。"))
        for b in self.media_buttons.values():
            b.deleteLater()
        self.media_buttons = {}
        for point in found:
            b = button(
                QCoreApplication.translate("AdminLogs", "导出到U盘 {name}").format(name=point.name), "primary"
            )
            b.clicked.connect(lambda _=False, p=point: self.export(p))
            self.media_layout.addWidget(b)
            self.media_buttons[str(point)] = b

    def export(self, target: Path) -> None:
        if not str(target) or str(target) == ".":
            self.status.set_plain(QCoreApplication.translate("AdminLogs", "请填写文件夹，或插入U盘。"))
            return
        terminal = self.win.terminal
        self.act("log_export", lambda: export_to(terminal, target), self._done)

    def _done(self, path: Path) -> None:
        self.say_code("admin.export_done", path=str(path))
