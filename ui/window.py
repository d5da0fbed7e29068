"""The kiosk window: header, the stack of screens, navigation, the visitor's session and its wiping.

Every screen is a ``Page`` in one QStackedWidget. ``go(name, **kw)`` shows a screen (remembering the way
back), ``back()`` returns, ``end_session()`` wipes everything personal and shows the home screen.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QGuiApplication, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from kiosk.admin_pin import AdminPin
from ui import theme
from ui.bridge import EventBridge
from ui.flow import ApplyFlow
from ui.idle import CountdownOverlay, IdleWatcher
from ui.pages.base import Page
from ui.speech import Silent, Speech
from ui.widgets.header import Header

if TYPE_CHECKING:
    from drivers.card.identity import Identity
    from kiosk.terminal import Terminal

log = logging.getLogger(__name__)


class ScreenStack(QStackedWidget):
    """The screens, sized by the one on show: a hidden screen's minimum height must not keep the one on
    show from fitting above the on-screen keyboard (QStackedWidget takes the largest of all)."""

    def __init__(self) -> None:
        super().__init__()
        self._hint = QSize()
        self.currentChanged.connect(self._changed)

    def _changed(self, _index: int) -> None:
        # Only a change of minimum asks the window to lay out again (a screen change stays cheap).
        hint = self.minimumSizeHint()
        if hint != self._hint:
            self._hint = hint
            self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()


class KioskWindow(QMainWindow):
    page_shown = Signal(str)
    session_ended = Signal()

    def __init__(
        self,
        terminal: Terminal,
        *,
        speech: Speech | None = None,
        elder: bool = False,
        language: str = "zh_CN",
        kiosk_mode: bool = True,
    ) -> None:
        super().__init__()
        self.terminal = terminal
        self.speech: Speech = speech or Silent()
        self.language = language
        self.default_language, self.default_elder = language, elder  # what each new visitor starts with
        self.kiosk_mode = kiosk_mode
        self._may_close = not kiosk_mode
        self.admin_pin = AdminPin(terminal.home, terminal.demo)
        self.flow = ApplyFlow(self)
        self.bridge = EventBridge(terminal.events, self)
        ui_cfg = terminal.config.section("ui")
        self.idle = IdleWatcher(float(ui_cfg["idle_timeout_s"]), self)
        self.idle.idle.connect(self._on_idle)
        if kiosk_mode:
            self.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        # The paper colour behind every screen is the window's own background, from the palette: Qt fills it
        # once for a changed area. (From a style sheet it was filled twice, once as the window's system
        # background and once as the style sheet's; opaque pages or stacks painted the area again.) The
        # screen stack and the pages are transparent over it (bench/bench_ui.py).
        paper = self.palette()
        paper.setColor(QPalette.ColorRole.Window, QColor(theme.PAPER))
        self.setPalette(paper)
        self.setWindowTitle(QCoreApplication.translate("KioskWindow", "政务服务自助终端"))
        self.resize(*theme.REFERENCE_SIZE)

        root = QWidget()
        lay = QVBoxLayout(root)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.header = Header(terminal.station.name)
        self.header.elder_toggled.connect(self.set_elder)
        self.header.language_clicked.connect(self.toggle_language)
        self.header.corner.triggered.connect(self.open_admin)
        self.header.language.setText("中文" if language == "en" else "English")
        lay.addWidget(self.header)
        self._root_layout = lay
        self.stack = ScreenStack()
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(root)
        self.countdown = CountdownOverlay(int(ui_cfg["idle_countdown_s"]), root)
        self.countdown.keep.connect(lambda: self.idle.arm(True))
        self.countdown.expired.connect(lambda: self.end_session(reason="idle"))
        from ui.agent_desk import AgentDesk
        from ui.keyboard import KeyboardDock

        self.agents = AgentDesk(self)  # the logged-in agent (代办员), its band under the header
        self.keyboard = KeyboardDock(self)

        self.pages: dict[str, Page] = {}
        self.history: list[tuple[str, dict[str, Any]]] = []
        self._current: tuple[str, dict[str, Any]] = ("home", {})
        self._build_pages()
        self._wire_status()
        admin_key = QShortcut(QKeySequence("Ctrl+Alt+F12"), self)  # parented: lives as long as the window
        admin_key.activated.connect(self.open_admin)
        self.header.set_elder(elder)
        self._show("home", {})
        # The region list is read from disk the first time a form needs it: do that now, off this thread.
        from kiosk.regions import bundled_regions
        from ui.tasks import run_task

        run_task(bundled_regions)

    # --- screens -------------------------------------------------------------------------------------
    def _build_pages(self) -> None:
        from ui.pages import registry

        for cls in registry.PAGES:
            page = cls(self)
            self.pages[cls.name] = page
            self.stack.addWidget(page)

    @property
    def catalogue(self) -> Any:
        """The terminal's catalogue in the screen's language (its names, guides and forms)."""
        return self.terminal.catalogue.localized(self.language)

    def current(self) -> Page:
        page = self.stack.currentWidget()
        assert isinstance(page, Page)
        return page

    def go(self, name: str, remember: bool = True, **kw: Any) -> Page:
        """Show a screen. The home screen is the end of a visit, however it is reached: going there wipes."""
        if name == "home":
            self.end_session()
            return self.current()
        old = self.stack.currentWidget()
        if isinstance(old, Page):
            old.leave()
            if remember and self.pages.get(self._current[0]) is old and not old.transient:
                self.history.append(self._current)
        return self._show(name, kw)

    def _show(self, name: str, kw: dict[str, Any]) -> Page:
        self._current = (name, kw)
        page = self.pages[name]
        self.stack.setCurrentWidget(page)
        page.enter(**kw)
        # On the home screen the idle watch stays on too: it puts the modes back for the next visitor.
        self.idle.arm(True)
        if self.header.language.isVisibleTo(self.header) != (name == "home"):
            self.header.language.setVisible(name == "home")
        page.setFocus()
        self.page_shown.emit(name)
        return page

    def back(self) -> None:
        """返回: the screen before; from the first screen of a visit, home, which ends the visit."""
        if not self.history or self.history[-1][0] == "home":
            self.end_session()
            return
        name, kw = self.history.pop()
        self.current().leave()
        self._show(name, {**kw, "back": True})

    def identity_read(self, purpose: str, identity: Identity) -> None:
        """The card page (or manual entry) got the visitor's identity."""
        self.flow.derive_key(identity)
        if purpose == "progress":
            self.flow.session.identity = identity
            self.go("progress", by="card")
        elif purpose == "supplement":
            self.flow.supplement_identity(identity)
        elif purpose in ("complaint", "appointment"):  # back to the form, which files or books it now
            self.flow.session.identity = identity
            self.back()
        else:
            self.flow.identity_known(identity)

    def say(self, text: str) -> None:
        self.speech.say(text)

    # --- the session ---------------------------------------------------------------------------------
    def end_session(self, *, reason: str = "home") -> None:
        """Wipe every trace of the visitor: session, widgets, models, images, clipboard; show home.
        ``reason``: "home" (the visitor or agent finished), "idle" (the countdown ran out), "logout" or
        "disabled" (an agent's). An agent who finished a filing goes back to the dashboard, logged in."""
        keep_agent = self.agents.intercept_end(reason)
        self._audit_wipe(reason)
        self.countdown.hide()
        self.countdown.timer.stop()
        self.speech.stop()
        self.current().leave()
        self.flow.wipe()
        for page in self.pages.values():
            page.wipe()
        QGuiApplication.clipboard().clear()
        self.history.clear()
        if keep_agent:
            self._show("agent_dashboard", {})
            self.session_ended.emit()
            return
        self._show("home", {})
        if reason == "idle":  # nobody is there: the next visitor starts with the terminal's own modes
            self.reset_modes()
        self.session_ended.emit()
        from kiosk import memory
        from ui.tasks import run_task

        run_task(memory.trim)  # the visit's buffers are freed: their pages go back (kiosk/memory.py)

    def _audit_wipe(self, reason: str) -> None:
        from ui.tasks import run_task

        terminal = self.terminal
        actor = (
            self.flow.session.agent_id or self.agents.number or ("system" if reason == "idle" else "visitor")
        )
        run_task(lambda: terminal.audit_event("session.wiped", actor, reason=reason))

    def _on_idle(self) -> None:
        if self.current().name != "home":
            self.countdown.start()
        else:  # nothing personal is left on the home screen; only the last visitor's modes may be
            self.reset_modes()

    def reset_modes(self) -> None:
        """The terminal's own language and text size (its configuration), whatever the last visitor chose."""
        if self.header.elder.isChecked() != self.default_elder:
            self.set_elder(self.default_elder)
        if self.language != self.default_language:
            self.toggle_language()

    # --- modes ---------------------------------------------------------------------------------------
    def set_elder(self, on: bool) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        theme.apply(app, theme.ELDER if on else theme.NORMAL)
        self.header.set_elder(on)
        for page in self.pages.values():
            page.restyle()

    def toggle_language(self) -> None:
        from ui.i18n import install_language

        self.language = "zh_CN" if self.language == "en" else "en"
        install_language(self.language)
        self.rebuild()

    def rebuild(self) -> None:
        """Recreate every screen (after a language change; only offered on the home screen)."""
        for page in list(self.pages.values()):
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self.history.clear()
        self.header.deleteLater()
        self.header = Header(self.terminal.station.name)
        self.header.elder_toggled.connect(self.set_elder)
        self.header.language_clicked.connect(self.toggle_language)
        self.header.corner.triggered.connect(self.open_admin)
        self.header.language.setText("中文" if self.language == "en" else "English")
        self.header.set_elder(theme.current() is theme.ELDER)
        self._root_layout.insertWidget(0, self.header)
        self.header.show()  # a widget added to an already visible window is not shown by itself
        self._wire_status()
        self._build_pages()
        self._show("home", {})

    def _wire_status(self) -> None:
        self.bridge.sync_state.connect(self.header.set_network)
        self.bridge.printer_state.connect(self.header.set_printer)
        self.refresh_status()

    def refresh_status(self) -> None:
        from ui.tasks import run_task

        def done(status: Any, error: BaseException | None) -> None:
            if status is not None:
                if status.checked:
                    self.header.set_network(status.online, status.pending, status.sync_problem)
                self.header.set_printer(status.printer_state, 0)

        run_task(self.terminal.status, done, owner=self)

    def reserve_bottom(self, px: int) -> None:
        """Keep the bottom ``px`` of the window free (the on-screen keyboard is there, ui/keyboard.py):
        the screen lays itself out above it."""
        margins = self._root_layout.contentsMargins()
        if margins.bottom() != px:
            self._root_layout.setContentsMargins(0, 0, 0, px)
            self.current().keyboard_up(px > 0)

    # --- the way out ---------------------------------------------------------------------------------
    def open_admin(self) -> None:
        self.go("admin")

    def allow_close(self) -> None:
        self._may_close = True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            self.idle.arm(False)
            self.bridge.close()
            self.idle.stop_watching()
            event.accept()
        else:
            event.ignore()

    def changeEvent(self, event: QEvent) -> None:
        # A kiosk window that gets minimised (e.g. by a window manager shortcut) comes straight back.
        if self.kiosk_mode and event.type() == QEvent.Type.WindowStateChange and self.isMinimized():
            self.showFullScreen()
        super().changeEvent(event)
