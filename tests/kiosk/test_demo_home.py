"""The demo's data folder as `scripts/setup.sh demo` makes it (`kiosk --home var/demo run --demo`): the
folder given, not a `demo` folder inside it, with the logs folder the README describes; and the log file
masks personal data like the console."""

from __future__ import annotations

import logging
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from drivers.card.samples import ELDER
from kiosk.logfile import log_to_home
from offline_cache.credentials import credentials_path

ROOT = Path(__file__).resolve().parents[2]


def _wait_for(check: object, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():  # type: ignore[operator]
            return True
        time.sleep(0.1)  # polling a real process's files: there is no event to wait on
    return False


def test_the_demo_uses_the_folder_it_is_given_with_its_logs(tmp_path: Path) -> None:
    home = tmp_path / "var" / "demo"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_QUICK_BACKEND": "software",
        "PYTHONPATH": str(ROOT),
    }
    errors = tmp_path / "stderr.txt"
    with errors.open("wb") as err:
        kiosk = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--home", str(home), "run", "--demo", "--windowed"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,
        )
        try:
            started = _wait_for(lambda: credentials_path(home).exists() or kiosk.poll() is not None, 90)
            assert started and kiosk.poll() is None, errors.read_text(errors="replace")
        finally:
            os.killpg(kiosk.pid, signal.SIGTERM)
            kiosk.wait(timeout=30)
    assert (home / "kiosk.db").exists()
    assert not (home / "demo").exists()  # not var/demo/demo
    log = home / "logs" / "kiosk.log"
    assert log.is_file()
    assert stat.S_IMODE((home / "logs").stat().st_mode) == 0o700 and stat.S_IMODE(log.stat().st_mode) == 0o600


def test_without_home_the_demo_keeps_apart_from_the_real_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk import cli
    from kiosk.commands.run import data_folder

    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "terminal"))
    args = cli.build_parser().parse_args(["run", "--demo"])
    assert data_folder(args) == tmp_path / "terminal" / "demo"
    args = cli.build_parser().parse_args(["--home", str(tmp_path / "mine"), "run", "--demo"])
    assert data_folder(args) == tmp_path / "mine"


def test_the_log_file_masks_personal_data(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    path = log_to_home(tmp_path)
    try:
        assert log_to_home(tmp_path) == path  # once
        logging.getLogger("kiosk.test").warning("card %s read for %s", ELDER.id_number, "13907310258")
        for handler in root.handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
        assert "card <id-number> read for <mobile>" in text
        assert ELDER.id_number not in text
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
