from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

from kiosk.admin_pin import DEMO_PIN, AdminPin

ROOT = Path(__file__).resolve().parents[2]


def set_pin(home: Path, pin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--home", str(home), "set-pin", "--stdin"],
        input=pin + "\n",
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_set_pin_stores_only_a_salted_hash_and_replaces_no_demo_pin(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert set_pin(home, "97531864").returncode == 0
    path = home / "secrets" / "admin_pin.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "97531864" not in path.read_text()
    assert json.loads(path.read_text())["scheme"] == "scrypt"
    pin = AdminPin(home, demo=True)  # an existing PIN is never replaced by the demo one
    assert pin.verify("97531864")
    assert not pin.verify(DEMO_PIN)


def test_bad_pin_is_refused_with_a_plain_message(tmp_path: Path) -> None:
    out = set_pin(tmp_path / "home", "12ab")
    assert out.returncode == 1 and "6 到 12 位数字" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "home" / "secrets" / "admin_pin.json").exists()


def test_five_wrong_pins_lock_the_pad(tmp_path: Path) -> None:
    pin = AdminPin(tmp_path, demo=True)
    for _ in range(5):
        assert not pin.verify("000000")
    assert pin.locked_for() > 0
    assert not pin.verify(DEMO_PIN)  # even the right PIN waits out the lock
