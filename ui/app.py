"""Starting the Qt application: environment, fonts, theme, language, thread check; and `kiosk run`."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from kiosk.terminal import Terminal
    from ui.window import KioskWindow

log = logging.getLogger(__name__)


def prepare_environment(virtual_keyboard: bool = True) -> None:
    """Must run before the QApplication exists: the input method is chosen at start-up."""
    if virtual_keyboard:
        os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
        no_pinyin_learning()
        # The keyboard starts in the default locale's layout: Chinese (pinyin) for villagers' names.
        from PySide6.QtCore import QLocale

        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        os.environ.setdefault("QT_QUICK_BACKEND", "software")


def no_pinyin_learning() -> None:
    """The keyboard's pinyin engine learns every phrase composed on it into a user dictionary: a name a
    villager typed would be offered to the next visitor and written to disk in clear. With a folder where
    that file belongs the engine opens no user dictionary and learns nothing (an old file is deleted)."""
    from PySide6.QtCore import QStandardPaths

    config = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.ConfigLocation)
    path = Path(config, "qtvirtualkeyboard", "pinyin", "usr_dict.dat")
    if path.is_dir():
        return
    try:
        path.unlink(missing_ok=True)
        path.mkdir(parents=True)
    except OSError as exc:
        log.warning("pinyin user dictionary cannot be turned off: %s", type(exc).__name__)


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] in (
        "offscreen",
        "eglfs",
        "linuxfb",
        "vnc",
        "minimal",
    ):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or sys.platform != "linux"


def application(elder: bool = False, language: str = "zh_CN") -> QApplication:
    from PySide6.QtWidgets import QApplication

    from ui import theme
    from ui.i18n import install_language
    from ui.tasks import install_thread_check

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("village-kiosk")
    install_language(language)
    theme.apply(app, theme.ELDER if elder else theme.NORMAL)
    install_thread_check()
    return app


def build_window(terminal: Terminal, *, kiosk_mode: bool, elder: bool, language: str) -> KioskWindow:
    from ui.speech import open_speech
    from ui.window import KioskWindow

    speech = open_speech(str(terminal.config.get("ui", "speech")))
    return KioskWindow(terminal, speech=speech, elder=elder, language=language, kiosk_mode=kiosk_mode)


def after_first_frame(win: QWidget, then: Callable[[], None], fallback_ms: int = 2000) -> None:
    """Call ``then`` once, on the main thread, right after ``win`` was first exposed and painted (or after
    ``fallback_ms`` on a platform that never says so)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    done = False

    def fire() -> None:
        nonlocal done
        if not done:
            done = True
            then()

    handle = win.windowHandle()
    if handle is None or handle.isExposed():
        QTimer.singleShot(0, fire)
        return

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Expose and handle.isExposed():
                handle.removeEventFilter(self)
                QTimer.singleShot(0, fire)  # after this expose has been painted
            return False

    watch = Watch(win)
    handle.installEventFilter(watch)
    QTimer.singleShot(fallback_ms, fire)


# Called with the window once the home screen has been shown (benchmarks use it to measure cold start).
ON_SHOWN: Callable[[KioskWindow], None] | None = None


def run(terminal: Terminal, *, windowed: bool) -> int:
    """The kiosk app until the administrator leaves it. The terminal is started and stopped here."""
    from PySide6.QtCore import QTimer

    from kiosk import memory
    from offline_cache import redaction
    from ui.tasks import install_excepthook, run_task

    memory.tune()  # before the first thread and the first frame: a long day must not grow (kiosk/memory.py)
    cfg = terminal.config.section("ui")
    install_excepthook()
    redaction.install()  # the CLI did; a window started another way gets the same masking
    prepare_environment()
    app = application(bool(cfg["elder_mode"]), str(cfg["language"]))
    fullscreen = bool(cfg["fullscreen"]) and not windowed
    win = build_window(
        terminal, kiosk_mode=fullscreen, elder=bool(cfg["elder_mode"]), language=str(cfg["language"])
    )
    if fullscreen:
        win.showFullScreen()
    else:
        win.show()
    # Starting the terminal talks to the network (and, in the demo, starts the embedded platform): never on
    # the Qt main thread, and only once the home screen is on the glass, so that its imports and threads do
    # not hold the first frame back. The home screen is usable meanwhile; the header shows the state when
    # it is done.
    after_first_frame(win, lambda: run_task(terminal.start, lambda _r, _e: win.refresh_status(), owner=win))
    if ON_SHOWN is not None:
        hook = ON_SHOWN
        QTimer.singleShot(0, lambda: hook(win))
    try:
        return int(app.exec())
    finally:
        win.allow_close()
        win.close()
        terminal.stop()
        from ui.tasks import remove_thread_check

        remove_thread_check()
