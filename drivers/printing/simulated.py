"""The simulated printer: writes each job as ``<home>/printer-out/<n>.bin`` and the decoded ``<n>.png``.

It runs the same rendering, status and error paths as a real printer. Tests (and the demo's admin
screen) can make it report paper out, cover open, offline or no answer with ``simulate()``.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from drivers.printing.connections import Printer
from drivers.printing.decoder import decode
from drivers.printing.errors import DecodeError, PrinterNoAnswer, PrinterOffline
from drivers.printing.profiles import PrinterProfile
from drivers.printing.status import REPLIES, PrinterStatus

log = logging.getLogger(__name__)


class SimulatedTransport:
    name = "simulated"
    can_read = True

    def __init__(self, out_dir: Path, profile: PrinterProfile, dots: int) -> None:
        self.out_dir = out_dir
        self.profile = profile
        self.dots = dots
        self.state = PrinterStatus.OK
        self._replies: list[int] = []
        self._job = bytearray()
        self._lock = threading.Lock()

    def available(self) -> tuple[bool, str]:
        return True, ""

    def open(self) -> None:
        if self.state == PrinterStatus.OFFLINE:
            raise PrinterOffline("simulated: switched off")
        self._job.clear()
        self._replies.clear()

    def write(self, data: bytes) -> None:
        if data.startswith(b"\x10\x04") and len(data) == 3:
            if self.state != PrinterStatus.NO_ANSWER:
                self._replies.append(REPLIES[self.state][{1: 0, 2: 1, 4: 2}[data[2]]])
            return
        if self.state == PrinterStatus.NO_ANSWER:
            raise PrinterNoAnswer("simulated: not answering")
        self._job += data

    def read(self) -> bytes:
        return bytes([self._replies.pop(0)]) if self._replies else b""

    def drain(self) -> None:
        self._replies.clear()

    def close(self) -> None:
        if self._job:
            self._save(bytes(self._job))
            self._job.clear()

    def _save(self, data: bytes) -> Path:
        with self._lock:
            self.out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            n = 1 + max((int(p.stem) for p in self.out_dir.glob("*.bin") if p.stem.isdigit()), default=0)
            path = self.out_dir / f"{n}.bin"
            _write_private(path, data)
            try:
                _write_private(self.out_dir / f"{n}.png", decode(data, self.profile, self.dots).png())
            except DecodeError:
                # the bytes were "printed"; only the picture is missing, and the .bin shows what went wrong
                log.error("simulated printer could not draw job %d", n)
            return path


def _write_private(path: Path, data: bytes) -> None:
    # A printout shows masked names and receipt numbers: owner-only, like everything in the data folder.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


class SimulatedPrinter(Printer):
    def __init__(self, out_dir: Path, profile: PrinterProfile, dots: int) -> None:
        self.sim = SimulatedTransport(out_dir, profile, dots)
        super().__init__(self.sim, profile, dots)

    @property
    def out_dir(self) -> Path:
        return self.sim.out_dir

    def simulate(self, state: PrinterStatus) -> None:
        """Make the printer behave as ``state`` from now on (OK, PAPER_OUT, COVER_OPEN, OFFLINE, NO_ANSWER)."""
        self.sim.state = state

    def printed(self) -> list[Path]:
        """The .bin files written so far, oldest first."""
        return sorted(self.out_dir.glob("*.bin"), key=lambda p: int(p.stem) if p.stem.isdigit() else 0)
