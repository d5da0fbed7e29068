"""The terminal's own log file: ``<home>/logs/kiosk.log``, rotated, owner-only, personal data masked.

The systemd journal keeps what the service prints, but a county technician with a USB stick and no
network looks in the data folder; the file keeps the last few megabytes there. Every line goes through the
same redaction as the console (``offline_cache.redaction``).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from offline_cache import redaction

MAX_BYTES = 1_000_000
BACKUPS = 4
FORMAT = "%(asctime)s %(levelname)s %(name)s %(threadName)s: %(message)s"


def log_to_home(home: Path) -> Path:
    """Add the log file of ``home`` to the root logger (once); returns its path."""
    folder = home / "logs"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / "kiosk.log"
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)  # owner-only from the first byte
    os.close(fd)
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    redaction.install(root)
    return path
