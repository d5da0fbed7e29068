"""Shared test set-up: Qt offscreen before any Qt import, one themed QApplication, a demo Terminal, and
nothing read from the machine the suite runs on.

The platform variables must be set before PySide6 is imported anywhere, hence at the top of this file.
The terminal reads a site file (``KIOSK_CONFIG``, else /etc/kiosk/kiosk.toml), a data folder
(``KIOSK_HOME``, else the per-user data folder) and a few ``KIOSK_*`` variables; a kiosk installed on the
test machine, or a developer's shell, must change no test. So the site file is an empty one
(``os.devnull``: the defaults alone, and /etc is never looked at), the per-user data folder is a
temporary one, and the other variables are dropped, here, before any test or subprocess starts.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_QUICK_BACKEND", "software")

for _name in (
    "KIOSK_HOME",
    "KIOSK_CJK_FONT",
    "KIOSK_CENTRAL_DB",
    "KIOSK_CENTRAL_KEY_FILE",
    "KIOSK_CENTRAL_URL",
):
    os.environ.pop(_name, None)
os.environ["KIOSK_CONFIG"] = os.devnull
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="kiosk-tests-data-")
atexit.register(shutil.rmtree, os.environ["XDG_DATA_HOME"], ignore_errors=True)

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
