"""The demo's platform: the reference platform on loopback inside the demo home, and the terminal enrolled
with it the way any terminal enrols (``offline_cache.enrolment.enrol`` over HTTP, with the key pinned to
the embedded platform's fingerprint, saved by ``offline_cache.credentials``).

Only a demo terminal comes here (``kiosk run --demo``, ``kiosk tour``, ``Terminal(demo=True)`` in tests);
this is the one module of ``kiosk`` that may import ``central``, and a deployed terminal never loads it.

A home that holds another platform's credentials is never re-enrolled: the demo refuses it
(``ForeignCredentials``) and leaves the file as it is. "Another platform" is one whose key is not the
embedded platform's, or any platform that is not on loopback, or a credentials file that cannot be read.
The embedded platform's port changes at every start, so its own credentials get the new URL.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, ClassVar, Protocol

from kiosk.errors import KioskError
from offline_cache.credentials import Credentials, load_credentials, save_credentials
from offline_cache.errors import CredentialsDamaged
from offline_cache.wire import is_loopback_host


class ForeignCredentials(KioskError):
    """The demo home holds credentials of another platform (or unreadable ones): the demo does not start."""

    code: ClassVar[str] = "demo.foreign_credentials"


def check_demo_home(home: Path) -> Credentials | None:
    """The home's credentials if the demo may use the home; ``ForeignCredentials`` if it may not.

    Cheap (no platform started): ``kiosk run --demo`` asks before it opens the window.
    """
    try:
        existing = load_credentials(home)
    except CredentialsDamaged:
        raise ForeignCredentials("the demo home has a credentials file that cannot be read") from None
    if existing is not None and not is_loopback_host(_host(existing.url)):
        raise ForeignCredentials("the demo home is enrolled with a platform off this machine")
    return existing


class DemoPlatform(Protocol):
    """What the terminal keeps of the embedded platform (``central.embedded.EmbeddedPlatform``)."""

    @property
    def url(self) -> str: ...

    def stop(self) -> None: ...


def start_demo_platform(home: Path, station_code: str, timeout: float) -> tuple[DemoPlatform, Credentials]:
    """Start the embedded platform for ``home`` and enrol ``home`` with it: (platform, credentials)."""
    existing = check_demo_home(home)
    from central.embedded import start_embedded  # the demo's only way into central

    embedded = start_embedded(home)
    try:
        _sample_slots(embedded)
        from kiosk.agents import DEMO_AGENTS

        embedded.ensure_demo_agents(station_code, DEMO_AGENTS)  # the terminal pulls them at its first sync
        return embedded, _enrolled(embedded, home, station_code, existing, timeout)
    except BaseException:
        embedded.stop()
        raise


def _sample_slots(embedded: Any) -> None:
    """Hall times to book in the demo (预约) for the items whose guide says come in person."""
    from kiosk.catalog import load_catalogue

    embedded.add_sample_slots([i.code for i in load_catalogue().items if i.guide.visit_hall])


def _enrolled(
    embedded: Any, home: Path, station_code: str, existing: Credentials | None, timeout: float
) -> Credentials:
    if existing is not None:
        if existing.platform_public_key != embedded.public_key:
            raise ForeignCredentials("the demo home is enrolled with another platform")
        if existing.url != embedded.url:
            existing = dataclasses.replace(existing, url=embedded.url)
            save_credentials(home, existing)
        return existing
    from offline_cache.audit import device_public_key_text
    from offline_cache.enrolment import enrol

    code = embedded.issue_enrolment_code(station_code)
    done = enrol(
        embedded.url,
        code,
        fingerprint=embedded.fingerprint,
        device_name="embedded demo",
        device_public_key=device_public_key_text(home),
        timeout=timeout,
    )
    save_credentials(home, done.credentials)
    return done.credentials


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""
