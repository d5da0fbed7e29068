"""The sync monitor: what waits, what keeps failing and why, the engine's state, the catalogue, the
agents' accounts (``kiosk/admin/sync_monitor.py``); retry now, update the catalogue now."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.admin import sync_monitor
from kiosk.admin.sync_monitor import SyncSnapshot
from kiosk.china_time import in_china
from ui.messages import text_for_code
from ui.pages.admin_base import AdminSection
from ui.widgets.common import Text, panel
from ui.widgets.scrolling import TouchScrollArea

if TYPE_CHECKING:
    from ui.window import KioskWindow


def _when(at: dt.datetime | None) -> str:
    return in_china(at).strftime("%m-%d %H:%M") if at is not None else "-"


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 3600:
        return QCoreApplication.translate("AdminSync", "{n} 分钟").format(n=int(seconds // 60))
    if seconds < 86400:
        return QCoreApplication.translate("AdminSync", "{n} 小时").format(n=int(seconds // 3600))
    return QCoreApplication.translate("AdminSync", "{n} 天").format(n=int(seconds // 86400))


class AdminSyncPage(AdminSection):
    name = "admin_sync"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win, QCoreApplication.translate("AdminSync", "同步监控"))
        self.summary = Text("", "heading")
        self.body.addWidget(self.summary)
        self.engine = Text("")
        self.body.addWidget(self.engine)
        self.add_status()
        self.list = TouchScrollArea()
        self.body.addWidget(self.list, 1)
        self.catalogue_button = self.add_footer_button(
            QCoreApplication.translate("AdminSync", "立即更新事项目录")
        )
        self.catalogue_button.clicked.connect(self.update_catalogue)
        self.retry_button = self.set_primary(QCoreApplication.translate("AdminSync", "立即重试"))
        self.retry_button.clicked.connect(self.retry)
        self.snapshot: SyncSnapshot | None = None

    def shown(self, **kw: Any) -> None:
        self.load()

    def load(self) -> None:
        terminal = self.win.terminal
        self.work(lambda: sync_monitor.snapshot(terminal), self._show)

    def _show(self, snap: SyncSnapshot) -> None:
        self.snapshot = snap
        self.status.set_plain("")
        if snap.pending:
            self.summary.set_plain(
                QCoreApplication.translate(
                    "AdminSync", "待发送 {n} 件，最早的已等 {age}；一直失败 {f} 件。"
                ).format(n=snap.pending, age=_age(snap.oldest_age_s), f=len(snap.failing))
            )
        else:
            self.summary.set_plain(QCoreApplication.translate("AdminSync", "没有待发送的申请。"))
        if snap.elsewhere_pid:
            state = text_for_code("admin.sync_elsewhere").format(pid=snap.elsewhere_pid)
        elif not snap.checked:
            state = QCoreApplication.translate("AdminSync", "正在连接平台……")
        elif snap.online:
            state = QCoreApplication.translate("AdminSync", "与平台连接正常。")
        else:
            state = snap.problem or text_for_code("sync.platform_unreachable")
        self.engine.set_plain(
            QCoreApplication.translate(
                "AdminSync", "{state}\n上次成功联系：{last}；事项目录版本：{version}"
            ).format(state=state, last=_when(snap.last_contact), version=snap.catalogue_version)
        )
        inner = QWidget()
        lay = QVBoxLayout(inner)
        for entry in snap.failing:
            box = panel("warn")
            bl = QVBoxLayout(box)
            bl.addWidget(Text(f"{entry.ref}  {entry.item_name}", "heading"))
            bl.addWidget(Text(entry.reason))
            bl.addWidget(
                Text(
                    QCoreApplication.translate("AdminSync", "已尝试 {n} 次，下次重试：{at}").format(
                        n=entry.attempts, at=_when(entry.next_try)
                    ),
                    "muted",
                )
            )
            lay.addWidget(box)
        if snap.agents:
            lay.addWidget(Text(QCoreApplication.translate("AdminSync", "代办员账号"), "heading"))
            for agent in snap.agents:
                lay.addWidget(Text(f"{agent.agent}  {agent.state}  {_when(agent.last_synced)}"))
        lay.addStretch(1)
        old = self.list.takeWidget()
        if old is not None:
            old.deleteLater()
        self.list.setWidget(inner)

    def retry(self) -> None:
        terminal = self.win.terminal
        self.act(
            "sync.retry_now",
            lambda: sync_monitor.retry_now(terminal),
            lambda _n: self._then("admin.retry_queued"),
        )

    def update_catalogue(self) -> None:
        terminal = self.win.terminal
        self.act(
            "catalogue.update_now",
            lambda: sync_monitor.update_catalogue_now(terminal),
            lambda ok: self._then("admin.catalogue_queued" if ok else "admin.net_not_enrolled"),
        )

    def _then(self, code: str) -> None:
        terminal = self.win.terminal

        def shown(snap: SyncSnapshot) -> None:
            self._show(snap)
            self.say_code(code)

        self.work(lambda: sync_monitor.snapshot(terminal), shown)
