"""Every admin action goes into the terminal's log and its audit log, by one function."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.terminal import Terminal

log = logging.getLogger("kiosk.admin")


def record(terminal: Terminal, action: str, **details: str | int | bool) -> bool:
    """Log ``action`` (an English word, e.g. "settings.saved") with its details, and audit it as
    ``admin.action``. Blocking. Details are names and numbers the code chose, never personal data."""
    log.info("admin action %s %s", action, " ".join(f"{k}={v}" for k, v in sorted(details.items())))
    return terminal.audit_event("admin.action", "admin", "", action=action, **details)
