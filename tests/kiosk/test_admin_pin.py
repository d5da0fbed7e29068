"""The administrator PIN: set at the console, checked with its stored parameters, one check at a time,
an escalating lockout that survives a restart, and a clear state for a missing or damaged PIN file."""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import stat
import subprocess
import sys
import threading
from pathlib import Path

from kiosk.admin_pin import DEMO_PIN, AdminPin, Outcome, PinCheck, PinState

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


class Clock:
    """Wall-clock time the test moves on by hand (the lockout counts in wall-clock seconds)."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_lockout_survives_a_restart(tmp_path: Path) -> None:
    pin = AdminPin(tmp_path, demo=True)
    for _ in range(5):
        assert not pin.verify("000000")
    restarted = AdminPin(tmp_path, demo=True)  # the kiosk program started again on the same home
    assert not restarted.verify(DEMO_PIN)
    assert restarted.check(DEMO_PIN).outcome is Outcome.LOCKED
    assert 0 < restarted.read_lock() <= 60


def test_the_lock_doubles_with_each_further_wrong_pin_up_to_an_hour(tmp_path: Path) -> None:
    clock = Clock()
    pin = AdminPin(tmp_path, demo=True, clock=clock)
    results = [pin.check("000000") for _ in range(5)]
    assert [r.outcome for r in results] == [Outcome.WRONG] * 5
    assert [r.locked_for for r in results] == [0, 0, 0, 0, 60]
    locks = []
    for _ in range(8):
        clock.now += results[-1].locked_for + 1
        results.append(AdminPin(tmp_path, demo=True, clock=clock).check("000000"))  # restarts between
        locks.append(results[-1].locked_for)
    assert locks == [120, 240, 480, 960, 1920, 3600, 3600, 3600]
    clock.now += 1800
    assert pin.check(DEMO_PIN) == PinCheck(Outcome.LOCKED, 1800)
    clock.now += 1801
    assert pin.check(DEMO_PIN).outcome is Outcome.OK  # a right PIN clears the count
    assert pin.check("000000") == PinCheck(Outcome.WRONG, 0)
    clock.now -= 10 * 24 * 3600  # the clock set back: a lock never lasts longer than the cap
    for _ in range(4):
        pin.check("000000")
    assert AdminPin(tmp_path, demo=True, clock=clock).read_lock() <= 3600


def test_eight_threads_at_once_get_exactly_five_tries(tmp_path: Path) -> None:
    pin = AdminPin(tmp_path, demo=True)
    start = threading.Barrier(8)

    def guess(i: int) -> PinCheck:
        start.wait()
        return pin.check(f"10000{i}")

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        outcomes = [r.outcome for r in pool.map(guess, range(8))]
    assert outcomes.count(Outcome.WRONG) == 5 and outcomes.count(Outcome.LOCKED) == 3
    assert pin.check(DEMO_PIN).outcome is Outcome.LOCKED


def _pin_file(home: Path, pin: str, n: int, r: int, p: int, salt: bytes, dklen: int = 32) -> Path:
    path = home / "secrets" / "admin_pin.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=dklen)
    path.write_text(
        json.dumps({"scheme": "scrypt", "n": n, "r": r, "p": p, "salt": salt.hex(), "hash": digest.hex()})
    )
    return path


def test_the_stored_scrypt_parameters_and_salt_are_honoured(tmp_path: Path) -> None:
    weaker = _pin_file(tmp_path / "a", "13572468", n=2**12, r=4, p=2, salt=b"s" * 24)
    pin = AdminPin(tmp_path / "a", demo=False)
    assert not pin.verify("13572460")
    assert pin.verify("13572468")
    stored = json.loads(weaker.read_text())
    assert (stored["n"], stored["r"], stored["p"]) == (2**14, 8, 1)  # hashed anew with today's parameters
    assert AdminPin(tmp_path / "a", demo=False).verify("13572468")
    _pin_file(tmp_path / "b", "24681357", n=2**15, r=8, p=1, salt=b"t" * 16, dklen=64)  # stronger: kept
    assert AdminPin(tmp_path / "b", demo=False).verify("24681357")
    assert json.loads((tmp_path / "b" / "secrets" / "admin_pin.json").read_text())["n"] == 2**15


def test_a_missing_or_damaged_pin_file_is_its_own_state_and_set_pin_recovers(tmp_path: Path) -> None:
    home = tmp_path / "home"
    pin = AdminPin(home, demo=False)
    assert pin.state() is PinState.NOT_SET
    assert pin.check(DEMO_PIN).outcome is Outcome.NOT_SET  # the demo PIN is no way in on a real terminal
    assert not pin.lockout_path.exists()  # and nobody's tries were counted
    pin.path.parent.mkdir(parents=True)
    for damage in (
        b"{not json",
        b'{"scheme": "bcrypt"}',
        json.dumps({"scheme": "scrypt", "n": 2**40}).encode(),
    ):
        pin.path.write_bytes(damage)
        assert pin.state() is PinState.DAMAGED
        assert pin.check("123456").outcome is Outcome.DAMAGED
    assert set_pin(home, "97531864").returncode == 0
    assert pin.state() is PinState.READY and pin.verify("97531864")


def test_doctor_names_a_missing_or_damaged_pin_in_chinese(tmp_path: Path) -> None:
    home = tmp_path / "home"
    site = tmp_path / "site.toml"
    site.write_text('[platform]\nembedded = false\nurl = ""\n', "utf-8")

    def admin_check() -> dict[str, object]:
        out = subprocess.run(
            [sys.executable, "-m", "kiosk", "--home", str(home), "--config", str(site), "doctor", "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert "Traceback" not in out.stderr
        return next(c for c in map(json.loads, out.stdout.splitlines()) if c["part"] == "admin_pin")

    missing = admin_check()
    assert not missing["ok"] and missing["code"] == "admin.pin_not_set"
    assert missing["message"] == "管理员密码未设置或已损坏，请在控制台运行 kiosk set-pin"
    (home / "secrets").mkdir(parents=True, exist_ok=True)
    (home / "secrets" / "admin_pin.json").write_text("garbage")
    damaged = admin_check()
    assert not damaged["ok"] and damaged["code"] == "admin.pin_damaged"
    assert set_pin(home, "97531864").returncode == 0
    assert admin_check()["ok"]


def test_a_damaged_lockout_file_counts_as_locked(tmp_path: Path) -> None:
    pin = AdminPin(tmp_path, demo=True)
    pin.lockout_path.write_text("{")
    assert pin.check(DEMO_PIN).outcome is Outcome.LOCKED
