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


def _bug() -> None:
    {}["杨样例"]  # a KeyError whose message is a name  # noqa: B018


def test_a_bug_in_a_task_is_logged_with_its_place_and_a_typed_error_is_not(qtbot: Any, caplog: Any) -> None:
    import logging

    from drivers.card.errors import CardRemoved
    from offline_cache import incidents

    def lifted() -> None:
        raise CardRemoved("lifted")

    pool = _pool()
    old = use_runner(pool)
    try:
        page = _Page()
        before = incidents.snapshot().count
        with caplog.at_level(logging.DEBUG):
            run_task(lifted, page.answered, owner=page)
            run_task(_bug, page.answered, owner=page)
            qtbot.waitUntil(lambda: len(page.answers) == 2, timeout=5000)
        assert {type(e) for _r, e, _m in page.answers} == {CardRemoved, KeyError}  # both reach the page
        loud = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(loud) == 1 and loud[0].startswith(
            "unexpected KeyError in background task at test_tasks.py:"
        )
        assert "in _bug" in loud[0] and not any("杨样例" in r.getMessage() for r in caplog.records)
        assert incidents.snapshot().count == before + 1
        page.deleteLater()
    finally:
        use_runner(old)
