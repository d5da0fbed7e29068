"""What every screen of the admin area shares: it opens only after the administrator PIN, its work runs
off the Qt thread (``ui/tasks``), each action is logged and audited (``kiosk.admin.actions.record``), and
it has one line that says how the last action went.

The PIN page (``ui/pages/admin.py``) opens the area with ``open_area``; the end of a session (the
administrator pressed 返回 on the area's home, or the idle countdown ran out) closes it, so a screen of
the area shown later asks for the PIN again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from kiosk.admin.actions import record
from ui.messages import text_for, text_for_code
from ui.pages.base import Page
from ui.tasks import run_task
from ui.widgets.common import Text

if TYPE_CHECKING:
    from ui.window import KioskWindow

_OPEN = "_admin_area_open"


def open_area(win: KioskWindow) -> None:
    setattr(win, _OPEN, True)
    win.go("admin_home", remember=False)


def area_open(win: KioskWindow) -> bool:
    return bool(getattr(win, _OPEN, False))


def close_area(win: KioskWindow) -> None:
    setattr(win, _OPEN, False)


class AdminSection(Page):
    """A screen of the admin area. Subclasses fill ``self.body`` and override ``shown``."""

    transient = True  # the way back is the area's home, not the history

    def __init__(self, win: KioskWindow, title: str) -> None:
        super().__init__(win)
        self.title.set_plain(title)
        self.status = Text("", "heading")
        self.status.setObjectName("admin-status")

    def add_status(self) -> None:
        self.body.addWidget(self.status)

    def enter(self, **kw: Any) -> None:
        if not area_open(self.win):  # reached without the PIN (or after the area closed)
            self.win.go("admin", remember=False)
            return
        self.status.set_plain("")
        self.hint.setVisible(bool(self.hint.plain))  # no empty line under the title
        self.shown(**kw)

    def shown(self, **kw: Any) -> None:
        """The screen is on show with the area open."""

    def go_back(self) -> None:
        self.win.go("admin_home", remember=False)

    def wipe(self) -> None:
        close_area(self.win)

    def work(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Run ``fn`` off the Qt thread; ``done(result)`` on it, or the error's plain words in the status."""

        def back(result: Any, error: BaseException | None) -> None:
            if error is not None:
                self.status.set_plain(text_for(error))
            else:
                done(result)

        self.status.set_plain(QCoreApplication.translate("AdminSection", "请稍候……"))
        run_task(fn, back, owner=self)

    def act(self, action: str, fn: Callable[[], Any], done: Callable[[Any], None], **details: Any) -> None:
        """An admin action: logged and audited, then ``fn`` (both off the Qt thread)."""
        terminal = self.win.terminal

        def recorded() -> Any:
            record(terminal, action, **details)
            return fn()

        self.work(recorded, done)

    def say_code(self, code: str, **fmt: Any) -> None:
        self.status.set_plain(text_for_code(code).format(**fmt) if fmt else text_for_code(code))
