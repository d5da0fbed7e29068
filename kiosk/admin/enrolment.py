"""The enrolment as the admin area shows it, and enrolling again with a code typed at the terminal.

Enrolling here does what ``kiosk enroll`` does (``offline_cache/enrolment.py``: the platform's key checked
against the site's pinned fingerprint before the code is spent) and records it in the audit log. The
running sync engine keeps the credentials it started with: the screen offers a restart.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import socket
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.terminal import Terminal


@dataclasses.dataclass(frozen=True, slots=True)
class EnrolmentState:
    enrolled: bool
    url: str = ""
    station_code: str = ""
    device_id: str = ""
    since: dt.datetime | None = None  # when the credentials file was written
    problem: str = ""  # a code when the credentials file is there but unusable


def state(terminal: Terminal) -> EnrolmentState:
    """Blocking (reads the credentials file)."""
    from offline_cache.credentials import credentials_path, load_credentials
    from offline_cache.errors import CredentialsDamaged

    try:
        creds = load_credentials(terminal.home)
    except CredentialsDamaged as exc:
        return EnrolmentState(False, problem=exc.code)
    if creds is None:
        return EnrolmentState(False)
    since = dt.datetime.fromtimestamp(credentials_path(terminal.home).stat().st_mtime, dt.UTC)
    return EnrolmentState(True, creds.url, creds.station_code, creds.device_id, since)


def enrol(terminal: Terminal, url: str, code: str) -> EnrolmentState:
    """Spend ``code`` at ``url`` and keep the new credentials. Raises the enrolment's typed errors (a wrong
    or used code is ``EntryRejected``/``DeviceRejected``, a key that is not the pinned one ``KeyMismatch``)
    with nothing saved."""
    from kiosk import __version__
    from offline_cache.audit import device_public_key_text
    from offline_cache.credentials import save_credentials
    from offline_cache.enrolment import enrol as enrol_at

    platform = terminal.config.section("platform")
    done = enrol_at(
        url.strip(),
        code.strip().upper(),
        fingerprint=platform["key_fingerprint"],
        ca_file=platform["ca_file"] or None,
        device_name=socket.gethostname(),
        software_version=__version__,
        device_public_key=device_public_key_text(terminal.home),
        timeout=float(platform["timeout_s"]),
    )
    save_credentials(terminal.home, done.credentials)
    terminal.audit_event(
        "terminal.enrolled", "admin", done.credentials.device_id, station=done.credentials.station_code
    )
    return state(terminal)
