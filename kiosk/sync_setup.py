"""One place for the sync engine's wiring, and the lock that lets one sync process run per data folder.

The app (``kiosk/terminal.py``) and ``kiosk sync`` build their engine here, from the same configuration
keys: ``[sync] interval_s`` (how long an idle engine waits before it looks again), ``[platform]
timeout_s``, ``ca_file`` and ``key_fingerprint``. The catalogue a download is compared with is asked for
at each check (``current_catalogue``), so a ``kiosk sync`` that runs for weeks compares with the version in
use now, not the one it saw at its start.

Two engines on one outbox would each deliver the same entries (the platform answers the second with the
first's receipt, so nothing is doubled, but every upload travels twice on a village link), rotate the
token under each other and race for the status cursor. So the engine runs only in the process that holds
``<home>/sync.lock`` (``fcntl.flock``: the kernel lets go when the process ends, kill -9 and power cuts
included, so a stale lock cannot exist). A second ``kiosk sync`` says who holds it and exits; an app that
finds a ``kiosk sync`` service holding it leaves the delivery to that process and still answers the
progress query from the status feed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.config import Config
    from offline_cache import wire
    from offline_cache.complaints import ComplaintSender
    from offline_cache.credentials import Credentials
    from offline_cache.store import Store
    from offline_cache.sync import SyncEngine, SyncEvent

LOCK_NAME = "sync.lock"


class SyncAlreadyRunning(KioskError):
    """Another process holds this data folder's sync lock; ``holder`` is its pid when it wrote one."""

    code: ClassVar[str] = "sync.already_running"

    def __init__(self, holder: int | None) -> None:
        self.holder = holder
        super().__init__(f"the sync lock is held by process {holder or 'unknown'}")


class SyncLock:
    """This process's hold on ``<home>/sync.lock``; ``release()`` (or the process's end) lets it go."""

    def __init__(self, fd: int, path: Path) -> None:
        self._fd: int | None = fd
        self.path = path

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None

    def __enter__(self) -> SyncLock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def acquire_sync_lock(home: Path) -> SyncLock:
    """Hold the sync lock of ``home`` or raise ``SyncAlreadyRunning``. Never waits."""
    path = home / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(fd)
        os.close(fd)
        raise SyncAlreadyRunning(holder) from None
    except BaseException:
        os.close(fd)
        raise
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    return SyncLock(fd, path)


def _holder(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii").strip()
        return int(text) if text else None
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def build_engine(
    config: Config,
    home: Path,
    store: Store,
    creds: Credentials,
    *,
    health: Callable[[], wire.TerminalHealth],
    current_catalogue: Callable[[], str],
    on_catalogue_replaced: Callable[[dict[str, Any]], None],
    on_event: Callable[[SyncEvent], None] | None = None,
    on_token_saved: Callable[[Credentials], None] | None = None,
    chunk_size: int | None = None,
) -> SyncEngine:
    """The engine of ``home``. Raises the client's ``SyncError`` (a key the site did not pin, plain http://
    off this machine, a missing CA file) before anything is sent, and the audit key's
    ``OfflineCacheError`` only through ``audit_problem`` below (delivery goes on without it)."""
    from kiosk.catalog import check_download
    from offline_cache.catalogue_cache import CatalogueCache
    from offline_cache.credentials import replace_token, saved_token
    from offline_cache.enrolment import check_pin
    from offline_cache.platform_client import PlatformClient
    from offline_cache.sync import SyncEngine

    platform = config.section("platform")
    check_pin(creds.platform_public_key, platform["key_fingerprint"])
    client_kw: dict[str, Any] = {"chunk_size": chunk_size} if chunk_size else {}
    client = PlatformClient(
        creds, timeout=float(platform["timeout_s"]), ca_file=platform["ca_file"] or None, **client_kw
    )

    def save_token(token: str) -> None:
        saved = replace_token(home, token)
        if on_token_saved is not None:
            on_token_saved(saved)

    return SyncEngine(
        store,
        client,
        on_event=on_event,
        heartbeat_info=health,
        catalogue=CatalogueCache.in_home(
            home, lambda data: check_download(data, current_catalogue()), on_replaced=on_catalogue_replaced
        ),
        audit=None,  # set by the caller with ``attach_audit``: its failure is a problem, not a stop
        idle_interval_s=float(config.get("sync", "interval_s")),
        save_token=save_token,
        load_token=lambda: saved_token(home),
        agents=store.agents,  # the station's agent accounts, pulled every pass (an ETag makes it cheap)
    )


def attach_audit(engine: SyncEngine, home: Path, store: Store, creds: Credentials) -> str:
    """Give ``engine`` the audit step; returns the error code when the audit key cannot be read ("" when
    it is attached). The outbox is delivered all the same."""
    from kiosk.audit import sender_for
    from offline_cache.errors import OfflineCacheError

    try:
        engine.audit = sender_for(home, store, creds)
    except OfflineCacheError as exc:
        return exc.code
    return ""


def attach_complaints(engine: SyncEngine, store: Store) -> ComplaintSender:
    """Give ``engine`` the complaints' step (deliver the sealed complaints, pull the platform's replies),
    after the status feed; the sender is returned for the progress query's own pull of replies."""
    from offline_cache.complaints import ComplaintSender

    sender = ComplaintSender(store.complaints, lambda: dt.datetime.now(dt.UTC))
    engine.steps.append(sender.run)
    return sender


def catalogue_on_disk(home: Path) -> Callable[[], str]:
    """The version of the catalogue in use in ``home`` now, read at each call (for ``kiosk sync``)."""

    def current() -> str:
        from kiosk.catalog import load_active_catalogue

        return load_active_catalogue(home / "catalogue" / "current.json").version

    return current
