"""The administrator PIN that guards the way out of the kiosk.

The PIN is kept only as a salted scrypt hash in ``<home>/secrets/admin_pin.json`` (0600). A demo home
without one gets the DEMO-ONLY PIN 246810 (documented; never use it on a real terminal: set a PIN with
``kiosk set-pin`` during installation). Five wrong PINs lock the pad for a minute.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from pathlib import Path

from offline_cache.files import write_atomically

DEMO_PIN = "246810"  # demo only
_N, _R, _P = 2**14, 8, 1
MAX_TRIES, LOCK_S = 5, 60.0


def _hash(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)


class AdminPin:
    def __init__(self, home: Path, demo: bool) -> None:
        self.path = home / "secrets" / "admin_pin.json"
        self.demo = demo
        self._wrong = 0
        self._locked_until = 0.0
        if not self.path.exists() and demo:
            self.set_pin(DEMO_PIN)

    def set_pin(self, pin: str) -> None:
        if not (pin.isdigit() and 6 <= len(pin) <= 12):
            raise ValueError("the PIN must be 6 to 12 digits")
        salt = secrets.token_bytes(16)
        data = {
            "scheme": "scrypt",
            "n": _N,
            "r": _R,
            "p": _P,
            "salt": salt.hex(),
            "hash": _hash(pin, salt).hex(),
        }
        write_atomically(self.path, json.dumps(data).encode("utf-8"))

    def locked_for(self) -> float:
        return max(0.0, self._locked_until - time.monotonic())

    def verify(self, pin: str) -> bool:
        """Check a PIN. Blocking (scrypt takes ~50 ms): call it through ui.tasks."""
        if self.locked_for() > 0 or not self.path.exists():
            return False
        data = json.loads(self.path.read_text())
        ok = hmac.compare_digest(_hash(pin, bytes.fromhex(data["salt"])), bytes.fromhex(data["hash"]))
        if ok:
            self._wrong = 0
        else:
            self._wrong += 1
            if self._wrong >= MAX_TRIES:
                self._wrong = 0
                self._locked_until = time.monotonic() + LOCK_S
        return ok
