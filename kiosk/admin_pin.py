"""The administrator PIN that guards the way out of the kiosk.

The PIN is kept only as a salted scrypt hash in ``<home>/secrets/admin_pin.json`` (0600) with its scrypt
parameters; a check uses the stored ``n``/``r``/``p`` and salt (bounded, so a damaged file cannot ask for
gigabytes of memory), and a PIN stored with weaker parameters than today's is hashed anew after a right
entry. A demo home without one gets the DEMO-ONLY PIN 246810 (documented; never on a real terminal: set a
PIN with ``kiosk set-pin`` during installation).

Lockout, in ``<home>/secrets/admin_pin_lockout.json`` (written atomically, so it survives a restart and a
power cut): five wrong PINs lock the pad for a minute, every further wrong PIN doubles the lock, up to an
hour; a right PIN or ``kiosk set-pin`` clears it. A try is counted *before* its hash is checked, so pulling
the plug during the check gains nothing. Wall-clock time, because a monotonic clock restarts with the
machine; a lock that ends further off than the cap (the clock was set back) is cut to the cap. A lockout
file that cannot be read counts as five wrong PINs.

One check at a time: a lock serializes checks, and a check that finds the pad locked answers at once, so
any number of callers at once get exactly the tries allowed.

States (``AdminPin.state()``)::

    READY      a PIN is set
    NOT_SET    no PIN file on a real terminal
    DAMAGED    the PIN file cannot be read or is not one of ours

In NOT_SET and DAMAGED no PIN opens the pad; the pad says so in plain Chinese, ``kiosk doctor`` reports
it, and the recovery is ``kiosk set-pin`` at the console.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from offline_cache.files import write_atomically

DEMO_PIN = "246810"  # demo only
_N, _R, _P = 2**14, 8, 1
MAX_TRIES, LOCK_S, LOCK_CAP_S = 5, 60.0, 3600.0
_MAX_SCRYPT_BYTES = 256 * 1024 * 1024  # what a stored n and r may ask for (today's ask for 16 MiB)


class PinState(enum.Enum):
    READY = "ready"
    NOT_SET = "not_set"
    DAMAGED = "damaged"


class Outcome(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"  # not checked: the pad is locked
    NOT_SET = "not_set"
    DAMAGED = "damaged"


# The message code for each state that is not READY (kiosk/messages/admin.py).
STATE_CODES = {PinState.NOT_SET: "admin.pin_not_set", PinState.DAMAGED: "admin.pin_damaged"}


@dataclasses.dataclass(frozen=True, slots=True)
class PinCheck:
    outcome: Outcome
    locked_for: float = 0.0  # seconds until the next PIN is checked (after a wrong one: the new lock)


@dataclasses.dataclass(frozen=True, slots=True)
class _Stored:
    n: int
    r: int
    p: int
    salt: bytes
    hash: bytes

    def matches(self, pin: str) -> bool:
        got = hashlib.scrypt(
            pin.encode(),
            salt=self.salt,
            n=self.n,
            r=self.r,
            p=self.p,
            maxmem=_maxmem(self.n, self.r, self.p),
            dklen=len(self.hash),
        )
        return hmac.compare_digest(got, self.hash)

    def weaker_than_today(self) -> bool:
        return self.n < _N or self.r < _R or self.p < _P


def _maxmem(n: int, r: int, p: int) -> int:
    return 128 * r * (n + p) + 2 * 1024 * 1024


def _record(pin: str) -> bytes:
    """The PIN file's bytes for ``pin`` with today's parameters and a fresh salt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, maxmem=_maxmem(_N, _R, _P), dklen=32)
    data = {"scheme": "scrypt", "n": _N, "r": _R, "p": _P, "salt": salt.hex(), "hash": digest.hex()}
    return json.dumps(data).encode("utf-8")


def lock_seconds(wrong: int) -> float:
    """How long the pad stays locked after ``wrong`` wrong PINs in a row."""
    if wrong < MAX_TRIES:
        return 0.0
    return min(LOCK_S * float(2 ** min(wrong - MAX_TRIES, 32)), LOCK_CAP_S)


class AdminPin:
    def __init__(self, home: Path, demo: bool, *, clock: Callable[[], float] = time.time) -> None:
        self.path = home / "secrets" / "admin_pin.json"
        self.lockout_path = home / "secrets" / "admin_pin_lockout.json"
        self.demo = demo
        self._clock = clock
        self._lock = threading.Lock()
        self._locked_until = 0.0  # what the last check found, for the pad's countdown
        if not self.path.exists() and demo:
            self.set_pin(DEMO_PIN)

    def set_pin(self, pin: str) -> None:
        if not (pin.isdigit() and 6 <= len(pin) <= 12):
            raise ValueError("the PIN must be 6 to 12 digits")
        with self._lock:
            write_atomically(self.path, _record(pin))
            self.lockout_path.unlink(missing_ok=True)  # a new PIN set at the console starts afresh
            self._locked_until = 0.0

    def state(self) -> PinState:
        try:
            self._stored()
        except FileNotFoundError:
            return PinState.NOT_SET
        except (OSError, ValueError):
            return PinState.DAMAGED
        return PinState.READY

    def locked_for(self) -> float:
        """Seconds the pad stays locked, as the last check or ``read_lock`` found it (no file read)."""
        return max(0.0, self._locked_until - self._clock())

    def read_lock(self) -> float:
        """Seconds the pad stays locked, from the lockout file (e.g. a lock from before a restart)."""
        with self._lock:
            now = self._clock()
            self._locked_until = self._read_lockout(now)[1]
            return max(0.0, self._locked_until - now)

    def check(self, pin: str) -> PinCheck:
        """Check a PIN. Blocking (scrypt takes ~50 ms; waits for a check already running): call it
        through ui.tasks, never on the Qt thread."""
        with self._lock:
            try:
                stored = self._stored()
            except FileNotFoundError:
                return PinCheck(Outcome.NOT_SET)
            except (OSError, ValueError):
                return PinCheck(Outcome.DAMAGED)
            now = self._clock()
            wrong, until = self._read_lockout(now)
            if until > now:
                self._locked_until = until
                return PinCheck(Outcome.LOCKED, until - now)
            wrong += 1  # counted before the check: a power cut now costs the try
            until = now + lock_seconds(wrong)
            self._write_lockout(wrong, until)
            if not stored.matches(pin):
                self._locked_until = until
                return PinCheck(Outcome.WRONG, max(0.0, until - now))
            self.lockout_path.unlink(missing_ok=True)
            self._locked_until = 0.0
            if stored.weaker_than_today():  # parameters raised since this PIN was set
                write_atomically(self.path, _record(pin))
            return PinCheck(Outcome.OK)

    def verify(self, pin: str) -> bool:
        return self.check(pin).outcome is Outcome.OK

    # -- files ------------------------------------------------------------------------------------------

    def _stored(self) -> _Stored:
        """The PIN file; ValueError when it is not one of ours or asks for absurd parameters."""
        data: Any = json.loads(self.path.read_bytes())
        if not isinstance(data, dict) or data.get("scheme") != "scrypt":
            raise ValueError("not an admin PIN file")
        n, r, p = data.get("n"), data.get("r"), data.get("p")
        if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in (n, r, p)):
            raise ValueError("bad scrypt parameters")
        assert isinstance(n, int) and isinstance(r, int) and isinstance(p, int)
        if n < 2 or n & (n - 1) or 128 * n * r > _MAX_SCRYPT_BYTES or p > 16:
            raise ValueError("scrypt parameters out of bounds")
        salt, digest = bytes.fromhex(str(data.get("salt", ""))), bytes.fromhex(str(data.get("hash", "")))
        if len(salt) < 8 or not 16 <= len(digest) <= 64:
            raise ValueError("bad salt or hash")
        return _Stored(n, r, p, salt, digest)

    def _read_lockout(self, now: float) -> tuple[int, float]:
        """(wrong PINs in a row, locked until): a file that cannot be read counts as five wrong PINs."""
        try:
            data: Any = json.loads(self.lockout_path.read_bytes())
            wrong, until = int(data["wrong"]), float(data["locked_until"])
        except FileNotFoundError:
            return 0, 0.0
        except (OSError, ValueError, TypeError, KeyError):
            wrong, until = MAX_TRIES, now + LOCK_S
            self._write_lockout(wrong, until)
        return max(0, wrong), min(until, now + LOCK_CAP_S)

    def _write_lockout(self, wrong: int, until: float) -> None:
        write_atomically(
            self.lockout_path, json.dumps({"wrong": wrong, "locked_until": until}).encode("utf-8")
        )
