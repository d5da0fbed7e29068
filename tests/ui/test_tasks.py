"""ui.tasks: answers of background work come back on the main thread, and never to a deleted page."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from ui.tasks import PoolRunner, is_gui_thread, run_task, use_runner


class _Page(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.answers: list[Any] = []

    def answered(self, result: Any, error: BaseException | None) -> None:
        self.timer.isActive()  # raises RuntimeError if the C++ side is gone
        self.answers.append((result, error, is_gui_thread()))


def _pool() -> PoolRunner:
    return PoolRunner(max_threads=2)


def test_answer_arrives_on_the_main_thread(qtbot: Any) -> None:
    pool = _pool()
    old = use_runner(pool)
    try:
        page = _Page()
        run_task(lambda: threading.current_thread().name, page.answered, owner=page)
        qtbot.waitUntil(lambda: bool(page.answers), timeout=5000)
        name, error, on_main = page.answers[0]
        assert error is None and on_main and name != threading.main_thread().name
        page.deleteLater()
    finally:
        use_runner(old)


def test_error_is_delivered_not_raised(qtbot: Any) -> None:
    pool = _pool()
    old = use_runner(pool)
    try:
        page = _Page()

        def fail() -> None:
            raise OSError("device gone")

        run_task(fail, page.answered, owner=page)
        qtbot.waitUntil(lambda: bool(page.answers), timeout=5000)
        assert isinstance(page.answers[0][1], OSError)
        page.deleteLater()
    finally:
        use_runner(old)


def test_answer_for_a_deleted_page_is_dropped(qtbot: Any) -> None:
    """The window closes while a camera shot is still on its way (as when a test tears the window down):
    the answer must not reach the page's deleted children."""
    pool = _pool()
    old = use_runner(pool)
    release = threading.Event()
    errors: list[str] = []
    page = _Page()
    witness = QObject()
    try:
        run_task(lambda: release.wait(5) and "shot", lambda r, e: page.answered(r, e), owner=page)
        # a second task owned by a live object proves deliveries still run after the first was dropped
        seen: list[Any] = []
        page.destroyed.connect(lambda: errors.append("destroyed"))
        page.deleteLater()
        qtbot.waitUntil(lambda: errors == ["destroyed"], timeout=5000)
        release.set()
        assert pool.wait(5000)
        run_task(lambda: "later", lambda r, e: seen.append(r), owner=witness)
        qtbot.waitUntil(lambda: seen == ["later"], timeout=5000)
    finally:
        use_runner(old)
