"""Spoken prompts through a pluggable backend; silent where the machine cannot speak.

``speech = "none" | "espeak"`` in the [ui] config. The espeak backend runs ``espeak-ng -v cmn`` in a
background thread (never on the Qt main thread) and stops the previous prompt before a new one.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
from typing import Protocol

log = logging.getLogger(__name__)


class Speech(Protocol):
    def say(self, text: str) -> None: ...
    def stop(self) -> None: ...


class Silent:
    def say(self, text: str) -> None:
        pass

    def stop(self) -> None:
        pass


class Recorder:
    """Keeps what would have been said; for tests and the tour."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)

    def stop(self) -> None:
        pass


class Espeak:
    def __init__(self, program: str, voice: str = "cmn") -> None:
        self.program, self.voice = program, voice
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def say(self, text: str) -> None:
        threading.Thread(target=self._speak, args=(text,), name="speech", daemon=True).start()

    def _speak(self, text: str) -> None:
        with self._lock:
            self._stop_locked()
            try:
                self._proc = subprocess.Popen(
                    [self.program, "-v", self.voice, "-s", "140", text],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            except OSError as exc:
                log.warning("speech failed: %s", type(exc).__name__)

    def _stop_locked(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
        self._proc = None

    def stop(self) -> None:
        with self._lock:
            self._stop_locked()


def open_speech(kind: str) -> Speech:
    if kind == "espeak":
        program = shutil.which("espeak-ng") or shutil.which("espeak")
        if program:
            return Espeak(program)
        log.warning("speech = espeak but espeak-ng is not installed; prompts stay silent")
    return Silent()
