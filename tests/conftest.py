"""Shared test set-up: Qt offscreen before any Qt import, one themed QApplication, a demo Terminal.

The platform variables must be set before PySide6 is imported anywhere, hence at the top of this file.
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_QUICK_BACKEND", "software")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

from tests.skip_report import (  # noqa: E402, F401  (hooks: the skip count at the end of every run)
    pytest_runtest_logreport,
    pytest_sessionfinish,
    pytest_terminal_summary,
)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Any]:
    """A demo Terminal in ``tmp_path`` with the embedded reference platform, started; the simulated card
    reader always yields the same sample villager (样例), so tests know whose card it is."""
    from drivers.card.samples import ELDER
    from drivers.card.simulated import SimulatedReader
    from kiosk.config import load_config
    from kiosk.terminal import Terminal

    term = Terminal(load_config(None), tmp_path / "home", demo=True)
    term.card_reader = SimulatedReader([ELDER], loop=True)
    term.start()
    try:
        yield term
    finally:
        term.stop()
